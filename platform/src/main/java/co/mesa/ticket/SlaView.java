package co.mesa.ticket;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/**
 * A case's SLA timeline as the API shows it: every counted and every paused span, and the due
 * dates they give — so an agent can see why a case is due when it is. {@code frozen}: the case is
 * closed and this is the outcome it was closed with.
 */
@Serdeable
@Schema(name = "CaseSla")
public record SlaView(
        @Nullable String policy,
        @Nullable String policyName,
        @Nullable String calendar,
        @Schema(description = "Why a target is not measured (e.g. depends on the project)") @Nullable String note,
        boolean paused,
        @Schema(description = "Past its resolution due date without a solution in time (\"caduca\")") boolean expired,
        boolean frozen,
        @Nullable TargetView response,
        @Nullable TargetView resolution,
        List<SpanView> timeline) {

    /** One target: business time (ISO-8601), when it falls due (null while paused), and how it stands. */
    @Serdeable
    @Schema(name = "SlaTarget")
    public record TargetView(String target, @Nullable Instant dueAt, @Nullable Instant warnAt, @Nullable Instant metAt,
                             @Schema(description = "RUNNING, PAUSED, MET or BREACHED") String status,
                             @Schema(description = "Business time left (ISO-8601), while running or paused") @Nullable String remaining,
                             @Schema(description = "Whole business days the target was stated in; null when stated in hours")
                             @Nullable Integer businessDays,
                             @Schema(description = "When it would fall due had the clock never stopped") @Nullable Instant dueWithoutPauses) {

        /** A target without the issue-20 explanation fields (stated in hours, no pause-free due date). */
        public TargetView(String target, @Nullable Instant dueAt, @Nullable Instant warnAt, @Nullable Instant metAt, String status,
                          @Nullable String remaining) {
            this(target, dueAt, warnAt, metAt, status, remaining, null, null);
        }
    }

    /** A span of the timeline; {@code reason} is the state or substate key, or "suspension". */
    @Serdeable
    @Schema(name = "SlaSpan")
    public record SpanView(Instant start, @Nullable Instant end, boolean counted, String reason, @Nullable String label) {
    }

    SlaView withLabels(List<SpanView> labelled, boolean isFrozen) {
        return new SlaView(policy, policyName, calendar, note, paused, expired, isFrozen, response, resolution, labelled);
    }
}
