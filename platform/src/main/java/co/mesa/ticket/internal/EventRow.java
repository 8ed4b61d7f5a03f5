package co.mesa.ticket.internal;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** One {@code case_event} row: written once, never changed. */
public record EventRow(UUID caseId, int version, Instant at, @Nullable UUID actorId, String actorKind, String kind,
                       boolean published, @Nullable String note, Map<String, Object> changes,
                       Map<String, Object> data) {
}
