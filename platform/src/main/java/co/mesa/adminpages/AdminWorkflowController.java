package co.mesa.adminpages;

import co.mesa.identity.Roles;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.web.page.PageShell;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tenant's workflow under {@code /admin/flujo}, read-only: states, transitions and who may take them.
 */
@Controller("/admin")
@Hidden
@Secured(Roles.TENANT_ADMIN)
@Produces(MediaType.TEXT_HTML)
public class AdminWorkflowController {

    private final PageShell shell;

    public AdminWorkflowController(PageShell shell) {
        this.shell = shell;
    }

    @Get("/flujo")
    public HttpResponse<?> workflow(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth) {
        PageShell.Page page = shell.page(tenant, request, auth);
        TenantConfig.Workflow wf = tenant.config().workflow();
        Map<String, String> stateNames = new HashMap<>();
        wf.states().forEach(s -> stateNames.put(s.key(), page.label(s.name())));
        List<Map<String, Object>> states = wf.states().stream().map(s -> Map.<String, Object>of(
                "key", s.key(), "name", page.label(s.name()), "phase", page.t("admin.workflow.phase." + s.phase().name()),
                "initial", s.initial(), "stopsClock", s.stopsClock())).toList();
        List<Map<String, Object>> substates = wf.substates().stream().map(s -> Map.<String, Object>of(
                "key", s.key(), "name", page.label(s.name()),
                "states", String.join(", ", s.states().stream().map(k -> stateNames.getOrDefault(k, k)).toList()),
                "stopsClock", s.stopsClock())).toList();
        List<Map<String, Object>> transitions = wf.transitions().stream().map(t -> Map.<String, Object>of(
                "key", t.key(), "name", page.label(t.name()),
                "from", String.join(", ", t.from().stream().map(k -> "*".equals(k) ? page.t("admin.workflow.any")
                        : stateNames.getOrDefault(k, k)).toList()),
                "to", stateNames.getOrDefault(t.to(), t.to()), "requiresNote", t.requiresNote(),
                "automatic", t.automaticOn() != null)).toList();
        List<Map<String, Object>> actions = wf.actions().stream().map(a -> Map.<String, Object>of(
                "kind", a.kind(), "name", page.label(a.name()),
                "states", a.states().isEmpty() ? page.t("admin.workflow.open-states")
                        : String.join(", ", a.states().stream().map(k -> stateNames.getOrDefault(k, k)).toList()),
                "published", a.published())).toList();
        return page.render("admin/workflow", page.t("admin.workflow.title"), Map.of("states", states,
                "substates", substates, "transitions", transitions, "actions", actions));
    }
}
