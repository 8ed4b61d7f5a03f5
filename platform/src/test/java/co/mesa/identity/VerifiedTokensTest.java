package co.mesa.identity;

import io.micronaut.security.authentication.Authentication;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The verified-token cache: a hit only for the same key and only until the token's expiry; bounded. */
class VerifiedTokensTest {

    private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");

    static final class MovableClock extends Clock {
        Instant now = T0;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static Authentication auth(String subject) {
        return Authentication.build(subject, List.of("agent"), Map.of());
    }

    @Test
    void aTokenIsKnownUntilItExpiresAndNotAfter() {
        MovableClock clock = new MovableClock();
        VerifiedTokens cache = new VerifiedTokens(10, clock);
        cache.put("realm|1|token-a", auth("a"), T0.plus(Duration.ofMinutes(5)));
        assertThat(cache.get("realm|1|token-a").getName()).isEqualTo("a");
        assertThat(cache.get("realm|2|token-a")).as("another tenant revision is another key").isNull();
        assertThat(cache.get("other|1|token-a")).as("another realm is another key").isNull();
        clock.now = T0.plus(Duration.ofMinutes(5)).minusMillis(1);
        assertThat(cache.get("realm|1|token-a")).isNotNull();
        clock.now = T0.plus(Duration.ofMinutes(5));
        assertThat(cache.get("realm|1|token-a")).as("expired at exp").isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void anAlreadyExpiredTokenIsNotKept() {
        VerifiedTokens cache = new VerifiedTokens(10, new MovableClock());
        cache.put("k", auth("a"), T0.minusSeconds(1));
        assertThat(cache.get("k")).isNull();
    }

    @Test
    void expiredEntriesAreDroppedAndItNeverHoldsMoreThanItsCapacity() {
        MovableClock clock = new MovableClock();
        VerifiedTokens cache = new VerifiedTokens(3, clock);
        cache.put("short", auth("s"), T0.plusSeconds(10));
        cache.put("long-1", auth("l1"), T0.plusSeconds(600));
        cache.put("long-2", auth("l2"), T0.plusSeconds(600));
        clock.now = T0.plusSeconds(20);
        assertThat(cache.size()).as("the expired one is gone").isEqualTo(2);
        assertThat(cache.get("short")).isNull();
        assertThat(cache.get("long-1").getName()).isEqualTo("l1");
        for (int i = 0; i < 50; i++) {
            cache.put("more-" + i, auth("m" + i), T0.plusSeconds(600));
        }
        assertThat(cache.size()).isLessThanOrEqualTo(3);
    }
}
