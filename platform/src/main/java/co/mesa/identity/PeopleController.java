package co.mesa.identity;

import co.mesa.shared.Problem;
import co.mesa.tenant.TenantContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.List;

/** The signed-in person ({@code /api/v1/me}) and the people directory search for agents. */
@Controller("/api/v1")
@Tag(name = "People")
@SecurityRequirement(name = "bearer")
@ApiResponse(responseCode = "401", description = "No valid token of this host's tenant",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class PeopleController {

    private final PeopleService people;

    public PeopleController(PeopleService people) {
        this.people = people;
    }

    @Get("/me")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    @Operation(summary = "The signed-in person, created or refreshed from the token")
    public PersonView me(@Parameter(hidden = true) TenantContext tenant, Authentication authentication) {
        return people.signedIn(tenant, authentication);
    }

    @Get("/people")
    @Secured({Roles.AGENT, Roles.SUPERVISOR, Roles.TENANT_ADMIN})
    @Operation(summary = "Search the tenant's people by name, username or email (at most 50)")
    @ApiResponse(responseCode = "403", description = "The caller is not an agent, supervisor or tenant admin",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<PersonView> search(@Parameter(hidden = true) TenantContext tenant, @Nullable @QueryValue("q") String q) {
        return people.search(tenant, q);
    }
}
