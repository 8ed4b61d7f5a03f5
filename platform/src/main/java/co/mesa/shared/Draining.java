package co.mesa.shared;

import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The replica's stop (SIGTERM): once draining, readiness answers DOWN, background jobs take no new
 * unit of work (a tenant, a mailbox, a batch) and the stop waits for the units under way, within
 * Micronaut's graceful-shutdown grace period ({@code micronaut.lifecycle.graceful-shutdown}), while
 * the HTTP server finishes its in-flight requests. Decision 0021.
 */
@Singleton
public class Draining implements GracefulShutdownCapable {

    private static final Logger LOG = LoggerFactory.getLogger(Draining.class);

    private final AtomicBoolean draining = new AtomicBoolean();
    private final Object lock = new Object();
    private int active; // guarded by lock
    private CompletableFuture<Void> idle; // guarded by lock

    /** True once the replica is stopping: take no new work. */
    public boolean isDraining() {
        return draining.get();
    }

    /** Marks a unit of background work under way; close it when the unit ends. */
    public Unit begin() {
        synchronized (lock) {
            active++;
        }
        return this::end;
    }

    private void end() {
        synchronized (lock) {
            active--;
            if (active == 0 && idle != null) {
                idle.complete(null);
            }
        }
    }

    @Override
    public CompletionStage<?> shutdownGracefully() {
        if (draining.compareAndSet(false, true)) {
            LOG.info("Stopping: readiness is DOWN, background jobs take no new work");
        }
        synchronized (lock) {
            if (active == 0) {
                return CompletableFuture.completedFuture(null);
            }
            if (idle == null) {
                idle = new CompletableFuture<>();
            }
            return idle;
        }
    }

    @Override
    public OptionalLong reportActiveTasks() {
        synchronized (lock) {
            return OptionalLong.of(active);
        }
    }

    /** A unit of background work; closing it never throws. */
    public interface Unit extends AutoCloseable {
        @Override
        void close();
    }
}
