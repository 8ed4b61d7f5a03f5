package co.mesa.portal;

import co.mesa.catalog.CatalogView;
import co.mesa.identity.PeopleService;
import co.mesa.identity.PersonView;
import co.mesa.identity.Roles;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.ticket.CaseRequests;
import co.mesa.ticket.CaseService;
import co.mesa.web.page.MultipartForm;
import co.mesa.web.page.PageShell;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.http.server.multipart.MultipartBody;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * "Nuevo registro" (002 §11, §14.2; issue 20): an agent registers a phone call, a mail, a walk-in or a
 * PQRS for someone of the entity's directory. Step one finds the requester (a plain GET search: it works
 * without JavaScript) and chooses the origin and a template of the catalog; step two is the portal's own
 * form of that template ({@link PortalRequestController}: the same fields, required attachments and
 * validation), with the immediate solution the first line may sign in the same transaction. It lives in
 * the portal's package because it is the portal's request form served to agents: page packages do not
 * use one another (FeatureBoundariesTest).
 */
@Controller("/consola/registro")
@Hidden
@Secured({Roles.AGENT})
@Produces(MediaType.TEXT_HTML)
public class ConsoleRegistrationController {

    private final PageShell shell;
    private final PeopleService people;
    private final PortalSupport portal;
    private final PortalRequestController requests;

    public ConsoleRegistrationController(PageShell shell, PeopleService people, PortalSupport portal,
                                     PortalRequestController requests) {
        this.shell = shell;
        this.people = people;
        this.portal = portal;
        this.requests = requests;
    }

    /** Step one: who, how it arrived, which template. {@code q} searches the directory. */
    @Get("{?q,solicitante,origen,plantilla}")
    public HttpResponse<?> start(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                 @Nullable @QueryValue String q, @Nullable @QueryValue String solicitante,
                                 @Nullable @QueryValue String origen, @Nullable @QueryValue String plantilla) {
        PageShell.Page page = shell.page(tenant, request, auth);
        return startPage(page, q, solicitante, origen, plantilla, Map.of()).status(HttpStatus.OK);
    }

    /** Step two: the template's form with the choices of step one; back to step one when one is missing. */
    @Get("/formulario{?solicitante,origen,plantilla}")
    public HttpResponse<?> form(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                @Nullable @QueryValue String solicitante, @Nullable @QueryValue String origen,
                                @Nullable @QueryValue String plantilla) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Map<String, String> errors = new LinkedHashMap<>();
        Optional<PersonView> requester = requester(page, solicitante);
        if (requester.isEmpty()) {
            errors.put("q", page.t("console.register.error.requester"));
        }
        if (origen == null || !CaseService.REGISTRATION_ORIGINS.contains(origen)) {
            errors.put("origen", page.t("console.register.error.origin"));
        }
        if (plantilla == null || portal.template(page, plantilla).isEmpty()) {
            errors.put("plantilla", page.t("console.register.error.template"));
        }
        if (!errors.isEmpty()) {
            return startPage(page, requester.map(PersonView::username).orElse(null), solicitante, origen, plantilla, errors)
                    .status(HttpStatus.UNPROCESSABLE_ENTITY);
        }
        Map<String, List<String>> values = Map.of("origin", List.of(origen));
        return requests.registrationForm(page, plantilla, values,
                        registration(page, requester.get(), origen, plantilla, null, Map.of()))
                .orElseGet(() -> page.error(HttpStatus.NOT_FOUND, "shell.error.notfound.title", "shell.error.notfound.detail"));
    }

    /** Files the registration: the portal's filing with the requester, origin and immediate solution. */
    @Post(value = "/formulario", consumes = MediaType.MULTIPART_FORM_DATA)
    public Mono<HttpResponse<?>> file(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                      @Body MultipartBody body) {
        return Flux.from(body).collectList().publishOn(Schedulers.boundedElastic()).map(parts -> {
            MultipartForm form = MultipartForm.of(parts);
            List<CompletedFileUpload> files = form.files().stream().filter(f -> f.getSize() > 0).toList();
            return handle(tenant, request, auth, form.values(), files);
        });
    }

    private HttpResponse<?> handle(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                   Map<String, List<String>> values, List<CompletedFileUpload> files) {
        PageShell.Page page = shell.page(tenant, request, auth);
        String template = first(values, "template");
        Optional<PersonView> requester = requester(page, first(values, "requesterId"));
        String origin = first(values, "origin");
        if (requester.isEmpty() || template == null) {
            // Only a tampered form lacks them: start again.
            return startPage(page, null, null, origin, template, Map.of("q", page.t("console.register.error.requester")))
                    .status(HttpStatus.UNPROCESSABLE_ENTITY);
        }
        Map<String, String> errors = new LinkedHashMap<>();
        if (origin == null || !CaseService.REGISTRATION_ORIGINS.contains(origin)) {
            errors.put("origin", page.t("console.register.error.origin"));
            origin = "phone";
        }
        CaseRequests.Action immediate = null;
        if (first(values, "immediate") != null) {
            if (!immediateOffered(tenant.config())) {
                errors.put("immediate", page.t("console.register.error.immediate-not-offered"));
            } else {
                String note = first(values, "immediateNote");
                if (note == null || note.isBlank()) {
                    errors.put("immediate-note", page.t("console.register.error.immediate-note"));
                } else {
                    immediate = new CaseRequests.Action("firstLineSolution", note.strip(), null, null, null, null,
                            null, null, null, null);
                }
            }
        }
        return requests.register(tenant, request, auth, template, values, files,
                registration(page, requester.get(), origin, template, immediate, errors));
    }

    private PortalRequestController.Registration registration(PageShell.Page page, PersonView requester, String origin,
                                                              String template, @Nullable CaseRequests.Action immediate,
                                                              Map<String, String> errors) {
        TenantConfig config = page.tenant().config();
        Map<String, Object> model = new HashMap<>();
        model.put("action", "/consola/registro/formulario");
        model.put("template", template);
        model.put("requester", Map.of("id", requester.id().toString(), "name", requester.name(),
                "username", requester.username(), "email", requester.email() == null ? "" : requester.email()));
        model.put("registeredBy", page.auth() == null ? "" : people.signedIn(page.tenant(), page.auth()).name());
        model.put("origins", origins(page, origin));
        model.put("changeHref", "/consola/registro?solicitante=" + requester.id() + "&origen=" + origin
                + "&plantilla=" + template);
        Optional<TenantConfig.Action> offered = immediateAction(config);
        model.put("immediateOffered", offered.isPresent());
        offered.ifPresent(a -> {
            model.put("immediateLabel", page.label(a.name()));
            model.put("immediateNoteLabel", a.noteLabel() == null ? page.t("console.action.note") : page.label(a.noteLabel()));
        });
        Map<String, String> labels = new HashMap<>();
        labels.put("origin", page.t("console.register.origin"));
        labels.put("requesterId", page.t("console.register.requester"));
        labels.put("immediate", offered.map(a -> page.label(a.name())).orElse(page.t("console.register.title")));
        labels.put("immediate-note", String.valueOf(model.getOrDefault("immediateNoteLabel", "")));
        return new PortalRequestController.Registration(requester.id().toString(), origin, immediate, errors, labels, model);
    }

    private static Optional<TenantConfig.Action> immediateAction(TenantConfig config) {
        return config.workflow().action("firstLineSolution");
    }

    private static boolean immediateOffered(TenantConfig config) {
        return immediateAction(config).isPresent();
    }

    private static List<Map<String, Object>> origins(PageShell.Page page, @Nullable String chosen) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String o : CaseService.REGISTRATION_ORIGINS) {
            out.add(Map.of("value", o, "label", page.t("console.origin." + o), "selected", o.equals(chosen)));
        }
        return out;
    }

    private Optional<PersonView> requester(PageShell.Page page, @Nullable String id) {
        Optional<java.util.UUID> uuid = CaseService.uuid(id);
        if (uuid.isEmpty()) {
            return Optional.empty();
        }
        return people.person(page.tenant(), uuid.get());
    }

    private io.micronaut.http.MutableHttpResponse<String> startPage(PageShell.Page page, @Nullable String q,
                                                                   @Nullable String chosenId, @Nullable String origin,
                                                                   @Nullable String template, Map<String, String> errors) {
        Map<String, Object> model = new HashMap<>();
        model.put("nav", "register");
        String query = q == null ? "" : q.strip();
        model.put("q", query);
        Optional<PersonView> chosen = requester(page, chosenId);
        List<Map<String, Object>> people = new ArrayList<>();
        chosen.ifPresent(p -> people.add(personOption(p, true)));
        if (!query.isEmpty()) {
            for (PersonView p : this.people.search(page.tenant(), query)) {
                if (chosen.isEmpty() || !chosen.get().id().equals(p.id())) {
                    people.add(personOption(p, people.isEmpty() && chosen.isEmpty()));
                }
            }
        }
        model.put("searched", !query.isEmpty());
        model.put("people", people);
        model.put("origins", origins(page, origin == null ? "phone" : origin));
        List<Map<String, Object>> services = new ArrayList<>();
        for (CatalogView.ServiceView s : portal.catalog(page).services()) {
            List<Map<String, Object>> templates = new ArrayList<>();
            for (CatalogView.TemplateView t : s.templates()) {
                templates.add(Map.of("value", t.key(), "label", t.name(), "selected", t.key().equals(template)));
            }
            if (!templates.isEmpty()) {
                services.add(Map.of("label", s.name(), "options", templates));
            }
        }
        model.put("services", services);
        model.put("errors", errors);
        List<Map<String, Object>> summary = new ArrayList<>();
        Map<String, String> labels = Map.of("q", page.t("console.register.requester"),
                "origen", page.t("console.register.origin"), "plantilla", page.t("console.register.template"));
        errors.forEach((k, v) -> summary.add(Map.of("id", k, "label", labels.getOrDefault(k, k), "message", v)));
        model.put("summary", summary);
        return page.render("console/register", page.t("console.register.title"), model);
    }

    private static Map<String, Object> personOption(PersonView p, boolean checked) {
        Map<String, Object> m = new HashMap<>();
        m.put("id", p.id().toString());
        m.put("name", p.name());
        m.put("username", p.username());
        m.put("email", p.email() == null ? "" : p.email());
        m.put("dependency", p.dependency() == null ? "" : p.dependency());
        // A contact the agents registered (issue 20): said in words, not in the directory.
        m.put("contact", !p.inDirectory());
        m.put("checked", checked);
        return m;
    }

    @Nullable
    private static String first(Map<String, List<String>> values, String name) {
        List<String> v = values.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
