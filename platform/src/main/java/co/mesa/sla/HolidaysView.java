package co.mesa.sla;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** The days a calendar is closed in a year: national holidays and the entity's own closures. */
@Serdeable
@Schema(name = "Holidays")
public record HolidaysView(
        int year,
        @Schema(description = "Key of the calendar the dates belong to (the entity's default calendar)",
                example = "mesa-servicios") String calendar,
        @Schema(description = "ISO dates, sorted, each once; holidays on weekends included",
                example = "[\"2026-01-01\", \"2026-01-12\"]") List<String> dates) {
}
