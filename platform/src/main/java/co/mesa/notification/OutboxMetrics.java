package co.mesa.notification;

import co.mesa.shared.PlatformMetrics;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import io.micrometer.core.instrument.Tags;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * The outbox as gauges, per tenant, read from the database every {@code mesa.metrics.outbox-interval}
 * (every replica reads the same numbers): entries waiting for delivery, the age of the oldest one, and
 * dead letters waiting for a tenant admin. docs/metrics.md.
 */
@Singleton
@Requires(notEnv = "migrate-only")
public class OutboxMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxMetrics.class);

    private final TenantRegistry registry;
    private final TenantTransactions tx;
    private final PlatformMetrics metrics;

    OutboxMetrics(TenantRegistry registry, TenantTransactions tx, PlatformMetrics metrics) {
        this.registry = registry;
        this.tx = tx;
        this.metrics = metrics;
    }

    @Scheduled(fixedDelay = "${mesa.metrics.outbox-interval:30s}", initialDelay = "${mesa.metrics.outbox-interval:30s}")
    public void refresh() {
        for (TenantContext tenant : registry.all()) {
            try (MDC.MDCCloseable ignored = MDC.putCloseable("tenant", tenant.slug())) {
                long[] numbers = tx.read(tenant.id(), c -> {
                    try (PreparedStatement ps = c.prepareStatement("SELECT "
                            + "count(*) FILTER (WHERE delivered_at IS NULL AND dead_at IS NULL), "
                            + "coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE delivered_at IS NULL "
                            + "AND dead_at IS NULL)), 0)::bigint, "
                            + "count(*) FILTER (WHERE dead_at IS NOT NULL AND delivered_at IS NULL) "
                            + "FROM outbox WHERE tenant_id = ? AND delivered_at IS NULL")) {
                        ps.setObject(1, tenant.id().value());
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
                        }
                    }
                });
                Tags tags = Tags.of("tenant", tenant.slug());
                metrics.gauge("mesa.outbox.backlog", "Outbox entries waiting for delivery", tags, numbers[0]);
                metrics.gauge("mesa.outbox.oldest.undelivered.seconds",
                        "Age of the oldest outbox entry waiting for delivery (0 when none)", tags, numbers[1]);
                metrics.gauge("mesa.outbox.dead.letters", "Outbox entries given up on (dead letters)", tags, numbers[2]);
            } catch (RuntimeException e) {
                LOG.warn("Outbox metrics not read for tenant {}", tenant.slug(), e);
            }
        }
    }
}
