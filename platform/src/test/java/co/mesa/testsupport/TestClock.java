package co.mesa.testsupport;

import co.mesa.shared.Clocks;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The test platform's clock: the system clock plus an offset a test may move, so a test sees a token
 * expire by moving time instead of sleeping until it does ({@code TokenBindingTest}). It replaces the
 * platform's {@link Clocks} bean in every context the tests start; at offset zero it is the system clock.
 *
 * <p>The platform is shared by every test class (see {@link MesaPlatform}), so a test that moves the
 * clock puts it back before it ends: use {@link #movedBy(Duration)} in try-with-resources.
 */
public final class TestClock extends Clock {

    private static final TestClock INSTANCE = new TestClock();

    private volatile Duration offset = Duration.ZERO;

    private TestClock() {
    }

    public static TestClock get() {
        return INSTANCE;
    }

    /** Moves the clock by {@code by} until the returned handle is closed (then it is the system clock again). */
    public Moved movedBy(Duration by) {
        offset = by;
        return new Moved();
    }

    /** Moves the clock so that it reads {@code at} now, until the handle is closed. */
    public Moved movedTo(Instant at) {
        return movedBy(Duration.between(Instant.now(), at));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.offset(Clock.system(zone), offset);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    /** Puts the clock back to the system's time when closed. */
    public final class Moved implements AutoCloseable {
        private Moved() {
        }

        @Override
        public void close() {
            offset = Duration.ZERO;
        }
    }

    /** Gives the platform this clock instead of the system clock. */
    @Factory
    static class Beans {
        @Singleton
        @Replaces(value = Clock.class, factory = Clocks.class)
        Clock clock() {
            return INSTANCE;
        }
    }
}
