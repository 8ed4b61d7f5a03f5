package co.mesa.portal;

import co.mesa.catalog.CatalogView;
import co.mesa.knowledge.Article;
import co.mesa.knowledge.KnowledgeController;
import co.mesa.knowledge.KnowledgeService;
import co.mesa.knowledge.Markdown;
import co.mesa.knowledge.Reader;
import co.mesa.tenant.TenantContext;
import co.mesa.web.page.PageShell;
import com.github.jknack.handlebars.Handlebars;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The knowledge base on the portal: its search ({@code /conocimiento}) and the article page, public for public
 * articles (decision 0025); "¿Le fue útil?" and "Esto resolvió mi problema" for people signed in.
 */
@Controller
@Hidden
@Produces(MediaType.TEXT_HTML)
public class PortalKnowledgeController {

    private static final Pattern TEMPLATE = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final PageShell shell;
    private final PortalSupport support;
    private final KnowledgeService knowledge;
    private final co.mesa.knowledge.ArticleFiles files;

    public PortalKnowledgeController(PageShell shell, PortalSupport support, KnowledgeService knowledge,
                                     co.mesa.knowledge.ArticleFiles files) {
        this.files = files;
        this.shell = shell;
        this.support = support;
        this.knowledge = knowledge;
    }

    /** Public: anyone may look for help; each reader finds what their audience allows. */
    @Get("/conocimiento{?q}")
    @Secured(SecurityRule.IS_ANONYMOUS)
    public HttpResponse<?> search(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                  @Nullable @QueryValue String q) {
        PageShell.Page page = shell.page(tenant, request, auth);
        String query = q == null ? "" : q.strip();
        if (query.length() > 200) {
            query = query.substring(0, 200);
        }
        Map<String, Object> model = new HashMap<>();
        List<Article.Hit> hits = knowledge.search(tenant, Reader.of(auth, List.of()), query.isEmpty() ? null : query, null,
                false, 30, null).items();
        model.put("q", query);
        model.put("searching", !query.isEmpty());
        model.put("articles", hits(hits, null));
        model.put("count", hits.size());
        return page.render("portal/kb-search", page.t("portal.kb.title"), model);
    }

    /** Public for public articles; anything else the reader may not read is "not found", as another entity's. */
    @Get("/conocimiento/{id}{?solicitud,gracias,resuelto}")
    @Secured(SecurityRule.IS_ANONYMOUS)
    public HttpResponse<?> article(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                   @PathVariable String id, @Nullable @QueryValue String solicitud,
                                   @Nullable @QueryValue String gracias, @Nullable @QueryValue String resuelto) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<Article> found = KnowledgeController.uuid(id).flatMap(u -> knowledge.read(tenant, Reader.of(auth, List.of()), u));
        if (found.isEmpty()) {
            return page.error(HttpStatus.NOT_FOUND, "portal.kb.notfound.title", "portal.kb.notfound.detail");
        }
        Article a = found.get();
        Map<String, Object> model = new HashMap<>();
        model.put("id", a.id().toString());
        model.put("title", a.title());
        model.put("summary", a.summary());
        model.put("html", new Handlebars.SafeString(Markdown.html(a.body())));
        model.put("updated", DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(page.locale())
                .format(a.updatedAt().atZone(tenant.zone())));
        model.put("keywords", a.keywords());
        model.put("services", services(page, tenant, a));
        model.put("files", files.list(tenant, a.id()));
        model.put("signIn", "/auth/login?returnTo=" + URLEncoder.encode("/conocimiento/" + a.id(), StandardCharsets.UTF_8));
        if (page.signedIn()) {
            model.put("voted", gracias != null || knowledge.voted(tenant, auth, a.id()));
            model.put("thanks", gracias != null);
            if (solicitud != null && TEMPLATE.matcher(solicitud).matches()) {
                support.template(page, solicitud).ifPresent(f -> {
                    model.put("fromTemplate", f.template().key());
                    model.put("fromTemplateName", f.template().name());
                });
            }
            model.put("resolved", resuelto != null);
            if (page.agent()) {
                model.put("counts", knowledge.counts(tenant, a.id()));
            }
        }
        return page.render("portal/kb-article", a.title(), model);
    }

    @Post(value = "/conocimiento/{id}/util", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    @Secured(SecurityRule.IS_AUTHENTICATED)
    public HttpResponse<?> vote(TenantContext tenant, HttpRequest<?> request, Authentication auth, @PathVariable String id,
                                @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<UUID> articleId = KnowledgeController.uuid(id).filter(u -> knowledge.read(tenant, Reader.of(auth, List.of()), u).isPresent());
        String answer = form.get("util");
        if (articleId.isEmpty()) {
            return page.error(HttpStatus.NOT_FOUND, "portal.kb.notfound.title", "portal.kb.notfound.detail");
        }
        if (!"si".equals(answer) && !"no".equals(answer)) {
            return page.problem(HttpStatus.UNPROCESSABLE_ENTITY, page.t("portal.kb.vote.invalid.title"),
                    page.t("portal.kb.vote.invalid.detail"));
        }
        knowledge.vote(tenant, auth, articleId.get(), "si".equals(answer));
        String template = form.get("solicitud");
        String from = template != null && TEMPLATE.matcher(template).matches() ? "&solicitud=" + template : "";
        return PageShell.Page.redirect("/conocimiento/" + articleId.get() + "?gracias=1" + from + "#util");
    }

    @Post(value = "/conocimiento/{id}/resuelto", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    @Secured(SecurityRule.IS_AUTHENTICATED)
    public HttpResponse<?> resolved(TenantContext tenant, HttpRequest<?> request, Authentication auth, @PathVariable String id,
                                    @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<UUID> articleId = KnowledgeController.uuid(id).filter(u -> knowledge.read(tenant, Reader.of(auth, List.of()), u).isPresent());
        if (articleId.isEmpty()) {
            return page.error(HttpStatus.NOT_FOUND, "portal.kb.notfound.title", "portal.kb.notfound.detail");
        }
        String template = form.get("solicitud");
        knowledge.resolvedMyProblem(tenant, auth, articleId.get(),
                template != null && TEMPLATE.matcher(template).matches() ? template : null);
        return PageShell.Page.redirect("/conocimiento/" + articleId.get() + "?resuelto=1");
    }

    /** Search results for a template: the article links carry the request form they came from. */
    static List<Map<String, Object>> hits(List<Article.Hit> hits, @Nullable String fromTemplate) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Article.Hit h : hits) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", h.id().toString());
            m.put("url", KnowledgeController.url(h.id()) + (fromTemplate == null ? "" : "?solicitud=" + fromTemplate));
            m.put("title", h.title());
            m.put("titleHtml", new Handlebars.SafeString(h.titleHtml()));
            m.put("snippetHtml", new Handlebars.SafeString(h.snippetHtml()));
            out.add(m);
        }
        return out;
    }

    /** The catalog services an article is about, with the caller's templates of each to ask for it. */
    private List<Map<String, Object>> services(PageShell.Page page, TenantContext tenant, Article a) {
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, CatalogView.ServiceView> mine = new HashMap<>();
        if (page.signedIn()) {
            support.catalog(page).services().forEach(s -> mine.put(s.key(), s));
        }
        for (String key : a.services()) {
            tenant.config().catalog().service(key).ifPresent(s -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", page.label(s.name()));
                CatalogView.ServiceView view = mine.get(key);
                m.put("templates", view == null ? List.of() : view.templates().stream()
                        .map(t -> Map.of("key", t.key(), "name", t.name())).toList());
                out.add(m);
            });
        }
        return out;
    }
}
