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
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/** {@code GET /api/v1/sla/preview}: when a target of business time would fall due, public so anyone can check. */
@Controller("/api/v1/sla")
@Secured(SecurityRule.IS_ANONYMOUS)
@Tag(name = "SLA")
public class SlaPreviewController {

    static final DateTimeFormatter OUTPUT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    private final BusinessCalendars calendars;
    private final Messages messages;

    public SlaPreviewController(BusinessCalendars calendars, Messages messages) {
        this.calendars = calendars;
        this.messages = messages;
    }

    @Get("/preview")
    @Operation(summary = "Due date of a business-time target on one of the entity's calendars",
            description = "The earliest instant at which `target` of business time on the calendar has elapsed "
                    + "since `start`, not counting business time inside any `pause`. Business time is the "
                    + "calendar's weekly windows less national holidays and the entity's closures. If the time "
                    + "runs out exactly at a closing time, the answer is that closing time. Instants are ISO-8601 "
                    + "with an offset (`Z` too) or without one (then read in the entity's time zone); a `+` that "
                    + "arrives decoded as a space is read as `+`; fractions of a second are dropped. Every instant "
                    + "in the answer is written `uuuu-MM-dd'T'HH:mm:ssXXX` in the calendar's zone.")
    @Parameter(name = "Accept-Language", in = ParameterIn.HEADER, example = "es-CO",
            description = "Language of problem texts: es-CO (default) or en")
    // Declared here because the arguments are nullable (the 400 is ours, in the caller's language).
    @Parameter(name = "start", in = ParameterIn.QUERY, required = true, example = "2026-11-27T16:00:00-05:00",
            description = "When the clock starts: ISO-8601 date-time, offset optional",
            schema = @Schema(implementation = String.class))
    @Parameter(name = "target", in = ParameterIn.QUERY, required = true, example = "PT2H30M",
            description = "Business time to elapse, in hours and/or minutes, from PT1M to PT10000H; day units are "
                    + "refused (business days belong to the entity's policies)",
            schema = @Schema(implementation = String.class))
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SlaPreviewView.class)))
    @ApiResponse(responseCode = "400", description = "A parameter is missing or wrong (start or target missing, "
            + "unreadable instant, target outside 1 minute–10,000 hours or in days, a pause not ending after it "
            + "starts, an unknown calendar, instants outside 1984–2199); invalidParams names each "
            + "(pauses as pause[i], counted from 0) and says why in the request's language",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "The host is not a tenant's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SlaPreviewView preview(
            @Parameter(hidden = true) TenantContext tenant, HttpRequest<?> request,
            @QueryValue @Nullable String start,
            @QueryValue @Nullable String target,
            @Parameter(description = "A span in which the clock is stopped, `start/end` (end after start); "
                    + "repeatable; overlapping pauses merge",
                    array = @ArraySchema(schema = @Schema(type = "string",
                            example = "2026-11-27T16:30:00-05:00/2026-11-27T16:45:00-05:00")))
            @QueryValue("pause") @Nullable List<String> pause,
            @Parameter(description = "Key of one of the entity's calendars; its default calendar (attention hours) "
                    + "if absent", example = "mesa-servicios")
            @QueryValue @Nullable String calendar) {
        SlaQueryParameters params = new SlaQueryParameters(messages, messages.pick(Languages.preferred(request)));
        ZoneId tenantZone = tenant.zone();
        Instant from = params.instant("start", start, tenantZone, true);
        Duration duration = params.target("target", target);
        List<Interval> pauses = params.pauses("pause", pause, tenantZone);
        String key = calendar == null || calendar.isBlank() ? BusinessCalendars.defaultKey(tenant) : calendar.strip();
        Optional<BusinessCalendar> found = calendars.find(tenant, key);
        if (found.isEmpty()) {
            params.unknownCalendar("calendar", key);
        }
        params.check();
        BusinessCalendar cal = found.orElseThrow();
        Instant due = cal.addBusinessTime(from, duration, pauses);
        ZoneId zone = cal.zone();
        return new SlaPreviewView(cal.key(), zone.getId(), write(from, zone), duration.toString(),
                Interval.merge(pauses).stream()
                        .map(p -> new SlaPreviewView.PauseView(write(p.start(), zone), write(p.end(), zone))).toList(),
                write(due, zone));
    }

    private static String write(Instant instant, ZoneId zone) {
        return OUTPUT.format(instant.atZone(zone));
    }
}
