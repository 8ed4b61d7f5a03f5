package co.mesa.console;

import co.mesa.identity.Roles;
import co.mesa.record.RecordRequests;
import co.mesa.record.RecordService;
import co.mesa.shared.ProblemException;
import co.mesa.tenant.TenantContext;
import co.mesa.ticket.CaseService;
import co.mesa.ticket.CaseView;
import co.mesa.web.page.PageShell;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * "Nuevo problema" from the cases ticked in the queue (issue 26): the new problem's page, or — when refused — a
 * form of its own with the ticked cases, what was typed, and each error next to its field, so nothing is lost.
 */
@Controller
@Hidden
@Secured({Roles.AGENT, Roles.SUPERVISOR})
@Produces(MediaType.TEXT_HTML)
public class ConsoleNewProblemController {

    /** How many ticked cases a form may carry (the queue's page is at most 50 rows; the API allows 50). */
    static final int MAX_CASES = 50;

    private final PageShell shell;
    private final RecordService records;
    private final CaseService cases;

    public ConsoleNewProblemController(PageShell shell, RecordService records, CaseService cases) {
        this.shell = shell;
        this.records = records;
        this.cases = cases;
    }

    @Post(value = "/consola/problemas/nuevo", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> create(TenantContext tenant, HttpRequest<?> request, Authentication auth,
                                  @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        if (tenant.config().workflow().record(RecordService.PROBLEM).isEmpty()) {
            return page.error(HttpStatus.NOT_FOUND, "shell.error.notfound.title", "shell.error.notfound.detail");
        }
        List<String> ticked = form.entrySet().stream().filter(e -> e.getKey().matches("caso-\\d{1,3}"))
                .map(Map.Entry::getValue).distinct().limit(MAX_CASES).toList();
        if (ticked.isEmpty()) {
            return refused(page, tenant, auth, form, ticked, Map.of("cases", page.t("console.problems.queue.noCases")),
                    HttpStatus.UNPROCESSABLE_ENTITY);
        }
        try {
            RecordService.Created created = records.create(tenant, auth, new RecordRequests.NewProblem(form.get("titulo"),
                    form.get("descripcion"), null, null, null, ticked), null, "", page.locale());
            return PageShell.Page.redirect("/consola/problemas/" + created.view().id());
        } catch (ProblemException e) {
            Map<String, String> errors = new LinkedHashMap<>(page.fieldErrors(e));
            if (errors.isEmpty()) {
                errors.put("form", page.problemDetail(e));
            }
            return refused(page, tenant, auth, form, ticked, errors, e.status());
        }
    }

    /** The form again: the ticked cases the caller may read (still ticked), what was typed, the errors. */
    private HttpResponse<?> refused(PageShell.Page page, TenantContext tenant, Authentication auth, Map<String, String> form,
                                    List<String> ticked, Map<String, String> errors, HttpStatus status) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String id : ticked) {
            Optional<UUID> uuid = CaseService.uuid(id);
            Optional<CaseView> c = uuid.isEmpty() ? Optional.empty() : cases.get(tenant, auth, uuid.get(), page.languages());
            c.ifPresent(v -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", v.id());
                row.put("code", v.code());
                row.put("title", v.title());
                rows.add(row);
            });
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("rows", rows);
        model.put("titulo", form.getOrDefault("titulo", ""));
        model.put("descripcion", form.getOrDefault("descripcion", ""));
        model.put("errors", errors);
        List<Map<String, String>> summary = new ArrayList<>();
        errors.forEach((field, message) -> summary.add(Map.of("href", "#" + anchor(field), "message", message)));
        model.put("errorList", summary);
        model.put("nav", "problems");
        return page.render("console/problem-new", page.t("console.problems.queue.title"), model).status(status);
    }

    /** The input a field's error points to. */
    static String anchor(String field) {
        return switch (field) {
            case "title" -> "np-title";
            case "description" -> "np-description";
            case "cases" -> "np-cases";
            default -> "np-form";
        };
    }
}
