package co.mesa.catalog;

import co.mesa.shared.Problem;
import co.mesa.tenant.TenantContext;
import co.mesa.shared.Languages;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.HashSet;
import java.util.Set;

/** {@code GET /api/v1/catalog}: what the entity offers, public so anyone can see the catalog and its targets. */
@Controller("/api/v1/catalog")
@Secured(SecurityRule.IS_ANONYMOUS)
@Tag(name = "Catalog")
public class CatalogController {

    private final CatalogService catalog;

    public CatalogController(CatalogService catalog) {
        this.catalog = catalog;
    }

    @Get
    @Operation(summary = "The tenant's catalog",
            description = "Service lines, services with their categories and SLA targets at the tenant's default "
                    + "priority, and the request templates the caller may use (anonymous callers: unrestricted "
                    + "templates only). Labels in the request's language (Accept-Language; es-CO by default).")
    @Parameter(name = "Accept-Language", in = ParameterIn.HEADER, example = "es-CO")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CatalogView.class)))
    @ApiResponse(responseCode = "404", description = "The host is not a tenant's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CatalogView get(@Parameter(hidden = true) TenantContext tenant, HttpRequest<?> request, @Nullable Authentication authentication) {
        Set<String> audiences = new HashSet<>();
        if (authentication != null) {
            // Template audiences are realm roles or directory groups (heads of area, coordinators…).
            audiences.addAll(authentication.getRoles());
            for (String claim : java.util.List.of("groups", "mesaGroups")) {
                Object v = authentication.getAttributes().get(claim);
                if (v instanceof java.util.Collection<?> c) {
                    c.forEach(g -> audiences.add(String.valueOf(g)));
                } else if (v != null) {
                    audiences.add(String.valueOf(v));
                }
            }
        }
        return catalog.catalog(tenant, audiences, Languages.preferred(request));
    }
}
