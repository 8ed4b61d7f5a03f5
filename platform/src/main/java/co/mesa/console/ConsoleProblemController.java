package co.mesa.console;

import co.mesa.identity.Roles;
import co.mesa.record.RecordService;
import co.mesa.record.RecordView;
import co.mesa.shared.ProblemException;
import co.mesa.tenant.TenantContext;
import co.mesa.ticket.CaseService;
import co.mesa.web.page.PageShell;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The console's problem pages (issue 26): the list a home counter names (view and state) and one problem with
 * its facts, linked cases and history. Agents and supervisors only; what each sees is the record service's
 * read scope.
 */
@Controller
@Hidden
@Secured({Roles.AGENT, Roles.SUPERVISOR})
@Produces(MediaType.TEXT_HTML)
public class ConsoleProblemController {

    private final PageShell shell;
    private final RecordService records;
    private final ConsoleProblemPage problemPage;

    public ConsoleProblemController(PageShell shell, RecordService records, ConsoleProblemPage problemPage) {
        this.shell = shell;
        this.records = records;
        this.problemPage = problemPage;
    }

    /** The list page that shows exactly what a home counter counts. */
    static String listHref(String view, String state) {
        return "/consola/problemas?vista=" + view + "&estado=" + URLEncoder.encode(state, StandardCharsets.UTF_8);
    }

    @Get("/consola/problemas{?vista,estado,despues}")
    public HttpResponse<?> list(TenantContext tenant, HttpRequest<?> request, Authentication auth,
                                @Nullable @QueryValue String vista, @Nullable @QueryValue String estado,
                                @Nullable @QueryValue String despues) {
        PageShell.Page page = shell.page(tenant, request, auth);
        if (tenant.config().workflow().record(RecordService.PROBLEM).isEmpty()) {
            return page.error(HttpStatus.NOT_FOUND, "shell.error.notfound.title", "shell.error.notfound.detail");
        }
        RecordView.Page found;
        try {
            found = records.list(tenant, auth, RecordService.PROBLEM, vista, estado, despues, page.locale());
        } catch (ProblemException e) {
            return page.problem(HttpStatus.UNPROCESSABLE_ENTITY, page.t("console.problems.title"), page.problemDetail(e))
                    .status(HttpStatus.UNPROCESSABLE_ENTITY);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RecordView.Summary s : found.items()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id());
            m.put("code", s.code());
            m.put("title", s.title());
            m.put("state", s.stateName());
            m.put("knownError", s.knownError());
            m.put("created", ConsoleKnowledgeController.when(page, tenant.zone(), Instant.parse(s.createdAt())));
            rows.add(m);
        }
        String view = vista == null ? "all" : vista;
        Map<String, Object> model = new HashMap<>();
        model.put("rows", rows);
        model.put("viewLabel", page.t("console.problems.view." + ("all".equals(view) ? "overview" : view)));
        model.put("stateLabel", estado == null ? null : tenant.config().workflow().record(RecordService.PROBLEM).orElseThrow()
                .states().stream().filter(s -> s.key().equals(estado)).findFirst().map(s -> page.label(s.name())).orElse(estado));
        if (found.next() != null) {
            model.put("next", "/consola/problemas?vista=" + view + (estado == null ? "" : "&estado="
                    + URLEncoder.encode(estado, StandardCharsets.UTF_8)) + "&despues=" + found.next());
        }
        model.put("nav", "problems");
        return page.render("console/problems", page.t("console.problems.title"), model);
    }

    @Get("/consola/problemas/{id}{?aviso}")
    public HttpResponse<?> problem(TenantContext tenant, HttpRequest<?> request, Authentication auth, @PathVariable String id,
                                   @Nullable @QueryValue String aviso) {
        PageShell.Page page = shell.page(tenant, request, auth);
        UUID rid = CaseService.uuid(id).orElse(null);
        RecordView v = rid == null || tenant.config().workflow().record(RecordService.PROBLEM).isEmpty() ? null
                : records.get(tenant, auth, RecordService.PROBLEM, rid, page.locale()).orElse(null);
        if (v == null) {
            return page.error(HttpStatus.NOT_FOUND, "shell.error.notfound.title", "shell.error.notfound.detail");
        }
        String notice = "guardado".equals(aviso) ? page.t("console.problems.edit.saved")
                : "estado".equals(aviso) ? page.t("console.problems.move.done")
                : "archivo".equals(aviso) ? page.t("console.records.files.added") : null;
        return problemPage.render(page, tenant, v, notice, null, ConsoleProblemPage.Form.NONE);
    }
}
