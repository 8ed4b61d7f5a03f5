package co.mesa.console;

import co.mesa.identity.Roles;
import co.mesa.knowledge.Article;
import co.mesa.knowledge.ArticleDiff;
import co.mesa.knowledge.ArticleFiles;
import co.mesa.knowledge.KnowledgeController;
import co.mesa.knowledge.KnowledgeService;
import co.mesa.knowledge.Markdown;
import co.mesa.shared.ProblemException;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
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
import io.swagger.v3.oas.annotations.Hidden;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Authoring and review of the knowledge base in the console: the entity's articles by state, a new article,
 * the editor with its life-cycle buttons, every version and a readable difference between two (decision 0025).
 */
@Controller
@Hidden
@Secured({Roles.AGENT, Roles.SUPERVISOR, Roles.TENANT_ADMIN})
@Produces(MediaType.TEXT_HTML)
public class ConsoleKnowledgeController {

    private final PageShell shell;
    private final KnowledgeService knowledge;
    private final ArticleFiles files;

    public ConsoleKnowledgeController(PageShell shell, KnowledgeService knowledge, ArticleFiles files) {
        this.shell = shell;
        this.knowledge = knowledge;
        this.files = files;
    }

    @Get("/consola/conocimiento{?estado}")
    public HttpResponse<?> list(TenantContext tenant, HttpRequest<?> request, Authentication auth, @Nullable @QueryValue String estado) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Article.ArticleState state = Arrays.stream(Article.ArticleState.values()).filter(s -> s.key().equals(estado))
                .findFirst().orElse(null);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Article a : knowledge.all(tenant, auth, state)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", a.id().toString());
            m.put("title", a.title());
            m.put("state", page.t("console.kb.state." + a.state().key()));
            m.put("audience", page.t("console.kb.audience." + a.audience().key()));
            m.put("updated", when(page, tenant.zone(), a.updatedAt()));
            rows.add(m);
        }
        List<Map<String, Object>> filters = new ArrayList<>();
        filters.add(Map.of("href", "/consola/conocimiento", "label", page.t("console.kb.filter.all"), "current", state == null));
        for (Article.ArticleState s : Article.ArticleState.values()) {
            filters.add(Map.of("href", "/consola/conocimiento?estado=" + s.key(), "label", page.t("console.kb.state." + s.key()),
                    "current", s == state));
        }
        Map<String, Object> model = new HashMap<>();
        model.put("rows", rows);
        model.put("filters", filters);
        model.put("nav", "kb");
        return page.render("console/kb-list", page.t("console.kb.title"), model);
    }

    @Get("/consola/conocimiento/nuevo")
    public HttpResponse<?> create(TenantContext tenant, HttpRequest<?> request, Authentication auth) {
        PageShell.Page page = shell.page(tenant, request, auth);
        return editor(page, tenant, null, new Article.Draft("", "", "", List.of(), List.of(), List.of(), Article.Audience.PUBLIC,
                List.of()), Map.of(), null).status(HttpStatus.OK);
    }

    @Post(value = "/consola/conocimiento/nuevo", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> save(TenantContext tenant, HttpRequest<?> request, Authentication auth, @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Article.Draft draft = ConsoleKnowledgeForms.draft(tenant, form);
        try {
            Article a = knowledge.create(tenant, auth, draft);
            return PageShell.Page.redirect("/consola/conocimiento/" + a.id() + "?aviso=guardado");
        } catch (ProblemException e) {
            return editor(page, tenant, null, draft, page.fieldErrors(e), page.problemDetail(e)).status(e.status());
        }
    }

    @Get("/consola/conocimiento/{id}{?aviso}")
    public HttpResponse<?> article(TenantContext tenant, HttpRequest<?> request, Authentication auth, @PathVariable String id,
                                   @Nullable @QueryValue String aviso) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<Article> found = find(tenant, auth, id);
        if (found.isEmpty()) {
            return page.error(HttpStatus.NOT_FOUND, "console.kb.notfound.title", "console.kb.notfound.detail");
        }
        String notice = aviso != null && aviso.matches("[a-z-]{1,20}") ? page.t("console.kb.notice." + aviso) : null;
        return editor(page, tenant, found.get(), found.get().draft(), Map.of(), null, notice);
    }

    @Post(value = "/consola/conocimiento/{id}", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> edit(TenantContext tenant, HttpRequest<?> request, Authentication auth, @PathVariable String id,
                                @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<Article> found = find(tenant, auth, id);
        if (found.isEmpty()) {
            return page.error(HttpStatus.NOT_FOUND, "console.kb.notfound.title", "console.kb.notfound.detail");
        }
        Article.Draft draft = ConsoleKnowledgeForms.draft(tenant, form);
        try {
            knowledge.edit(tenant, auth, found.get().id(), ConsoleKnowledgeForms.version(form), draft);
            return PageShell.Page.redirect("/consola/conocimiento/" + found.get().id() + "?aviso=guardado");
        } catch (ProblemException e) {
            return editor(page, tenant, found.get(), draft, page.fieldErrors(e), page.problemDetail(e)).status(e.status());
        }
    }

    @Post(value = "/consola/conocimiento/{id}/estado", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> transition(TenantContext tenant, HttpRequest<?> request, Authentication auth, @PathVariable String id,
                                      @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<Article> found = find(tenant, auth, id);
        if (found.isEmpty()) {
            return page.error(HttpStatus.NOT_FOUND, "console.kb.notfound.title", "console.kb.notfound.detail");
        }
        Article.ArticleState target = Arrays.stream(Article.ArticleState.values())
                .filter(s -> s.key().equals(form.get("estado"))).findFirst().orElse(null);
        if (target == null) {
            return editor(page, tenant, found.get(), found.get().draft(), Map.of(), page.t("console.kb.state.invalid"))
                    .status(HttpStatus.UNPROCESSABLE_ENTITY);
        }
        try {
            knowledge.transition(tenant, auth, found.get().id(), ConsoleKnowledgeForms.version(form), target, form.get("nota"));
            return PageShell.Page.redirect("/consola/conocimiento/" + found.get().id() + "?aviso=" + target.key());
        } catch (ProblemException e) {
            return editor(page, tenant, found.get(), found.get().draft(), Map.of(), page.problemDetail(e)).status(e.status());
        }
    }

    @Get("/consola/conocimiento/{id}/diferencias{?de,a}")
    public HttpResponse<?> diff(TenantContext tenant, HttpRequest<?> request, Authentication auth, @PathVariable String id,
                                @Nullable @QueryValue String de, @Nullable @QueryValue String a) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<Article> found = find(tenant, auth, id);
        if (found.isEmpty()) {
            return page.error(HttpStatus.NOT_FOUND, "console.kb.notfound.title", "console.kb.notfound.detail");
        }
        List<Article.Version> versions = knowledge.versions(tenant, auth, found.get().id());
        Optional<Article.Version> from = version(versions, de);
        Optional<Article.Version> to = version(versions, a);
        if (from.isEmpty() || to.isEmpty()) {
            return page.error(HttpStatus.NOT_FOUND, "console.kb.diff.notfound.title", "console.kb.diff.notfound.detail");
        }
        Map<String, Object> model = new HashMap<>();
        model.put("id", found.get().id().toString());
        model.put("title", found.get().title());
        model.put("from", from.get().version());
        model.put("to", to.get().version());
        model.put("lines", ArticleDiff.versions(from.get().content(), to.get().content()));
        model.put("nav", "kb");
        return page.render("console/kb-diff", page.t("console.kb.diff.title", found.get().title()), model);
    }

    // ---- the editor ------------------------------------------------------------------------------

    /** The editor of a stored article with a refusal about its files (the files controller's errors). */
    io.micronaut.http.MutableHttpResponse<String> withFileProblem(PageShell.Page page, TenantContext tenant, Article a,
                                                                  String problem) {
        return editor(page, tenant, a, a.draft(), Map.of("files", problem), problem, null);
    }

    private io.micronaut.http.MutableHttpResponse<String> editor(PageShell.Page page, TenantContext tenant, @Nullable Article a,
                                                                 Article.Draft d, Map<String, String> errors, @Nullable String problem) {
        return editor(page, tenant, a, d, errors, problem, null);
    }

    private io.micronaut.http.MutableHttpResponse<String> editor(PageShell.Page page, TenantContext tenant, @Nullable Article a,
                                                                 Article.Draft d, Map<String, String> errors,
                                                                 @Nullable String problem, @Nullable String notice) {
        Map<String, Object> model = new HashMap<>();
        Authentication auth = page.auth();
        boolean reviewer = KnowledgeService.reviewer(tenant, auth);
        boolean editable = a == null || a.state() == Article.ArticleState.DRAFT
                || a.state() != Article.ArticleState.ARCHIVED && reviewer;
        model.put("isNew", a == null);
        model.put("action", a == null ? "/consola/conocimiento/nuevo" : "/consola/conocimiento/" + a.id());
        model.put("editable", editable);
        model.put("problem", problem);
        model.put("notice", notice);
        model.put("errors", errors);
        model.put("draft", Map.of("title", d.title(), "summary", d.summary(), "body", d.body(),
                "keywords", String.join(", ", d.keywords()), "groups", String.join(", ", d.audienceGroups()),
                "categories", String.join(", ", d.categories())));
        List<Map<String, Object>> audiences = new ArrayList<>();
        for (Article.Audience au : Article.Audience.values()) {
            audiences.add(Map.of("key", au.key(), "label", page.t("console.kb.audience." + au.key()), "checked", au == d.audience()));
        }
        model.put("audiences", audiences);
        List<Map<String, Object>> services = new ArrayList<>();
        for (TenantConfig.Service s : tenant.config().catalog().services().toList()) {
            services.add(Map.of("key", s.key(), "name", page.label(s.name()), "checked", d.services().contains(s.key())));
        }
        model.put("services", services);
        model.put("preview", new Handlebars.SafeString(Markdown.html(d.body())));
        if (a != null) {
            model.put("id", a.id().toString());
            model.put("version", a.version());
            model.put("state", page.t("console.kb.state." + a.state().key()));
            model.put("published", a.state() == Article.ArticleState.PUBLISHED);
            model.put("publicUrl", KnowledgeController.url(a.id()));
            model.put("transitions", ConsoleKnowledgeForms.transitions(page, a, reviewer));
            model.put("counts", knowledge.counts(tenant, a.id()));
            model.put("files", files.list(tenant, a.id()));
            model.put("filesHint", page.t("console.kb.files.hint", ArticleFiles.MAX_PER_ARTICLE,
                    tenant.config().settings().attachments().maxSizeMb(),
                    String.join(", ", tenant.config().settings().attachments().allowedTypes())));
            List<Article.Version> versions = knowledge.versions(tenant, auth, a.id());
            List<Map<String, Object>> vs = new ArrayList<>();
            for (Article.Version v : versions) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("version", v.version());
                m.put("state", page.t("console.kb.state." + v.state().key()));
                m.put("who", v.actorName());
                m.put("when", when(page, tenant.zone(), v.at()));
                m.put("note", v.note());
                m.put("diff", v.version() > 1 ? "/consola/conocimiento/" + a.id() + "/diferencias?de=" + (v.version() - 1)
                        + "&a=" + v.version() : null);
                vs.add(m);
            }
            model.put("versions", vs);
            if (versions.size() > 1) {
                model.put("diffFirst", "/consola/conocimiento/" + a.id() + "/diferencias?de=1&a=" + a.version());
            }
        }
        model.put("nav", "kb");
        String title = a == null ? page.t("console.kb.new.title") : a.title();
        return page.render("console/kb-article", title, model);
    }

    Optional<Article> find(TenantContext tenant, Authentication auth, String id) {
        Optional<UUID> u = KnowledgeController.uuid(id);
        return u.isEmpty() ? Optional.empty() : knowledge.forAuthors(tenant, auth, u.get());
    }

    private static Optional<Article.Version> version(List<Article.Version> versions, @Nullable String n) {
        if (n == null || !n.matches("\\d{1,6}")) {
            return Optional.empty();
        }
        int v = Integer.parseInt(n);
        return versions.stream().filter(x -> x.version() == v).findFirst();
    }

    static String when(PageShell.Page page, ZoneId zone, java.time.Instant at) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(page.locale()).format(at.atZone(zone));
    }
}
