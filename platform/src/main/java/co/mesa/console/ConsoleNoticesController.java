package co.mesa.console;

import co.mesa.identity.Roles;
import co.mesa.notices.Notice;
import co.mesa.notices.NoticeService;
import co.mesa.shared.ProblemException;
import co.mesa.tenant.TenantContext;
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

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Posting and withdrawing the agents' notices (issue 27): the entity's supervisors and tenant administrators.
 * The form keeps what was typed and names each refused field; the list shows current and coming notices.
 */
@Controller
@Hidden
@Secured({Roles.SUPERVISOR, Roles.TENANT_ADMIN})
@Produces(MediaType.TEXT_HTML)
public class ConsoleNoticesController {

    private final PageShell shell;
    private final NoticeService notices;

    public ConsoleNoticesController(PageShell shell, NoticeService notices) {
        this.shell = shell;
        this.notices = notices;
    }

    @Get("/consola/avisos{?aviso}")
    public HttpResponse<?> list(TenantContext tenant, HttpRequest<?> request, Authentication auth, @Nullable @QueryValue String aviso) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Instant now = notices.now();
        Map<String, String> form = Map.of("body", "", "importance", Notice.Importance.INFO.key(),
                "desde", ConsoleNotices.format(now, tenant.zone()),
                "hasta", ConsoleNotices.format(now.plus(Duration.ofDays(1)), tenant.zone()));
        String notice = "publicado".equals(aviso) ? page.t("console.notices.posted")
                : "retirado".equals(aviso) ? page.t("console.notices.withdrawn") : null;
        return render(page, tenant, auth, form, Map.of(), null, notice);
    }

    @Post(value = "/consola/avisos", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> post(TenantContext tenant, HttpRequest<?> request, Authentication auth, @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Notice.Draft draft = new Notice.Draft(form.getOrDefault("body", ""), Notice.Importance.of(form.get("importance")).orElse(null),
                ConsoleNotices.parse(form.get("desde"), tenant.zone()), ConsoleNotices.parse(form.get("hasta"), tenant.zone()));
        try {
            notices.post(tenant, auth, draft);
            return PageShell.Page.redirect("/consola/avisos?aviso=publicado");
        } catch (ProblemException e) {
            return render(page, tenant, auth, form, page.fieldErrors(e), page.problemDetail(e), null).status(e.status());
        }
    }

    @Post(value = "/consola/avisos/{id}/retirar", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> withdraw(TenantContext tenant, HttpRequest<?> request, Authentication auth, @PathVariable String id,
                                    @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        UUID notice;
        try {
            notice = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            notice = null;
        }
        if (notice == null || !notices.withdraw(tenant, auth, notice)) {
            return page.error(HttpStatus.NOT_FOUND, "console.notices.notfound.title", "console.notices.notfound.detail");
        }
        return PageShell.Page.redirect("/consola/avisos?aviso=retirado");
    }

    private io.micronaut.http.MutableHttpResponse<String> render(PageShell.Page page, TenantContext tenant, Authentication auth,
                                                                 Map<String, String> form, Map<String, String> errors,
                                                                 @Nullable String problem, @Nullable String notice) {
        Map<String, Object> model = new HashMap<>();
        model.put("form", form);
        model.put("errors", errors);
        model.put("problem", problem);
        model.put("notice", notice);
        List<Map<String, Object>> importances = new ArrayList<>();
        for (Notice.Importance i : Notice.Importance.values()) {
            importances.add(Map.of("key", i.key(), "label", page.t("console.notices.importance." + i.key()),
                    "checked", i.key().equals(form.get("importance"))));
        }
        model.put("importances", importances);
        model.put("rows", ConsoleNotices.rows(page, tenant.zone(), notices.managed(tenant, auth)));
        model.put("maxBody", NoticeService.MAX_BODY);
        model.put("nav", "notices");
        return page.render("console/notices", page.t("console.notices.title"), model);
    }
}
