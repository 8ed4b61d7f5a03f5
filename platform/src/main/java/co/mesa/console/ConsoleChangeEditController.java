package co.mesa.console;

import co.mesa.identity.Roles;
import co.mesa.record.ChangeRequests;
import co.mesa.record.ChangeService;
import co.mesa.record.ChangeView;
import co.mesa.record.RecordService;
import co.mesa.shared.ProblemException;
import co.mesa.tenant.TenantContext;
import co.mesa.ticket.CaseService;
import co.mesa.web.page.PageShell;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Editing a change's facts in the console (issue 27) through {@link ChangeService#edit}, the API's call: allowed
 * while the change is in its workflow's initial state (the service refuses once it went to the committee), with the
 * version carried in the form — a stale form gets the conflict message, the current version and keeps its input.
 */
@Controller
@Hidden
@Secured({Roles.AGENT, Roles.SUPERVISOR})
@Produces(MediaType.TEXT_HTML)
public class ConsoleChangeEditController {

    private final PageShell shell;
    private final ChangeService changes;
    private final ConsoleChangeForm form;

    public ConsoleChangeEditController(PageShell shell, ChangeService changes, ConsoleChangeForm form) {
        this.shell = shell;
        this.changes = changes;
        this.form = form;
    }

    @Get("/consola/cambios/{id}/editar")
    public HttpResponse<?> show(TenantContext tenant, HttpRequest<?> request, Authentication auth, @PathVariable String id) {
        PageShell.Page page = shell.page(tenant, request, auth);
        ChangeView v = find(tenant, auth, page, id);
        if (v == null) {
            return page.error(HttpStatus.NOT_FOUND, "shell.error.notfound.title", "shell.error.notfound.detail");
        }
        if (!editable(tenant, v)) {
            return page.problem(HttpStatus.CONFLICT, page.t("console.changes.refused"),
                    page.t("console.changes.edit.locked", v.record().code())).status(HttpStatus.CONFLICT);
        }
        return form.render(page, tenant, ConsoleChangeForm.values(tenant, v), Map.of(), null, v);
    }

    @Post(value = "/consola/cambios/{id}/editar", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> edit(TenantContext tenant, HttpRequest<?> request, Authentication auth, @PathVariable String id,
                                @Body Map<String, String> typed) {
        PageShell.Page page = shell.page(tenant, request, auth);
        ChangeView v = find(tenant, auth, page, id);
        if (v == null) {
            return page.error(HttpStatus.NOT_FOUND, "shell.error.notfound.title", "shell.error.notfound.detail");
        }
        Map<String, String> iso = new HashMap<>();
        Map<String, String> errors = ConsoleChangeForm.precheck(page, tenant, typed, iso, false);
        if (!errors.isEmpty()) {
            return form.render(page, tenant, typed, errors, page.t("console.changes.form.invalid"), v)
                    .status(HttpStatus.UNPROCESSABLE_ENTITY);
        }
        ChangeRequests.Edit e = new ChangeRequests.Edit(typed.get("tipo"), typed.get("motivo"),
                ConsoleChangeForm.ticked(typed, "servicio"), ConsoleChangeForm.ticked(typed, "sede"), typed.get("riesgo"),
                typed.get("impacto"), typed.get("planImplementacion"), typed.get("planReversion"), iso.get("windowStart"),
                iso.get("windowEnd"), null, null, null, null);
        try {
            changes.edit(tenant, auth, java.util.UUID.fromString(v.record().id()), ConsoleProblemFormsController.version(typed), e, page.locale());
            return PageShell.Page.redirect("/consola/cambios/" + v.record().id() + "?aviso=editado");
        } catch (ProblemException x) {
            ChangeView now = changes.get(tenant, auth, java.util.UUID.fromString(v.record().id()), page.locale()).orElse(v);
            Map<String, String> values = new HashMap<>(typed);
            Map<String, String> fields = new LinkedHashMap<>(page.fieldErrors(x));
            String problem;
            if (x.status() == HttpStatus.PRECONDITION_FAILED) {
                values.put("version", String.valueOf(now.record().version()));
                problem = page.t("console.changes.stale");
            } else {
                problem = fields.isEmpty() ? page.problemDetail(x) : page.t("console.changes.form.invalid");
            }
            return form.render(page, tenant, values, fields, problem, now).status(x.status());
        }
    }

    /** Whether the committee's facts may still change: the workflow's initial state. */
    static boolean editable(TenantContext tenant, ChangeView v) {
        return tenant.config().workflow().record(RecordService.CHANGE)
                .map(rk -> new co.mesa.workflow.WorkflowEngine(rk.asWorkflow(), false).initial().state().equals(v.record().state()))
                .orElse(false);
    }

    @Nullable
    private ChangeView find(TenantContext tenant, Authentication auth, PageShell.Page page, String id) {
        return CaseService.uuid(id).filter(x -> tenant.config().workflow().record(RecordService.CHANGE).isPresent())
                .flatMap(rid -> changes.get(tenant, auth, rid, page.locale())).orElse(null);
    }
}
