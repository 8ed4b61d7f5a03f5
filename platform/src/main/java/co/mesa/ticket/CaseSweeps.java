package co.mesa.ticket;

import co.mesa.shared.TenantTransactions;
import co.mesa.sla.BusinessCalendars;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.ticket.internal.CaseStore;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;

/**
 * The platform's periodic case work, per tenant: automatic closure of solved cases nobody
 * confirmed, removal of uploads never filed, and expiry of idempotency keys older than two days.
 * Safe with several replicas: closures lock rows with {@code SKIP LOCKED}, deletions are idempotent.
 */
@Singleton
@Requires(property = "mesa.cases.sweeps.enabled", notEquals = "false")
public class CaseSweeps {

    private static final Logger LOG = LoggerFactory.getLogger(CaseSweeps.class);
    /** Kept longer than the promised 24 hours so a retry near the limit still finds its key. */
    static final Duration IDEMPOTENCY_KEPT = Duration.ofHours(48);

    private final TenantRegistry registry;
    private final CaseActions actions;
    private final AttachmentService attachments;
    private final BusinessCalendars calendars;
    private final TenantTransactions tx;
    private final CaseStore store;

    public CaseSweeps(TenantRegistry registry, CaseActions actions, AttachmentService attachments,
                      BusinessCalendars calendars, TenantTransactions tx, CaseStore store) {
        this.registry = registry;
        this.actions = actions;
        this.attachments = attachments;
        this.calendars = calendars;
        this.tx = tx;
        this.store = store;
    }

    @Scheduled(fixedDelay = "${mesa.cases.sweeps.interval:1m}", initialDelay = "30s")
    void run() {
        Instant now = Instant.now();
        for (TenantContext tenant : registry.all()) {
            try {
                sweep(tenant, now);
            } catch (RuntimeException e) {
                LOG.warn("Case sweep failed for tenant {}: {}", tenant.slug(), e.getMessage());
            }
        }
    }

    /** One tenant's sweep at a given instant; returns how many cases were closed automatically. */
    public int sweep(TenantContext tenant, Instant now) {
        int closed = actions.autoClose(tenant, now, key -> calendars.find(tenant, key));
        attachments.purgeUnlinked(tenant, now);
        tx.write(tenant.id(), c -> store.deleteIdempotencyKeys(c, now.minus(IDEMPOTENCY_KEPT)));
        return closed;
    }
}
