package co.mesa.onboarding;

import co.mesa.shared.Messages;
import co.mesa.shared.Problem;
import co.mesa.shared.ProblemException;
import co.mesa.shared.TenantId;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.tenant.TenantSuspensions;
import co.mesa.shared.Languages;
import co.mesa.tenant.TenantAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.net.URI;
import java.util.UUID;

/** Operators onboard, suspend and resume entities, on the platform's own host only (decision 0008). */
@Controller("/api/v1/operator")
@Secured("operator")
@Tag(name = "Operator")
@SecurityRequirement(name = "bearer")
public class OperatorOnboardingController {

    static final String ZIP = "application/zip";

    private final OnboardingService onboarding;
    private final TenantSuspensions suspensions;
    private final TenantRegistry registry;
    private final Messages messages;

    public OperatorOnboardingController(OnboardingService onboarding, TenantSuspensions suspensions,
                                        TenantRegistry registry, Messages messages) {
        this.onboarding = onboarding;
        this.suspensions = suspensions;
        this.registry = registry;
        this.messages = messages;
    }

    @Post(value = "/tenants", consumes = ZIP)
    @Operation(summary = "Onboard an entity from a tenant bundle",
            description = "Body: a zip (Content-Type application/zip, at most 5 MB) of ONE tenant folder — the ten "
                    + "YAML files, onboarding.yaml (first tenant admin: username, email, firstName, lastName) and "
                    + "optionally branding/logo.svg or branding/logo.png and branding/theme.properties (color.* keys). "
                    + "Files may sit in one folder named as the slug, or at the root. Validation is synchronous; the "
                    + "steps import, realm, first-admin and branding then run in the request. Posting the same bundle "
                    + "again resumes a failed onboarding from the failed step.",
            requestBody = @RequestBody(required = true, content = @Content(mediaType = ZIP,
                    schema = @Schema(type = "string", format = "binary"))))
    @ApiResponse(responseCode = "202", description = "Accepted; the record (also at Location) shows each step",
            headers = @Header(name = "Location", description = "/api/v1/operator/onboardings/{id}"),
            content = @Content(schema = @Schema(implementation = OnboardingView.class)))
    @ApiResponse(responseCode = "422", description = "Invalid bundle: invalidParams names each file path#JSON-pointer and why",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "The slug exists with a different bundle, or its onboarding is running",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "403", description = "Not an operator",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<OnboardingView> onboard(HttpRequest<?> request, @Body byte[] bundle, Authentication auth) {
        platformOnly(request);
        TenantId id = onboarding.onboard(bundle, actor(auth), messages.pick(Languages.preferred(request)));
        URI location = URI.create("/api/v1/operator/onboardings/" + id.value());
        OnboardingView view = onboarding.view(id, slugOf(id), messages.pick(Languages.preferred(request))).orElseThrow();
        return HttpResponse.<OnboardingView>status(HttpStatus.ACCEPTED).headers(h -> h.location(location)).body(view);
    }

    @Get("/onboardings/{id}")
    @Operation(summary = "An onboarding record: each step with outcome, message and timestamps")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = OnboardingView.class)))
    @ApiResponse(responseCode = "404", description = "No such onboarding",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public OnboardingView get(HttpRequest<?> request, @PathVariable String id) {
        platformOnly(request);
        TenantId tenant;
        try {
            tenant = new TenantId(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            throw notFound();
        }
        return onboarding.view(tenant, slugOf(tenant), messages.pick(Languages.preferred(request)))
                .orElseThrow(OperatorOnboardingController::notFound);
    }

    @Post("/tenants/{slug}/suspend")
    @Operation(summary = "Suspend an entity: its API answers 403 tenant-suspended and its pages say so; data stays",
            description = "Opens a suspension period (kept for the SLA clock). GET /api/v1/tenant stays readable.")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TenantSuspensions.Status.class)))
    public TenantSuspensions.Status suspend(HttpRequest<?> request, @PathVariable String slug, Authentication auth) {
        platformOnly(request);
        return suspensions.suspend(tenant(slug), actor(auth));
    }

    @Post("/tenants/{slug}/resume")
    @Operation(summary = "Resume a suspended entity; closes its open suspension period")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TenantSuspensions.Status.class)))
    public TenantSuspensions.Status resume(HttpRequest<?> request, @PathVariable String slug, Authentication auth) {
        platformOnly(request);
        return suspensions.resume(tenant(slug), actor(auth));
    }

    @Get("/tenants/{slug}/suspensions")
    @Operation(summary = "An entity's suspension state and every suspension period")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TenantSuspensions.Status.class)))
    public TenantSuspensions.Status suspensions(HttpRequest<?> request, @PathVariable String slug) {
        platformOnly(request);
        return suspensions.status(tenant(slug));
    }

    private TenantContext tenant(String slug) {
        return registry.bySlug(slug).orElseThrow(OperatorOnboardingController::notFound);
    }

    private String slugOf(TenantId id) {
        return registry.all().stream().filter(t -> t.id().equals(id)).map(TenantContext::slug).findFirst()
                .orElse(id.value().toString());
    }

    private static String actor(Authentication auth) {
        Object username = auth.getAttributes().get("preferred_username");
        return username != null ? username.toString() : auth.getName();
    }

    /** The operator surface exists only on the platform host; elsewhere it is simply not there. */
    private static void platformOnly(HttpRequest<?> request) {
        if (!request.getAttribute(TenantAttributes.PLATFORM, Boolean.class).orElse(false)) {
            throw notFound();
        }
    }

    private static ProblemException notFound() {
        return new ProblemException(HttpStatus.NOT_FOUND, "not-found", "problem.not-found.title",
                "problem.not-found.detail");
    }
}
