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
 * A service line's page (issue 21), {@code /admin/lineas/{line}}: renames, moves and retires the line
 * and adds services to it. Every save carries the catalog's version and goes through
 * {@link co.mesa.tenant.TenantConfigService#editLive}, validated like the tenant-config folder.
 */
@Controller("/admin")
@Hidden
@Secured(Roles.TENANT_ADMIN)
@Produces(MediaType.TEXT_HTML)
public class AdminCatalogLineController {

    private static final String VIEW = "admin/catalog-line";
    private static final String TITLE = "admin.line.title";

    private final PageShell shell;
    private final CatalogPages pages;

    public AdminCatalogLineController(PageShell shell, CatalogPages pages) {
        this.shell = shell;
        this.pages = pages;
    }

    @Get("/lineas/{line}")
    public HttpResponse<?> line(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                @PathVariable String line, @Nullable @QueryValue String guardado) {
        PageShell.Page page = shell.page(tenant, request, auth);
        String version = pages.version(tenant);
        ObjectNode catalog = pages.liveCatalog(tenant);
        Optional<ObjectNode> node = AdminEdits.keyed(catalog.path("serviceLines"), line);
        if (node.isEmpty()) {
            return AdminEdits.notFound(page);
        }
        Map<String, Object> model = lineModel(page, catalog, node.get(), null, null, version);
        model.put("saved", guardado != null);
        return page.render(VIEW, page.t(TITLE, model.get("name")), model);
    }

    @Post("/lineas/{line}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> saveLine(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                    @PathVariable String line, @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        ObjectNode catalog = pages.liveCatalog(tenant);
        ArrayNode lines = (ArrayNode) catalog.path("serviceLines");
        int index = CatalogEdits.indexOf(lines, line);
        if (index < 0) {
            return AdminEdits.notFound(page);
        }
        ObjectNode live = (ObjectNode) lines.get(index).deepCopy();
        ObjectNode edited = (ObjectNode) lines.get(index);
        Errors errors = new Errors(page);
        CatalogEdits.checkName(form, "", errors, "admin.line.error.name-required");
        CatalogEdits.checkDescription(form, errors);
        CatalogEdits.checkPosition("position", text(form, "position"), lines.size(), errors);
        if (errors.isEmpty()) {
            ObjectNode node = (ObjectNode) lines.get(index);
            CatalogEdits.putI18n(node, "name", text(form, "nameEs"), text(form, "nameEn"));
            CatalogEdits.putI18n(node, "description", text(form, "descEs"), text(form, "descEn"));
            CatalogEdits.putRetired(node, form.containsKey("retired"));
            CatalogEdits.move(lines, index, Integer.parseInt(text(form, "position")));
        }
        return pages.saveOrShow(page, tenant, request, auth, catalog, errors, form, "/admin/lineas/" + line + "?guardado=1",
                VIEW, TITLE, StructurePlaces.of(catalog, edited, "", Map.of(), Map.of()),
                version -> lineModel(page, pages.liveCatalog(tenant), live, form, null, version));
    }

    /** A new service in this line, with its first category (a service needs one). */
    @Post("/lineas/{line}/servicios")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> addService(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                      @PathVariable String line, @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        ObjectNode catalog = pages.liveCatalog(tenant);
        Optional<ObjectNode> found = AdminEdits.keyed(catalog.path("serviceLines"), line);
        if (found.isEmpty()) {
            return AdminEdits.notFound(page);
        }
        ObjectNode live = found.get().deepCopy();
        Errors errors = new Errors(page);
        String key = text(form, "svc-key");
        CatalogEdits.checkKey("svc-key", key, CatalogEdits.allServiceKeys(catalog), errors);
        CatalogEdits.checkName(form, "svc-", errors, "admin.service.error.name-required");
        String categoryKey = text(form, "svc-catKey");
        CatalogEdits.checkKey("svc-catKey", categoryKey, List.of(), errors);
        CatalogEdits.checkName(form, "svc-cat", errors, "admin.category.error.name-required");
        if (errors.isEmpty()) {
            ObjectNode service = CatalogEdits.item(((ArrayNode) found.get().path("services")).addObject(), key,
                    text(form, "svc-nameEs"), text(form, "svc-nameEn"));
            CatalogEdits.item(service.putArray("categories").addObject(), categoryKey,
                    text(form, "svc-catnameEs"), text(form, "svc-catnameEn"));
            service.putArray("templates");
        }
        return pages.saveOrShow(page, tenant, request, auth, catalog, errors, form, "/admin/servicios/" + key + "?guardado=1",
                VIEW, TITLE, StructurePlaces.of(catalog, found.get(), "", Map.of(), StructurePlaces.added(
                        key, new StructurePlaces.Added("svc-key", "svc-nameEs"),
                        categoryKey, new StructurePlaces.Added("svc-catKey", "svc-catnameEs"))),
                version -> lineModel(page, pages.liveCatalog(tenant), live, null, form, version));
    }

    private static Map<String, Object> lineModel(PageShell.Page page, ObjectNode catalog, ObjectNode line,
                                                 @Nullable Map<String, String> typed,
                                                 @Nullable Map<String, String> typedService, String version) {
        Map<String, Object> m = new HashMap<>();
        String key = line.path("key").asText();
        JsonNode lines = catalog.path("serviceLines");
        m.put("key", key);
        m.put("version", version);
        m.put("count", lines.size());
        m.put("name", label(page, line.path("name"), key));
        m.put("nameEs", shown(typed, "nameEs", es(line.path("name"))));
        m.put("nameEn", shown(typed, "nameEn", en(line.path("name"))));
        m.put("descEs", shown(typed, "descEs", es(line.path("description"))));
        m.put("descEn", shown(typed, "descEn", en(line.path("description"))));
        m.put("position", shown(typed, "position", String.valueOf(CatalogEdits.indexOf(lines, key) + 1)));
        m.put("retired", typed == null ? line.path("retired").asBoolean(false) : typed.containsKey("retired"));
        List<Map<String, Object>> services = new ArrayList<>();
        for (JsonNode s : line.path("services")) {
            services.add(Map.of("key", s.path("key").asText(), "name", label(page, s.path("name"), s.path("key").asText()),
                    "retired", s.path("retired").asBoolean(false), "href", "/admin/servicios/" + s.path("key").asText()));
        }
        m.put("services", services);
        Map<String, String> t = typedService == null ? Map.of() : typedService;
        Map<String, Object> added = new HashMap<>();
        for (String id : List.of("svc-key", "svc-nameEs", "svc-nameEn", "svc-catKey", "svc-catnameEs", "svc-catnameEn")) {
            added.put(id.replace("-", "_"), text(t, id));
        }
        m.put("added", added);
        return m;
    }
}
