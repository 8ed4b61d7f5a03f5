package co.mesa.adminpages;

import co.mesa.identity.Roles;
import co.mesa.tenant.TenantContext;
import co.mesa.web.page.PageShell;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
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

import static co.mesa.adminpages.CatalogEdits.en;
import static co.mesa.adminpages.CatalogEdits.es;
import static co.mesa.adminpages.CatalogEdits.shown;
import static co.mesa.adminpages.CatalogEdits.text;
import static co.mesa.adminpages.CatalogPages.label;

/**
 * A service's page (issue 21), {@code /admin/servicios/{service}}: renames, moves and retires the
 * service, its categories and its templates, adds categories and templates, and shows the SLA targets
 * that can apply to it. Every save carries the catalog's version and goes through
 * {@link co.mesa.tenant.TenantConfigService#editLive}, validated like the tenant-config folder.
 */
@Controller("/admin")
@Hidden
@Secured(Roles.TENANT_ADMIN)
@Produces(MediaType.TEXT_HTML)
public class AdminCatalogServiceController {

    private static final String VIEW = "admin/catalog-service";
    private static final String TITLE = "admin.service.title";

    private final PageShell shell;
    private final CatalogPages pages;

    public AdminCatalogServiceController(PageShell shell, CatalogPages pages) {
        this.shell = shell;
        this.pages = pages;
    }

    @Get("/servicios/{service}")
    public HttpResponse<?> service(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                   @PathVariable String service, @Nullable @QueryValue String guardado) {
        PageShell.Page page = shell.page(tenant, request, auth);
        String version = pages.version(tenant);
        ObjectNode catalog = pages.liveCatalog(tenant);
        Optional<CatalogEdits.ServiceAt> at = CatalogEdits.service(catalog, service);
        if (at.isEmpty()) {
            return AdminEdits.notFound(page);
        }
        Map<String, Object> model = serviceModel(page, tenant, at.get(), null, null, version);
        model.put("saved", guardado != null);
        return page.render(VIEW, page.t(TITLE, model.get("name")), model);
    }

    @Post("/servicios/{service}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> saveService(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                       @PathVariable String service, @Body Map<String, String> posted) {
        PageShell.Page page = shell.page(tenant, request, auth);
        ObjectNode catalog = pages.liveCatalog(tenant);
        Optional<CatalogEdits.ServiceAt> found = CatalogEdits.service(catalog, service);
        if (found.isEmpty()) {
            return AdminEdits.notFound(page);
        }
        CatalogEdits.ServiceAt at = found.get();
        CatalogEdits.ServiceAt before = new CatalogEdits.ServiceAt(at.line().deepCopy(), at.service().deepCopy(), at.index());
        ObjectNode node = at.service();
        // Rows matched to live categories and templates by key, not position (another administrator may have moved them).
        Map<String, String> form = aligned(posted, node);
        Errors errors = new Errors(page);
        CatalogEdits.checkName(form, "", errors, "admin.service.error.name-required");
        CatalogEdits.checkDescription(form, errors);
        CatalogEdits.checkPosition("position", text(form, "position"), at.line().path("services").size(), errors);
        ArrayNode categories = (ArrayNode) node.path("categories");
        List<String> categoryPositions = new ArrayList<>();
        for (int i = 0; i < categories.size(); i++) {
            String p = "c" + i + "-";
            CatalogEdits.checkName(form, p, errors, "admin.category.error.name-required");
            CatalogEdits.checkPosition(p + "position", text(form, p + "position"), categories.size(), errors);
            categoryPositions.add(text(form, p + "position"));
        }
        ArrayNode templates = node.has("templates") ? (ArrayNode) node.get("templates") : node.putArray("templates");
        List<String> templatePositions = new ArrayList<>();
        for (int i = 0; i < templates.size(); i++) {
            String p = "t" + i + "-";
            CatalogEdits.checkPosition(p + "position", text(form, p + "position"), templates.size(), errors);
            templatePositions.add(text(form, p + "position"));
        }
        String newCategory = text(form, "cat-key");
        boolean adding = !newCategory.isEmpty() || !text(form, "cat-nameEs").isEmpty() || !text(form, "cat-nameEn").isEmpty();
        if (adding) {
            CatalogEdits.checkKey("cat-key", newCategory, CatalogEdits.keys(categories), errors);
            CatalogEdits.checkName(form, "cat-", errors, "admin.category.error.name-required");
        }
        if (errors.isEmpty()) {
            CatalogEdits.putI18n(node, "name", text(form, "nameEs"), text(form, "nameEn"));
            CatalogEdits.putI18n(node, "description", text(form, "descEs"), text(form, "descEn"));
            CatalogEdits.putRetired(node, form.containsKey("retired"));
            for (int i = 0; i < categories.size(); i++) {
                String p = "c" + i + "-";
                ObjectNode c = (ObjectNode) categories.get(i);
                CatalogEdits.putI18n(c, "name", text(form, p + "nameEs"), text(form, p + "nameEn"));
                CatalogEdits.putRetired(c, form.containsKey(p + "retired"));
            }
            for (int i = 0; i < templates.size(); i++) {
                CatalogEdits.putRetired((ObjectNode) templates.get(i), form.containsKey("t" + i + "-retired"));
            }
            CatalogEdits.reorder(categories, categoryPositions);
            CatalogEdits.reorder(templates, templatePositions);
            if (adding) {
                CatalogEdits.item(categories.addObject(), newCategory, text(form, "cat-nameEs"), text(form, "cat-nameEn"));
            }
            CatalogEdits.move((ArrayNode) at.line().path("services"), at.index(), Integer.parseInt(text(form, "position")));
        }
        return pages.saveOrShow(page, tenant, request, auth, catalog, errors, form, "/admin/servicios/" + service + "?guardado=1",
                VIEW, TITLE, StructurePlaces.of(catalog, node, "", Map.of(
                        "categories", CatalogEdits.keys(before.service().path("categories")),
                        "templates", CatalogEdits.keys(before.service().path("templates"))),
                        adding ? Map.of(newCategory, new StructurePlaces.Added("cat-key", "cat-nameEs")) : Map.of()),
                version -> serviceModel(page, tenant, before, form, null, version));
    }

    /** The posted rows of categories ({@code c<i>-}) and templates ({@code t<i>-}) at their items' live positions. */
    private static Map<String, String> aligned(Map<String, String> posted, ObjectNode service) {
        JsonNode categories = service.path("categories");
        JsonNode templates = service.path("templates");
        Map<String, String> form = RowKeys.aligned(posted, "c", CatalogEdits.keys(categories), i -> untouched(categories.get(i), i, true));
        return RowKeys.aligned(form, "t", CatalogEdits.keys(templates), i -> untouched(templates.get(i), i, false));
    }

    private static Map<String, String> untouched(JsonNode item, int index, boolean names) {
        Map<String, String> m = new HashMap<>();
        m.put("key", item.path("key").asText());
        m.put("position", String.valueOf(index + 1));
        if (names) {
            m.put("nameEs", es(item.path("name")));
            m.put("nameEn", en(item.path("name")));
        }
        if (item.path("retired").asBoolean(false)) {
            m.put("retired", "on");
        }
        return m;
    }

    /** A new template for this service: key, name, case type and category; its fields are edited on its own page next. */
    @Post("/servicios/{service}/plantillas")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> addTemplate(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                       @PathVariable String service, @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        ObjectNode catalog = pages.liveCatalog(tenant);
        Optional<CatalogEdits.ServiceAt> found = CatalogEdits.service(catalog, service);
        if (found.isEmpty()) {
            return AdminEdits.notFound(page);
        }
        CatalogEdits.ServiceAt at = found.get();
        CatalogEdits.ServiceAt before = new CatalogEdits.ServiceAt(at.line().deepCopy(), at.service().deepCopy(), at.index());
        Errors errors = new Errors(page);
        String key = text(form, "tpl-key");
        CatalogEdits.checkKey("tpl-key", key, CatalogEdits.allTemplateKeys(catalog), errors);
        CatalogEdits.checkName(form, "tpl-", errors, "admin.template.error.name-required");
        String caseType = text(form, "tpl-caseType");
        if (tenant.config().workflow().caseTypes().stream().noneMatch(t -> t.key().equals(caseType))) {
            errors.field("tpl-caseType", "admin.newtemplate.error.case-type");
        }
        String category = text(form, "tpl-category");
        boolean offered = false;
        for (JsonNode c : at.service().path("categories")) {
            offered |= c.path("key").asText().equals(category) && !c.path("retired").asBoolean(false);
        }
        if (!offered) {
            errors.field("tpl-category", "admin.newtemplate.error.category");
        }
        if (errors.isEmpty()) {
            ObjectNode service0 = at.service();
            ArrayNode templates = service0.has("templates") ? (ArrayNode) service0.get("templates") : service0.putArray("templates");
            ObjectNode tpl = CatalogEdits.item(templates.addObject(), key, text(form, "tpl-nameEs"), text(form, "tpl-nameEn"));
            tpl.put("caseType", caseType);
            tpl.put("category", category);
            tpl.putArray("fields");
        }
        return pages.saveOrShow(page, tenant, request, auth, catalog, errors, form,
                "/admin/catalogo/" + service + "/" + key + "?guardado=1",
                VIEW, TITLE, StructurePlaces.of(catalog, at.service(), "", Map.of(),
                        Map.of(key, new StructurePlaces.Added("tpl-key", "tpl-nameEs"))),
                version -> serviceModel(page, tenant, before, null, form, version));
    }

    private static Map<String, Object> serviceModel(PageShell.Page page, TenantContext tenant, CatalogEdits.ServiceAt at,
                                             @Nullable Map<String, String> typed, @Nullable Map<String, String> typedTemplate,
                                             String version) {
        ObjectNode s = at.service();
        String key = s.path("key").asText();
        Map<String, Object> m = new HashMap<>();
        m.put("key", key);
        m.put("version", version);
        m.put("lineKey", at.line().path("key").asText());
        m.put("lineName", label(page, at.line().path("name"), at.line().path("key").asText()));
        m.put("count", at.line().path("services").size());
        m.put("name", label(page, s.path("name"), key));
        m.put("nameEs", shown(typed, "nameEs", es(s.path("name"))));
        m.put("nameEn", shown(typed, "nameEn", en(s.path("name"))));
        m.put("descEs", shown(typed, "descEs", es(s.path("description"))));
        m.put("descEn", shown(typed, "descEn", en(s.path("description"))));
        m.put("position", shown(typed, "position", String.valueOf(at.index() + 1)));
        m.put("retired", typed == null ? s.path("retired").asBoolean(false) : typed.containsKey("retired"));
        List<Map<String, Object>> categories = new ArrayList<>();
        List<Map<String, Object>> offered = new ArrayList<>();
        int i = 0;
        for (JsonNode c : s.path("categories")) {
            String p = "c" + i + "-";
            Map<String, Object> cm = new HashMap<>();
            cm.put("p", p);
            cm.put("key", c.path("key").asText());
            cm.put("nameEs", shown(typed, p + "nameEs", es(c.path("name"))));
            cm.put("nameEn", shown(typed, p + "nameEn", en(c.path("name"))));
            cm.put("position", shown(typed, p + "position", String.valueOf(i + 1)));
            cm.put("was", i + 1);
            cm.put("retired", typed == null ? c.path("retired").asBoolean(false) : typed.containsKey(p + "retired"));
            categories.add(cm);
            if (!c.path("retired").asBoolean(false)) {
                offered.add(Map.of("key", c.path("key").asText(), "name", label(page, c.path("name"), c.path("key").asText())));
            }
            i++;
        }
        m.put("categories", categories);
        m.put("categoryCount", categories.size());
        List<Map<String, Object>> templates = new ArrayList<>();
        i = 0;
        for (JsonNode t : s.path("templates")) {
            String p = "t" + i + "-";
            Map<String, Object> tm = new HashMap<>();
            tm.put("p", p);
            tm.put("key", t.path("key").asText());
            tm.put("name", label(page, t.path("name"), t.path("key").asText()));
            tm.put("href", "/admin/catalogo/" + key + "/" + t.path("key").asText());
            tm.put("position", shown(typed, p + "position", String.valueOf(i + 1)));
            tm.put("was", i + 1);
            tm.put("retired", typed == null ? t.path("retired").asBoolean(false) : typed.containsKey(p + "retired"));
            templates.add(tm);
            i++;
        }
        m.put("templates", templates);
        m.put("templateCount", templates.size());
        Map<String, String> nt = typedTemplate == null ? Map.of() : typedTemplate;
        m.put("newCategory", Map.of("key", shown(typed, "cat-key", ""), "nameEs", shown(typed, "cat-nameEs", ""),
                "nameEn", shown(typed, "cat-nameEn", "")));
        m.put("newTemplate", Map.of("key", text(nt, "tpl-key"), "nameEs", text(nt, "tpl-nameEs"),
                "nameEn", text(nt, "tpl-nameEn"), "caseType", text(nt, "tpl-caseType"), "category", text(nt, "tpl-category")));
        m.put("caseTypes", tenant.config().workflow().caseTypes().stream()
                .map(ct -> Map.of("key", ct.key(), "name", page.label(ct.name()))).toList());
        m.put("offeredCategories", offered);
        m.put("targets", CatalogPages.targets(page, tenant.config(), key, at.line().path("key").asText()));
        return m;
    }
}
