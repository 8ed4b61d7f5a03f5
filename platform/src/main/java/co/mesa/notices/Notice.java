package co.mesa.notices;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/** A notice for the entity's agents ("Avisos / alertas para técnicos", 002 §11), valid in a window. */
public record Notice(UUID id, String body, Importance importance, Instant validFrom, Instant validUntil,
                     String postedBy, Instant postedAt, @Nullable Instant withdrawnAt) {

    /** How much it matters; the home shows the most important first. */
    public enum Importance {
        CRITICAL("critical"), IMPORTANT("important"), INFO("info");

        private final String key;

        Importance(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        public static Optional<Importance> of(@Nullable String key) {
            return Arrays.stream(values()).filter(i -> i.key.equals(key)).findFirst();
        }
    }

    /** Whether agents see it at {@code at}: inside its window and not withdrawn. */
    public boolean shownAt(Instant at) {
        return withdrawnAt == null && !at.isBefore(validFrom) && at.isBefore(validUntil);
    }

    /** What a supervisor or administrator posts. */
    public record Draft(String body, @Nullable Importance importance, @Nullable Instant validFrom, @Nullable Instant validUntil) {
    }
}
