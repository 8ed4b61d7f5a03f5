package co.mesa.testsupport;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Waits for a condition the test does not control (a refetch Keycloak's keys are rate-limited for, a
 * process coming up) by polling it, never by sleeping a fixed time: on a fast machine it returns as soon
 * as the condition holds, on a slow one it waits up to a generous deadline. Time the test does control
 * (token expiry, SLA instants) is moved instead ({@link TestClock}, explicit instants), not awaited.
 */
public final class Eventually {

    /** The default deadline: long enough for a loaded 2-core machine; a passing poll returns far sooner. */
    public static final Duration DEADLINE = Duration.ofSeconds(60);

    private Eventually() {
    }

    /** Polls {@code value} until {@code done} accepts it, within {@link #DEADLINE}; returns that value. */
    public static <T> T until(String what, Supplier<T> value, java.util.function.Predicate<? super T> done) {
        return until(what, DEADLINE, value, done);
    }

    /**
     * Polls {@code value} (at once, then with a pause growing from 50 ms to 1 s) until {@code done} accepts
     * it; fails with the last value seen when {@code deadline} passes.
     */
    public static <T> T until(String what, Duration deadline, Supplier<T> value, java.util.function.Predicate<? super T> done) {
        long end = System.nanoTime() + deadline.toNanos();
        long pause = 50;
        while (true) {
            T last = value.get();
            if (done.test(last)) {
                return last;
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("Still not " + what + " after " + deadline.toSeconds() + " s; last: " + last);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting until " + what, e);
            }
            pause = Math.min(1_000, pause * 2);
        }
    }

    /** Polls {@code condition} until it holds, within {@link #DEADLINE}. */
    public static void until(String what, Supplier<Boolean> condition) {
        until(what, condition, Boolean.TRUE::equals);
    }
}
