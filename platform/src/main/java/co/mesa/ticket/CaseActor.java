package co.mesa.ticket;

import io.micronaut.core.annotation.Nullable;

import java.util.UUID;

/** Who an event is recorded for: a person on the agent or requester side, or the platform (no person). */
record CaseActor(@Nullable UUID personId, String kind) {

    static final CaseActor SYSTEM = new CaseActor(null, "system");
}
