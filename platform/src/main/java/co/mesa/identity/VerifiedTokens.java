package co.mesa.identity;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens whose signature and claims were already checked, kept until they expire. A hit is
 * only a token string seen before, byte for byte, for the same realm and tenant revision; an
 * expired entry is a miss (the full check runs again and refuses it). Bounded: when full, expired
 * entries go first, and if that is not enough everything goes (the next requests re-verify).
 */
final class VerifiedTokens {

    private record Entry(Authentication auth, Instant expires) {
    }

    private final int capacity;
    private final Clock clock;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    VerifiedTokens(int capacity, Clock clock) {
        this.capacity = capacity;
        this.clock = clock;
    }

    @Nullable
    Authentication get(String key) {
        Entry e = entries.get(key);
        if (e == null) {
            return null;
        }
        if (!clock.instant().isBefore(e.expires())) {
            entries.remove(key, e);
            return null;
        }
        return e.auth();
    }

    void put(String key, Authentication auth, Instant expires) {
        Instant now = clock.instant();
        if (!now.isBefore(expires)) {
            return;
        }
        if (entries.size() >= capacity) {
            entries.values().removeIf(x -> !now.isBefore(x.expires()));
            if (entries.size() >= capacity) {
                entries.clear();
            }
        }
        entries.put(key, new Entry(auth, expires));
    }

    int size() {
        return entries.size();
    }
}
