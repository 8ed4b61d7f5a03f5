package co.mesa.console;

import co.mesa.identity.Roles;
import co.mesa.record.RecordRequests;
import co.mesa.record.RecordService;
import co.mesa.record.RecordView;
import co.mesa.shared.ProblemException;
import co.mesa.tenant.TenantContext;
import co.mesa.ticket.CaseService;
import co.mesa.ticket.CaseView;
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
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A case's problems for its agents (issue 26): the problems it is linked to, with a known error's workaround
 * offered; "Vincular a problema" by code or from the open problems; and "Nuevo problema" from this case.
 */
@Controller
@Hidden
@Secured({Roles.AGENT, Roles.SUPERVISOR})
@Produces(MediaType.TEXT_HTML)
public class ConsoleCaseProblemsController {

    private final PageShell shell;
    private final CaseService cases;
    private final RecordService records;

    public ConsoleCaseProblemsController(PageShell shell, CaseService cases, RecordService records) {
        this.shell = shell;
        this.cases = cases;
        this.records = records;
    }

    @Get("/consola/casos/{id}/problemas{?aviso}")
    public HttpResponse<?> page(TenantContext tenant, HttpRequest<?> request, Authentication auth, @PathVariable String id,
                                @Nullable @QueryValue String aviso) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<CaseView> c = find(tenant, auth, id, page);
        if (c.isEmpty()) {
            return page.error(HttpStatus.NOT_FOUND, "shell.error.notfound.title", "shell.error.notfound.detail");
        }
        return render(page, tenant, c.get(), "vinculado".equals(aviso) ? page.t("console.problems.case.linked") : null, null,
                Map.of());
    }

    @Post(value = "/consola/casos/{id}/problemas", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> link(TenantContext tenant, HttpRequest<?> request, Authentication auth, @PathVariable String id,
                                @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<CaseView> c = find(tenant, auth, id, page);
        if (c.isEmpty()) {
            return page.error(HttpStatus.NOT_FOUND, "shell.error.notfound.title", "shell.error.notfound.detail");
        }
        try {
            records.linkCaseByCode(tenant, auth, RecordService.PROBLEM, form.get("codigo"), UUID.fromString(c.get().id()),
                    page.locale());
            return PageShell.Page.redirect("/consola/casos/" + c.get().id() + "/problemas?aviso=vinculado");
        } catch (ProblemException e) {
            return render(page, tenant, c.get(), null, page.problemDetail(e), page.fieldErrors(e)).status(e.status());
        }
    }

    @Post(value = "/consola/casos/{id}/problemas/nuevo", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> create(TenantContext tenant, HttpRequest<?> request, Authentication auth, @PathVariable String id,
                                  @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<CaseView> c = find(tenant, auth, id, page);
        if (c.isEmpty()) {
            return page.error(HttpStatus.NOT_FOUND, "shell.error.notfound.title", "shell.error.notfound.detail");
        }
        try {
            RecordService.Created created = records.create(tenant, auth, new RecordRequests.NewProblem(form.get("titulo"),
                    form.get("descripcion"), form.get("impacto"), null, null, List.of(c.get().id())), null, "", page.locale());
            return PageShell.Page.redirect("/consola/problemas/" + created.view().id());
        } catch (ProblemException e) {
            return render(page, tenant, c.get(), null, page.problemDetail(e), page.fieldErrors(e)).status(e.status());
        }
    }

    private io.micronaut.http.MutableHttpResponse<String> render(PageShell.Page page, TenantContext tenant, CaseView c,
                                                                 @Nullable String notice, @Nullable String problem,
                                                                 Map<String, String> errors) {
        Map<String, Object> model = new HashMap<>();
        model.put("id", c.id());
        model.put("code", c.code());
        model.put("title", c.title());
        model.put("notice", notice);
        model.put("problem", problem);
        model.put("errors", errors);
        List<RecordView.Summary> linked = records.forCase(tenant, page.auth(), RecordService.PROBLEM, UUID.fromString(c.id()),
                page.locale());
        model.put("linked", linked);
        List<Map<String, Object>> open = new ArrayList<>();
        for (RecordView.Summary s : records.open(tenant, page.auth(), RecordService.PROBLEM, page.locale())) {
            if (linked.stream().noneMatch(l -> l.id().equals(s.id()))) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("code", s.code());
                m.put("title", s.title());
                open.add(m);
            }
        }
        model.put("open", open);
        model.put("nav", "problems");
        return page.render("console/case-problems", page.t("console.problems.case.title", c.code()), model);
    }

    private Optional<CaseView> find(TenantContext tenant, Authentication auth, String id, PageShell.Page page) {
        if (tenant.config().workflow().record(RecordService.PROBLEM).isEmpty()) {
            return Optional.empty();
        }
        Optional<UUID> caseId = CaseService.uuid(id);
        Optional<CaseView> c = caseId.isEmpty() ? Optional.empty() : cases.get(tenant, auth, caseId.get(), page.languages());
        if (c.isPresent()) {
            try {
                // Only those who work the case link it to problems or read its problems (as the API says).
                records.forCase(tenant, auth, RecordService.PROBLEM, caseId.get(), page.locale());
            } catch (ProblemException e) {
                return Optional.empty();
            }
        }
        return c;
    }
}
