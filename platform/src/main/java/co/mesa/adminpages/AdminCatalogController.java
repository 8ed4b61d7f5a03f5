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
        return catalogPage(page, tenant, AdminEdits.version(configs, tenant, ConfigKind.CATALOG), Map.of(), null);
    }

    /**
     * A new service line (issue 21), with its first service and that service's first category: the
     * tenant data needs a line to offer a service and a service to have a category.
     */
    @Post("/lineas")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> addLine(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                   @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        ObjectNode catalog = liveCatalog(tenant);
        Errors errors = new Errors(page);
        String key = CatalogEdits.text(form, "line-key");
        CatalogEdits.checkKey("line-key", key, CatalogEdits.keys(catalog.path("serviceLines")), errors);
        CatalogEdits.checkName(form, "line-", errors, "admin.line.error.name-required");
        String serviceKey = CatalogEdits.text(form, "line-svcKey");
        CatalogEdits.checkKey("line-svcKey", serviceKey, CatalogEdits.allServiceKeys(catalog), errors);
        CatalogEdits.checkName(form, "line-svc", errors, "admin.service.error.name-required");
        String categoryKey = CatalogEdits.text(form, "line-catKey");
        CatalogEdits.checkKey("line-catKey", categoryKey, List.of(), errors);
        CatalogEdits.checkName(form, "line-cat", errors, "admin.category.error.name-required");
        if (errors.isEmpty()) {
            ObjectNode line = CatalogEdits.item(((com.fasterxml.jackson.databind.node.ArrayNode) catalog.path("serviceLines"))
                    .addObject(), key, CatalogEdits.text(form, "line-nameEs"), CatalogEdits.text(form, "line-nameEn"));
            ObjectNode service = CatalogEdits.item(line.putArray("services").addObject(), serviceKey,
                    CatalogEdits.text(form, "line-svcnameEs"), CatalogEdits.text(form, "line-svcnameEn"));
            CatalogEdits.item(service.putArray("categories").addObject(), categoryKey,
                    CatalogEdits.text(form, "line-catnameEs"), CatalogEdits.text(form, "line-catnameEn"));
            service.putArray("templates");
            ProblemPlaces places = StructurePlaces.of(catalog, line, "line-", Map.of(), StructurePlaces.added(
                    serviceKey, new StructurePlaces.Added("line-svcKey", "line-svcnameEs"),
                    categoryKey, new StructurePlaces.Added("line-catKey", "line-catnameEs")));
            if (AdminEdits.save(configs, problems, request, tenant, ConfigKind.CATALOG, catalog, auth, errors,
                    form.get(AdminEdits.VERSION), places)) {
                return PageShell.Page.redirect("/admin/lineas/" + key + "?guardado=1");
            }
        }
        return catalogPage(page, tenant, errors.versionFor(CatalogEdits.text(form, AdminEdits.VERSION)), form, errors)
                .status(HttpStatus.UNPROCESSABLE_ENTITY);
    }

    private io.micronaut.http.MutableHttpResponse<String> catalogPage(PageShell.Page page, TenantContext tenant, String version,
                                                                        Map<String, String> typed, @Nullable Errors errors) {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (TenantConfig.ServiceLine line : tenant.config().catalog().serviceLines()) {
            List<Map<String, Object>> services = new ArrayList<>();
            for (TenantConfig.Service s : line.services()) {
                List<String> categories = s.categories().stream().map(c -> page.label(c.name())
                        + (c.isRetired() ? " (" + page.t("admin.catalog.retired") + ")" : "")).toList();
                List<Map<String, Object>> templates = new ArrayList<>();
                for (TenantConfig.Template tpl : s.templates()) {
                    templates.add(Map.of("key", tpl.key(), "name", page.label(tpl.name()),
                            "fields", tpl.fields().size(), "restricted", !tpl.unrestricted(), "retired", tpl.isRetired(),
                            "href", "/admin/catalogo/" + s.key() + "/" + tpl.key()));
                }
                services.add(Map.of("key", s.key(), "name", page.label(s.name()), "retired", s.isRetired(),
                        "href", "/admin/servicios/" + s.key(),
                        "categories", String.join(", ", categories), "templates", templates));
            }
            lines.add(Map.of("key", line.key(), "name", page.label(line.name()), "retired", line.isRetired(),
                    "href", "/admin/lineas/" + line.key(),
                    "description", page.label(line.description()), "services", services));
        }
        Map<String, Object> model = new HashMap<>();
        model.put("lines", lines);
        model.put("version", version);
        Map<String, Object> added = new HashMap<>();
        for (String id : List.of("line-key", "line-nameEs", "line-nameEn", "line-svcKey", "line-svcnameEs",
                "line-svcnameEn", "line-catKey", "line-catnameEs", "line-catnameEn")) {
            added.put(id.replace("-", "_"), CatalogEdits.text(typed, id));
        }
        model.put("added", added);
        if (errors != null) {
            CatalogPages.withErrors(model, errors);
        }
        return page.render("admin/catalog", page.t("admin.catalog.title"), model);
    }

    @Get("/catalogo/{service}/{template}")
    public HttpResponse<?> template(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                    @PathVariable String service, @PathVariable String template,
                                    @Nullable @QueryValue String guardado) {
        PageShell.Page page = shell.page(tenant, request, auth);
        // The version before the content: a save in between makes this form's save stale, never silently older.
        String version = AdminEdits.version(configs, tenant, ConfigKind.CATALOG);
        Optional<ObjectNode> node = templateNode(liveCatalog(tenant), service, template);
        if (node.isEmpty()) {
            return AdminEdits.notFound(page);
        }
        Map<String, Object> model = templateModel(page, tenant, service, node.get(), null);
        model.put("saved", guardado != null);
        model.put("version", version);
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
                    form.get(AdminEdits.VERSION), TemplatePlaces.of(catalog, tpl, edit))) {
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
        TemplateForm f = (typed != null ? typed : TemplateForm.of(tpl)).withAudienceChoices(
                tenant.config().catalog().audiences().stream()
                        .map(a -> Map.of("key", a.key(), "name", page.label(a.name()))).toList());
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
