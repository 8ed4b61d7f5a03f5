package co.mesa.adminpages;

import co.mesa.identity.Roles;
import co.mesa.tenant.TenantConfigService;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.ConfigKind;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.web.ProblemResponses;
import co.mesa.web.page.PageShell;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
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
 * The catalog and its template editor under {@code /admin/catalogo}; every change goes through
 * {@link TenantConfigService#editLive} (validated like the tenant-config folder).
 */
@Controller("/admin")
@Hidden
@Secured(Roles.TENANT_ADMIN)
@Produces(MediaType.TEXT_HTML)
public class AdminCatalogController {

    private final PageShell shell;
    private final TenantConfigService configs;
    private final ProblemResponses problems;

    public AdminCatalogController(PageShell shell, TenantConfigService configs, ProblemResponses problems) {
        this.shell = shell;
        this.configs = configs;
        this.problems = problems;
    }

    @Get("/catalogo")
    public HttpResponse<?> catalog(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth) {
        PageShell.Page page = shell.page(tenant, request, auth);
        List<Map<String, Object>> lines = new ArrayList<>();
        for (TenantConfig.ServiceLine line : tenant.config().catalog().serviceLines()) {
            List<Map<String, Object>> services = new ArrayList<>();
            for (TenantConfig.Service s : line.services()) {
                List<String> categories = s.categories().stream().map(c -> page.label(c.name())).toList();
                List<Map<String, Object>> templates = new ArrayList<>();
                for (TenantConfig.Template tpl : s.templates()) {
                    templates.add(Map.of("key", tpl.key(), "name", page.label(tpl.name()),
                            "fields", tpl.fields().size(), "restricted", !tpl.unrestricted(),
                            "href", "/admin/catalogo/" + s.key() + "/" + tpl.key()));
                }
                services.add(Map.of("key", s.key(), "name", page.label(s.name()),
                        "categories", String.join(", ", categories), "templates", templates));
            }
            lines.add(Map.of("key", line.key(), "name", page.label(line.name()),
                    "description", page.label(line.description()), "services", services));
        }
        return page.render("admin/catalog", page.t("admin.catalog.title"), Map.of("lines", lines));
    }

    @Get("/catalogo/{service}/{template}")
    public HttpResponse<?> template(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                    @PathVariable String service, @PathVariable String template,
                                    @Nullable @QueryValue String guardado) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<ObjectNode> node = templateNode(liveCatalog(tenant), service, template);
        if (node.isEmpty()) {
            return AdminEdits.notFound(page);
        }
        Map<String, Object> model = templateModel(page, tenant, service, node.get(), null);
        model.put("saved", guardado != null);
        model.put("version", AdminEdits.version(configs, tenant, ConfigKind.CATALOG));
        return page.render("admin/template", page.t("admin.template.title", model.get("name")), model);
    }

    @Post("/catalogo/{service}/{template}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> saveTemplate(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                        @PathVariable String service, @PathVariable String template,
                                        @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        ObjectNode catalog = liveCatalog(tenant);
        Optional<ObjectNode> found = templateNode(catalog, service, template);
        if (found.isEmpty()) {
            return AdminEdits.notFound(page);
        }
        ObjectNode tpl = found.get();
        Errors errors = new Errors(page);
        TemplateForm edit = TemplateForm.read(form, tpl, errors);
        if (errors.isEmpty()) {
            edit.applyTo(tpl);
            if (AdminEdits.save(configs, problems, request, tenant, ConfigKind.CATALOG, catalog, auth, errors,
                    form.get(AdminEdits.VERSION))) {
                return PageShell.Page.redirect("/admin/catalogo/" + service + "/" + template + "?guardado=1");
            }
        }
        // Show what the person typed, with each message next to its field.
        ObjectNode typed = found.get();
        Map<String, Object> model = templateModel(page, tenant, service, typed, edit);
        model.put("errors", errors.list());
        model.put("version", errors.versionFor(form.getOrDefault(AdminEdits.VERSION, "")));
        return page.render("admin/template", page.t("admin.template.title", model.get("name")), model)
                .status(HttpStatus.UNPROCESSABLE_ENTITY);
    }

    private Map<String, Object> templateModel(PageShell.Page page, TenantContext tenant, String service, ObjectNode tpl,
                                              @Nullable TemplateForm typed) {
        Map<String, Object> m = new HashMap<>();
        String key = tpl.path("key").asText();
        m.put("service", service);
        m.put("key", key);
        m.put("action", "/admin/catalogo/" + service + "/" + key);
        tenant.config().catalog().service(service).ifPresent(s -> m.put("serviceName", page.label(s.name())));
        TemplateForm f = typed != null ? typed : TemplateForm.of(tpl);
        m.put("name", f.nameEs.isBlank() ? key : "en".equals(page.locale().getLanguage()) && !f.nameEn.isBlank() ? f.nameEn : f.nameEs);
        m.put("form", f.model(typed == null ? Map.of() : typed.errors));
        m.put("types", TemplateForm.FIELD_TYPES.stream().map(t -> Map.of("key", t, "name", page.t("admin.field.type." + t))).toList());
        return m;
    }

    private ObjectNode liveCatalog(TenantContext tenant) {
        return AdminEdits.liveCopy(configs, tenant, ConfigKind.CATALOG);
    }

    static Optional<ObjectNode> templateNode(ObjectNode catalog, String service, String template) {
        for (JsonNode line : catalog.path("serviceLines")) {
            Optional<ObjectNode> s = AdminEdits.keyed(line.path("services"), service);
            if (s.isPresent()) {
                return AdminEdits.keyed(s.get().path("templates"), template);
            }
        }
        return Optional.empty();
    }
}
