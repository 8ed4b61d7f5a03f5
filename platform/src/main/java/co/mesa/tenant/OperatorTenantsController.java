package co.mesa.tenant;

import co.mesa.shared.Problem;
import co.mesa.shared.ProblemException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.Comparator;
import java.util.List;

/** The operators' view of the deployment, on the platform's own host only. */
@Controller("/api/v1/operator/tenants")
@Secured("operator")
@Tag(name = "Operator")
@SecurityRequirement(name = "bearer")
public class OperatorTenantsController {

    private final TenantRegistry registry;

    public OperatorTenantsController(TenantRegistry registry) {
        this.registry = registry;
    }

    /** One served tenant, as operators see it. */
    @Serdeable
    @Schema(name = "OperatorTenant")
    public record TenantSummary(String slug, String name, List<String> hosts, String realm, long revision) {
    }

    @Get
    @Operation(summary = "Every tenant served by this deployment, with its data revision")
    @ApiResponse(responseCode = "403", description = "Not an operator",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<TenantSummary> list(HttpRequest<?> request) {
        if (!request.getAttribute(TenantAttributes.PLATFORM, Boolean.class).orElse(false)) {
            throw new ProblemException(HttpStatus.NOT_FOUND, "not-found", "problem.not-found.title",
                    "problem.not-found.detail");
        }
        return registry.all().stream()
                .sorted(Comparator.comparing(TenantContext::slug))
                .map(t -> new TenantSummary(t.slug(), t.config().tenant().name().texts().get("es-CO"),
                        t.config().tenant().hosts(), t.config().tenant().realm(), t.revision()))
                .toList();
    }
}
