package co.mesa.record;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/** A task ("actividad, hito o tarea") of a change or a problem. {@code state}: pendiente | en-curso | hecha | cancelada. */
@Serdeable
@Schema(name = "RecordTask")
public record TaskView(String id, String recordId, String recordKind, String recordCode, String title,
                       @Nullable String assignedGroup, @Nullable String assignedAgentId, @Nullable String dueOn,
                       String state, String createdAt, int version) {
}
