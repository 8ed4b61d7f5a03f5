package co.mesa.record;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** A record (a problem) as an agent sees it: the shared parts, what its kind adds, its cases and history. */
@Serdeable
@Schema(name = "Record")
public record RecordView(String id, String kind, String code, String title, String description, String state,
                         String stateName, String phase, @Nullable String substate, @Nullable String assignedGroup,
                         @Nullable String assignedAgentId, @Nullable ProblemFacts problem, List<LinkedCase> cases,
                         List<Transition> transitions, List<Event> history, @Nullable String dueAt,
                         @Nullable String closedAt, String createdAt, String updatedAt, int version) {

    /** What a problem adds: impact, root cause, workaround and the "error conocido" flag. */
    @Serdeable
    @Schema(name = "ProblemFacts")
    public record ProblemFacts(@Nullable String impact, @Nullable String rootCause, @Nullable String workaround,
                               boolean knownError, @Nullable String articleId) {
    }

    @Serdeable
    @Schema(name = "RecordLinkedCase")
    public record LinkedCase(String id, String code, String title, String state, boolean open) {
    }

    @Serdeable
    @Schema(name = "RecordTransition")
    public record Transition(String key, String name, boolean requiresNote) {
    }

    @Serdeable
    @Schema(name = "RecordEvent")
    public record Event(int seq, String kind, @Nullable String actorId, @Nullable String fromState,
                        @Nullable String toState, @Nullable String note, String at) {
    }

    /** One row of a list. */
    @Serdeable
    @Schema(name = "RecordSummary")
    public record Summary(String id, String code, String title, String state, String stateName,
                          @Nullable String assignedGroup, @Nullable String assignedAgentId, boolean knownError,
                          String createdAt, int version, @Nullable String workaround) {
    }

    @Serdeable
    @Schema(name = "RecordPage")
    public record Page(List<Summary> items, @Nullable String next) {
    }

    /** A counter and the list that shows exactly what it counts. */
    @Serdeable
    @Schema(name = "RecordCounter")
    public record Counter(String state, String stateName, long count, String list) {
    }

    @Serdeable
    @Schema(name = "RecordCounters")
    public record Counters(List<Counter> overview, List<Counter> mine, List<Counter> groups) {
    }
}
