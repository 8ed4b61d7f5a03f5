package co.mesa.routing;

import co.mesa.identity.PeopleService;
import co.mesa.identity.PersonView;
import co.mesa.identity.Roles;
import co.mesa.routing.internal.AgentStore;
import co.mesa.shared.Problem;
import co.mesa.shared.ProblemException;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;

/** An agent marks themselves away (vacation, leave) and back; away agents get no new cases. */
@Controller("/api/v1/me/availability")
@Tag(name = "Routing")
@SecurityRequirement(name = "bearer")
@Secured({Roles.AGENT, Roles.SUPERVISOR})
@ApiResponse(responseCode = "401", description = "No valid token of this host's tenant",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class AvailabilityController {

    /** Away from {@code from} (now if absent) until {@code until} (until they come back if absent); away=false: back. */
    @Serdeable
    @Schema(name = "Availability")
    public record AvailabilityView(boolean away, @Nullable Instant from, @Nullable Instant until, @Nullable String note) {
    }

    /** What an agent sends: {@code away} is required (a body without it used to mean "back"). */
    @Serdeable
    @Schema(name = "AvailabilityChange", requiredProperties = "away")
    public record AvailabilityChange(@Nullable Boolean away, @Nullable Instant from, @Nullable Instant until,
                                     @Nullable String note) {
    }

    private final TenantTransactions tx;
    private final AgentStore agents;
    private final PeopleService people;

    public AvailabilityController(TenantTransactions tx, AgentStore agents, PeopleService people) {
        this.tx = tx;
        this.agents = agents;
        this.people = people;
    }

    @Get
    @Operation(summary = "Whether I am away, and until when")
    public AvailabilityView get(@Parameter(hidden = true) TenantContext tenant, Authentication auth) {
        return tx.write(tenant.id(), c -> {
            PersonView me = people.caller(c, tenant, auth);
            return agents.availability(c, me.id()).map(a -> view(a, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS)))
                    .orElse(new AvailabilityView(false, null, null, null));
        });
    }

    @Put
    @Operation(summary = "Mark myself away or back", description = "Away agents are skipped by routing; their open cases stay theirs.")
    @ApiResponse(responseCode = "400", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AvailabilityView put(@Parameter(hidden = true) TenantContext tenant, Authentication auth,
                                @Body AvailabilityChange change) {
        if (change.away() == null) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "availability.invalid", "problem.bad-request.title",
                    "problem.availability.invalid.detail").withParamErrors(List.of(
                    new ProblemException.ParamError("away", "availability.param.away")));
        }
        AvailabilityView body = new AvailabilityView(change.away(), change.from(), change.until(), change.note());
        // Whole microseconds, as PostgreSQL keeps them: "away from now" must read back as away.
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        Instant from = body.away() ? (body.from() == null ? now : body.from()) : null;
        Instant until = body.away() ? body.until() : null;
        List<ProblemException.ParamError> errors = new java.util.ArrayList<>();
        // Dates a leave can have: within a year back and five ahead (a year like +999999999 is a typo,
        // and PostgreSQL cannot store it).
        Instant earliest = now.minus(java.time.Duration.ofDays(366));
        Instant latest = now.plus(java.time.Duration.ofDays(5 * 366));
        if (from != null && (from.isBefore(earliest) || from.isAfter(latest))) {
            errors.add(new ProblemException.ParamError("from", "availability.param.range"));
        }
        if (until != null && (until.isBefore(earliest) || until.isAfter(latest))) {
            errors.add(new ProblemException.ParamError("until", "availability.param.range"));
        } else if (from != null && until != null && !until.isAfter(from)) {
            errors.add(new ProblemException.ParamError("until", "availability.param.until"));
        }
        co.mesa.shared.Text.forbiddenControl(body.note()).ifPresent(ch -> errors.add(new ProblemException.ParamError(
                "note", "input.param.control", co.mesa.shared.Text.codePoint(ch))));
        if (!errors.isEmpty()) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "availability.invalid", "problem.bad-request.title",
                    "problem.availability.invalid.detail").withParamErrors(errors);
        }
        String note = body.away() && body.note() != null ? body.note().strip() : null;
        return tx.write(tenant.id(), c -> {
            PersonView me = people.caller(c, tenant, auth);
            agents.setAway(c, tenant.id(), me.id(), from, until, note);
            return agents.availability(c, me.id()).map(a -> view(a, now)).orElseThrow();
        });
    }

    private static AvailabilityView view(AgentStore.Availability a, Instant now) {
        boolean away = a.awayFrom() != null && !a.awayFrom().isAfter(now) && (a.awayUntil() == null || a.awayUntil().isAfter(now));
        boolean scheduled = a.awayFrom() != null && a.awayFrom().isAfter(now);
        return new AvailabilityView(away, away || scheduled ? a.awayFrom() : null, away || scheduled ? a.awayUntil() : null,
                away || scheduled ? a.note() : null);
    }
}
