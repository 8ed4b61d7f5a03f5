package co.mesa.knowledge;

import co.mesa.identity.Roles;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.Json;
import co.mesa.testsupport.MesaPlatform;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestSessions;
import co.mesa.identity.SessionCookieAuthenticationFetcher;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.security.authentication.Authentication;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static co.mesa.testsupport.CaseApi.FP;
import static co.mesa.testsupport.CaseApi.PS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public contract {@code GET /api/v1/kb/articles[/{id}]} with real tokens of the entities' realms, and the
 * pages' forms with real sessions: the request form's suggestions and "Esto resolvió mi problema" counted, the
 * case link, a solution signed from an article, and "Proponer como conocimiento" without the requester's data.
 */
@NeedsKeycloak
class KnowledgeApiTest {

    static final String COOKIE = SessionCookieAuthenticationFetcher.COOKIE;
    static MesaPlatform platform;
    static CaseApi api;
    static KnowledgeService kb;
    static TenantContext fp;
    static TenantContext ps;
    static String tag;
    static Article pub;
    static Article staff;
    static Article agents;
    static Article heads;
    static Article psPublic;

    @BeforeAll
    static void articles() {
        platform = MesaPlatform.withKeycloak();
        api = new CaseApi();
        kb = platform.bean(KnowledgeService.class);
        TenantRegistry registry = platform.bean(TenantRegistry.class);
        fp = registry.bySlug("funcion-publica").orElseThrow();
        ps = registry.bySlug("prosperidad-social").orElseThrow();
        tag = KnowledgeServiceTest.letters(10);
        Authentication author = KnowledgeServiceTest.person("kba-autor-" + tag, List.of(), Roles.AGENT);
        Authentication reviewer = KnowledgeServiceTest.person("kba-revisor-" + tag, List.of(), Roles.SUPERVISOR);
        Authentication psReviewer = KnowledgeServiceTest.person("kba-revisor-" + tag, List.of(), Roles.SUPERVISOR, Roles.AGENT);
        pub = publish(author, reviewer, "Configurar la impresora " + tag, Article.Audience.PUBLIC, List.of(), "equipos-perifericos");
        staff = publish(author, reviewer, "Impresora para el personal " + tag, Article.Audience.STAFF, List.of(), "equipos-perifericos");
        agents = publish(author, reviewer, "Impresora: guía de agentes " + tag, Article.Audience.AGENTS, List.of(), "equipos-perifericos");
        heads = publish(author, reviewer, "Impresora de jefes " + tag, Article.Audience.STAFF, List.of("jefes-area"), "equipos-perifericos");
        Article a = kb.create(ps, psReviewer, KnowledgeServiceTest.draft("De Prosperidad " + tag, "Cuerpo", Article.Audience.PUBLIC, List.of()));
        a = kb.transition(ps, psReviewer, a.id(), a.version(), Article.ArticleState.REVIEW, null);
        psPublic = kb.transition(ps, psReviewer, a.id(), a.version(), Article.ArticleState.PUBLISHED, null);
    }

    static Article publish(Authentication author, Authentication reviewer, String title, Article.Audience audience,
                           List<String> groups, String service) {
        Article a = kb.create(fp, author, KnowledgeServiceTest.draft(title, "Pasos para " + title, audience, groups, service));
        a = kb.transition(fp, author, a.id(), a.version(), Article.ArticleState.REVIEW, null);
        return kb.transition(fp, reviewer, a.id(), a.version(), Article.ArticleState.PUBLISHED, null);
    }

    static HttpResponse<String> get(String host, String path, String token) {
        HttpRequest.Builder b = platform.request(host, path).header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return platform.send(b.GET().build());
    }

    static List<String> ids(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        Json.parse(r.body()).get("items").forEach(i -> out.add(i.get("id").asText()));
        return out;
    }

    @Test
    void theListAnswersTheContractWithOnlyWhatTheCallerMayRead() {
        String q = "/api/v1/kb/articles?q=" + tag;
        HttpResponse<String> anonymous = get(FP, q, null);
        JsonNode body = Json.parse(anonymous.body());
        assertThat(body.has("next")).isTrue();
        assertThat(body.get("next").isNull()).isTrue();
        JsonNode item = body.get("items").get(0);
        List<String> fields = new ArrayList<>();
        item.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("id", "title", "summary", "url");
        assertThat(item.get("url").asText()).isEqualTo("/conocimiento/" + pub.id());
        assertThat(ids(anonymous)).containsExactly(pub.id().toString());

        String requester = api.token("funcion-publica", "kba-solicitante", Roles.REQUESTER);
        String head = api.token("funcion-publica", "kba-jefa", List.of("jefes-area"), Roles.REQUESTER);
        String agent = api.agent("funcion-publica", "kba-agente", "mesa-servicio-primer-nivel");
        assertThat(ids(get(FP, q, requester))).containsExactlyInAnyOrder(pub.id().toString(), staff.id().toString());
        assertThat(ids(get(FP, q, head))).containsExactlyInAnyOrder(pub.id().toString(), staff.id().toString(), heads.id().toString());
        assertThat(ids(get(FP, q, agent))).containsExactlyInAnyOrder(pub.id().toString(), staff.id().toString(),
                agents.id().toString(), heads.id().toString());
        // Accent- and typo-tolerant through the API too.
        assertThat(ids(get(FP, "/api/v1/kb/articles?q=impresroa+" + tag, null))).containsExactly(pub.id().toString());
        // Without q: the readable articles, newest first, in pages.
        HttpResponse<String> first = get(FP, "/api/v1/kb/articles?size=1", null);
        assertThat(ids(first)).hasSize(1);
        String next = Json.parse(first.body()).get("next").asText();
        assertThat(ids(get(FP, "/api/v1/kb/articles?size=1&cursor=" + next, null))).hasSize(1)
                .doesNotContainAnyElementsOf(ids(first));
    }

    @Test
    void oneArticleIsReadableOrNotFoundAsAnotherEntitysAndBadQueriesAreProblems() {
        HttpResponse<String> one = get(FP, "/api/v1/kb/articles/" + pub.id(), null);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(Json.parse(one.body()).get("title").asText()).isEqualTo(pub.title());
        assertThat(Json.parse(one.body()).get("html").asText()).contains("<p>");
        String requester = api.token("funcion-publica", "kba-solicitante", Roles.REQUESTER);
        for (String path : List.of("/api/v1/kb/articles/" + staff.id(), "/api/v1/kb/articles/" + psPublic.id(),
                "/api/v1/kb/articles/" + UUID.randomUUID(), "/api/v1/kb/articles/no-es-un-id")) {
            HttpResponse<String> r = get(FP, path, null);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        }
        assertThat(get(FP, "/api/v1/kb/articles/" + agents.id(), requester).statusCode()).isEqualTo(404);
        assertThat(get(FP, "/api/v1/kb/articles/" + staff.id(), requester).statusCode()).isEqualTo(200);
        // Another entity's host never shows Función Pública's public article, and the reverse.
        assertThat(get(PS, "/api/v1/kb/articles/" + pub.id(), null).statusCode()).isEqualTo(404);
        assertThat(ids(get(PS, "/api/v1/kb/articles?q=" + tag, null))).containsExactly(psPublic.id().toString());
        for (String bad : List.of("size=0", "size=500", "size=diez", "cursor=forjado", "match=algunas")) {
            HttpResponse<String> r = get(FP, "/api/v1/kb/articles?" + bad, null);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(r.body()).contains("invalidParams");
        }
    }

    // ---- pages with real sessions ------------------------------------------------------------------

    static String csrf(String host, String cookie) {
        return Json.parse(platform.get(host, "/auth/session", "Cookie", COOKIE + "=" + cookie).body()).get("csrf").asText();
    }

    static HttpResponse<String> post(String host, String path, String cookie, Map<String, String> form) {
        StringBuilder body = new StringBuilder("csrf=" + URLEncoder.encode(csrf(host, cookie), StandardCharsets.UTF_8));
        form.forEach((k, v) -> body.append('&').append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return platform.send(platform.request(host, path).header("Cookie", COOKIE + "=" + cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    @Test
    void theRequestFormSuggestsTheServicesArticlesAndCountsAProblemSolvedWithoutFiling() {
        api.token("funcion-publica", "kba-form", Roles.REQUESTER);
        String cookie = TestSessions.signIn(FP, "kba-form");
        HttpResponse<String> form = platform.get(FP, "/solicitar/falla-impresora", "Cookie", COOKIE + "=" + cookie);
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("data-kb-service=\"equipos-perifericos\"").contains("Artículos que pueden ayudarle");
        // What the form's script asks as the title is typed: any word, this service, the reader's audience.
        HttpResponse<String> typed = platform.get(FP, "/api/v1/kb/articles?match=any&size=5&service=equipos-perifericos&q="
                + URLEncoder.encode("mi impresora no imprime " + tag, StandardCharsets.UTF_8), "Cookie", COOKIE + "=" + cookie);
        assertThat(ids(typed)).contains(pub.id().toString(), staff.id().toString()).doesNotContain(agents.id().toString());
        // The suggested article, reached from the form, offers "Esto resolvió mi problema".
        HttpResponse<String> article = platform.get(FP, "/conocimiento/" + pub.id() + "?solicitud=falla-impresora",
                "Cookie", COOKIE + "=" + cookie);
        assertThat(article.body()).contains("Esto resolvió mi problema");
        int before = kb.counts(fp, pub.id()).resolved();
        HttpResponse<String> solved = post(FP, "/conocimiento/" + pub.id() + "/resuelto", cookie, Map.of("solicitud", "falla-impresora"));
        assertThat(solved.statusCode()).isEqualTo(303);
        assertThat(kb.counts(fp, pub.id()).resolved()).isEqualTo(before + 1);
        // "¿Le fue útil?" once.
        int helpful = kb.counts(fp, pub.id()).helpful();
        post(FP, "/conocimiento/" + pub.id() + "/util", cookie, Map.of("util", "si"));
        post(FP, "/conocimiento/" + pub.id() + "/util", cookie, Map.of("util", "si"));
        assertThat(kb.counts(fp, pub.id()).helpful()).isEqualTo(helpful + 1);
        assertThat(post(FP, "/conocimiento/" + pub.id() + "/util", cookie, Map.of("util", "tal-vez")).statusCode()).isEqualTo(422);
        // Another entity's article is not found through these forms either.
        assertThat(post(FP, "/conocimiento/" + psPublic.id() + "/resuelto", cookie, Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void agentsLinkArticlesSignSolutionsFromThemAndProposeCasesWithoutPersonalData() {
        String requesterToken = api.token("funcion-publica", "kba-privada", Roles.REQUESTER);
        String agentToken = api.agent("funcion-publica", "kba-agente-caso", "mesa-servicio-primer-nivel");
        String requesterName = CaseApi.json(api.send(FP, "GET", "/api/v1/me", requesterToken, null)).get("name").asText();
        String agentId = api.personId(FP, agentToken);
        HttpResponse<String> filed = api.create(FP, requesterToken, CaseApi.obj("origin", "portal", "service", "acceso-remoto",
                "template", "acceso-remoto", "title", "No conecta la VPN", "description",
                "Soy " + requesterName + ", mi celular es 320 568 4561 y mi correo privada@correo.example.",
                "impact", "moderado", "urgency", "medio", "fields", CaseApi.obj("telefono-contacto", "601 555 0199")));
        assertThat(filed.statusCode()).as(filed.body()).isEqualTo(201);
        String caseId = CaseApi.json(filed).get("id").asText();
        api.actOk(FP, agentToken, caseId, CaseApi.obj("kind", "reassign", "group", "mesa-servicio-primer-nivel",
                "agentId", agentId, "note", "Lo atiendo yo"));
        String cookie = TestSessions.signIn(FP, "kba-agente-caso");

        // Link a published article to the case.
        HttpResponse<String> linked = post(FP, "/consola/casos/" + caseId + "/conocimiento", cookie, Map.of("articulo", pub.id().toString()));
        assertThat(linked.statusCode()).as(linked.body()).isEqualTo(303);
        assertThat(kb.linkedTo(fp, UUID.fromString(caseId))).extracting(Article::id).containsExactly(pub.id());
        HttpResponse<String> page = platform.get(FP, "/consola/casos/" + caseId + "/conocimiento?firmar=" + pub.id(),
                "Cookie", COOKIE + "=" + cookie);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(pub.title()).contains("Pasos para");

        // Sign the solution from the article: its text, with a personal touch the agent added.
        String solution = "Se configuró la VPN siguiendo el artículo. Llamé a " + requesterName
                + " al 3205684561 y confirmó por privada@correo.example que ya conecta.";
        HttpResponse<String> signed = post(FP, "/consola/casos/" + caseId + "/conocimiento/firmar", cookie,
                Map.of("articulo", pub.id().toString(), "nota", solution));
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(303);
        JsonNode events = CaseApi.json(api.get(FP, agentToken, caseId)).get("events");
        List<String> kinds = new ArrayList<>();
        events.forEach(e -> kinds.add(e.get("kind").asText()));
        assertThat(kinds).contains("signSolution");

        // Propose it as knowledge: a draft with the solution and none of the requester's personal data.
        HttpResponse<String> proposed = post(FP, "/consola/casos/" + caseId + "/conocimiento/proponer", cookie, Map.of());
        assertThat(proposed.statusCode()).as(proposed.body()).isEqualTo(303);
        String location = proposed.headers().firstValue("Location").orElseThrow();
        UUID draftId = UUID.fromString(location.replaceAll("^/consola/conocimiento/([0-9a-f-]{36}).*$", "$1"));
        Article draft = kb.forAuthors(fp, KnowledgeServiceTest.person("kba-lector", List.of(), Roles.AGENT), draftId).orElseThrow();
        assertThat(draft.state()).isEqualTo(Article.ArticleState.DRAFT);
        assertThat(draft.body()).contains("Se configuró la VPN siguiendo el artículo").contains(CaseProposal.REMOVED);
        String all = draft.title() + " " + draft.summary() + " " + draft.body();
        for (String personal : List.of(requesterName, requesterName.split(" ")[0], "3205684561", "320 568 4561",
                "privada@correo.example", "601 555 0199")) {
            assertThat(all).as("personal data: " + personal).doesNotContainIgnoringCase(personal);
        }
        assertThat(draft.services()).containsExactly("acceso-remoto");
        // Another entity's agent finds none of it.
        assertThat(kb.forAuthors(ps, KnowledgeServiceTest.person("kba-lector", List.of(), Roles.AGENT), draftId)).isEmpty();
    }
}
