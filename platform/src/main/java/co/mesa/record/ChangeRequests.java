package co.mesa.record;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** What the change API accepts (issue 27). Unknown fields are refused. */
public final class ChangeRequests {

    private ChangeRequests() {
    }

    /** The work team of a change ("equipo de trabajo"): technicians by person id and platform groups by key. */
    @Serdeable
    @Schema(name = "ChangeTeam")
    public record Team(@Nullable List<String> agents, @Nullable List<String> groups) {
    }

    /**
     * A new change (RFC), optionally from cases and problems ("Nuevo cambio"). {@code type}: estandar | normal |
     * emergencia; {@code risk} and {@code impact}: bajo | medio | alto; the window's start and end are ISO-8601 instants.
     */
    @Serdeable
    @Schema(name = "NewChange")
    public record NewChange(String title, String description, String type, String reason,
                            @Nullable List<String> services, @Nullable List<String> sites, String risk, String impact,
                            String implementationPlan, String backoutPlan, String windowStart, String windowEnd,
                            @Nullable Team team, @Nullable String assignedGroup, @Nullable String assignedAgentId,
                            @Nullable List<String> cases, @Nullable List<String> problems) {
    }

    /**
     * Changes to a change; absent fields stay. The facts the committee judges (type, reason, services, sites, risk,
     * impact, plans, window, problems) change only while the change is in its initial state; the team and the
     * assignment while it is not over.
     */
    @Serdeable
    @Schema(name = "ChangeEdit")
    public record Edit(@Nullable String type, @Nullable String reason, @Nullable List<String> services,
                       @Nullable List<String> sites, @Nullable String risk, @Nullable String impact,
                       @Nullable String implementationPlan, @Nullable String backoutPlan, @Nullable String windowStart,
                       @Nullable String windowEnd, @Nullable List<String> problems, @Nullable Team team,
                       @Nullable String assignedGroup, @Nullable String assignedAgentId) {
    }

    /** A committee member's vote: approve or reject, always with a reason; once per member. */
    @Serdeable
    @Schema(name = "ChangeVote")
    public record Vote(Boolean approve, String reason) {
    }
}
