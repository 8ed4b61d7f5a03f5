package co.mesa.record;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** What the record API accepts. Unknown fields are refused. */
public final class RecordRequests {

    private RecordRequests() {
    }

    /** A new problem, optionally from one or several cases ("Nuevo problema" in the queue). */
    @Serdeable
    @Schema(name = "NewProblem")
    public record NewProblem(String title, String description, @Nullable String impact, @Nullable String assignedGroup,
                             @Nullable String assignedAgentId, @Nullable List<String> cases) {
    }

    /** Changes to a problem's own fields and assignment; absent fields stay as they are, an empty impact, root cause or workaround clears it. */
    @Serdeable
    @Schema(name = "ProblemEdit")
    public record ProblemEdit(@Nullable String title, @Nullable String description, @Nullable String impact,
                              @Nullable String rootCause, @Nullable String workaround, @Nullable Boolean knownError,
                              @Nullable String assignedGroup, @Nullable String assignedAgentId) {
    }

    /**
     * A workflow transition of the record's kind. Closing may tell the linked open cases: {@code message} is then
     * published on each of them (so their requesters and agents are told per the entity's notification settings).
     */
    @Serdeable
    @Schema(name = "RecordTransitionRequest")
    public record Transition(String transition, @Nullable String note, @Nullable Boolean notifyLinkedCases,
                             @Nullable String message) {
    }

    @Serdeable
    @Schema(name = "RecordCaseLink")
    public record CaseLink(String caseId) {
    }
}
