package co.mesa.adminpages;

import co.mesa.identity.Roles;
import co.mesa.tenant.TenantConfigService;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.ConfigKind;
import co.mesa.tenantconfig.I18n;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.web.ProblemResponses;
import co.mesa.web.page.PageShell;
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
 * Groups and routing under {@code /admin/grupos} and {@code /admin/reglas}: names of groups and the
 * group each routing rule sends to, each change through {@link TenantConfigService#editLive}.
 */
@Controller("/admin")
@Hidden
@Secured(Roles.TENANT_ADMIN)
@Produces(MediaType.TEXT_HTML)
public class AdminGroupsController {

    private final PageShell shell;
    private final TenantConfigService configs;
    private final ProblemResponses problems;

    public AdminGroupsController(PageShell shell, TenantConfigService configs, ProblemResponses problems) {
        this.shell = shell;
        this.configs = configs;
        this.problems = problems;
    }

    @Get("/grupos")
    public HttpResponse<?> groups(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                  @Nullable @QueryValue String guardado) {
        PageShell.Page page = shell.page(tenant, request, auth);
        return groupsPage(page, tenant, Map.of(), guardado != null);
    }

    @Post("/grupos/{group}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> renameGroup(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                       @PathVariable String group, @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        ObjectNode doc = AdminEdits.liveCopy(configs, tenant, ConfigKind.GROUPS);
        Optional<ObjectNode> found = AdminEdits.keyed(doc.path("groups"), group);
        if (found.isEmpty()) {
            return AdminEdits.notFound(page);
        }
        ObjectNode node = found.get();
        Errors errors = new Errors(page);
        String es = form.getOrDefault("nombreEs", "").strip();
        String en = form.getOrDefault("nombreEn", "").strip();
        if (es.isEmpty()) {
            errors.field("nombreEs-" + group, "admin.groups.error.name-required");
        } else if (es.length() > 200 || en.length() > 200) {
            errors.field("nombreEs-" + group, "admin.error.too-long", 200);
        }
        if (errors.isEmpty()) {
            ObjectNode name = node.putObject("name");
            name.put("es-CO", es);
            if (!en.isEmpty()) {
                name.put("en", en);
            }
            if (AdminEdits.save(configs, problems, request, tenant, ConfigKind.GROUPS, doc, auth, errors,
                    form.get(AdminEdits.VERSION), ProblemPlaces.under(doc, "groups", group, "nombreEs-" + group))) {
                return PageShell.Page.redirect("/admin/grupos?guardado=1");
            }
        }
        return groupsPage(page, tenant, Map.of("failedGroup", group, "nombreEs", es, "nombreEn", en,
                "errors", errors.list(), "fieldErrors", errors.byField(),
                "groupsVersion", errors.versionFor(form.getOrDefault(AdminEdits.VERSION, ""))), false).status(HttpStatus.UNPROCESSABLE_ENTITY);
    }

    @Post("/reglas/{rule}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> retargetRule(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                        @PathVariable String rule, @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        ObjectNode doc = AdminEdits.liveCopy(configs, tenant, ConfigKind.ROUTING);
        Optional<ObjectNode> found = AdminEdits.keyed(doc.path("rules"), rule);
        if (found.isEmpty()) {
            return AdminEdits.notFound(page);
        }
        ObjectNode node = found.get();
        Errors errors = new Errors(page);
        String group = form.getOrDefault("grupo", "").strip();
        String fieldId = "grupo-" + rule;
        if (tenant.config().groups().groups().stream().noneMatch(g -> g.key().equals(group))) {
            errors.field(fieldId, "admin.routing.error.group");
        }
        if (errors.isEmpty()) {
            ObjectNode assignTo = (ObjectNode) node.get("assignTo");
            assignTo.put("group", group);
            if (AdminEdits.save(configs, problems, request, tenant, ConfigKind.ROUTING, doc, auth, errors,
                    form.get(AdminEdits.VERSION), ProblemPlaces.under(doc, "rules", rule, fieldId))) {
                return PageShell.Page.redirect("/admin/grupos?guardado=1");
            }
        }
        return groupsPage(page, tenant, Map.of("failedRule", rule, "typedGroup", group, "errors", errors.list(),
                "fieldErrors", errors.byField(),
                "routingVersion", errors.versionFor(form.getOrDefault(AdminEdits.VERSION, ""))), false).status(HttpStatus.UNPROCESSABLE_ENTITY);
    }

    private io.micronaut.http.MutableHttpResponse<String> groupsPage(PageShell.Page page, TenantContext tenant,
                                                                       Map<String, Object> failed, boolean saved) {
        TenantConfig config = tenant.config();
        Map<String, String> tiers = new HashMap<>();
        config.groups().tiers().forEach(t -> tiers.put(t.key(), page.label(t.name())));
        Map<String, String> groupNames = new HashMap<>();
        List<Map<String, Object>> groups = new ArrayList<>();
        for (TenantConfig.Group g : config.groups().groups()) {
            groupNames.put(g.key(), page.label(g.name()));
            Map<String, Object> m = new HashMap<>();
            m.put("key", g.key());
            m.put("name", page.label(g.name()));
            m.put("nameEs", I18n.resolve(g.name(), List.of(java.util.Locale.forLanguageTag("es-CO"))));
            m.put("nameEn", g.name() == null ? "" : g.name().texts().getOrDefault("en", ""));
            m.put("tier", tiers.getOrDefault(g.tier(), g.tier()));
            m.put("vendor", g.vendor());
            m.put("email", g.email());
            if (g.key().equals(failed.get("failedGroup"))) {
                m.put("nameEs", failed.get("nombreEs"));
                m.put("nameEn", failed.get("nombreEn"));
                @SuppressWarnings("unchecked")
                Map<String, String> fe = (Map<String, String>) failed.get("fieldErrors");
                m.put("error", fe.get("nombreEs-" + g.key()));
                m.put("open", true);
            }
            groups.add(m);
        }
        List<Map<String, Object>> rules = new ArrayList<>();
        int i = 1;
        for (TenantConfig.Rule r : config.routing().rules()) {
            Map<String, Object> m = new HashMap<>();
            m.put("order", i++);
            m.put("name", page.label(r.name()));
            m.put("when", AdminEdits.describe(page, config, r.when()));
            m.put("key", r.key());
            m.put("group", groupNames.getOrDefault(r.assignTo().group(), r.assignTo().group()));
            m.put("groupKey", r.assignTo().group());
            if (r.key().equals(failed.get("failedRule"))) {
                @SuppressWarnings("unchecked")
                Map<String, String> fe = (Map<String, String>) failed.get("fieldErrors");
                m.put("error", fe.get("grupo-" + r.key()));
                m.put("groupKey", failed.get("typedGroup"));
            }
            m.put("strategy", page.t("admin.routing.strategy." + (r.assignTo().strategy() == null ? "round-robin" : r.assignTo().strategy())));
            rules.add(m);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("groups", groups);
        model.put("rules", rules);
        model.put("groupOptions", config.groups().groups().stream()
                .map(g -> Map.of("key", g.key(), "name", page.label(g.name()))).toList());
        model.put("defaultGroup", groupNames.getOrDefault(config.routing().defaultGroup(), config.routing().defaultGroup()));
        model.put("saved", saved);
        model.put("errors", failed.get("errors"));
        model.put("groupsVersion", failed.containsKey("groupsVersion") ? failed.get("groupsVersion")
                : AdminEdits.version(configs, tenant, ConfigKind.GROUPS));
        model.put("routingVersion", failed.containsKey("routingVersion") ? failed.get("routingVersion")
                : AdminEdits.version(configs, tenant, ConfigKind.ROUTING));
        return page.render("admin/groups", page.t("admin.groups.title"), model);
    }
}
