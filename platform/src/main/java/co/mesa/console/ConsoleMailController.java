package co.mesa.console;

import co.mesa.identity.Roles;
import co.mesa.notification.MailQuarantine;
import co.mesa.shared.ProblemException;
import co.mesa.tenant.TenantContext;
import co.mesa.ticket.MailPlacement;
import co.mesa.web.page.PageShell;
import co.mesa.web.page.QueryString;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * "Correo por revisar" (decision 0034): the entity's quarantined incoming mail, newest first and paged, and one
 * message whole with its three actions — open a case for the sender, add it to a case by code, dismiss it with a
 * reason. Agents and supervisors of the entity; a refusal is shown beside its field and nothing is written.
 */
@Controller
@Hidden
@Secured({Roles.AGENT, Roles.SUPERVISOR})
@Produces(MediaType.TEXT_HTML)
public class ConsoleMailController {

    static final int PAGE_SIZE = 20;
    /** The service's field names to the form's. */
    private static final Map<String, String> FIELDS = Map.of("code", "codigo", "reason", "motivo", "sender", "crear",
            "mailbox", "crear");

    private final PageShell shell;
    private final MailQuarantine quarantine;

    public ConsoleMailController(PageShell shell, MailQuarantine quarantine) {
        this.shell = shell;
        this.quarantine = quarantine;
    }

    @Get("/consola/correo{?pagina,hecho,caso}")
    public HttpResponse<?> list(TenantContext tenant, HttpRequest<?> request, Authentication auth,
                                @Nullable @QueryValue String pagina, @Nullable @QueryValue String hecho,
                                @Nullable @QueryValue String caso) {
        PageShell.Page page = shell.page(tenant, request, auth);
        long total = quarantine.count(tenant);
        int pages = (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
        int current = 1;
        if (pagina != null && pagina.matches("[0-9]{1,6}")) {
            current = Math.min(Math.max(1, Integer.parseInt(pagina)), pages);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (MailQuarantine.Item m : quarantine.waiting(tenant, (current - 1) * PAGE_SIZE, PAGE_SIZE)) {
            rows.add(ConsoleMailQuarantine.row(page, tenant, m));
        }
        Map<String, Object> model = new HashMap<>();
        model.put("nav", "mail");
        model.put("rows", rows);
        model.put("total", total);
        model.put("page", current);
        model.put("pages", pages);
        model.put("previous", current > 1 ? current - 1 : null);
        model.put("next", current < pages ? current + 1 : null);
        if (hecho != null && List.of("creado", "agregado", "descartado").contains(hecho)) {
            String code = caso != null && ConsolePages.CODE.matcher(caso).matches() ? caso : "";
            model.put("notice", page.t("console.mail.done." + hecho, code));
        }
        return page.render("console/mail", page.t("console.mail.title"), model);
    }

    @Get("/consola/correo/{id}")
    public HttpResponse<?> detail(TenantContext tenant, HttpRequest<?> request, Authentication auth, @PathVariable String id) {
        PageShell.Page page = shell.page(tenant, request, auth);
        return render(page, tenant, id, Map.of(), Map.of(), null, HttpStatus.OK);
    }

    @Post(value = "/consola/correo/{id}/crear", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> create(TenantContext tenant, HttpRequest<?> request, Authentication auth, @PathVariable String id,
                                  @Body Map<String, String> form) {
        return act(tenant, request, auth, id, form, m -> {
            MailPlacement.Placed placed = quarantine.createCase(tenant, auth, m);
            return "creado&caso=" + QueryString.encode(placed.code());
        });
    }

    @Post(value = "/consola/correo/{id}/agregar", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> addTo(TenantContext tenant, HttpRequest<?> request, Authentication auth, @PathVariable String id,
                                 @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        return act(tenant, request, auth, id, form, m -> {
            MailPlacement.Placed placed = quarantine.addToCase(tenant, auth, m, form.get("codigo"), page.languages());
            return "agregado&caso=" + QueryString.encode(placed.code());
        });
    }

    @Post(value = "/consola/correo/{id}/descartar", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> dismiss(TenantContext tenant, HttpRequest<?> request, Authentication auth, @PathVariable String id,
                                   @Body Map<String, String> form) {
        return act(tenant, request, auth, id, form, m -> {
            quarantine.dismiss(tenant, auth, m, form.get("motivo"));
            return "descartado";
        });
    }

    private interface Action {
        String run(long id);
    }

    private HttpResponse<?> act(TenantContext tenant, HttpRequest<?> request, Authentication auth, String id,
                                Map<String, String> form, Action action) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<Long> mail = id(id);
        if (mail.isEmpty()) {
            return notFound(page);
        }
        try {
            return PageShell.Page.redirect("/consola/correo?hecho=" + action.run(mail.get()));
        } catch (ProblemException e) {
            if (e.status() == HttpStatus.NOT_FOUND) {
                return notFound(page);
            }
            Map<String, String> errors = new HashMap<>();
            page.fieldErrors(e).forEach((k, v) -> errors.merge(FIELDS.getOrDefault(k, k), v, (a, b) -> a + " " + b));
            return render(page, tenant, id, form, errors, page.problemDetail(e), e.status());
        }
    }

    private MutableHttpResponse<String> render(PageShell.Page page, TenantContext tenant, String id, Map<String, String> form,
                                               Map<String, String> errors, @Nullable String problem, HttpStatus status) {
        Optional<MailQuarantine.Item> mail = id(id).flatMap(m -> quarantine.find(tenant, m));
        if (mail.isEmpty()) {
            return notFound(page);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("nav", "mail");
        model.put("mail", ConsoleMailQuarantine.row(page, tenant, mail.get()));
        model.put("form", form);
        model.put("errors", errors);
        model.put("problem", problem);
        model.put("reasonMax", MailQuarantine.REASON_MAX);
        model.put("registers", page.hasRole(Roles.AGENT));
        return page.render("console/mail-message", page.t("console.mail.message.title"), model).status(status);
    }

    private static MutableHttpResponse<String> notFound(PageShell.Page page) {
        return page.error(HttpStatus.NOT_FOUND, "console.mail.notfound.title", "console.mail.notfound.detail");
    }

    private static Optional<Long> id(String id) {
        return id != null && id.matches("[0-9]{1,18}") ? Optional.of(Long.parseLong(id)) : Optional.empty();
    }
}
