package co.mesa.tenant;

import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.internal.TenantConfigStore;
import co.mesa.tenantconfig.ConfigKind;
import co.mesa.tenantconfig.TenantBundle;
import co.mesa.tenantconfig.TenantConfigValidator;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every tenant this deployment serves, by host and slug, with a validated snapshot of its data.
 * Reloads a tenant when its revision in the database moves, so imports and live edits made on
 * any replica reach all of them without a restart.
 */
@Singleton
@Requires(notEnv = "migrate-only")
public class TenantRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(TenantRegistry.class);

    private final TenantTransactions tx;
    private final TenantConfigStore store;
    private final TenantConfigValidator validator = new TenantConfigValidator();
    private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of());
    // Slugs with an open suspension period (decision 0008); read on every refresh, it is one small query.
    private volatile java.util.Set<String> suspended = java.util.Set.of();

    private record Snapshot(Map<String, TenantContext> bySlug, Map<String, TenantContext> byHost) {
    }

    public TenantRegistry(TenantTransactions tx, TenantConfigStore store) {
        this.tx = tx;
        this.store = store;
    }

    /** The tenant served on a host name (port and letter case ignored). */
    public Optional<TenantContext> byHost(String host) {
        return Optional.ofNullable(snapshot.byHost().get(normalizeHost(host)));
    }

    public Optional<TenantContext> bySlug(String slug) {
        return Optional.ofNullable(snapshot.bySlug().get(slug));
    }

    public Collection<TenantContext> all() {
        return snapshot.bySlug().values();
    }

    @Scheduled(fixedDelay = "${mesa.tenant-config.registry-refresh-interval:5s}",
            initialDelay = "${mesa.tenant-config.registry-refresh-interval:5s}")
    void poll() {
        refresh();
    }

    /** Reloads tenants whose revision changed since the last look; cheap when nothing did. */
    public synchronized void refresh() {
        Snapshot old = snapshot;
        List<TenantConfigStore.TenantRow> rows = tx.platform(store::tenants);
        Map<String, TenantContext> bySlug = new HashMap<>();
        for (TenantConfigStore.TenantRow row : rows) {
            TenantContext known = old.bySlug().get(row.slug());
            if (known != null && known.revision() == row.revision()) {
                bySlug.put(row.slug(), known);
                continue;
            }
            load(row).ifPresentOrElse(ctx -> bySlug.put(row.slug(), ctx), () -> {
                if (known != null) {
                    bySlug.put(row.slug(), known); // keep serving the last good version
                }
            });
        }
        Map<String, TenantContext> byHost = new HashMap<>();
        for (TenantContext ctx : bySlug.values()) {
            for (String host : ctx.config().tenant().hosts()) {
                byHost.put(normalizeHost(host), ctx);
            }
        }
        snapshot = new Snapshot(Map.copyOf(bySlug), Map.copyOf(byHost));
        suspended = java.util.Set.copyOf(tx.platform(store::suspendedSlugs));
    }

    /** Whether an operator suspended the tenant (as of the last refresh). */
    public boolean isSuspended(String slug) {
        return suspended.contains(slug);
    }

    private Optional<TenantContext> load(TenantConfigStore.TenantRow row) {
        Map<ConfigKind, JsonNode> docs = new EnumMap<>(ConfigKind.class);
        tx.read(row.id(), c -> {
            store.liveVersions(c).forEach((kind, v) -> docs.put(kind, v.content()));
            return null;
        });
        if (docs.isEmpty()) {
            return Optional.empty();
        }
        TenantConfigValidator.Result result = validator.check(new TenantBundle(row.slug(), docs));
        if (result.config() == null) {
            LOG.error("Stored data of tenant {} is invalid and is not served: {}", row.slug(), result.problems());
            return Optional.empty();
        }
        LOG.info("Serving tenant {} at revision {} on {}", row.slug(), row.revision(), result.config().tenant().hosts());
        return Optional.of(new TenantContext(row.id(), row.slug(), row.revision(), result.config()));
    }

    public static String normalizeHost(String host) {
        if (host == null) {
            return "";
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        if (colon > 0 && h.indexOf(']') < colon) {
            h = h.substring(0, colon);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
