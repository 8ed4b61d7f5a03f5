package co.mesa.pages;

import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.identity.Roles;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.TestBrowser;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static co.mesa.testsupport.CaseApi.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The issue's two journeys end to end, every step through the pages in Debian's chromium, each
 * person signed in through their entity's real Keycloak page; the API is read only to check the
 * outcome.
 */
@NeedsKeycloak
class EndToEndBrowserTest {

    static final String FP = "funcion-publica";
    static final String PS = "prosperidad-social";
    static final String FP_HOST = "funcion-publica.localhost";
    static final String PS_HOST = "prosperidad-social.localhost";

    static CaseApi api;
    static String fpRequester;
    static String psRequester;
    static String specialistId;

    @BeforeAll
    static void people() {
        api = new CaseApi();
        fpRequester = api.token(FP, "e2e-solicitante", Roles.REQUESTER);
        api.personId(FP_HOST, api.agent(FP, "e2e-agente", "mesa-servicio-primer-nivel"));
        specialistId = api.personId(FP_HOST, api.agent(FP, "e2e-especialista", "infraestructura-tecnologica"));
        psRequester = api.token(PS, "e2e-solicitante", Roles.REQUESTER);
        api.personId(PS_HOST, api.agent(PS, "e2e-agente", "soporte-primer-nivel"));
    }

    static Page signedIn(String slug, String username, String path) {
        Page page = TestBrowser.get().newPage();
        TestBrowser.signIn(page, slug, username, path);
        return page;
    }

    /** Opens an action of the console's case page, fills its note (and what else the caller set) and sends it. */
    static void act(Page page, String key, String note) {
        page.locator("#action-" + key + " summary").click();
        if (note != null) {
            page.locator("#" + key + "-note").fill(note);
        }
        page.locator("#" + key + "-submit").click();
        page.waitForLoadState();
    }

    static String state(String host, String token, String id) {
        return json(api.get(host, token, id)).at("/state/key").asText();
    }

    @Test
    void funcionPublicaRemoteAccessFromFilingToClosedThroughThePages() {
        // 1. The requester files "Acceso remoto" from the portal.
        Page requester = signedIn(FP, "e2e-solicitante", "/");
        requester.locator("a[href='/solicitar/acceso-remoto']").click();
        requester.locator("#title").fill("No puedo entrar por acceso remoto");
        requester.locator("#description").fill("Desde esta mañana el acceso remoto dice que mi credencial es inválida.");
        requester.locator("#f-telefono-contacto").fill("601 555 0199");
        requester.locator("form[enctype] button[type=submit]").click();
        requester.waitForURL(u -> u.contains("/enviado?caso="));
        String code = requester.locator(".case-code").innerText().strip();
        assertThat(code).matches("REIO \\d{4}-\\d{6}");
        String id = requester.url().substring(requester.url().indexOf("caso=") + "caso=".length());
        TestBrowser.assertAccessible(requester, "e2e-funcion-publica-1-enviado");
        assertThat(state(FP_HOST, fpRequester, id)).isEqualTo("asignada");

        // 2. A first-line agent answers first and asks the requester a question.
        Page agent = signedIn(FP, "e2e-agente", "/consola/casos/" + id);
        assertThat(agent.locator("h1").innerText()).contains(code);
        act(agent, "firstResponse", "Recibido, reviso su cuenta de acceso remoto.");
        act(agent, "question", "¿Desde qué red intenta conectarse?");
        assertThat(agent.locator(".case-status").innerText()).contains("Pendiente respuesta del usuario");

        // 3. The requester answers from the case page.
        requester.navigate(TestBrowser.origin(FP) + "/casos/" + id);
        assertThat(requester.locator(".timeline").innerText()).contains("¿Desde qué red intenta conectarse?");
        requester.locator("#answer-note").fill("Desde la red de mi casa, con el portátil de la entidad.");
        requester.locator("#answer button[type=submit]").click();
        requester.waitForLoadState();
        JsonNode answered = json(api.get(FP_HOST, fpRequester, id));
        assertThat(answered.at("/substate/key").asText()).isEqualTo("con-respuesta-del-usuario");

        // 4. The agent escalates to the second line, to a named specialist, with the reason.
        agent.navigate(TestBrowser.origin(FP) + "/consola/casos/" + id);
        agent.locator("#action-escalate summary").click();
        agent.locator("#escalate-group").selectOption("infraestructura-tecnologica");
        agent.locator("#escalate-agentId").selectOption(specialistId);
        agent.locator("#escalate-note").fill("La cuenta está bien; hay que revisar el concentrador del acceso remoto.");
        agent.locator("#escalate-submit").click();
        agent.waitForLoadState();
        JsonNode escalated = json(api.get(FP_HOST, fpRequester, id));
        assertThat(escalated.at("/state/key").asText()).isEqualTo("asignada");

        // 5. The specialist signs the solution.
        Page specialist = signedIn(FP, "e2e-especialista", "/consola/casos/" + id);
        act(specialist, "signSolution", "Se reinició el perfil de acceso remoto; ya puede conectarse.");
        assertThat(specialist.locator(".case-status").innerText()).contains("Resuelta");
        TestBrowser.assertAccessible(specialist, "e2e-funcion-publica-5-resuelta");

        // 6. The requester confirms from the email's link → Cerrada.
        requester.navigate(TestBrowser.origin(FP) + "/casos/" + id + "?accion=confirmar");
        assertThat(requester.locator(".timeline").innerText()).contains("ya puede conectarse");
        requester.locator("#confirm-button").click();
        requester.waitForURL(u -> u.contains("hecho=confirmada"));
        assertThat(requester.locator(".case-state").innerText()).isEqualTo("Cerrada");
        TestBrowser.assertAccessible(requester, "e2e-funcion-publica-6-cerrada");
        assertThat(state(FP_HOST, fpRequester, id)).isEqualTo("cerrada");
        for (Page p : new Page[] {requester, agent, specialist}) {
            p.context().close();
        }
    }

    @Test
    void prosperidadSocialRequestHeldResumedSolvedAndClosedByTheSurveyThroughThePages() {
        // 1. The requester files a request from the portal.
        Page requester = signedIn(PS, "e2e-solicitante", "/solicitar/configuracion-ofimatica");
        requester.locator("#title").fill("Configurar el correo en el celular");
        requester.locator("#description").fill("Necesito el correo institucional en el celular nuevo.");
        requester.locator("form[enctype] button[type=submit]").click();
        requester.waitForURL(u -> u.contains("/enviado?caso="));
        String code = requester.locator(".case-code").innerText().strip();
        assertThat(code).matches("DPS-\\d{4}-\\d{6}");
        String id = requester.url().substring(requester.url().indexOf("caso=") + "caso=".length());
        assertThat(state(PS_HOST, psRequester, id)).isEqualTo("abierto");

        // 2. The agent takes it, holds it (Retenido) and resumes it.
        Page agent = signedIn(PS, "e2e-agente", "/consola/casos/" + id);
        act(agent, "firstResponse", "Recibido, lo configuro hoy.");
        assertThat(agent.locator(".case-status").innerText()).contains("En proceso");
        act(agent, "t-retener-otra-causa", "Se espera que llegue el celular a la sede.");
        assertThat(agent.locator(".case-status").innerText()).contains("Retenido");
        assertThat(state(PS_HOST, psRequester, id)).isEqualTo("retenido");
        TestBrowser.assertAccessible(agent, "e2e-prosperidad-social-2-retenido");
        act(agent, "t-reanudar-gestion", "Llegó el celular.");
        assertThat(agent.locator(".case-status").innerText()).contains("En proceso");

        // 3. The agent solves it; with surveys on (003 §5) the case waits in "Abierto por Encuesta".
        act(agent, "signSolution", "Se configuró el correo institucional en el celular.");
        assertThat(state(PS_HOST, psRequester, id)).isEqualTo("abierto-por-encuesta");

        // 3b. The requester answers the survey from the case page; the answer closes the case.
        requester.navigate(TestBrowser.origin(PS) + "/casos/" + id);
        requester.locator("#survey-link").click();
        requester.waitForURL(u -> u.endsWith("/encuesta"));
        requester.locator("#q-oportunidad-5").check();
        requester.locator("#q-calidad-5").check();
        requester.locator("#survey-submit").click();
        requester.waitForSelector("#survey-done");
        assertThat(state(PS_HOST, psRequester, id)).isEqualTo("cerrado");

        // 4. The requester sees it closed in "Mis casos" and on the case page.
        requester.navigate(TestBrowser.origin(PS) + "/mis-casos?estado=cerrados");
        assertThat(requester.locator("table.data").innerText()).contains(code);
        requester.navigate(TestBrowser.origin(PS) + "/casos/" + id);
        assertThat(requester.locator(".case-state").innerText()).isEqualTo("Cerrado");
        TestBrowser.assertAccessible(requester, "e2e-prosperidad-social-4-cerrado");
        requester.context().close();
        agent.context().close();
    }
}
