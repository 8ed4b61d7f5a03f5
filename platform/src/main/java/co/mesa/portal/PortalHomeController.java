package co.mesa.portal;

import co.mesa.catalog.CatalogView;
import co.mesa.knowledge.KnowledgeService;
import co.mesa.knowledge.Reader;
import co.mesa.tenant.TenantContext;
import co.mesa.web.page.PageShell;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The portal's home: a welcome for visitors; for a signed-in requester the catalog (service line →
 * service → the templates they may use) with its targets in words, and a search over it.
 */
@Controller
@Hidden
@Secured(SecurityRule.IS_ANONYMOUS)
@Produces(MediaType.TEXT_HTML)
public class PortalHomeController {

    private final PageShell shell;
    private final PortalSupport support;
    private final KnowledgeService knowledge;

    public PortalHomeController(PageShell shell, PortalSupport support, KnowledgeService knowledge) {
        this.shell = shell;
        this.support = support;
        this.knowledge = knowledge;
    }

    @Get("/")
    public HttpResponse<?> home(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                @Nullable @QueryValue String q) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Map<String, Object> model = new HashMap<>();
        if (!page.signedIn()) {
            return page.render("portal/welcome", page.t("portal.welcome.title"), model);
        }
        String query = q == null ? "" : q.strip();
        String folded = PortalSupport.fold(query);
        CatalogView catalog = support.catalog(page);
        Map<String, CatalogView.ServiceView> byKey = new LinkedHashMap<>();
        catalog.services().forEach(s -> byKey.put(s.key(), s));
        List<Map<String, Object>> lines = new ArrayList<>();
        int shown = 0;
        for (CatalogView.ServiceLineView line : catalog.serviceLines()) {
            List<Map<String, Object>> services = new ArrayList<>();
            for (String key : line.services()) {
                CatalogView.ServiceView s = byKey.get(key);
                if (s == null || s.templates().isEmpty()) {
                    continue;
                }
                boolean serviceMatches = folded.isEmpty() || PortalSupport.fold(s.name()).contains(folded)
                        || PortalSupport.fold(s.description()).contains(folded);
                List<Map<String, Object>> templates = new ArrayList<>();
                for (CatalogView.TemplateView t : s.templates()) {
                    if (serviceMatches || PortalSupport.fold(t.name()).contains(folded)
                            || PortalSupport.fold(t.description()).contains(folded)) {
                        Map<String, Object> tm = new LinkedHashMap<>();
                        tm.put("key", t.key());
                        tm.put("name", t.name());
                        tm.put("description", t.description());
                        templates.add(tm);
                    }
                }
                if (templates.isEmpty()) {
                    continue;
                }
                shown += templates.size();
                Map<String, Object> sm = new LinkedHashMap<>();
                sm.put("key", s.key());
                sm.put("name", s.name());
                sm.put("description", s.description());
                sm.put("availability", s.availability());
                sm.put("targets", PortalSupport.targets(page, s));
                sm.put("templates", templates);
                services.add(sm);
            }
            if (!services.isEmpty()) {
                Map<String, Object> lm = new LinkedHashMap<>();
                lm.put("key", line.key());
                lm.put("name", line.name());
                lm.put("description", line.description());
                lm.put("services", services);
                lines.add(lm);
            }
        }
        // The same box finds help articles (decision 0025): they come first, the catalog after.
        if (!query.isEmpty()) {
            model.put("articles", PortalKnowledgeController.hits(knowledge.search(tenant, Reader.of(auth, List.of()),
                    query.length() > 200 ? query.substring(0, 200) : query, null, false, 5, null).items(), null));
        }
        model.put("q", query);
        model.put("lines", lines);
        model.put("count", shown);
        model.put("searching", !query.isEmpty());
        return page.render("portal/home", page.t("portal.home.title"), model);
    }
}
