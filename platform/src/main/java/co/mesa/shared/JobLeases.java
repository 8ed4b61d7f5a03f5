package co.mesa.shared;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Work that must happen once across replicas (mailbox polling, realm provisioning, full SLA
 * recomputes) runs under a lease in PostgreSQL: a row of {@code job_lease} per job name, taken
 * atomically by one {@code INSERT … ON CONFLICT DO UPDATE … WHERE} when free or expired, and given
 * back when the work ends. The expiry (database time) frees the job when its holder dies mid-run;
 * {@code atMost} must exceed the work's longest run. Row-level work keeps {@code SKIP LOCKED}
 * instead. Decision 0021 says why not ShedLock.
 */
@Singleton
public class JobLeases {

    private static final Logger LOG = LoggerFactory.getLogger(JobLeases.class);

    private final TenantTransactions tx;
    private final Draining draining;
    private final String replica;

    public JobLeases(TenantTransactions tx, Draining draining,
                     @Value("${mesa.replica-name:}") String replica) {
        this.tx = tx;
        this.draining = draining;
        this.replica = replica.isBlank() ? hostName() : replica;
    }

    /**
     * Runs {@code work} if this caller takes the lease {@code name}, and gives the lease back
     * afterwards; returns empty, without running it, when another run holds it or the replica is
     * stopping. Failures of the work propagate (the lease is released first).
     */
    public <T> java.util.Optional<T> once(String name, Duration atMost, Supplier<T> work) {
        if (draining.isDraining()) {
            return java.util.Optional.empty();
        }
        String holder = replica + "/" + UUID.randomUUID();
        if (!acquire(name, holder, atMost)) {
            LOG.debug("Job {} is held by another run; skipped", name);
            return java.util.Optional.empty();
        }
        String previousJob = MDC.get("job");
        MDC.put("job", name);
        try (Draining.Unit ignored = draining.begin()) {
            return java.util.Optional.ofNullable(work.get());
        } finally {
            release(name, holder);
            if (previousJob == null) {
                MDC.remove("job");
            } else {
                MDC.put("job", previousJob);
            }
        }
    }

    /** {@link #once} for work without a result; true when it ran. */
    public boolean once(String name, Duration atMost, Runnable work) {
        return once(name, atMost, () -> {
            work.run();
            return Boolean.TRUE;
        }).isPresent();
    }

    boolean acquire(String name, String holder, Duration atMost) {
        return tx.platform(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO job_lease (name, holder, locked_at, locked_until) "
                            + "VALUES (?, ?, clock_timestamp(), clock_timestamp() + ?::interval) "
                            + "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, "
                            + "locked_at = excluded.locked_at, locked_until = excluded.locked_until "
                            + "WHERE job_lease.locked_until <= clock_timestamp() RETURNING holder")) {
                ps.setString(1, name);
                ps.setString(2, holder);
                ps.setString(3, atMost.toMillis() + " milliseconds");
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && holder.equals(rs.getString(1));
                }
            }
        });
    }

    private void release(String name, String holder) {
        try {
            tx.platform(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE job_lease SET locked_until = clock_timestamp() WHERE name = ? AND holder = ?")) {
                    ps.setString(1, name);
                    ps.setString(2, holder);
                    return ps.executeUpdate();
                }
            });
        } catch (RuntimeException e) {
            // The lease expires by itself; the next run after atMost takes it.
            LOG.warn("Could not give back the lease of job {}", name, e);
        }
    }

    private static String hostName() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "replica";
        }
    }
}
