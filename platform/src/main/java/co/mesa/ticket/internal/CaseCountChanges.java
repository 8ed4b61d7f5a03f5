package co.mesa.ticket.internal;

import co.mesa.shared.TenantId;
import co.mesa.shared.TenantTransactions;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.TransactionSynchronization;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A generation per tenant that moves on when a case row's counted columns (state, group, agent, expired,
 * closed) may have changed on this instance (issue 32). The home counters' cache keys its entries with the
 * generation read <em>before</em> counting, and the generation moves <em>after</em> the writing transaction
 * ends: a count read from a snapshot older than a change is stored under a generation no later request asks
 * for, so this instance never serves a count its own writes made wrong. Writes of other instances are
 * bounded by the cache's time to live instead.
 */
@Singleton
public class CaseCountChanges {

    private final TransactionOperations<Connection> transactions;
    private final Map<UUID, AtomicLong> perTenant = new ConcurrentHashMap<>();
    private final AtomicLong everyTenant = new AtomicLong();

    public CaseCountChanges(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    /** The tenant's generation now; it only ever grows. */
    public long generation(TenantId tenant) {
        AtomicLong own = perTenant.get(tenant.value());
        return everyTenant.get() + (own == null ? 0 : own.get());
    }

    /** A case of the current transaction's tenant (every tenant's, when unknown) changed: count again after it ends. */
    void changed() {
        Optional<TenantId> tenant = TenantTransactions.current();
        Runnable bump = () -> tenant.ifPresentOrElse(
                t -> perTenant.computeIfAbsent(t.value(), k -> new AtomicLong()).incrementAndGet(),
                everyTenant::incrementAndGet);
        var status = transactions.findTransactionStatus();
        if (status.isEmpty()) {
            bump.run();
            return;
        }
        status.get().registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(Status done) {
                bump.run();
            }
        });
    }
}
