package co.mesa.ops;

import co.mesa.shared.JobLeases;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.MesaPlatform;
import co.mesa.testsupport.NeedsServices;
import co.mesa.ticket.CaseSweeps;
import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Jobs done once across replicas: the lease in PostgreSQL, and the SLA recompute's mark in the database. */
@NeedsServices
class JobLeasesTest {

    private final MesaPlatform platform = MesaPlatform.get();
    private final JobLeases leases = platform.bean(JobLeases.class);

    @Test
    void ofTwoConcurrentRunsOneHoldsTheLeaseAndTheOtherSkips() throws Exception {
        String job = "test-job-" + UUID.randomUUID();
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch bothTried = new CountDownLatch(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Boolean>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return leases.once(job, Duration.ofMinutes(5), () -> {
                        ran.incrementAndGet();
                        bothTried.countDown();
                        try {
                            // Hold the lease until the other run has tried and returned.
                            assertThat(bothTried.await(60, TimeUnit.SECONDS)).isTrue();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                }));
            }
            start.countDown();
            List<Boolean> outcomes = new ArrayList<>();
            Future<Boolean> first = runs.get(0);
            Future<Boolean> second = runs.get(1);
            // The run that skipped returns at once while the holder waits; then the holder may finish.
            co.mesa.testsupport.Eventually.until("one run skipped", () -> first.isDone() || second.isDone());
            bothTried.countDown();
            outcomes.add(first.get(60, TimeUnit.SECONDS));
            outcomes.add(second.get(60, TimeUnit.SECONDS));
            assertThat(outcomes).containsExactlyInAnyOrder(true, false);
            assertThat(ran).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
        // Given back: the next run takes it.
        assertThat(leases.once(job, Duration.ofMinutes(5), () -> { })).isTrue();
    }

    @Test
    void aLeaseWhoseHolderDiedIsTakenAfterItExpires() {
        String job = "test-expired-" + UUID.randomUUID();
        platform.bean(TenantTransactions.class).platform(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO job_lease (name, holder, locked_at, locked_until) "
                    + "VALUES (?, 'dead-replica', now() - interval '1 hour', now() - interval '1 second')")) {
                ps.setString(1, job);
                return ps.executeUpdate();
            }
        });
        assertThat(leases.once(job, Duration.ofMinutes(5), () -> { })).isTrue();

        String held = "test-held-" + UUID.randomUUID();
        platform.bean(TenantTransactions.class).platform(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO job_lease (name, holder, locked_at, locked_until) "
                    + "VALUES (?, 'other-replica', now(), now() + interval '1 hour')")) {
                ps.setString(1, held);
                return ps.executeUpdate();
            }
        });
        AtomicInteger ran = new AtomicInteger();
        assertThat(leases.once(held, Duration.ofMinutes(5), () -> { ran.incrementAndGet(); })).isFalse();
        assertThat(ran).hasValue(0);
    }

    @Test
    void theFullSlaRecomputeIsMarkedInTheDatabaseAndNotRedone() {
        TenantContext tenant = platform.bean(TenantRegistry.class).bySlug("prosperidad-social").orElseThrow();
        CaseSweeps sweeps = platform.bean(CaseSweeps.class);
        Instant now = Instant.now();
        sweeps.sla(tenant, now);
        String marker = platform.bean(TenantTransactions.class).read(tenant.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT marker FROM sla_recompute_mark")) {
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
        assertThat(marker).isEqualTo(tenant.revision() + "/false");
        long before = sweeps.fullRecomputes();
        sweeps.sla(tenant, now);
        assertThat(sweeps.fullRecomputes()).isEqualTo(before);
    }
}
