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
    private final CaseSlaWork slaWork;
    private final CaseRecorder recorder;
    private final co.mesa.shared.JobLeases leases;
    private final co.mesa.shared.Draining draining;
    /** How many id ranges a full recompute does side by side (each with its own connection). */
    private final int recomputeWorkers;
    private final co.mesa.ticket.internal.CaseBatchWrites batchWrites;

    CaseSweeps(TenantRegistry registry, CaseActions actions, AttachmentService attachments,
               BusinessCalendars calendars, TenantTransactions tx, CaseStore store, CaseSlaWork slaWork,
               CaseRecorder recorder, co.mesa.shared.JobLeases leases, co.mesa.shared.Draining draining,
               co.mesa.ticket.internal.CaseBatchWrites batchWrites,
               @io.micronaut.context.annotation.Value("${mesa.cases.sla-recompute-workers:2}") int recomputeWorkers) {
        this.recomputeWorkers = recomputeWorkers;
        this.batchWrites = batchWrites;
        this.leases = leases;
        this.draining = draining;
        this.slaWork = slaWork;
        this.recorder = recorder;
        this.registry = registry;
        this.actions = actions;
        this.attachments = attachments;
        this.calendars = calendars;
        this.tx = tx;
        this.store = store;
    }

    @Scheduled(fixedDelay = "${mesa.cases.sweeps.interval:1m}", initialDelay = "${mesa.cases.sweeps.initial-delay:30s}")
    void run() {
        Instant now = Instant.now();
        for (TenantContext tenant : registry.all()) {
            if (draining.isDraining()) {
                return; // stopping: each step below is its own transaction, nothing is left half-done
            }
            try (org.slf4j.MDC.MDCCloseable ignored = org.slf4j.MDC.putCloseable("tenant", tenant.slug());
                 co.mesa.shared.Draining.Unit unit = draining.begin()) {
                sweep(tenant, now);
            } catch (RuntimeException e) {
                LOG.warn("Case sweep failed for tenant {}", tenant.slug(), e);
            }
        }
    }

    /** One tenant's sweep at a given instant; returns how many cases were closed automatically. */
    public int sweep(TenantContext tenant, Instant now) {
        int closed = actions.autoClose(tenant, now, key -> calendars.find(tenant, key));
        assignWaiting(tenant, now);
        sla(tenant, now);
        attachments.purgeUnlinked(tenant, now);
        tx.write(tenant.id(), c -> store.deleteIdempotencyKeys(c, now.minus(IDEMPOTENCY_KEPT)));
        return closed;
    }

    /**
     * The safety net behind assignment at creation: cases whose group had nobody available get an
     * agent as soon as one is (back). Rows are taken with {@code SKIP LOCKED} and the case row's
     * version is checked, so two replicas sweeping at once assign each case once. Returns how many.
     */
    public int assignWaiting(TenantContext tenant, Instant now) {
        return tx.write(tenant.id(), c -> {
            int assigned = 0;
            for (co.mesa.ticket.internal.CaseRow row : store.waitingForAnAgent(c, BATCH)) {
                if ("group-queue".equals(co.mesa.routing.Assignment.strategyOf(tenant.config(), row.assignedGroup()))) {
                    continue;
                }
                java.util.Optional<co.mesa.ticket.internal.CaseRow> after = recorder.assignWaiting(c, tenant, row, now);
                if (after.isPresent()) {
                    store.update(c, after.get(), row.version(), slaWork.refresh(c, tenant, after.get(), false, now));
                    assigned++;
                }
            }
            return assigned;
        });
    }

    /**
     * Keeps open cases' SLA current: all of them again when the tenant's data or suspension
     * changed (a policy, calendar or flag edit moves due dates); otherwise only those whose next
     * warning or due date has come, which also writes the warning or breach to the outbox.
     */
    public void sla(TenantContext tenant, Instant now) {
        recomputeIfChanged(tenant, now);
        int done;
        do {
            done = tx.write(tenant.id(), c -> {
                java.util.List<co.mesa.ticket.internal.CaseRow> due = store.slaDue(c, now, BATCH);
                for (co.mesa.ticket.internal.CaseRow row : due) {
                    store.updateSla(c, row.id(), slaWork.refresh(c, tenant, row, false, now));
                }
                return due.size();
            });
        } while (done == BATCH);
    }

    /**
     * Starts a tenant's full recompute within seconds of a policy, calendar, flag or suspension change,
     * not at the next sweep (a minute by default): compares each tenant's marker with the last one this
     * replica saw recomputed, in memory, and reads the database only when they differ.
     */
    @Scheduled(fixedDelay = "${mesa.cases.sla-recompute.check-interval:2s}",
            initialDelay = "${mesa.cases.sweeps.initial-delay:30s}")
    void recomputeChanged() {
        Instant now = Instant.now();
        for (TenantContext tenant : registry.all()) {
            if (draining.isDraining()) {
                return;
            }
            if (marker(tenant).equals(recomputed.get(tenant.id().value()))) {
                continue;
            }
            try (org.slf4j.MDC.MDCCloseable ignored = org.slf4j.MDC.putCloseable("tenant", tenant.slug());
                 co.mesa.shared.Draining.Unit unit = draining.begin()) {
                recomputeIfChanged(tenant, now);
            } catch (RuntimeException e) {
                // Not tried again every 2 s: the next sweep (CaseSweeps#sla) tries again, as before this check.
                recomputed.put(tenant.id().value(), marker(tenant));
                LOG.warn("SLA recompute failed for tenant {}", tenant.slug(), e);
            }
        }
    }

    private String marker(TenantContext tenant) {
        return tenant.revision() + "/" + registry.isSuspended(tenant.slug());
    }

    /**
     * The full recompute when the tenant's data or suspension changed since its mark. The mark lives in the
     * database (decision 0021): a restart or another replica does not redo it, and one replica at a time does
     * it, under a lease per tenant.
     */
    private void recomputeIfChanged(TenantContext tenant, Instant now) {
        String marker = marker(tenant);
        if (marker.equals(tx.read(tenant.id(), c -> co.mesa.ticket.internal.SlaRecomputeMarks.get(c, tenant.id())))) {
            recomputed.put(tenant.id().value(), marker);
            return;
        }
        leases.once("sla-recompute:" + tenant.id().value(), RECOMPUTE_LEASE, () -> {
            if (marker.equals(tx.read(tenant.id(), c -> co.mesa.ticket.internal.SlaRecomputeMarks.get(c, tenant.id())))) {
                recomputed.put(tenant.id().value(), marker);
                return; // another replica finished it while this one waited for the lease
            }
            long started = System.nanoTime();
            int cases = recomputeOpen(tenant, now);
            if (cases < 0) {
                return; // stopping: no mark, so the next replica to hold the lease does it again
            }
            tx.write(tenant.id(), c -> co.mesa.ticket.internal.SlaRecomputeMarks.put(c, tenant.id(), marker, now));
            recomputed.put(tenant.id().value(), marker);
            recomputes.incrementAndGet();
            LOG.info("Full SLA recompute of {} at {}: {} rows changed in {} ms", tenant.slug(), marker, cases,
                    (System.nanoTime() - started) / 1_000_000);
        });
    }

    /**
     * Every open case's SLA again (after a policy, calendar, flag or suspension change), in batches:
     * per batch one read of the cases, one of their events and one of the suspension periods, and one
     * statement writing the rows whose values changed — an edit that moves a few due dates rewrites a
     * few rows. The SLA is a function of the log, so this equals computing each case on its own.
     * The cases are split by id into {@code workers} ranges done side by side (issue 32: one range
     * leaves a core idle while PostgreSQL writes, and a changed row costs mostly PostgreSQL's CPU).
     * Returns how many rows were written, or -1 when the replica began stopping between batches (no mark
     * is then written, so the recompute runs again).
     */
    int recomputeOpen(TenantContext tenant, Instant now) {
        int n = Math.max(1, Math.min(recomputeWorkers, 16));
        if (n == 1) {
            return recomputeRange(tenant, now, bound(0, 1), bound(1, 1));
        }
        java.util.Map<String, String> mdc = org.slf4j.MDC.getCopyOfContextMap();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n - 1, r -> {
            Thread t = new Thread(() -> {
                if (mdc != null) {
                    org.slf4j.MDC.setContextMap(mdc); // the tenant and the job in this range's log lines too
                }
                r.run();
            }, "sla-recompute-" + tenant.slug());
            t.setDaemon(true);
            return t;
        });
        try {
            java.util.List<java.util.concurrent.Future<Integer>> others = new java.util.ArrayList<>();
            for (int i = 1; i < n; i++) {
                java.util.UUID after = bound(i, n);
                java.util.UUID upTo = bound(i + 1, n);
                others.add(pool.submit(() -> recomputeRange(tenant, now, after, upTo)));
            }
            int written = recomputeRange(tenant, now, bound(0, n), bound(1, n));
            boolean stopped = written < 0;
            for (java.util.concurrent.Future<Integer> f : others) {
                int w = f.get();
                stopped |= w < 0;
                written += Math.max(w, 0);
            }
            return stopped ? -1 : written;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The bounds of {@code n} id ranges split on the first byte (ids ordered as PostgreSQL orders uuid,
     * byte by byte): range i is (bound(i), bound(i + 1)]. bound(0) is the zero uuid (excluded, as random
     * ids never are it), bound(n) the all-ones one, bound(i) the last id whose first byte is below 256·i/n.
     */
    static java.util.UUID bound(int i, int n) {
        if (i <= 0) {
            return new java.util.UUID(0L, 0L);
        }
        if (i >= n) {
            return new java.util.UUID(-1L, -1L);
        }
        long firstByte = 256L * i / n;
        return new java.util.UUID((firstByte << 56) - 1, -1L);
    }

    /** The open cases with ids in (after, upTo], batch by batch, as above. */
    private int recomputeRange(TenantContext tenant, Instant now, java.util.UUID after, java.util.UUID upTo) {
        int written = 0;
        java.util.UUID next = after;
        while (next != null) {
            if (draining.isDraining()) {
                return -1;
            }
            java.util.UUID from = next;
            int[] wrote = new int[1];
            next = tx.write(tenant.id(), c -> {
                java.util.List<co.mesa.ticket.internal.CaseRow> batch = store.openInRangeUnlocked(c, tenant.id(), from,
                        upTo, BATCH);
                java.util.Map<java.util.UUID, java.util.List<co.mesa.ticket.internal.EventRow>> logs = store.events(c,
                        tenant.id(), batch.stream().map(co.mesa.ticket.internal.CaseRow::id).toList());
                java.util.List<co.mesa.sla.SlaClock.Span> suspensions = co.mesa.sla.CaseSla.suspensions(c);
                java.util.List<CaseStore.SlaUpdate> updates = new java.util.ArrayList<>(batch.size());
                for (co.mesa.ticket.internal.CaseRow row : batch) {
                    CaseSlaWork.Fresh fresh = slaWork.refresh(c, tenant, row,
                            logs.getOrDefault(row.id(), java.util.List.of()), suspensions, false, now);
                    updates.add(new CaseStore.SlaUpdate(row.id(), row.version(), fresh.columns()));
                }
                wrote[0] = batchWrites.updateSlaWhereChanged(c, tenant.id(), updates);
                return batch.size() < BATCH ? null : batch.get(batch.size() - 1).id();
            });
            written += wrote[0];
        }
        return written;
    }

    private static final int BATCH = 500;
    /** Above the longest full recompute seen (97 s for 103 k open cases on the benchmark data). */
    static final java.time.Duration RECOMPUTE_LEASE = java.time.Duration.ofMinutes(15);
    private final java.util.concurrent.atomic.AtomicLong recomputes = new java.util.concurrent.atomic.AtomicLong();
    /** By tenant id: the marker this replica last saw recomputed (its own work or another replica's mark). */
    private final java.util.Map<java.util.UUID, String> recomputed = new java.util.concurrent.ConcurrentHashMap<>();

    /** How many full recomputes this replica has done since it started (the two-replica check reads it). */
    public long fullRecomputes() {
        return recomputes.get();
    }
}
