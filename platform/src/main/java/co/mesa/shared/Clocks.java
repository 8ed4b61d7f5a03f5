package co.mesa.shared;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * The platform's one source of "now" for code that must be testable in time (token expiry first):
 * such code takes this {@link Clock} bean instead of calling {@code Instant.now()}. Production uses
 * the system clock in UTC; the test platform replaces it with a clock the tests can move.
 */
@Factory
public class Clocks {

    @Singleton
    public Clock clock() {
        return Clock.systemUTC();
    }
}
