package co.mesa.pages;

import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestBrowser;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.UUID;

import static co.mesa.testsupport.CaseApi.PS;
import static co.mesa.testsupport.CaseApi.json;
import static co.mesa.testsupport.CaseApi.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's problem pages in a real browser, axe-core (WCAG 2.1 A/AA) on each: the home's "Problemas y
 * errores conocidos" tab, the list a counter opens (showing as many rows as the counter said) and a problem's page
 * — on both entities.
 */
@NeedsKeycloak
class ProblemBrowserTest {

    static CaseApi api;

    @BeforeAll
    static void people() {
        api = new CaseApi();
    }

    /** A known error assigned to the agent, so "Asignados a mí" counts it. */
    static String problem(String host, String token, String agentId, String tag) {
        HttpResponse<String> r = api.send(host, "POST", "/api/v1/problems", token, obj("title", "Impresoras sin cola " + tag,
                "description", "Varias impresoras dejan de imprimir a la vez.", "impact", "Medio",
                "assignedAgentId", agentId));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode p = json(r);
        HttpResponse<String> e = api.send(host, "POST", "/api/v1/problems/" + p.get("id").asText() + "/edit", token,
                obj("workaround", "Reiniciar el servicio de cola de impresión.", "knownError", true),
                "If-Match", "\"" + p.get("version").asInt() + "\"");
        assertThat(e.statusCode()).as(e.body()).isEqualTo(200);
        return p.get("code").asText();
    }

    void walk(String slug, String host, String user, String group, String name) {
        String token = api.agent(slug, user, group);
        String agentId = api.personId(host, token);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String code = problem(host, token, agentId, tag);
        Page page = TestBrowser.get().newPage();
        TestBrowser.signIn(page, slug, user, "/consola");
        assertThat(page.locator("#problems-title").innerText()).isEqualTo("Problemas y errores conocidos");
        TestBrowser.assertAccessible(page, name + "-inicio-problemas");
        // "Asignados a mí" → Nuevo: the list shows exactly as many problems as the counter says.
        var counter = page.locator("#problems-mine a.counter-link").first();
        int counted = Integer.parseInt(counter.locator(".counter").innerText().trim());
        assertThat(counted).isPositive();
        counter.click();
        page.waitForURL(u -> u.contains("/consola/problemas?vista=mine"));
        assertThat(page.locator("#problems-list tbody tr").count()).isEqualTo(counted);
        TestBrowser.assertAccessible(page, name + "-problemas-lista");
        page.locator("#problems-list a", new Page.LocatorOptions().setHasText(code)).click();
        page.waitForURL(u -> u.contains("/consola/problemas/"));
        assertThat(page.locator("h1").innerText()).contains(code);
        assertThat(page.locator("#workaround").innerText()).contains("cola de impresión");
        TestBrowser.assertAccessible(page, name + "-problema");
        page.context().close();
    }

    @Test
    void funcionPublicaAgentsFollowTheTabToTheListAndTheProblem() {
        walk("funcion-publica", CaseApi.FP, "prb-agente", "mesa-servicio-primer-nivel", "fp");
    }

    @Test
    void prosperidadSocialAgentsFollowTheTabToTheListAndTheProblem() {
        walk("prosperidad-social", PS, "prb-agente", "soporte-primer-nivel", "ps");
    }
}
