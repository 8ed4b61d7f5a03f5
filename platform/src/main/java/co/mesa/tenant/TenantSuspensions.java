package co.mesa.tenant;

import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.internal.TenantConfigStore;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;

/**
 * Suspension of a tenant by an operator: each period is kept (start and end instants) so the SLA
 * clock can count it as a pause; the platform flag on {@code tenant} is what the edge checks.
 */
@Singleton
public class TenantSuspensions {

    private static final Logger LOG = LoggerFactory.getLogger(TenantSuspensions.class);

    private final TenantTransactions tx;
    private final TenantConfigStore store;
    private final TenantRegistry registry;

    public TenantSuspensions(TenantTransactions tx, TenantConfigStore store, TenantRegistry registry) {
        this.tx = tx;
        this.store = store;
        this.registry = registry;
    }

    /** One suspension period; {@code end} is null while it lasts. */
    @Serdeable
    public record Period(Instant start, String startedBy, @Nullable Instant end, @Nullable String endedBy) {
    }

    /** A tenant's suspension state and every period so far, oldest first. */
    @Serdeable
    public record Status(String slug, boolean suspended, List<Period> periods) {
    }

    /** Opens a suspension period (nothing changes when one is open already). */
    public Status suspend(TenantContext tenant, String actor) {
        boolean opened = tx.write(tenant.id(), c -> store.openSuspension(c, tenant.id(), actor));
        registry.refresh();
        if (opened) {
            LOG.warn("Tenant {} suspended by {}", tenant.slug(), actor);
        }
        return status(tenant);
    }

    /** Closes the open suspension period (nothing changes when none is open). */
    public Status resume(TenantContext tenant, String actor) {
        boolean closed = tx.write(tenant.id(), c -> store.closeSuspension(c, tenant.id(), actor));
        registry.refresh();
        if (closed) {
            LOG.info("Tenant {} resumed by {}", tenant.slug(), actor);
        }
        return status(tenant);
    }

    public Status status(TenantContext tenant) {
        List<Period> periods = tx.read(tenant.id(), store::suspensions).stream()
                .map(s -> new Period(s.start(), s.startedBy(), s.end(), s.endedBy())).toList();
        boolean open = !periods.isEmpty() && periods.get(periods.size() - 1).end() == null;
        return new Status(tenant.slug(), open, periods);
    }
}
