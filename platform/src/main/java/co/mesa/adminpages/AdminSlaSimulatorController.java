package co.mesa.adminpages;

import co.mesa.identity.Roles;
import co.mesa.shared.CaseFacts;
import co.mesa.shared.Problem;
import co.mesa.shared.ProblemException;
import co.mesa.sla.SlaPreviewController;
import co.mesa.sla.SlaPreviewView;
import co.mesa.sla.SlaTargets;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.web.ProblemResponses;
import co.mesa.web.page.PageShell;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SLA simulator under {@code /admin/sla}: the due dates a case filed at a given moment would get.
 */
@Controller("/admin")
@Hidden
@Secured(Roles.TENANT_ADMIN)
@Produces(MediaType.TEXT_HTML)
public class AdminSlaSimulatorController {

    private final PageShell shell;
    private final SlaTargets slaTargets;
    private final SlaPreviewController slaPreview;
    private final ProblemResponses problems;

    public AdminSlaSimulatorController(PageShell shell, SlaTargets slaTargets, SlaPreviewController slaPreview,
                                       ProblemResponses problems) {
        this.shell = shell;
        this.slaTargets = slaTargets;
        this.slaPreview = slaPreview;
        this.problems = problems;
    }

    @Get("/sla")
    public HttpResponse<?> sla(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                               @Nullable @QueryValue String categoria, @Nullable @QueryValue String prioridad,
                               @Nullable @QueryValue String inicio) {
        PageShell.Page page = shell.page(tenant, request, auth);
        TenantConfig config = tenant.config();
        List<Map<String, Object>> categories = new ArrayList<>();
        for (TenantConfig.ServiceLine line : config.catalog().serviceLines()) {
            for (TenantConfig.Service s : line.services()) {
                for (TenantConfig.Category c : s.categories()) {
                    categories.add(Map.of("value", line.key() + "/" + s.key() + "/" + c.key(),
                            "name", page.label(s.name()) + " — " + page.label(c.name())));
                }
            }
        }
        List<Map<String, Object>> priorities = config.priorities().levels().stream()
                .map(l -> Map.<String, Object>of("key", l.key(), "name", page.label(l.name()))).toList();
        Map<String, Object> model = new HashMap<>();
        model.put("categories", categories);
        model.put("priorities", priorities);
        model.put("categoria", categoria);
        model.put("prioridad", prioridad);
        model.put("inicio", inicio);
        if (categoria != null || prioridad != null || inicio != null) {
            Errors errors = new Errors(page);
            String[] parts = categoria == null ? new String[0] : categoria.split("/", -1);
            if (parts.length != 3 || categories.stream().noneMatch(c -> c.get("value").equals(categoria))) {
                errors.field("categoria", "admin.sla.error.category");
            }
            if (prioridad == null || priorities.stream().noneMatch(p -> p.get("key").equals(prioridad))) {
                errors.field("prioridad", "admin.sla.error.priority");
            }
            if (inicio == null || inicio.isBlank()) {
                errors.field("inicio", "admin.sla.error.start");
            }
            if (errors.isEmpty()) {
                CaseFacts facts = new CaseFacts(parts[0], parts[1], parts[2], null, null, prioridad);
                Optional<SlaTargets.Targets> targets = slaTargets.targetsFor(config, facts);
                if (targets.isEmpty()) {
                    model.put("noPolicy", true);
                } else {
                    SlaTargets.Targets t = targets.get();
                    Map<String, Object> result = new HashMap<>();
                    config.sla().policies().stream().filter(p -> p.key().equals(t.policy())).findFirst()
                            .ifPresent(p -> result.put("policy", page.label(p.name())));
                    config.calendars().find(t.calendar()).ifPresent(c -> result.put("calendar", page.label(c.name())));
                    result.put("note", t.note() == null ? null : page.label(t.note()));
                    try {
                        result.put("response", due(tenant, request, inicio, t.response(), t.calendar()));
                        result.put("resolution", due(tenant, request, inicio, t.resolution(), t.calendar()));
                        model.put("result", result);
                    } catch (ProblemException e) {
                        Problem p = problems.problem(request, e);
                        if (p.invalidParams() != null) {
                            p.invalidParams().stream().filter(ip -> ip.name().equals("start"))
                                    .forEach(ip -> errors.raw("inicio", ip.reason()));
                        }
                        if (errors.isEmpty()) {
                            errors.problem(p);
                        }
                    }
                }
            }
            model.put("errors", errors.list());
            model.put("fieldErrors", errors.byField());
        }
        return page.render("admin/sla", page.t("admin.sla.title"), model);
    }

    @Nullable
    private Map<String, Object> due(TenantContext tenant, HttpRequest<?> request, String start, @Nullable Duration target,
                                    String calendar) {
        if (target == null) {
            return null;
        }
        String iso = "PT" + target.toHours() + "H" + target.toMinutesPart() + "M";
        SlaPreviewView v = slaPreview.preview(tenant, request, start, iso, null, calendar);
        return Map.of("start", v.start(), "due", v.dueAt(), "hours", target.toHours(), "minutes", target.toMinutesPart());
    }
}
