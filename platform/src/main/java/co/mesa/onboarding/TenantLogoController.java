package co.mesa.onboarding;

import co.mesa.onboarding.internal.OnboardingStore;
import co.mesa.shared.Problem;
import co.mesa.shared.ProblemException;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Serves the logo an operator's bundle brought, at {@code /assets/tenant/<slug>/logo}, on any host like other assets. */
@Controller("/assets/tenant")
@Secured(SecurityRule.IS_ANONYMOUS)
@Tag(name = "Tenant")
public class TenantLogoController {

    private final TenantRegistry registry;
    private final TenantTransactions tx;
    private final OnboardingStore store;

    public TenantLogoController(TenantRegistry registry, TenantTransactions tx, OnboardingStore store) {
        this.registry = registry;
        this.tx = tx;
        this.store = store;
    }

    @Get("/{slug}/logo")
    @Operation(summary = "The logo of an entity onboarded with branding (SVG or PNG)")
    @ApiResponse(responseCode = "200", content = {@Content(mediaType = "image/svg+xml"), @Content(mediaType = "image/png")})
    @ApiResponse(responseCode = "404", description = "No such entity, or it brought no logo",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<byte[]> logo(@PathVariable String slug) {
        TenantContext tenant = registry.bySlug(slug).orElseThrow(TenantLogoController::notFound);
        OnboardingStore.Branding branding = tx.read(tenant.id(), store::branding)
                .filter(b -> b.logo() != null).orElseThrow(TenantLogoController::notFound);
        return HttpResponse.ok(branding.logo())
                .contentType(branding.logoMediaType())
                // An uploaded SVG may carry script: never let it run or be sniffed as something else.
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox")
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "public, max-age=300");
    }

    private static ProblemException notFound() {
        return new ProblemException(HttpStatus.NOT_FOUND, "not-found", "problem.not-found.title",
                "problem.not-found.detail");
    }
}
