package co.mesa.pages;

import co.mesa.identity.Roles;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestBrowser;
import co.mesa.testsupport.TestTenants;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import static co.mesa.testsupport.CaseApi.FP;
import static co.mesa.testsupport.CaseApi.PS;
import static co.mesa.testsupport.CaseApi.json;
import static co.mesa.testsupport.CaseApi.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The case page's problems part in a real browser (axe on each): a new case of the same service and category as a
 * case linked to an open known error is offered its workaround, with a link to the problem and a one-click
 * "Vincular", on both entities; an entity that keeps no problems shows no "Problemas del caso" link (it would be a
 * 404).
 */
@NeedsKeycloak
class KnownErrorOfferBrowserTest {

    static CaseApi api;

    @BeforeAll
    static void people() {
        api = new CaseApi();
    }

    static String fpCase(String host, String token, String title) {
        HttpResponse<String> r = api.create(host, token, obj("origin", "portal", "service", "acceso-remoto",
                "template", "acceso-remoto", "title", title, "description", "La VPN rechaza la credencial.",
                "impact", "moderado", "urgency", "medio", "fields", obj("telefono-contacto", "601 555 0101")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).get("id").asText();
    }

    static String psCase(String token, String title) {
        HttpResponse<String> r = api.create(PS, token, obj("service", "gestion-incidentes-requerimientos",
                "template", "falla-equipo", "title", title, "description", "No enciende."));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).get("id").asText();
    }

    void offer(String slug, String host, String group, String first, String second, String name) {
        String agent = api.agent(slug, "ke-agente", group);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = api.send(host, "POST", "/api/v1/problems", agent, obj("title", "Falla común " + tag,
                "description", "Varias incidencias iguales.", "cases", List.of(first)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode p = json(created);
        String workaround = "Reinicie el equipo y reintente (" + tag + ").";
        HttpResponse<String> known = api.send(host, "POST", "/api/v1/problems/" + p.get("id").asText() + "/edit", agent,
                obj("workaround", workaround, "knownError", true), "If-Match", "\"" + p.get("version").asInt() + "\"");
        assertThat(known.statusCode()).as(known.body()).isEqualTo(200);
        String code = p.get("code").asText();

        Page page = TestBrowser.get().newPage();
        TestBrowser.signIn(page, slug, "ke-agente", "/consola/casos/" + second);
        var offered = page.locator("#known-errors li", new Page.LocatorOptions().setHasText(code));
        assertThat(offered.count()).isEqualTo(1);
        assertThat(offered.locator(".workaround").innerText()).isEqualTo(workaround);
        assertThat(offered.locator("a[href='/consola/problemas/" + p.get("id").asText() + "']").count()).isEqualTo(1);
        TestBrowser.assertAccessible(page, name + "-caso-error-conocido");
        offered.locator("button").click();
        page.waitForURL(u -> u.contains("/problemas?aviso=vinculado"));
        assertThat(page.locator("#case-problems").innerText()).contains(code).contains(workaround);
        JsonNode linked = json(api.send(host, "GET", "/api/v1/problems/" + p.get("id").asText(), agent, null));
        assertThat(linked.get("cases").findValuesAsText("id")).contains(first, second);
        // Linked now: no longer offered as a match, shown among the case's problems instead.
        page.navigate(TestBrowser.origin(slug) + "/consola/casos/" + second);
        assertThat(page.locator("#known-errors li", new Page.LocatorOptions().setHasText(code)).count()).isZero();
        page.context().close();
    }

    @Test
    void funcionPublicaOffersAKnownErrorsWorkaroundOnANewMatchingCase() {
        String requester = api.token("funcion-publica", "ke-solicitante", Roles.REQUESTER);
        offer("funcion-publica", FP, "mesa-servicio-primer-nivel", fpCase(FP, requester, "VPN 1"),
                fpCase(FP, requester, "VPN 2"), "fp");
    }

    @Test
    void prosperidadSocialOffersAKnownErrorsWorkaroundOnANewMatchingCase() {
        String requester = api.token("prosperidad-social", "ke-solicitante", Roles.REQUESTER);
        offer("prosperidad-social", PS, "soporte-primer-nivel", psCase(requester, "Equipo 1"), psCase(requester, "Equipo 2"),
                "ps");
    }

    @Test
    void anEntityWithoutProblemsShowsNoProblemsLinkOnTheCasePage() {
        String host = TestTenants.copyEditing("funcion-publica", "sin-problemas", "workflow.yaml",
                text -> text.substring(0, text.indexOf("\nrecords:") + 1));
        String requester = api.token("sin-problemas", "sp-solicitante", Roles.REQUESTER);
        String caseId = fpCase(host, requester, "Sin problemas");
        api.agent("sin-problemas", "sp-agente", "mesa-servicio-primer-nivel");
        Page page = TestBrowser.get().newPage();
        TestBrowser.signIn(page, "sin-problemas", "sp-agente", "/consola/casos/" + caseId);
        assertThat(page.locator("h1").innerText()).contains("Sin problemas");
        assertThat(page.locator(".case-problems").count()).isZero();
        assertThat(page.locator("#known-errors").count()).isZero();
        assertThat(page.navigate(TestBrowser.origin("sin-problemas") + "/consola/casos/" + caseId + "/problemas").status())
                .isEqualTo(404);
        page.context().close();
    }
}
