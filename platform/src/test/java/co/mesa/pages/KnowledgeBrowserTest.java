package co.mesa.pages;

import co.mesa.identity.Roles;
import co.mesa.knowledge.Article;
import co.mesa.knowledge.KnowledgeService;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.MesaPlatform;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestBrowser;
import com.microsoft.playwright.Page;
import io.micronaut.security.authentication.Authentication;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static co.mesa.testsupport.CaseApi.FP;
import static co.mesa.testsupport.CaseApi.json;
import static co.mesa.testsupport.CaseApi.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The knowledge base's pages in a real browser, axe-core (WCAG 2.1 A/AA) on each: the public search and article,
 * the catalog search finding articles, the request form's suggestions as the title is typed, "¿Le fue útil?",
 * and the console's list, editor, versions and difference, a case's knowledge and the home's recent topics.
 */
@NeedsKeycloak
class KnowledgeBrowserTest {

    static final String AGENT = "kbb-agente";
    static final String SUPERVISOR = "kbb-supervisora";
    static final String REQUESTER = "kbb-solicitante";
    static CaseApi api;
    static KnowledgeService kb;
    static TenantContext fp;
    static String tag;
    static Article article;
    static String caseId;

    @BeforeAll
    static void content() {
        api = new CaseApi();
        MesaPlatform platform = MesaPlatform.withKeycloak();
        kb = platform.bean(KnowledgeService.class);
        fp = platform.bean(TenantRegistry.class).bySlug("funcion-publica").orElseThrow();
        String agentToken = api.agent("funcion-publica", AGENT, "mesa-servicio-primer-nivel");
        api.token("funcion-publica", SUPERVISOR, Roles.REQUESTER, Roles.SUPERVISOR);
        String requesterToken = api.token("funcion-publica", REQUESTER, Roles.REQUESTER);
        api.personId(FP, agentToken);
        tag = "kbb" + co.mesa.testsupport.Tags.letters(8);
        Authentication author = Authentication.build(UUID.randomUUID().toString(), List.of(Roles.AGENT),
                Map.of("preferred_username", "kbb-autor", "name", "Autora de Prueba", "mesaGroups", List.of()));
        Authentication reviewer = Authentication.build(UUID.randomUUID().toString(), List.of(Roles.SUPERVISOR),
                Map.of("preferred_username", "kbb-revisor", "name", "Revisor de Prueba", "mesaGroups", List.of()));
        Article a = kb.create(fp, author, new Article.Draft("La impresora no imprime " + tag, "Qué revisar antes de reportar.",
                "1. Verifique el papel.\n2. Revise el tóner.\n\n**Si sigue**, radique el caso. <script>alert(1)</script> " + tag,
                List.of("impresora"), List.of("equipos-perifericos"), List.of(), Article.Audience.PUBLIC, List.of()));
        a = kb.edit(fp, author, a.id(), a.version(), new Article.Draft(a.title(), a.summary(), a.body() + "\n3. Reinicie.",
                a.keywords(), a.services(), a.categories(), a.audience(), a.audienceGroups()));
        a = kb.transition(fp, author, a.id(), a.version(), Article.ArticleState.REVIEW, null);
        article = kb.transition(fp, reviewer, a.id(), a.version(), Article.ArticleState.PUBLISHED, "Claro y completo");
        HttpResponse<String> r = api.create(FP, requesterToken, obj("origin", "portal", "service", "equipos-perifericos",
                "template", "falla-impresora", "title", "La impresora del piso 3 " + tag, "description", "No imprime.",
                "impact", "moderado", "urgency", "medio", "fields", obj("telefono-contacto", "601 555 0142")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        caseId = json(r).get("id").asText();
    }

    @Test
    void visitorsSearchAndReadPublicArticles() {
        Page page = TestBrowser.get().newPage();
        page.navigate(TestBrowser.origin("funcion-publica") + "/");
        page.locator("#kb-q").fill("impresroa " + tag);
        page.locator("form.kb-search button").click();
        page.waitForURL(u -> u.contains("/conocimiento?q="));
        assertThat(page.locator(".kb-result a").first().innerText()).contains(tag);
        assertThat(page.locator(".kb-result mark").count()).isPositive();
        TestBrowser.assertAccessible(page, "fp-kb-busqueda");
        page.locator(".kb-result a").first().click();
        page.waitForURL(u -> u.contains("/conocimiento/" + article.id()));
        assertThat(page.locator("h1").innerText()).isEqualTo(article.title());
        assertThat(page.locator(".kb-body strong").innerText()).isEqualTo("Si sigue");
        assertThat(page.locator(".kb-body script").count()).isZero();
        assertThat(page.locator("#util").innerText()).isEqualTo("¿Le fue útil?");
        TestBrowser.assertAccessible(page, "fp-kb-articulo-visitante");
        page.context().close();
    }

    @Test
    void requestersFindArticlesFromTheCatalogAndTheFormAndSayTheyHelped() {
        Page page = TestBrowser.get().newPage();
        TestBrowser.signIn(page, "funcion-publica", REQUESTER, "/?q=" + tag);
        assertThat(page.locator(".kb-found .kb-result a").first().innerText()).contains(tag);
        TestBrowser.assertAccessible(page, "fp-kb-catalogo");
        page.navigate(TestBrowser.origin("funcion-publica") + "/solicitar/falla-impresora");
        page.locator("#title").fill("impresora " + tag);
        page.waitForSelector("#kb-suggestions a[href*='" + article.id() + "']");
        TestBrowser.assertAccessible(page, "fp-kb-sugerencias");
        page.locator("#kb-suggestions a[href*='" + article.id() + "']").click();
        page.waitForURL(u -> u.contains("solicitud=falla-impresora"));
        TestBrowser.assertAccessible(page, "fp-kb-articulo-desde-formulario");
        page.locator("#util ~ form button[value=si]").click();
        page.waitForURL(u -> u.contains("gracias=1"));
        assertThat(page.locator(".kb-vote").innerText()).contains("Gracias por su respuesta");
        int before = kb.counts(fp, article.id()).resolved();
        page.locator(".kb-resolved button").click();
        page.waitForURL(u -> u.contains("resuelto=1"));
        assertThat(page.locator(".notice-success").innerText()).contains("no se radicó ninguna solicitud");
        assertThat(kb.counts(fp, article.id()).resolved()).isEqualTo(before + 1);
        TestBrowser.assertAccessible(page, "fp-kb-resuelto");
        page.context().close();
    }

    @Test
    void agentsAndReviewersWorkTheKnowledgeBaseInTheConsole() {
        Page page = TestBrowser.get().newPage();
        TestBrowser.signIn(page, "funcion-publica", SUPERVISOR, "/consola/conocimiento");
        assertThat(page.locator("h1").innerText()).isEqualTo("Base de conocimiento");
        TestBrowser.assertAccessible(page, "fp-kb-consola-lista");
        page.navigate(TestBrowser.origin("funcion-publica") + "/consola/conocimiento/nuevo");
        page.locator("#kb-title").fill("Borrador de prueba " + tag);
        page.locator("#kb-body").fill("Primera línea");
        page.locator("#kb-service-equipos-perifericos").check();
        page.locator("form[action='/consola/conocimiento/nuevo'] button[type=submit]").click();
        page.waitForURL(u -> u.contains("aviso=guardado"));
        assertThat(page.locator(".notice-success").innerText()).isEqualTo("Artículo guardado.");
        TestBrowser.assertAccessible(page, "fp-kb-consola-editor");
        // An empty title is refused with the field named, nothing saved.
        page.locator("#kb-title").fill("");
        page.locator("form[action^='/consola/conocimiento/'] button.button").last().click();
        assertThat(page.locator(".error-summary").innerText()).contains("Es obligatorio");
        TestBrowser.assertAccessible(page, "fp-kb-consola-editor-error");
        // Images and files: one added and listed with the Markdown that shows it; a refused one named next to the field.
        page.locator("#kb-file").setInputFiles(new com.microsoft.playwright.options.FilePayload("pantalla-" + tag + ".png",
                "image/png", co.mesa.knowledge.ArticleFilesTest.png(tag)));
        page.locator("form[action$='/archivos'] button[type=submit]").click();
        page.waitForURL(u -> u.contains("aviso=archivo"));
        assertThat(page.locator("#kb-files + table code").innerText()).startsWith("![pantalla-" + tag + ".png](/conocimiento/");
        TestBrowser.assertAccessible(page, "fp-kb-consola-archivos");
        page.locator("#kb-file").setInputFiles(new com.microsoft.playwright.options.FilePayload("notas-" + tag + ".txt",
                "text/plain", "solo texto".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        page.locator("form[action$='/archivos'] button[type=submit]").click();
        assertThat(page.locator("#kb-file-error").innerText()).contains("notas-" + tag + ".txt").contains("text/plain");
        assertThat(page.locator("#kb-file").getAttribute("aria-invalid")).isEqualTo("true");
        TestBrowser.assertAccessible(page, "fp-kb-consola-archivo-rechazado");

        page.navigate(TestBrowser.origin("funcion-publica") + "/consola/conocimiento/" + article.id());
        assertThat(page.locator("table.kb-table tbody tr").count()).isEqualTo(4);
        page.locator("a[href$='diferencias?de=1&a=2']").click();
        assertThat(page.locator(".kb-ins").innerText()).contains("3. Reinicie.");
        TestBrowser.assertAccessible(page, "fp-kb-consola-diferencias");

        page.navigate(TestBrowser.origin("funcion-publica") + "/consola");
        assertThat(page.locator("#kb-recent").innerText()).contains(article.title());
        TestBrowser.assertAccessible(page, "fp-kb-consola-inicio");
        page.context().close();

        Page agent = TestBrowser.get().newPage();
        TestBrowser.signIn(agent, "funcion-publica", AGENT, "/consola/casos/" + caseId + "/conocimiento?q=" + tag);
        agent.locator("#kb-hits form button").first().click();
        agent.waitForURL(u -> u.contains("aviso=vinculado"));
        assertThat(agent.locator("#linked-articles").innerText()).contains(article.title());
        TestBrowser.assertAccessible(agent, "fp-kb-caso");
        agent.locator("#linked-articles a[href*='firmar=']").first().click();
        assertThat(agent.locator("#kb-sign-note").inputValue()).contains("Verifique el papel");
        TestBrowser.assertAccessible(agent, "fp-kb-caso-firmar");
        agent.context().close();
    }
}
