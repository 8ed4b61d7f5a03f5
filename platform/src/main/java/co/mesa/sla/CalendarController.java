package co.mesa.sla;

import co.mesa.shared.Messages;
import co.mesa.shared.Problem;
import co.mesa.tenant.TenantContext;
import co.mesa.shared.Languages;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.LocalDate;

/** {@code GET /api/v1/calendar/holidays}: the days the entity's desk is closed, public for planning. */
@Controller("/api/v1/calendar")
@Secured(SecurityRule.IS_ANONYMOUS)
@Tag(name = "Calendar")
public class CalendarController {

    private final BusinessCalendars calendars;
    private final Messages messages;

    public CalendarController(BusinessCalendars calendars, Messages messages) {
        this.calendars = calendars;
        this.messages = messages;
    }

    @Get("/holidays")
    @Operation(summary = "Holidays and closures of the entity's default calendar in a year",
            description = "Every national holiday (Ley 51 de 1983, computed from Easter, when the calendar follows "
                    + "Colombia's) and every whole-day closure the entity declared, in the year asked, as ISO dates, "
                    + "sorted, each once — also those on days the calendar is closed anyway. The default calendar "
                    + "is the one the entity publishes as its attention hours.")
    @Parameter(name = "Accept-Language", in = ParameterIn.HEADER, example = "es-CO",
            description = "Language of problem texts: es-CO (default) or en")
    // Declared here because the argument is nullable (the 400 is ours, in the caller's language).
    @Parameter(name = "year", in = ParameterIn.QUERY, required = true, example = "2026", description = "The year, 1984–2199",
            schema = @Schema(implementation = Integer.class, minimum = "1984", maximum = "2199"))
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = HolidaysView.class)))
    @ApiResponse(responseCode = "400", description = "year missing, not a number, or outside 1984–2199; "
            + "invalidParams names it and says why in the request's language",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "The host is not a tenant's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HolidaysView holidays(@Parameter(hidden = true) TenantContext tenant, HttpRequest<?> request,
                                 @QueryValue @Nullable String year) {
        SlaQueryParameters params = new SlaQueryParameters(messages, messages.pick(Languages.preferred(request)));
        Integer y = params.year("year", year);
        params.check();
        BusinessCalendar calendar = calendars.defaultCalendar(tenant);
        return new HolidaysView(y, calendar.key(), calendar.closedDays(y).stream().map(LocalDate::toString).toList());
    }
}
