package co.mesa.console;

import co.mesa.identity.Roles;
import co.mesa.record.RecordRequests;
import co.mesa.record.RecordService;
import co.mesa.record.RecordView;
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
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The forms of a problem's page (issue 26): its facts and assignment, and its workflow's transitions — through the
 * same service calls and rules as the API ({@code PUT …/edit}, {@code POST …/transitions}): the form carries the
 * version it was read at (the API's If-Match), a refusal comes back on the page with the errors next to the fields
 * and what was typed kept, and nothing is half-written.
 */
@Controller
@Hidden
@Secured({Roles.AGENT, Roles.SUPERVISOR})
@Produces(MediaType.TEXT_HTML)
public class ConsoleProblemFormsController {

    private final PageShell shell;
    private final RecordService records;
    private final ConsoleProblemPage problemPage;

    public ConsoleProblemFormsController(PageShell shell, RecordService records, ConsoleProblemPage problemPage) {
        this.shell = shell;
        this.records = records;
        this.problemPage = problemPage;
    }

    @Post(value = "/consola/problemas/{id}/editar", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> edit(TenantContext tenant, HttpRequest<?> request, Authentication auth, @PathVariable String id,
                                @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<RecordView> current = find(tenant, auth, id, page);
        if (current.isEmpty()) {
            return page.error(HttpStatus.NOT_FOUND, "shell.error.notfound.title", "shell.error.notfound.detail");
        }
        RecordRequests.ProblemEdit e = new RecordRequests.ProblemEdit(text(form, "titulo"), text(form, "descripcion"),
                edited(form, "impacto"), edited(form, "causa"), edited(form, "solucion"), form.containsKey("errorConocido"),
                blankAsNull(form.get("grupo")), blankAsNull(form.get("agente")));
        try {
            records.edit(tenant, auth, UUID.fromString(current.get().id()), version(form), e, page.locale());
            return PageShell.Page.redirect("/consola/problemas/" + current.get().id() + "?aviso=guardado");
        } catch (ProblemException x) {
            return refused(page, tenant, auth, current.get(), "edit", form, x);
        }
    }

    @Post(value = "/consola/problemas/{id}/transicion", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> transition(TenantContext tenant, HttpRequest<?> request, Authentication auth,
                                      @PathVariable String id, @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<RecordView> current = find(tenant, auth, id, page);
        if (current.isEmpty()) {
            return page.error(HttpStatus.NOT_FOUND, "shell.error.notfound.title", "shell.error.notfound.detail");
        }
        RecordRequests.Transition t = new RecordRequests.Transition(form.get("transicion"), form.get("nota"),
                form.containsKey("avisar"), form.get("mensaje"));
        try {
            records.transition(tenant, auth, RecordService.PROBLEM, UUID.fromString(current.get().id()), version(form), t,
                    page.locale());
            return PageShell.Page.redirect("/consola/problemas/" + current.get().id() + "?aviso=estado");
        } catch (ProblemException x) {
            return refused(page, tenant, auth, current.get(), "transition", form, x);
        }
    }

    /** The page again with the refusal: a stale form keeps what was typed and takes the current version. */
    private HttpResponse<?> refused(PageShell.Page page, TenantContext tenant, Authentication auth, RecordView before,
                                    String which, Map<String, String> form, ProblemException x) {
        RecordView now = records.get(tenant, auth, RecordService.PROBLEM, UUID.fromString(before.id()), page.locale())
                .orElse(before);
        Map<String, String> values = new HashMap<>(form);
        Map<String, String> errors = page.fieldErrors(x);
        String problem;
        if (x.status() == HttpStatus.PRECONDITION_FAILED) {
            values.put("version", String.valueOf(now.version()));
            problem = page.t("console.problems.stale");
        } else {
            problem = errors.isEmpty() ? page.problemDetail(x) : page.t("console.problems.invalid");
        }
        return problemPage.render(page, tenant, now, null, which, new ConsoleProblemPage.Form(values, errors, problem))
                .status(x.status());
    }

    private Optional<RecordView> find(TenantContext tenant, Authentication auth, String id, PageShell.Page page) {
        if (tenant.config().workflow().record(RecordService.PROBLEM).isEmpty()) {
            return Optional.empty();
        }
        return CaseService.uuid(id).flatMap(rid -> records.get(tenant, auth, RecordService.PROBLEM, rid, page.locale()));
    }

    /** The version the form was read at; absent or unreadable is "no If-Match" (428), as in the API. */
    @Nullable
    static Integer version(Map<String, String> form) {
        String v = form.get("version");
        if (v == null || !v.strip().matches("\\d{1,9}")) {
            return null;
        }
        return Integer.valueOf(v.strip());
    }

    /** A required text field: sent empty it is refused as empty (not taken as "unchanged"). */
    /**
     * An optional fact as the form changed it: null (unchanged) when it still reads as it did when the form was shown
     * ({@code name-antes}), else what was typed — empty clears it.
     */
    static String edited(Map<String, String> form, String name) {
        String typed = form.get(name);
        if (!form.containsKey(name + "-antes")) {
            return typed;
        }
        return text(form, name).strip().equals(text(form, name + "-antes").strip()) ? null : typed;
    }

    private static String text(Map<String, String> form, String name) {
        String v = form.get(name);
        return v == null ? "" : v;
    }

    @Nullable
    private static String blankAsNull(@Nullable String v) {
        return v == null || v.isBlank() ? null : v;
    }
}
