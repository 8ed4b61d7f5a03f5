package co.mesa.identity;

import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;

import java.time.Clock;
import java.time.Instant;
import java.time.Duration;

/**
 * Bearer tokens whose signature and claims were already checked, kept until they expire. A hit is
 * only a token string seen before, byte for byte, for the same realm and tenant revision; an
 * expired entry is a miss (the full check runs again and refuses it). Bounded (Caffeine): expired
 * entries are dropped, and at capacity the least used ones go (the next requests re-verify).
 */
final class VerifiedTokens {

    private record Entry(Authentication auth, Instant expires) {
    }

    private final Clock clock;
    /** Each entry lives until its token's {@code exp}; at capacity the least useful entries go (Caffeine's policy). */
    private final Cache<String, Entry> entries;

    VerifiedTokens(int capacity, Clock clock) {
        this.clock = clock;
        this.entries = Caffeine.newBuilder()
                .maximumSize(capacity)
                .ticker(() -> {
                    Instant now = clock.instant();
                    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
                })
                .executor(Runnable::run)
                .expireAfter(Expiry.<String, Entry>creating((key, e) -> {
                    Duration left = Duration.between(clock.instant(), e.expires());
                    return left.isNegative() ? Duration.ZERO : left;
                }))
                .build();
    }

    @Nullable
    Authentication get(String key) {
        Entry e = entries.getIfPresent(key);
        if (e == null) {
            return null;
        }
        if (!clock.instant().isBefore(e.expires())) {
            entries.asMap().remove(key, e);
            return null;
        }
        return e.auth();
    }

    void put(String key, Authentication auth, Instant expires) {
        Instant now = clock.instant();
        if (!now.isBefore(expires)) {
            return;
        }
        entries.put(key, new Entry(auth, expires));
    }

    int size() {
        entries.cleanUp();
        return (int) entries.estimatedSize();
    }
}
