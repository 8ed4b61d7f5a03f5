package co.mesa.record;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/** What the task API accepts (issue 27). Unknown fields are refused. */
public final class TaskRequests {

    private TaskRequests() {
    }

    /** A task of a change or a problem: assigned to a technician, a group or both; the due date as YYYY-MM-DD. */
    @Serdeable
    @Schema(name = "NewTask")
    public record NewTask(String title, @Nullable String assignedGroup, @Nullable String assignedAgentId,
                          @Nullable String dueOn) {
    }

    /** Changes to a task; absent fields stay. {@code state}: pendiente | en-curso | hecha | cancelada. */
    @Serdeable
    @Schema(name = "TaskEdit")
    public record Edit(@Nullable String title, @Nullable String state, @Nullable String assignedGroup,
                       @Nullable String assignedAgentId, @Nullable String dueOn) {
    }
}
