package co.mesa.portal;

import co.mesa.identity.ContactPeople;
import co.mesa.identity.Roles;
import co.mesa.shared.ProblemException;
import co.mesa.tenant.TenantContext;
import co.mesa.web.page.PageShell;
import co.mesa.web.page.QueryString;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * "Nuevo registro" for someone who is not in the entity's directory (issue 20): the agent registers a contact
 * (name, document, e-mail and/or phone) and goes back to step one with that person chosen. Beside
 * {@link ConsoleRegistrationController}, in the portal's package for the same reason.
 */
@Controller("/consola/registro/contacto")
@Hidden
@Secured({Roles.AGENT})
@Produces(MediaType.TEXT_HTML)
public class ConsoleContactController {

    /** The form's fields, in order: the service's parameter names to the form's. */
    private static final Map<String, String> FIELDS = Map.of("name", "nombre", "document", "documento",
            "email", "correo", "phone", "telefono");

    private final PageShell shell;
    private final ContactPeople contacts;

    public ConsoleContactController(PageShell shell, ContactPeople contacts) {
        this.shell = shell;
        this.contacts = contacts;
    }

    @Get
    public HttpResponse<?> form(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth) {
        PageShell.Page page = shell.page(tenant, request, auth);
        return render(page, Map.of(), Map.of());
    }

    @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> register(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                    @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        try {
            UUID id = contacts.register(tenant, new ContactPeople.NewContact(form.get("nombre"), form.get("documento"),
                    form.get("correo"), form.get("telefono")));
            return PageShell.Page.redirect("/consola/registro?solicitante=" + QueryString.encode(id.toString()));
        } catch (ProblemException e) {
            Map<String, String> errors = new HashMap<>();
            page.fieldErrors(e).forEach((k, v) -> errors.put(FIELDS.getOrDefault(k, k), v));
            return render(page, form, errors).status(e.status());
        }
    }

    private io.micronaut.http.MutableHttpResponse<String> render(PageShell.Page page, Map<String, String> values,
                                                                 Map<String, String> errors) {
        Map<String, Object> model = new HashMap<>();
        model.put("nav", "register");
        model.put("values", values);
        model.put("errors", errors);
        // The summary above the form: each error linking to its field, in the form's order.
        List<Map<String, String>> summary = new java.util.ArrayList<>();
        for (String field : List.of("nombre", "documento", "correo", "telefono")) {
            if (errors.containsKey(field)) {
                summary.add(Map.of("id", field, "label", page.t("console.contact." + field), "message", errors.get(field)));
            }
        }
        model.put("summary", summary);
        return page.render("console/register-contact", page.t("console.contact.title"), model);
    }
}
