package co.mesa.console;

import co.mesa.identity.Roles;
import co.mesa.record.ChangeRequests;
import co.mesa.record.ChangeService;
import co.mesa.record.ChangeView;
import co.mesa.record.RecordRequests;
import co.mesa.record.RecordService;
import co.mesa.record.RecordView;
import co.mesa.record.TaskRequests;
import co.mesa.record.TaskService;
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
import java.util.function.Supplier;

/**
 * The console's change pages (issue 27): the list a "Cambios y entregas" counter names, and one change with its
 * facts, the committee's votes (and a member's vote form), its tasks (and a form to add one), its transitions, cases
 * and history. Agents and supervisors; what each sees is the record engine's read scope.
 */
@Controller
@Hidden
@Secured({Roles.AGENT, Roles.SUPERVISOR})
@Produces(MediaType.TEXT_HTML)
public class ConsoleChangeController {

    private final PageShell shell;
    private final RecordService records;
    private final ChangeService changes;
    private final TaskService tasks;

    public ConsoleChangeController(PageShell shell, RecordService records, ChangeService changes, TaskService tasks) {
        this.shell = shell;
        this.records = records;
        this.changes = changes;
        this.tasks = tasks;
    }

    /** The list page that shows exactly what a home counter counts. */
    static String listHref(String view, String state) {
        return "/consola/cambios?vista=" + view + "&estado=" + URLEncoder.encode(state, StandardCharsets.UTF_8);
    }

    @Get("/consola/cambios{?vista,estado,despues}")
    public HttpResponse<?> list(TenantContext tenant, HttpRequest<?> request, Authentication auth,
                                @Nullable @QueryValue String vista, @Nullable @QueryValue String estado,
                                @Nullable @QueryValue String despues) {
        PageShell.Page page = shell.page(tenant, request, auth);
        if (tenant.config().workflow().record(RecordService.CHANGE).isEmpty()) {
            return page.error(HttpStatus.NOT_FOUND, "shell.error.notfound.title", "shell.error.notfound.detail");
        }
        RecordView.Page found;
        try {
            found = records.list(tenant, auth, RecordService.CHANGE, vista, estado, despues, page.locale());
        } catch (ProblemException e) {
            return page.problem(HttpStatus.UNPROCESSABLE_ENTITY, page.t("console.changes.title"), page.problemDetail(e))
                    .status(HttpStatus.UNPROCESSABLE_ENTITY);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RecordView.Summary s : found.items()) {
            rows.add(Map.of("id", s.id(), "code", s.code(), "title", s.title(), "state", s.stateName(),
                    "created", ConsoleKnowledgeController.when(page, tenant.zone(), Instant.parse(s.createdAt()))));
        }
        String view = vista == null ? "all" : vista;
        Map<String, Object> model = new HashMap<>();
        model.put("rows", rows);
        model.put("viewLabel", page.t("console.changes.view." + ("all".equals(view) ? "overview" : view)));
        model.put("stateLabel", estado == null ? null : tenant.config().workflow().record(RecordService.CHANGE).orElseThrow()
                .states().stream().filter(s -> s.key().equals(estado)).findFirst().map(s -> page.label(s.name())).orElse(estado));
        if (found.next() != null) {
            model.put("next", "/consola/cambios?vista=" + view + (estado == null ? "" : "&estado="
                    + URLEncoder.encode(estado, StandardCharsets.UTF_8)) + "&despues=" + found.next());
        }
        model.put("nav", "changes");
        return page.render("console/changes", page.t("console.changes.title"), model);
    }

    @Get("/consola/cambios/{id}{?aviso}")
    public HttpResponse<?> change(TenantContext tenant, HttpRequest<?> request, Authentication auth, @PathVariable String id,
                                  @Nullable @QueryValue String aviso) {
        PageShell.Page page = shell.page(tenant, request, auth);
        ChangeView v = find(tenant, auth, page, id);
        if (v == null) {
            return page.error(HttpStatus.NOT_FOUND, "shell.error.notfound.title", "shell.error.notfound.detail");
        }
        Map<String, Object> model = new HashMap<>();
        model.put("c", v);
        model.put("r", v.record());
        model.put("type", page.t("console.changes.type." + v.change().type()));
        model.put("risk", page.t("console.changes.level." + v.change().risk()));
        model.put("impact", page.t("console.changes.level." + v.change().impact()));
        model.put("window", ConsoleKnowledgeController.when(page, tenant.zone(), Instant.parse(v.change().windowStart())) + " – "
                + ConsoleKnowledgeController.when(page, tenant.zone(), Instant.parse(v.change().windowEnd())));
        model.put("rule", page.t("console.changes.rule." + v.committee().rule()));
        var committee = tenant.config().workflow().record(RecordService.CHANGE).orElseThrow().committee();
        model.put("voting", committee != null && committee.voting().equals(v.record().state()));
        List<Map<String, Object>> history = new ArrayList<>();
        for (RecordView.Event e : v.record().history()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("what", page.t("console.changes.event." + e.kind()));
            m.put("when", ConsoleKnowledgeController.when(page, tenant.zone(), Instant.parse(e.at())));
            m.put("note", e.note());
            history.add(m);
        }
        model.put("history", history);
        model.put("groups", tenant.config().groups().groups().stream()
                .map(g -> Map.of("key", g.key(), "name", page.label(g.name()))).toList());
        if (aviso != null && aviso.matches("[a-z-]{1,20}")) {
            model.put("notice", page.t("console.changes.done." + aviso));
        }
        model.put("editable", ConsoleChangeEditController.editable(tenant, v));
        List<Map<String, Object>> problems = new ArrayList<>();
        for (String pid : v.change().problems()) {
            CaseService.uuid(pid).flatMap(p -> records.get(tenant, auth, RecordService.PROBLEM, p, page.locale()))
                    .ifPresent(p -> problems.add(Map.of("id", p.id(), "code", p.code(), "title", p.title())));
        }
        model.put("problems", problems);
        model.put("nav", "changes");
        return page.render("console/change", v.record().code() + " — " + v.record().title(), model);
    }

    @Post(value = "/consola/cambios/{id}/voto", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> vote(TenantContext tenant, HttpRequest<?> request, Authentication auth, @PathVariable String id,
                                @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        return act(page, id, "voto", () -> changes.vote(tenant, auth, uuid(id),
                new ChangeRequests.Vote(form.get("decision") == null ? null : "aprobar".equals(form.get("decision")),
                        form.get("motivo")), page.locale()));
    }

    @Post(value = "/consola/cambios/{id}/transicion", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> transition(TenantContext tenant, HttpRequest<?> request, Authentication auth,
                                      @PathVariable String id, @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        return act(page, id, "transicion", () -> records.transition(tenant, auth, RecordService.CHANGE, uuid(id),
                version(form.get("version")), new RecordRequests.Transition(form.get("transicion"), form.get("nota"), null, null),
                page.locale()));
    }

    @Post(value = "/consola/cambios/{id}/tareas", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> task(TenantContext tenant, HttpRequest<?> request, Authentication auth, @PathVariable String id,
                                @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        return act(page, id, "tarea", () -> tasks.create(tenant, auth, RecordService.CHANGE, uuid(id),
                new TaskRequests.NewTask(form.get("titulo"), blank(form.get("grupo")), blank(form.get("tecnico")),
                        blank(form.get("vence")))));
    }

    private HttpResponse<?> act(PageShell.Page page, String id, String done, Supplier<Object> action) {
        try {
            action.get();
            return PageShell.Page.redirect("/consola/cambios/" + uuid(id) + "?aviso=" + done);
        } catch (ProblemException e) {
            String detail = String.join(" ", page.fieldErrors(e).values());
            return page.problem(e.status(), page.t("console.changes.refused"), detail.isBlank() ? page.problemDetail(e) : detail)
                    .status(e.status());
        }
    }

    @Nullable
    private ChangeView find(TenantContext tenant, Authentication auth, PageShell.Page page, String id) {
        UUID rid = CaseService.uuid(id).orElse(null);
        return rid == null || tenant.config().workflow().record(RecordService.CHANGE).isEmpty() ? null
                : changes.get(tenant, auth, rid, page.locale()).orElse(null);
    }

    private static UUID uuid(String id) {
        return CaseService.uuid(id).orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND, "record.not-found",
                "problem.not-found.title", "problem.record.not-found.detail"));
    }

    @Nullable
    private static Integer version(@Nullable String v) {
        return v != null && v.matches("\\d{1,9}") ? Integer.valueOf(v) : null;
    }

    @Nullable
    private static String blank(@Nullable String v) {
        return v == null || v.isBlank() ? null : v.strip();
    }
}
