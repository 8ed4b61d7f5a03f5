package co.mesa.adminpages;

import co.mesa.tenant.TenantConfigService;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.BusinessDuration;
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
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static co.mesa.adminpages.CatalogEdits.en;
import static co.mesa.adminpages.CatalogEdits.es;
import static co.mesa.adminpages.CatalogEdits.text;

/**
 * What the catalog's structure pages (a line's, a service's) share: the one save step every form of
 * theirs ends with, the form's problems laid out for the page, names in the page's language and a
 * service's SLA targets in words.
 */
@Singleton
class CatalogPages {

    private final TenantConfigService configs;
    private final ProblemResponses problems;

    CatalogPages(TenantConfigService configs, ProblemResponses problems) {
        this.configs = configs;
        this.problems = problems;
    }

    /** A copy of the live catalog document, to edit. */
    ObjectNode liveCatalog(TenantContext tenant) {
        return AdminEdits.liveCopy(configs, tenant, ConfigKind.CATALOG);
    }

    /** The catalog's live version, read before the document it goes with (decision 0029). */
    String version(TenantContext tenant) {
        return AdminEdits.version(configs, tenant, ConfigKind.CATALOG);
    }

    /**
     * The end of every structure form: when the form's own checks passed, saves the edited {@code catalog}
     * on condition of the version the form carried and answers a redirect to {@code savedAt}; otherwise
     * (or when the save is refused) the page again, 422, built by {@code model} from the version the
     * re-shown form must carry, with the problems next to their inputs ({@code places} for the tenant
     * data's) and in the summary.
     */
    HttpResponse<?> saveOrShow(PageShell.Page page, TenantContext tenant, HttpRequest<?> request,
                               @Nullable Authentication auth, ObjectNode catalog, Errors errors,
                               Map<String, String> form, String savedAt, String view, String titleKey,
                               ProblemPlaces places, Function<String, Map<String, Object>> model) {
        if (errors.isEmpty() && AdminEdits.save(configs, problems, request, tenant, ConfigKind.CATALOG, catalog, auth,
                errors, form.get(AdminEdits.VERSION), places)) {
            return PageShell.Page.redirect(savedAt);
        }
        Map<String, Object> m = model.apply(errors.versionFor(text(form, AdminEdits.VERSION)));
        withErrors(m, errors);
        return page.render(view, page.t(titleKey, m.get("name")), m).status(HttpStatus.UNPROCESSABLE_ENTITY);
    }

    /**
     * The form's problems for the page: the summary, each input's message under {@code err} (ids with
     * {@code _} for {@code -}, as templates name them) and in each row of categories and templates.
     */
    @SuppressWarnings("unchecked")
    static void withErrors(Map<String, Object> model, Errors errors) {
        model.put("errors", errors.list());
        Map<String, String> err = new HashMap<>();
        errors.byField().forEach((id, message) -> err.put(id.replace("-", "_"), message));
        model.put("err", err);
        for (String list : List.of("categories", "templates")) {
            if (model.get(list) instanceof List<?> rows) {
                for (Object row : rows) {
                    Map<String, Object> r = (Map<String, Object>) row;
                    String p = (String) r.get("p");
                    for (String input : List.of("nameEs", "nameEn", "position")) {
                        r.put(input + "Error", errors.byField().get(p + input));
                    }
                }
            }
        }
    }

    /** A name in the page's language: English when the page is and there is one, else Spanish, else the key. */
    static String label(PageShell.Page page, JsonNode i18n, String fallback) {
        String es = es(i18n);
        String en = en(i18n);
        if ("en".equals(page.locale().getLanguage()) && !en.isEmpty()) {
            return en;
        }
        return es.isEmpty() ? fallback : es;
    }

    /** The SLA policies that can apply to cases of this service, with their targets, in words. */
    static List<Map<String, Object>> targets(PageShell.Page page, TenantConfig config, String service, String line) {
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, String> priorityNames = new HashMap<>();
        config.priorities().levels().forEach(l -> priorityNames.put(l.key(), page.label(l.name())));
        for (TenantConfig.SlaPolicy p : config.sla().policies()) {
            TenantConfig.Match when = p.appliesTo();
            boolean names = when != null && (when.services().contains(service) || when.serviceLines().contains(line));
            boolean open = when == null || when.services().isEmpty() && when.serviceLines().isEmpty();
            if (!names && !open) {
                continue;
            }
            List<String> rows = new ArrayList<>();
            for (TenantConfig.Target t : p.targets()) {
                rows.add(page.t("admin.service.target",
                        t.priority() == null ? page.t("admin.targets.any-priority") : priorityNames.getOrDefault(t.priority(), t.priority()),
                        duration(page, t.response()), duration(page, t.resolution())));
            }
            out.add(Map.of("name", page.label(p.name()), "scope", AdminEdits.describe(page, config, when),
                    "targets", rows, "href", "/admin/ans#politica-" + p.key()));
        }
        return out;
    }

    private static String duration(PageShell.Page page, @Nullable BusinessDuration d) {
        if (d == null) {
            return page.t("admin.service.no-target");
        }
        return d.hours() != null ? TargetText.hours(d.hours()) : page.t("admin.targets.days", d.businessDays());
    }
}
