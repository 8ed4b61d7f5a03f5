package co.mesa.tenant;

import co.mesa.shared.TenantId;
import co.mesa.shared.TenantTransactions;
import co.mesa.shared.ProblemException;
import co.mesa.tenant.internal.ConfigHistoryStore;
import co.mesa.tenant.internal.JsonChanges;
import co.mesa.tenant.internal.TenantConfigStore;
import co.mesa.tenant.internal.TenantConfigStore.Version;
import co.mesa.tenantconfig.ConfigKind;
import co.mesa.tenantconfig.ConfigProblem;
import co.mesa.tenantconfig.TenantBundle;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.tenantconfig.TenantConfigValidator;
import co.mesa.tenantconfig.TenantFolders;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tenant data in the database: imports tenant folders as new versions, refusing any kind that
 * administrators edited live since the last import, and records administrators' own edits.
 */
@Singleton
public class TenantConfigService {

    private static final Logger LOG = LoggerFactory.getLogger(TenantConfigService.class);

    private final TenantTransactions tx;
    private final TenantConfigStore store;
    private final TenantConfigValidator validator = new TenantConfigValidator();
    private final TenantRegistry registry;
    private final ConfigHistoryStore history;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private List<ConfigGuard> guards = List.of();

    /** Features that may veto new data (set by the container; none in unit use). */
    @jakarta.inject.Inject
    void setGuards(List<ConfigGuard> guards) {
        this.guards = List.copyOf(guards);
    }

    public TenantConfigService(TenantTransactions tx, TenantConfigStore store, TenantRegistry registry,
                               ConfigHistoryStore history) {
        this.tx = tx;
        this.store = store;
        this.registry = registry;
        this.history = history;
    }

    /**
     * Imports every tenant folder under {@code root}; one tenant's failure does not stop the others.
     * Tenants without a folder (created by operators) are not touched.
     */
    public List<ImportReport> importAll(Path root, String actor) {
        List<ImportReport> reports = new ArrayList<>();
        List<Path> folders;
        try {
            folders = TenantFolders.list(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list tenant folders under " + root, e);
        }
        for (Path folder : folders) {
            reports.add(importFolder(folder, actor));
        }
        return reports;
    }

    /**
     * Imports one folder. Unchanged content (same hash as the last import) writes nothing; a kind
     * whose live version an administrator edited after the last import is refused and reported,
     * and the other kinds still import.
     */
    public ImportReport importFolder(Path folder, String actor) {
        String slug = folder.getFileName().toString();
        MDC.put("tenant", slug);
        try {
            TenantFolders.ReadResult read = TenantFolders.read(folder);
            if (!read.problems().isEmpty()) {
                return log(invalid(slug, read.problems()));
            }
            TenantBundle bundle = read.bundle();
            TenantConfigValidator.Result alone = validator.check(bundle);
            if (!alone.problems().isEmpty()) {
                return log(invalid(slug, alone.problems()));
            }
            try {
                ImportReport report = tx.platform(c -> importBundle(c, bundle, actor));
                if (!report.applied().isEmpty()) {
                    registry.refresh();
                }
                return log(report);
            } catch (ImportAbandoned e) {
                return log(e.report);
            } catch (DataAccessException e) {
                // e.g. a host already served by another tenant: nothing of this tenant was written.
                return log(new ImportReport(slug, ImportReport.Outcome.INVALID, List.of(), Map.of(),
                        List.of(rootMessage(e))));
            }
        } catch (IOException e) {
            return log(new ImportReport(slug, ImportReport.Outcome.INVALID, List.of(), Map.of(),
                    List.of("cannot read " + folder + ": " + e.getMessage())));
        } finally {
            MDC.remove("tenant");
        }
    }

    private ImportReport importBundle(Connection c, TenantBundle bundle, String actor) throws SQLException {
        String slug = bundle.slug();
        store.lockTenantImport(c, slug);
        Optional<TenantConfigStore.TenantRow> existing = store.tenantBySlug(c, slug);
        if (existing.isPresent() && !"folder".equals(existing.get().source())) {
            return new ImportReport(slug, ImportReport.Outcome.INVALID, List.of(), Map.of(),
                    List.of("tenant '" + slug + "' was created through the operator API; its folder is ignored"));
        }
        String realm = validator.validate(bundle).tenant().realm();
        TenantConfigStore.TenantRow tenant = existing.isPresent() ? existing.get()
                : store.insertTenant(c, slug, realm, "folder");
        TenantTransactions.bind(c, tenant.id());

        String folderHash = bundle.hash();
        if (store.lastFolderHash(c).filter(folderHash::equals).isPresent()) {
            return new ImportReport(slug, ImportReport.Outcome.UNCHANGED, List.of(), Map.of(), List.of());
        }
        Map<ConfigKind, Version> live = store.liveVersions(c);
        Map<ConfigKind, String> lastImported = store.lastImportedHashes(c);
        List<ConfigKind> applied = new ArrayList<>();
        Map<ConfigKind, String> refused = new LinkedHashMap<>();
        Map<ConfigKind, JsonNode> merged = new EnumMap<>(ConfigKind.class);
        for (ConfigKind kind : ConfigKind.values()) {
            String hash = bundle.hash(kind);
            Version current = live.get(kind);
            boolean folderChanged = !hash.equals(lastImported.get(kind));
            if (current != null && !"import".equals(current.source()) && folderChanged && !hash.equals(current.hash())) {
                refused.put(kind, "edited live by " + current.changedBy() + " at " + current.changedAt()
                        + " (version " + current.version() + "); export the live version and merge it into the folder");
                merged.put(kind, current.content());
            } else {
                merged.put(kind, bundle.documents().get(kind));
                if (current == null || !hash.equals(current.hash())) {
                    applied.add(kind);
                }
            }
        }
        TenantBundle result = new TenantBundle(slug, merged);
        TenantConfigValidator.Result check = validator.check(result);
        if (!check.problems().isEmpty()) {
            // The folder is valid alone, but not with the live edits it must keep: apply nothing.
            List<String> problems = new ArrayList<>();
            problems.add("the folder does not fit the live edits of " + refused.keySet());
            check.problems().forEach(p -> problems.add(p.toString()));
            throw new ImportAbandoned(new ImportReport(slug, ImportReport.Outcome.INVALID, List.of(), refused, problems));
        }
        List<String> vetoes = new ArrayList<>();
        for (ConfigGuard guard : guards) {
            vetoes.addAll(guard.refusals(c, check.config()));
        }
        if (!vetoes.isEmpty()) {
            throw new ImportAbandoned(new ImportReport(slug, ImportReport.Outcome.INVALID, List.of(), refused, vetoes));
        }
        ImportReport.Outcome outcome = refused.isEmpty() ? ImportReport.Outcome.IMPORTED : ImportReport.Outcome.PARTIAL;
        ImportReport report = new ImportReport(slug, outcome, applied, refused, List.of());
        long importId = store.insertImport(c, tenant.id(), folderHash, actor, applied, refused, report.describe());
        for (ConfigKind kind : applied) {
            JsonNode before = live.containsKey(kind) ? live.get(kind).content() : null;
            JsonNode after = bundle.documents().get(kind);
            store.insertVersion(c, tenant.id(), kind, after, bundle.hash(kind), "import", importId, actor,
                    before == null ? List.of("created") : JsonChanges.between(before, after));
        }
        TenantConfig config = check.config();
        store.replaceHosts(c, tenant.id(), slug, config.tenant().hosts());
        store.bumpRevision(c, tenant.id(), config.tenant().realm());
        return report;
    }

    /**
     * An administrator's live edit of one kind: validated together with the tenant's other live
     * kinds, stored as a new version, and from then on protected from folder imports.
     *
     * @return the new version number
     */
    public int editLive(TenantContext tenant, ConfigKind kind, JsonNode content, String actor) {
        return editLive(tenant, kind, content, actor, null);
    }

    /**
     * A conditional edit (issue 21): {@code expected} is the kind's version the administrator edited
     * (null: unconditional, for callers that hold no version). Checked under the tenant's import lock, so of
     * two administrators who read the same version, the second to save gets a 412 naming the versions saved
     * since — who, when and what — and nothing of theirs or the first one's is lost.
     */
    public int editLive(TenantContext tenant, ConfigKind kind, JsonNode content, String actor, @Nullable Integer expected) {
        int version = tx.write(tenant.id(), c -> {
            store.lockTenantImport(c, tenant.slug());
            Map<ConfigKind, Version> live = store.liveVersions(c);
            int current = live.containsKey(kind) ? live.get(kind).version() : 0;
            if (expected != null && expected != current) {
                List<Map<String, Object>> since = new java.util.ArrayList<>();
                for (ConfigHistoryStore.Entry e : history.since(c, kind.name(), expected)) {
                    Map<String, Object> m = new java.util.LinkedHashMap<>();
                    m.put("version", e.version());
                    m.put("source", e.source());
                    m.put("changedBy", e.changedBy());
                    m.put("changedAt", e.changedAt().toString());
                    m.put("changes", JSON.convertValue(e.changes(), List.class));
                    since.add(m);
                }
                throw new ProblemException(HttpStatus.PRECONDITION_FAILED, "tenant-data.stale",
                        "problem.tenant-data.stale.title", "problem.tenant-data.stale.detail", expected, current)
                        .withChangesSince(since);
            }
            Map<ConfigKind, JsonNode> merged = new EnumMap<>(ConfigKind.class);
            live.forEach((k, v) -> merged.put(k, v.content()));
            merged.put(kind, content);
            TenantBundle bundle = new TenantBundle(tenant.slug(), merged);
            TenantConfig config = validator.validate(bundle);
            JsonNode before = live.containsKey(kind) ? live.get(kind).content() : null;
            int v = store.insertVersion(c, tenant.id(), kind, content, bundle.hash(kind), "admin", null, actor,
                    before == null ? List.of("created") : JsonChanges.between(before, content));
            store.replaceHosts(c, tenant.id(), tenant.slug(), config.tenant().hosts());
            store.bumpRevision(c, tenant.id(), config.tenant().realm());
            return v;
        });
        registry.refresh();
        return version;
    }

    /**
     * The version a form showing {@code tenant}'s served config of {@code kind} may carry (issue 21): the
     * live version when the tenant's revision, read in the same statement, is still the one the served
     * config was loaded at; otherwise -1 — what is shown may be older than the live version (another
     * replica saved and this one has not reloaded yet), so the form's save is treated as stale and
     * answered with what changed, never written over the newer data.
     */
    public int liveVersionShownBy(TenantContext tenant, ConfigKind kind) {
        long[] rv = tx.read(tenant.id(), c -> store.revisionAndVersion(c, tenant.id(), kind));
        return rv[0] == tenant.revision() ? (int) rv[1] : -1;
    }

    /** The live version of one kind (0 when none is stored): what an admin page's form carries to edit it. */
    public int liveVersion(TenantId tenant, ConfigKind kind) {
        return tx.read(tenant, c -> {
            Version v = store.liveVersions(c).get(kind);
            return v == null ? 0 : v.version();
        });
    }

    /** The live documents of a tenant, as stored: what an export gives back. */
    public TenantBundle live(TenantId tenant, String slug) {
        return tx.read(tenant, c -> {
            Map<ConfigKind, JsonNode> docs = new EnumMap<>(ConfigKind.class);
            store.liveVersions(c).forEach((k, v) -> docs.put(k, v.content()));
            return new TenantBundle(slug, docs);
        });
    }

    // ---- tenants created by operators (decision 0008) ----------------------------------------

    /** A tenant's registry row, as other features may see it. */
    public record TenantRecord(TenantId id, String slug, String realm, String source) {
    }

    /** Work that must commit or roll back together with an operator import (the onboarding record). */
    @FunctionalInterface
    public interface InImport {
        void run(Connection connection, TenantId tenant) throws SQLException;
    }

    public Optional<TenantRecord> tenantRecord(String slug) {
        return tx.platform(c -> store.tenantBySlug(c, slug).map(TenantConfigService::record));
    }

    /** The slug of the tenant whose realm this is, if any. */
    public Optional<String> realmOwner(String realm) {
        return tx.platform(c -> store.tenantByRealm(c, realm).map(TenantConfigStore.TenantRow::slug));
    }

    /** For each of these hosts already served, the slug of the tenant serving it. */
    public Map<String, String> hostOwners(List<String> hosts) {
        return tx.platform(c -> store.hostOwners(c, hosts));
    }

    /**
     * Creates a tenant from an operator's bundle in one transaction: tenant row ({@code source =
     * 'operator'}), one version per kind ({@code source = 'operator'}), hosts, revision, and whatever
     * {@code andThen} writes. Any failure leaves nothing. The registry serves it on return.
     *
     * @throws IllegalStateException when the slug exists already (a concurrent onboarding won)
     */
    public TenantId importOperatorBundle(TenantBundle bundle, String actor, InImport andThen) {
        TenantConfig config = validator.validate(bundle);
        TenantId id = tx.platform(c -> {
            store.lockTenantImport(c, bundle.slug());
            if (store.tenantBySlug(c, bundle.slug()).isPresent()) {
                throw new IllegalStateException("tenant '" + bundle.slug() + "' exists already");
            }
            TenantConfigStore.TenantRow tenant = store.insertTenant(c, bundle.slug(), config.tenant().realm(), "operator");
            TenantTransactions.bind(c, tenant.id());
            for (ConfigKind kind : ConfigKind.values()) {
                store.insertVersion(c, tenant.id(), kind, bundle.documents().get(kind), bundle.hash(kind), "operator",
                        null, actor, List.of("created"));
            }
            store.replaceHosts(c, tenant.id(), bundle.slug(), config.tenant().hosts());
            store.bumpRevision(c, tenant.id(), config.tenant().realm());
            andThen.run(c, tenant.id());
            return tenant.id();
        });
        registry.refresh();
        LOG.info("Tenant {} created by operator {} on {}", bundle.slug(), actor, config.tenant().hosts());
        return id;
    }

    private static TenantRecord record(TenantConfigStore.TenantRow row) {
        return new TenantRecord(row.id(), row.slug(), row.realm(), row.source());
    }

    private static ImportReport invalid(String slug, List<ConfigProblem> problems) {
        return new ImportReport(slug, ImportReport.Outcome.INVALID, List.of(), Map.of(),
                problems.stream().map(ConfigProblem::toString).toList());
    }

    private static ImportReport log(ImportReport report) {
        switch (report.outcome()) {
            case UNCHANGED -> LOG.debug("Tenant data import: {}", report.describe());
            case IMPORTED -> LOG.info("Tenant data import: {}", report.describe());
            default -> LOG.warn("Tenant data import: {}", report.describe());
        }
        return report;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /** Ends an import transaction with rollback, carrying the report of why. */
    private static final class ImportAbandoned extends RuntimeException {
        private final transient ImportReport report;

        ImportAbandoned(ImportReport report) {
            super(report.describe(), null, false, false);
            this.report = report;
        }
    }
}
