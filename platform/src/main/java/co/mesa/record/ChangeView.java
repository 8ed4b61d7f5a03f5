package co.mesa.record;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** A change (RFC) as an agent sees it: the shared record, its facts, its committee and its tasks. */
@Serdeable
@Schema(name = "Change")
public record ChangeView(RecordView record, Facts change, Committee committee, List<TaskView> tasks) {

    @Serdeable
    @Schema(name = "ChangeFacts")
    public record Facts(String type, String reason, List<String> services, List<String> sites, String risk,
                        String impact, String implementationPlan, String backoutPlan, String windowStart,
                        String windowEnd, List<String> teamAgents, List<String> teamGroups, List<String> problems) {
    }

    /**
     * The committee as it stands: its members' group, the rule that applies to this change (the emergency rule for an
     * emergency change), how many members there are, the votes, and the decision once taken.
     */
    @Serdeable
    @Schema(name = "ChangeCommittee")
    public record Committee(String group, String rule, int members, int needed, long approvals, long rejections,
                            @Nullable String decision, List<Vote> votes) {
    }

    @Serdeable
    @Schema(name = "ChangeCommitteeVote")
    public record Vote(String memberId, String memberName, boolean approve, String reason, String at) {
    }

    /** The "Cambios y entregas" counters (002 §11): the record counters plus the two work-team views. */
    @Serdeable
    @Schema(name = "ChangeCounters")
    public record Counters(List<RecordView.Counter> overview, List<RecordView.Counter> mine,
                           List<RecordView.Counter> groups, List<RecordView.Counter> team,
                           List<RecordView.Counter> teamGroups) {
    }
}
