package co.mesa.console;

import co.mesa.identity.Roles;
import co.mesa.record.ChangeRequests;
import co.mesa.record.ChangeService;
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
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "Nuevo cambio" in the console (issue 27): from the changes list, or from a problem's or a case's page, which
 * pre-fill the linked problem or case. The change is opened through {@link ChangeService#create}, the API's own call;
 * a refusal is the same form again (422) with every value kept and each error beside its field.
 */
@Controller
@Hidden
@Secured({Roles.AGENT, Roles.SUPERVISOR})
@Produces(MediaType.TEXT_HTML)
public class ConsoleNewChangeController {

    private final PageShell shell;
    private final ChangeService changes;
    private final ConsoleChangeForm form;

    public ConsoleNewChangeController(PageShell shell, ChangeService changes, ConsoleChangeForm form) {
        this.shell = shell;
        this.changes = changes;
        this.form = form;
    }

    @Get("/consola/cambios/nuevo{?problema,caso}")
    public HttpResponse<?> show(TenantContext tenant, HttpRequest<?> request, Authentication auth,
                                @Nullable @QueryValue String problema, @Nullable @QueryValue String caso) {
        PageShell.Page page = shell.page(tenant, request, auth);
        if (tenant.config().workflow().record(RecordService.CHANGE).isEmpty()) {
            return page.error(HttpStatus.NOT_FOUND, "shell.error.notfound.title", "shell.error.notfound.detail");
        }
        Map<String, String> values = new HashMap<>();
        CaseService.uuid(problema == null ? "" : problema).ifPresent(p -> values.put("problema", p.toString()));
        CaseService.uuid(caso == null ? "" : caso).ifPresent(c -> values.put("caso", c.toString()));
        return form.render(page, tenant, values, Map.of(), null, null);
    }

    @Post(value = "/consola/cambios/nuevo", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> create(TenantContext tenant, HttpRequest<?> request, Authentication auth,
                                  @Body Map<String, String> typed) {
        PageShell.Page page = shell.page(tenant, request, auth);
        if (tenant.config().workflow().record(RecordService.CHANGE).isEmpty()) {
            return page.error(HttpStatus.NOT_FOUND, "shell.error.notfound.title", "shell.error.notfound.detail");
        }
        Map<String, String> iso = new HashMap<>();
        Map<String, String> errors = ConsoleChangeForm.precheck(page, tenant, typed, iso, true);
        if (!errors.isEmpty()) {
            return form.render(page, tenant, typed, errors, page.t("console.changes.form.invalid"), null)
                    .status(HttpStatus.UNPROCESSABLE_ENTITY);
        }
        String problem = typed.get("problema");
        String kase = typed.get("caso");
        ChangeRequests.NewChange r = new ChangeRequests.NewChange(typed.get("titulo"), typed.get("descripcion"),
                typed.get("tipo"), typed.get("motivo"), ConsoleChangeForm.ticked(typed, "servicio"),
                ConsoleChangeForm.ticked(typed, "sede"), typed.get("riesgo"), typed.get("impacto"),
                typed.get("planImplementacion"), typed.get("planReversion"), iso.get("windowStart"), iso.get("windowEnd"),
                null, null, null, ConsoleChangeForm.blank(kase) ? null : List.of(kase.strip()),
                ConsoleChangeForm.blank(problem) ? null : List.of(problem.strip()));
        try {
            ChangeService.Created created = changes.create(tenant, auth, r, null, "", page.locale());
            return PageShell.Page.redirect("/consola/cambios/" + created.view().record().id());
        } catch (ProblemException e) {
            Map<String, String> fields = new LinkedHashMap<>(page.fieldErrors(e));
            String problemText = fields.isEmpty() ? page.problemDetail(e) : page.t("console.changes.form.invalid");
            HttpStatus status = e.status().getCode() >= 500 ? HttpStatus.UNPROCESSABLE_ENTITY : e.status();
            return form.render(page, tenant, typed, fields, problemText, null).status(status);
        }
    }
}
