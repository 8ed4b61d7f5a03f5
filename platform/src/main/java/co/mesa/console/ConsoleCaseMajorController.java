package co.mesa.console;

import co.mesa.identity.Roles;
import co.mesa.shared.ProblemException;
import co.mesa.tenant.TenantContext;
import co.mesa.ticket.CaseMajor;
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
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * "Incidente mayor" on a case (003 §4.9.2, issue 20): the form that marks a case as major, or takes the mark off,
 * with a reason; the case page shows the mark and links here.
 */
@Controller
@Hidden
@Secured({Roles.AGENT, Roles.SUPERVISOR})
@Produces(MediaType.TEXT_HTML)
public class ConsoleCaseMajorController {

    private final PageShell shell;
    private final CaseService cases;
    private final CaseMajor major;

    public ConsoleCaseMajorController(PageShell shell, CaseService cases, CaseMajor major) {
        this.shell = shell;
        this.cases = cases;
        this.major = major;
    }

    @Get("/consola/casos/{id}/mayor")
    public HttpResponse<?> form(TenantContext tenant, HttpRequest<?> request, Authentication auth, @PathVariable String id) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<CaseView> c = find(tenant, auth, id, page);
        if (c.isEmpty()) {
            return page.error(HttpStatus.NOT_FOUND, "shell.error.notfound.title", "shell.error.notfound.detail");
        }
        return render(page, c.get(), c.get().major() == null, null, null, Map.of());
    }

    @Post(value = "/consola/casos/{id}/mayor", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> mark(TenantContext tenant, HttpRequest<?> request, Authentication auth, @PathVariable String id,
                                @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<CaseView> c = find(tenant, auth, id, page);
        if (c.isEmpty()) {
            return page.error(HttpStatus.NOT_FOUND, "shell.error.notfound.title", "shell.error.notfound.detail");
        }
        boolean marking = !"false".equals(form.get("marcar"));
        Integer version = version(form.get("version"));
        try {
            major.mark(tenant, auth, UUID.fromString(c.get().id()), version == null ? c.get().version() : version, marking,
                    form.get("motivo"), page.languages());
            return PageShell.Page.redirect("/consola/casos/" + c.get().id() + "?aviso=" + (marking ? "mayor" : "no-mayor"));
        } catch (ProblemException e) {
            Map<String, String> errors = page.fieldErrors(e);
            return render(page, c.get(), marking, form.get("motivo"), errors.isEmpty() ? page.problemDetail(e) : null, errors)
                    .status(e.status());
        }
    }

    private io.micronaut.http.MutableHttpResponse<String> render(PageShell.Page page, CaseView c, boolean marking,
                                                                 @Nullable String reason, @Nullable String problem,
                                                                 Map<String, String> errors) {
        Map<String, Object> model = new HashMap<>();
        model.put("id", c.id());
        model.put("code", c.code());
        model.put("version", c.version());
        model.put("marking", marking);
        model.put("reason", reason);
        model.put("problem", problem);
        model.put("errors", errors);
        String heading = page.t(marking ? "console.major.mark.title" : "console.major.unmark.title", c.code());
        model.put("heading", heading);
        model.put("intro", page.t(marking ? "console.major.mark.intro" : "console.major.unmark.intro"));
        model.put("submit", page.t(marking ? "console.major.mark.submit" : "console.major.unmark.submit"));
        model.put("nav", "queue");
        return page.render("console/case-major-form", heading, model);
    }

    private Optional<CaseView> find(TenantContext tenant, Authentication auth, String id, PageShell.Page page) {
        Optional<UUID> caseId = CaseService.uuid(id);
        return caseId.isEmpty() ? Optional.empty() : cases.get(tenant, auth, caseId.get(), page.languages());
    }

    private static @Nullable Integer version(@Nullable String s) {
        try {
            return s == null ? null : Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
