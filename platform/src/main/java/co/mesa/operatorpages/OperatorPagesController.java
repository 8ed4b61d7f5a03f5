package co.mesa.operatorpages;

import co.mesa.identity.Roles;
import co.mesa.onboarding.OnboardingService;
import co.mesa.onboarding.OnboardingView;
import co.mesa.shared.Problem;
import co.mesa.shared.ProblemException;
import co.mesa.shared.TenantId;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.tenant.TenantSuspensions;
import co.mesa.tenantconfig.I18n;
import co.mesa.web.ProblemResponses;
import co.mesa.web.TenantFilter;
import co.mesa.web.page.PageShell;
import co.mesa.web.page.PlatformHostOnly;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The platform operators' pages under {@code /operador}, on the platform's own host only: the
 * tenants served, onboarding a new entity from a bundle (with a progress page), and suspending or
 * resuming an entity with a reason.
 *
 * <p>Operators sign in with a browser against the platform realm ({@code /auth/login} on this host:
 * a session of the platform's own, whose forms carry its CSRF token), or authenticate as the
 * operator API does, with a bearer token of the platform realm (forms then need no CSRF token: a
 * browser does not attach a bearer token on its own). Both are checked before a handler runs
 * (decision 0016): the role here, the token by the pages' CSRF filter.
 */
@Controller("/operador")
@Hidden
@Secured(Roles.OPERATOR)
@PlatformHostOnly
@Produces(MediaType.TEXT_HTML)
public class OperatorPagesController {

    static final int MAX_REASON = 500;

    private final PageShell shell;
    private final TenantRegistry registry;
    private final TenantSuspensions suspensions;
    private final OnboardingService onboarding;
    private final ProblemResponses problems;

    public OperatorPagesController(PageShell shell, TenantRegistry registry, TenantSuspensions suspensions,
                                   OnboardingService onboarding, ProblemResponses problems) {
        this.shell = shell;
        this.registry = registry;
        this.suspensions = suspensions;
        this.onboarding = onboarding;
        this.problems = problems;
    }

    // ---- tenants -----------------------------------------------------------------------------

    @Get
    public HttpResponse<?> tenants(HttpRequest<?> request, @Nullable Authentication auth,
                                   @Nullable @QueryValue String hecho) {
        PageShell.Page page = shell.platformPage(platformOnly(request), auth);
        return tenantsPage(page, null, Map.of(), hecho);
    }

    @Post("/entidades/{slug}/{action}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> suspendOrResume(HttpRequest<?> request, @Nullable Authentication auth,
                                           @PathVariable String slug, @PathVariable String action,
                                           @Body Map<String, String> form) {
        PageShell.Page page = shell.platformPage(platformOnly(request), auth);
        boolean suspend = "suspender".equals(action);
        if (!suspend && !"reanudar".equals(action)) {
            return notFound(page);
        }
        Optional<TenantContext> tenant = registry.bySlug(slug);
        if (tenant.isEmpty()) {
            return notFound(page);
        }
        String reason = form.getOrDefault("motivo", "").strip().replaceAll("\\s+", " ");
        String fieldId = "motivo-" + action + "-" + slug;
        String error = null;
        if (reason.isEmpty()) {
            error = page.t(suspend ? "operator.error.reason-required.suspend" : "operator.error.reason-required.resume");
        } else if (reason.length() > MAX_REASON) {
            error = page.t("operator.error.reason-long", MAX_REASON);
        }
        if (error != null) {
            return tenantsPage(page, fieldId, Map.of("message", error, "value", reason), null)
                    .status(HttpStatus.UNPROCESSABLE_ENTITY);
        }
        // The suspension record keeps who, when and why (the reason travels with the actor).
        String actor = actor(auth) + " — " + page.t("operator.reason.recorded", reason);
        if (suspend) {
            suspensions.suspend(tenant.get(), actor);
        } else {
            suspensions.resume(tenant.get(), actor);
        }
        return PageShell.Page.redirect("/operador?hecho=" + (suspend ? "suspendida" : "reanudada") + "-" + slug);
    }

    private io.micronaut.http.MutableHttpResponse<String> tenantsPage(PageShell.Page page, @Nullable String failedField,
                                                                        Map<String, String> failure, @Nullable String done) {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<TenantContext> all = new ArrayList<>(registry.all());
        all.sort(Comparator.comparing(TenantContext::slug));
        for (TenantContext t : all) {
            Map<String, Object> m = new HashMap<>();
            m.put("slug", t.slug());
            m.put("name", I18n.resolve(t.config().tenant().name(), List.of(page.locale())));
            m.put("hosts", t.config().tenant().hosts());
            m.put("revision", t.revision());
            TenantSuspensions.Status status = suspensions.status(t);
            m.put("suspended", status.suspended());
            if (status.suspended() && !status.periods().isEmpty()) {
                TenantSuspensions.Period open = status.periods().get(status.periods().size() - 1);
                m.put("since", open.start());
                m.put("by", open.startedBy());
            }
            String action = status.suspended() ? "reanudar" : "suspender";
            m.put("action", action);
            String id = "motivo-" + action + "-" + t.slug();
            m.put("fieldId", id);
            if (id.equals(failedField)) {
                m.put("error", failure.get("message"));
                m.put("value", failure.get("value"));
            }
            rows.add(m);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("tenants", rows);
        if (failedField != null) {
            model.put("errors", List.of(Map.of("id", failedField, "message", failure.get("message"))));
        }
        if (done != null) {
            boolean suspended = done.startsWith("suspendida-");
            String slug = done.substring(done.indexOf('-') + 1);
            registry.bySlug(slug).ifPresent(t -> model.put("done", page.t(suspended ? "operator.done.suspended"
                    : "operator.done.resumed", I18n.resolve(t.config().tenant().name(), List.of(page.locale())))));
        }
        return page.render("operator/tenants", page.t("operator.tenants.title"), model);
    }

    // ---- onboarding --------------------------------------------------------------------------

    @Get("/altas/nueva")
    public HttpResponse<?> onboardForm(HttpRequest<?> request, @Nullable Authentication auth) {
        PageShell.Page page = shell.platformPage(platformOnly(request), auth);
        return page.render("operator/onboard", page.t("operator.onboard.title"), Map.of());
    }

    @Post(value = "/altas", consumes = MediaType.MULTIPART_FORM_DATA)
    public HttpResponse<?> onboard(HttpRequest<?> request, @Nullable Authentication auth,
                                   @Nullable @Part("paquete") CompletedFileUpload bundle) {
        PageShell.Page page = shell.platformPage(platformOnly(request), auth);
        Map<String, Object> model = new HashMap<>();
        if (bundle == null || bundle.getSize() == 0) {
            String message = page.t("operator.onboard.error.file");
            model.put("errors", List.of(Map.of("id", "paquete", "message", message)));
            model.put("fileError", message);
            return page.render("operator/onboard", page.t("operator.onboard.title"), model)
                    .status(HttpStatus.UNPROCESSABLE_ENTITY);
        }
        byte[] bytes;
        try {
            bytes = bundle.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            TenantId id = onboarding.onboard(bytes, actor(auth), page.locale());
            return PageShell.Page.redirect("/operador/altas/" + id.value());
        } catch (ProblemException e) {
            Problem p = problems.problem(request, e);
            List<Map<String, String>> errors = new ArrayList<>();
            errors.add(Map.of("id", "paquete", "message", p.detail() == null ? p.title() : p.detail()));
            if (p.invalidParams() != null) {
                p.invalidParams().forEach(ip -> errors.add(Map.of("message", ip.name() + ": " + ip.reason())));
            }
            model.put("errors", errors);
            model.put("fileError", page.t("operator.onboard.error.bundle"));
            return page.render("operator/onboard", page.t("operator.onboard.title"), model)
                    .status(e.status().getCode() >= 500 ? HttpStatus.INTERNAL_SERVER_ERROR : HttpStatus.UNPROCESSABLE_ENTITY);
        }
    }

    @Get("/altas/{id}")
    public HttpResponse<?> progress(HttpRequest<?> request, @Nullable Authentication auth, @PathVariable String id) {
        PageShell.Page page = shell.platformPage(platformOnly(request), auth);
        TenantId tenant;
        try {
            tenant = new TenantId(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return notFound(page);
        }
        String slug = registry.all().stream().filter(t -> t.id().equals(tenant)).map(TenantContext::slug).findFirst()
                .orElse(id);
        Optional<OnboardingView> view = onboarding.view(tenant, slug, page.locale());
        if (view.isEmpty()) {
            return notFound(page);
        }
        OnboardingView v = view.get();
        Map<String, Object> model = new HashMap<>();
        model.put("id", v.id());
        model.put("slug", v.slug());
        model.put("status", v.status());
        model.put("statusText", page.t("operator.progress.status." + v.status()));
        model.put("inProgress", "in-progress".equals(v.status()));
        model.put("admin", v.firstAdmin());
        model.put("warnings", v.warnings());
        model.put("steps", v.steps().stream().map(s -> {
            Map<String, Object> m = new HashMap<>();
            m.put("name", s.name());
            m.put("label", page.t("operator.step." + s.name()));
            m.put("outcome", s.outcome());
            m.put("outcomeText", page.t("operator.progress.status." + s.outcome()));
            m.put("message", s.message());
            m.put("finishedAt", s.finishedAt());
            return m;
        }).toList());
        return page.render("operator/progress", page.t("operator.progress.title", v.slug()), model);
    }

    /**
     * The onboarding record as JSON, for the progress page's script (which polls it while the steps run):
     * a page route, so the operator's page session reads it; the operator API keeps bearer tokens only.
     */
    @Get(value = "/altas/{id}/estado", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<OnboardingView> progressRecord(HttpRequest<?> request, @PathVariable String id) {
        platformOnly(request);
        TenantId tenant;
        try {
            tenant = new TenantId(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return HttpResponse.notFound();
        }
        String slug = registry.all().stream().filter(t -> t.id().equals(tenant)).map(TenantContext::slug).findFirst()
                .orElse(id);
        return onboarding.view(tenant, slug, co.mesa.shared.Languages.preferred(request).stream().findFirst()
                        .orElse(co.mesa.shared.Messages.DEFAULT)).map(HttpResponse::ok)
                .orElseGet(HttpResponse::notFound);
    }

    // ---- shared ------------------------------------------------------------------------------

    /** The operator pages exist only on the platform host; elsewhere they are simply not there. */
    private static HttpRequest<?> platformOnly(HttpRequest<?> request) {
        if (!request.getAttribute(TenantFilter.PLATFORM_ATTRIBUTE, Boolean.class).orElse(false)) {
            throw new ProblemException(HttpStatus.NOT_FOUND, "not-found", "problem.not-found.title",
                    "problem.not-found.detail");
        }
        return request;
    }

    private static HttpResponse<?> notFound(PageShell.Page page) {
        return page.error(HttpStatus.NOT_FOUND, "operator.error.not-found.title", "operator.error.not-found.detail");
    }

    private static String actor(@Nullable Authentication auth) {
        if (auth == null) {
            return "?";
        }
        Object username = auth.getAttributes().get("preferred_username");
        return username != null ? username.toString() : auth.getName();
    }
}
