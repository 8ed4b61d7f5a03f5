package co.mesa.record;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** One record of any kind as stored: the shared columns, and what the kind adds in {@code details}. */
public record RecordRow(UUID id, String kind, String code, String title, String description, Map<String, Object> details,
                        String state, @Nullable String substate, @Nullable String assignedGroup,
                        @Nullable UUID assignedAgentId, UUID createdById, @Nullable Instant dueAt,
                        @Nullable Instant closedAt, Instant createdAt, Instant updatedAt, int version) {
}
