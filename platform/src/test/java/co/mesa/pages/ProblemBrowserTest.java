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

    @Test
    void aCasesAgentLinksItToAKnownErrorSeesTheWorkaroundAndOpensANewProblemFromIt() {
        String token = api.agent("funcion-publica", "prb-agente-caso", "mesa-servicio-primer-nivel");
        String agentId = api.personId(CaseApi.FP, token);
        String requester = api.token("funcion-publica", "prb-solicitante", co.mesa.identity.Roles.REQUESTER);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String code = problem(CaseApi.FP, token, agentId, tag);
        HttpResponse<String> r = api.create(CaseApi.FP, requester, obj("origin", "portal", "service", "acceso-remoto",
                "template", "acceso-remoto", "title", "No imprime " + tag, "description", "La cola no avanza.",
                "impact", "moderado", "urgency", "medio", "fields", obj("telefono-contacto", "601 555 0101")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String caseId = json(r).get("id").asText();
        Page page = TestBrowser.get().newPage();
        TestBrowser.signIn(page, "funcion-publica", "prb-agente-caso", "/consola/casos/" + caseId);
        page.locator(".case-problems a").click();
        page.waitForURL(u -> u.endsWith("/consola/casos/" + caseId + "/problemas"));
        TestBrowser.assertAccessible(page, "fp-caso-problemas");
        // An unknown code is refused on the page, in Spanish, and links nothing.
        page.locator("#problem-code").fill("PRB 1900-00001");
        page.locator("form[action$='/problemas'] button[type=submit]").click();
        assertThat(page.locator("#problem-code-error").innerText()).isNotBlank();
        TestBrowser.assertAccessible(page, "fp-caso-problemas-error");
        page.locator("#problem-code").fill(code);
        page.locator("form[action$='/problemas'] button[type=submit]").click();
        page.waitForURL(u -> u.contains("aviso=vinculado"));
        assertThat(page.locator("#case-problems").innerText()).contains(code);
        assertThat(page.locator("#case-problems .workaround").innerText()).contains("cola de impresión");
        // "Nuevo problema" from this case: the new problem's page lists the case.
        page.locator("#problem-title").fill("Cola de impresión " + tag);
        page.locator("#problem-description").fill("Se repite en varias sedes.");
        page.locator("form[action$='/problemas/nuevo'] button[type=submit]").click();
        page.waitForURL(u -> u.matches(".*/consola/problemas/[0-9a-f-]{36}$"));
        assertThat(page.locator("#problem-cases").innerText()).contains(json(api.get(CaseApi.FP, token, caseId)).get("code").asText());
        TestBrowser.assertAccessible(page, "fp-problema-desde-caso");
        page.context().close();
    }

    @Test
    void nuevoProblemaFromSeveralCasesTickedInTheQueue() {
        String token = api.agent("funcion-publica", "prb-agente-cola", "mesa-servicio-primer-nivel");
        api.personId(CaseApi.FP, token);
        String requester = api.token("funcion-publica", "prb-solicitante", co.mesa.identity.Roles.REQUESTER);
        String tag = "cola" + co.mesa.testsupport.Tags.letters(6);
        java.util.List<String> codes = new java.util.ArrayList<>();
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> r = api.create(CaseApi.FP, requester, obj("origin", "portal", "service", "acceso-remoto",
                    "template", "acceso-remoto", "title", "Sin red " + tag + " " + i, "description", "Sin conexión.",
                    "impact", "moderado", "urgency", "medio", "fields", obj("telefono-contacto", "601 555 0101")));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            codes.add(json(r).get("code").asText());
            ids.add(json(r).get("id").asText());
        }
        Page page = TestBrowser.get().newPage();
        TestBrowser.signIn(page, "funcion-publica", "prb-agente-cola", "/consola/cola?q=" + tag);
        assertThat(page.locator(".queue-problem input[type=checkbox]").count()).isEqualTo(2);
        TestBrowser.assertAccessible(page, "fp-cola-nuevo-problema");
        page.locator(".queue-problem input[type=checkbox]").nth(0).check();
        page.locator(".queue-problem input[type=checkbox]").nth(1).check();
        // Without a title: refused on a form of its own that keeps the ticked cases and the description, the
        // error next to the title (and linked from the summary); nothing is written.
        page.locator("#np-description").fill("Dos sedes sin conexión a la vez.");
        page.locator(".queue-problem button[type=submit]").click();
        page.waitForSelector("#np-title-error");
        assertThat(page.url()).endsWith("/consola/problemas/nuevo");
        assertThat(page.locator("#np-title").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(page.locator("#aviso-error a[href='#np-title']").count()).isEqualTo(1);
        assertThat(page.locator("#np-cases input[type=checkbox]:checked").count()).isEqualTo(2);
        assertThat(page.locator("#np-cases").innerText()).contains(codes.get(0)).contains(codes.get(1));
        assertThat(page.locator("#np-description").inputValue()).isEqualTo("Dos sedes sin conexión a la vez.");
        TestBrowser.assertAccessible(page, "fp-nuevo-problema-rechazado");
        HttpResponse<String> linked = api.send(CaseApi.FP, "GET", "/api/v1/cases/" + ids.get(0) + "/problems", token, null);
        assertThat(linked.statusCode()).as(linked.body()).isEqualTo(200);
        assertThat(linked.body()).as("nothing written").doesNotContain("Sin red en la sede");
        page.locator("#np-title").fill("Sin red en la sede " + tag);
        page.locator("#np-form button[type=submit]").click();
        page.waitForURL(u -> u.matches(".*/consola/problemas/[0-9a-f-]{36}$"));
        assertThat(page.locator("#problem-cases li").count()).isEqualTo(2);
        assertThat(page.locator("#problem-cases").innerText()).contains(codes.get(0)).contains(codes.get(1));
        page.context().close();
    }
}
