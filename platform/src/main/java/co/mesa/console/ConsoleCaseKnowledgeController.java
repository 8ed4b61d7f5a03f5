package co.mesa.console;

import co.mesa.identity.Roles;
import co.mesa.knowledge.Article;
import co.mesa.knowledge.CaseProposal;
import co.mesa.knowledge.KnowledgeController;
import co.mesa.knowledge.KnowledgeService;
import co.mesa.knowledge.Reader;
import co.mesa.shared.ProblemException;
import co.mesa.tenant.TenantContext;
import co.mesa.ticket.CaseActions;
import co.mesa.ticket.CaseRequests;
import co.mesa.ticket.CaseService;
import co.mesa.ticket.CaseView;
import co.mesa.web.page.PageShell;
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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A case's knowledge for its agents (002 §14.5): the articles linked to it, a search to link more, a solution
 * signed from an article (its text prefilled, the link kept), and "Proponer como conocimiento" from the case.
 */
@Controller
@Hidden
@Secured({Roles.AGENT, Roles.SUPERVISOR})
@Produces(MediaType.TEXT_HTML)
public class ConsoleCaseKnowledgeController {

    private final PageShell shell;
    private final KnowledgeService knowledge;
    private final CaseService cases;
    private final CaseActions actions;

    public ConsoleCaseKnowledgeController(PageShell shell, KnowledgeService knowledge, CaseService cases, CaseActions actions) {
        this.shell = shell;
        this.knowledge = knowledge;
        this.cases = cases;
        this.actions = actions;
    }

    @Get("/consola/casos/{id}/conocimiento{?q,firmar,aviso}")
    public HttpResponse<?> page(TenantContext tenant, HttpRequest<?> request, Authentication auth, @PathVariable String id,
                                @Nullable @QueryValue String q, @Nullable @QueryValue String firmar,
                                @Nullable @QueryValue String aviso) {
        return withCase(tenant, request, auth, id, (page, c) -> render(page, tenant, c, q, firmar, aviso, null));
    }

    @Post(value = "/consola/casos/{id}/conocimiento", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> link(TenantContext tenant, HttpRequest<?> request, Authentication auth, @PathVariable String id,
                                @Body Map<String, String> form) {
        return withCase(tenant, request, auth, id, (page, c) -> {
            try {
                UUID article = KnowledgeController.uuid(form.get("articulo")).orElseThrow(co.mesa.knowledge.KnowledgeProblems::notFound);
                knowledge.linkToCase(tenant, auth, UUID.fromString(c.id()), article);
                return PageShell.Page.redirect("/consola/casos/" + c.id() + "/conocimiento?aviso=vinculado");
            } catch (ProblemException e) {
                return render(page, tenant, c, null, null, null, page.problemDetail(e)).status(e.status());
            }
        });
    }

    @Post(value = "/consola/casos/{id}/conocimiento/firmar", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> sign(TenantContext tenant, HttpRequest<?> request, Authentication auth, @PathVariable String id,
                                @Body Map<String, String> form) {
        return withCase(tenant, request, auth, id, (page, c) -> {
            String articleId = form.get("articulo");
            try {
                UUID article = KnowledgeController.uuid(articleId).orElseThrow(co.mesa.knowledge.KnowledgeProblems::notFound);
                knowledge.read(tenant, Reader.of(auth, List.of()), article).orElseThrow(co.mesa.knowledge.KnowledgeProblems::notFound);
                UUID caseId = UUID.fromString(c.id());
                // The version the agent saw (If-Match, as every case form): a case changed meanwhile is not overwritten.
                int version = c.version();
                String sent = form.get("version");
                if (sent != null && sent.matches("\\d{1,9}")) {
                    version = Integer.parseInt(sent);
                }
                actions.act(tenant, auth, caseId, version, new CaseRequests.Action("signSolution", form.get("nota"), null, null, null,
                        null, null, null, null, null), page.languages());
                knowledge.linkToCase(tenant, auth, caseId, article);
                return PageShell.Page.redirect("/consola/casos/" + c.id() + "/conocimiento?aviso=firmada");
            } catch (ProblemException e) {
                return render(page, tenant, c, null, articleId, null, page.problemDetail(e)).status(e.status());
            }
        });
    }

    @Post(value = "/consola/casos/{id}/conocimiento/proponer", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> propose(TenantContext tenant, HttpRequest<?> request, Authentication auth, @PathVariable String id,
                                   @Body Map<String, String> form) {
        return withCase(tenant, request, auth, id, (page, c) -> {
            try {
                Article a = knowledge.create(tenant, auth, CaseProposal.draft(c, List.of()));
                return PageShell.Page.redirect("/consola/conocimiento/" + a.id() + "?aviso=propuesto");
            } catch (ProblemException e) {
                return render(page, tenant, c, null, null, null, page.problemDetail(e)).status(e.status());
            }
        });
    }

    private io.micronaut.http.MutableHttpResponse<String> render(PageShell.Page page, TenantContext tenant, CaseView c,
                                                                 @Nullable String q, @Nullable String firmar,
                                                                 @Nullable String aviso, @Nullable String problem) {
        Map<String, Object> model = new HashMap<>();
        model.put("id", c.id());
        model.put("code", c.code());
        model.put("version", c.version());
        model.put("title", c.title());
        model.put("problem", problem);
        if ("vinculado".equals(aviso)) {
            model.put("notice", page.t("console.kb.case.linked.notice"));
        } else if ("firmada".equals(aviso)) {
            model.put("notice", page.t("console.kb.case.signed.notice"));
        }
        Reader reader = Reader.of(page.auth(), List.of());
        List<Map<String, Object>> linked = new ArrayList<>();
        for (Article a : knowledge.linkedTo(tenant, UUID.fromString(c.id()))) {
            linked.add(Map.of("id", a.id().toString(), "title", a.title(), "url", KnowledgeController.url(a.id())));
        }
        model.put("linked", linked);
        String query = q == null ? "" : q.strip();
        model.put("q", query);
        if (!query.isEmpty()) {
            List<Map<String, Object>> hits = new ArrayList<>();
            for (Article.Hit h : knowledge.search(tenant, reader, query.length() > 200 ? query.substring(0, 200) : query, null,
                    true, 10, null).items()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", h.id().toString());
                m.put("title", h.title());
                m.put("url", KnowledgeController.url(h.id()));
                hits.add(m);
            }
            model.put("hits", hits);
            model.put("searched", true);
        }
        KnowledgeController.uuid(firmar).flatMap(u -> knowledge.read(tenant, reader, u)).ifPresent(a -> {
            model.put("signArticle", a.id().toString());
            model.put("signTitle", a.title());
            model.put("signText", a.body());
        });
        model.put("nav", "queue");
        return page.render("console/kb-case", page.t("console.kb.case.title", c.code()), model);
    }

    /** Runs {@code then} with the page and the case the agent may see; the not-found page otherwise. */
    private HttpResponse<?> withCase(TenantContext tenant, HttpRequest<?> request, Authentication auth, String id,
                                     java.util.function.BiFunction<PageShell.Page, CaseView, HttpResponse<?>> then) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<CaseView> c = find(tenant, auth, id, page);
        if (c.isEmpty()) {
            return page.error(HttpStatus.NOT_FOUND, "shell.error.notfound.title", "shell.error.notfound.detail");
        }
        return then.apply(page, c.get());
    }

    private Optional<CaseView> find(TenantContext tenant, Authentication auth, String id, PageShell.Page page) {
        Optional<UUID> caseId = CaseService.uuid(id);
        return caseId.isEmpty() ? Optional.empty() : cases.get(tenant, auth, caseId.get(), page.languages());
    }
}
