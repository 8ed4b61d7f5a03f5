package co.mesa.sla;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** A due date worked out on a calendar, with the inputs as they were read. */
@Serdeable
@Schema(name = "SlaPreview")
public record SlaPreviewView(
        @Schema(description = "Key of the calendar used", example = "mesa-servicios") String calendar,
        @Schema(description = "The calendar's time zone, in which every instant here is written",
                example = "America/Bogota") String timeZone,
        @Schema(description = "The start as read, to the second", example = "2026-11-27T16:00:00-05:00") String start,
        @Schema(description = "The target of business time, normalised", example = "PT2H30M") String target,
        @Schema(description = "The pauses as read, merged where they overlap or touch, sorted")
        List<PauseView> pauses,
        @Schema(description = "The earliest instant at which the target has elapsed on the calendar",
                example = "2026-11-30T09:30:00-05:00") String dueAt) {

    /** A stretch of time in which the clock is stopped. */
    @Serdeable
    @Schema(name = "SlaPause")
    public record PauseView(String start, String end) {
    }
}
