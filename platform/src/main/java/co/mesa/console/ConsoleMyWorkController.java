package co.mesa.console;

import co.mesa.identity.Roles;
import co.mesa.record.MyWork;
import co.mesa.record.RecordService;
import co.mesa.shared.ProblemException;
import co.mesa.tenant.TenantContext;
import co.mesa.web.page.PageShell;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The list a "Mis tareas" counter names (issue 27): the open work of one kind assigned to me or to my groups. */
@Controller
@Hidden
@Secured({Roles.AGENT, Roles.SUPERVISOR})
@Produces(MediaType.TEXT_HTML)
public class ConsoleMyWorkController {

    private final PageShell shell;
    private final MyWork work;

    public ConsoleMyWorkController(PageShell shell, MyWork work) {
        this.shell = shell;
        this.work = work;
    }

    @Get("/consola/mis-tareas{?vista,tipo}")
    public HttpResponse<?> list(TenantContext tenant, HttpRequest<?> request, Authentication auth,
                                @Nullable @QueryValue String vista, @Nullable @QueryValue String tipo) {
        PageShell.Page page = shell.page(tenant, request, auth);
        String view = vista == null ? "mine" : vista;
        String kind = tipo == null ? "tasks" : tipo;
        List<MyWork.Item> items;
        try {
            items = work.list(tenant, auth, view, kind);
        } catch (ProblemException e) {
            return page.problem(HttpStatus.UNPROCESSABLE_ENTITY, page.t("console.work.home.title"), page.problemDetail(e))
                    .status(HttpStatus.UNPROCESSABLE_ENTITY);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (MyWork.Item i : items) {
            rows.add(Map.of("code", i.code(), "title", i.title(), "state", i.state(), "href", href(i)));
        }
        Map<String, Object> model = new HashMap<>();
        model.put("rows", rows);
        model.put("viewLabel", page.t("console.work.view." + view));
        model.put("kindLabel", page.t("console.work.kind." + kind));
        model.put("nav", "home");
        return page.render("console/my-work", page.t("console.work.home.title"), model);
    }

    /** Where a piece of work is worked in the console; a task on the page of its change or problem. */
    static String href(MyWork.Item i) {
        return switch (i.kind()) {
            case "case" -> "/consola/casos/" + i.id();
            case RecordService.PROBLEM -> "/consola/problemas/" + i.id();
            case RecordService.CHANGE -> "/consola/cambios/" + i.id();
            default -> (RecordService.CHANGE.equals(i.recordKind()) ? "/consola/cambios/" : "/consola/problemas/") + i.recordId();
        };
    }
}
