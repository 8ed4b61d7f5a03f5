package co.mesa.pages;

import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.identity.Roles;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.Downloads;
import co.mesa.testsupport.TestBrowser;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.FilePayload;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

import static co.mesa.testsupport.CaseApi.FP;
import static co.mesa.testsupport.CaseApi.PS;
import static co.mesa.testsupport.CaseApi.json;
import static co.mesa.testsupport.CaseApi.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The requester portal in a real browser, in both entities: the catalog, a template's form with
 * its errors and attachments, the confirmation with the case code, "Mis casos", the case page and
 * the requester's actions (answer a question, confirm the solution), and the walls between
 * requesters and between tenants. axe-core (WCAG 2.1 A/AA) on every page, in both themes.
 */
@NeedsKeycloak
class PortalBrowserTest {

    static CaseApi api;
    static String fpRequester;
    static String fpOther;
    static String fpAgent;
    static String psRequester;
    static String psAgent;

    @BeforeAll
    static void people() {
        api = new CaseApi();
        tokens();
        api.personId(FP, fpAgent);
        api.personId(PS, psAgent);
    }

    /**
     * Fresh tokens before each test: the realm's access tokens last 5 minutes and this class can run longer
     * on a loaded machine (CaseApi keeps a token a minute, then mints a new one).
     */
    @BeforeEach
    void freshTokens() {
        tokens();
    }

    static void tokens() {
        fpRequester = api.token("funcion-publica", "pt-solicitante", Roles.REQUESTER);
        fpOther = api.token("funcion-publica", "pt-otro", Roles.REQUESTER);
        fpAgent = api.agent("funcion-publica", "pt-agente", "mesa-servicio-primer-nivel");
        // A coordinator: the VPN template (with its required form F-DE-10) is for directivos-coordinadores.
        psRequester = api.token("prosperidad-social", "pt-coordinadora", List.of("directivos-coordinadores"), Roles.REQUESTER);
        psAgent = api.agent("prosperidad-social", "pt-agente", "soporte-primer-nivel");
    }

    static String requesterOf(String slug) {
        return slug.equals("funcion-publica") ? "pt-solicitante" : "pt-coordinadora";
    }

    static String host(String slug) {
        return slug.equals("funcion-publica") ? FP : PS;
    }

    @ParameterizedTest
    @ValueSource(strings = {"funcion-publica", "prosperidad-social"})
    void aRequesterFilesFromTheCatalogAndFollowsTheCase(String slug) {
        boolean fp = slug.equals("funcion-publica");
        String templateKey = fp ? "acceso-remoto" : "conexion-remota-vpn";
        Page page = TestBrowser.get().newPage();
        // Visitors get the welcome and the sign-in button.
        page.navigate(TestBrowser.origin(slug) + "/");
        assertThat(page.locator("h1").innerText()).isEqualTo("Mesa de servicio");
        assertThat(page.locator("main a.button").getAttribute("href")).isEqualTo("/auth/login?returnTo=%2F");
        // Each entity's theme overrides the sign-in help partial (and only it): its own wording from the seeds.
        assertThat(page.locator("main").innerText()).contains(fp ? "sin número de radicado" : "cuenta de red")
                .doesNotContain(fp ? "cuenta de red" : "sin número de radicado");
        TestBrowser.assertAccessible(page, slug + "-portal-bienvenida");

        TestBrowser.signIn(page, slug, requesterOf(slug), "/");
        assertThat(page.locator("h1").innerText()).isEqualTo("Catálogo de servicios");
        assertThat(page.locator("a[href='/solicitar/" + templateKey + "']").count()).isEqualTo(1);
        // Targets in words (Prosperidad Social measures only the solution).
        assertThat(page.locator("main").innerText()).contains("Solución en").contains("horas hábiles");
        TestBrowser.assertAccessible(page, slug + "-portal-catalogo");

        // The search ignores accents and case: "conexion" finds "Conexión".
        page.locator("#q").fill(fp ? "CONEXION" : "conexion remota");
        page.locator("form[role=search] button").click();
        page.waitForURL(u -> u.contains("q="));
        assertThat(page.locator("a[href='/solicitar/" + templateKey + "']").count()).isEqualTo(1);
        assertThat(page.locator("a[href='/solicitar/falla-impresora']").count()).isZero();

        // The form, sent empty: errors next to the fields and a summary, nothing filed.
        page.navigate(TestBrowser.origin(slug) + "/solicitar/" + templateKey);
        assertThat(page.locator("h1").innerText()).isEqualTo(fp ? "Acceso remoto" : "Solicitud de conexión remota (VPN)");
        TestBrowser.assertAccessible(page, slug + "-portal-formulario");
        page.locator("form[enctype] button[type=submit]").click();
        page.locator(".error-summary").waitFor();
        assertThat(page.locator("#title-error").innerText()).isEqualTo("Es obligatorio.");
        assertThat(page.locator("#title").getAttribute("aria-describedby")).contains("title-error");
        assertThat(page.locator("#description-error").innerText()).isEqualTo("Es obligatorio.");
        if (fp) {
            assertThat(page.locator("#f-telefono-contacto-error").innerText()).isEqualTo("Es obligatorio.");
        } else {
            assertThat(page.locator("#slot-formato-f-de-10-error").innerText()).isEqualTo("Adjunte este documento.");
        }
        TestBrowser.assertAccessible(page, slug + "-portal-formulario-errores");

        // What was typed stays when another field is wrong.
        String title = fp ? "No me conecta la VPN " + UUID.randomUUID().toString().substring(0, 8)
                : "Necesito VPN para trabajo en casa " + UUID.randomUUID().toString().substring(0, 8);
        page.locator("#title").fill(title);
        if (fp) {
            page.locator("#f-telefono-contacto").fill("no es un teléfono!");
        }
        page.locator("form[enctype] button[type=submit]").click();
        page.locator(".error-summary").waitFor();
        assertThat(page.locator("#title").inputValue()).isEqualTo(title);
        if (fp) {
            assertThat(page.locator("#f-telefono-contacto-error").innerText()).isEqualTo("Debe ser un número de teléfono.");
        }

        page.locator("#description").fill("Desde ayer la conexión dice que la credencial es inválida.");
        if (fp) {
            page.locator("#f-telefono-contacto").fill("601 555 0101");
        } else {
            // A type the entity does not take: the reason next to the document, nothing filed.
            page.locator("#slot-formato-f-de-10").setInputFiles(new FilePayload("notas.txt", "text/plain",
                    "formato".getBytes(StandardCharsets.UTF_8)));
            page.locator("form[enctype] button[type=submit]").click();
            page.locator("#slot-formato-f-de-10-error").waitFor();
            assertThat(page.locator("#slot-formato-f-de-10-error").innerText()).contains("notas.txt").contains("text/plain");
            assertThat(page.locator("#description").inputValue()).startsWith("Desde ayer");
            // A scanned form of 1.5 MB (over the web server's default part size, within the entity's 10 MB).
            byte[] pdf = new byte[1_500_000];
            byte[] head = "%PDF-1.4\n% formato F-DE-10 diligenciado\n".getBytes(StandardCharsets.UTF_8);
            System.arraycopy(head, 0, pdf, 0, head.length);
            java.util.Arrays.fill(pdf, head.length, pdf.length, (byte) ' ');
            page.locator("#slot-formato-f-de-10").setInputFiles(new FilePayload("F-DE-10.pdf", "application/pdf", pdf));
        }
        page.locator("#contact-extension").fill("1234");
        page.locator("form[enctype] button[type=submit]").click();
        page.waitForURL(u -> u.contains("/enviado?caso="));
        String code = page.locator(".case-code").innerText().strip();
        assertThat(code).matches(fp ? "REIO \\d{4}-\\d{6}" : "DPS-\\d{4}-\\d{6}");
        String caseId = page.url().substring(page.url().indexOf("caso=") + 5);
        JsonNode filed = json(api.get(host(slug), fp ? fpRequester : psRequester, caseId));
        assertThat(filed.get("code").asText()).isEqualTo(code);
        assertThat(filed.get("title").asText()).isEqualTo(title);
        assertThat(filed.get("origin").asText()).isEqualTo("portal");
        assertThat(filed.at("/contact/extension").asText()).isEqualTo("1234");
        if (fp) {
            assertThat(filed.at("/fields/telefono-contacto").asText()).isEqualTo("601 555 0101");
        } else {
            assertThat(filed.get("attachments")).hasSize(1);
            assertThat(filed.at("/attachments/0/slot").asText()).isEqualTo("formato-f-de-10");
        }
        assertThat(page.locator(".case-state").innerText()).contains(filed.at("/state/name").asText());
        TestBrowser.assertAccessible(page, slug + "-portal-enviado");

        // Mis casos lists it.
        JsonNode listed = json(api.get(host(slug), fp ? fpRequester : psRequester, caseId));
        page.navigate(TestBrowser.origin(slug) + "/mis-casos");
        assertThat(page.locator("table.data caption").innerText()).isEqualTo("Mis casos: Abiertos");
        assertThat(page.locator("table.data tbody a", new Page.LocatorOptions().setHasText(code)).count()).isEqualTo(1);
        assertThat(page.locator("nav a[aria-current=page]").allInnerTexts()).contains("Mis casos", "Abiertos");
        // The last update: a column of its own, the case's updatedAt in the entity's zone.
        assertThat(page.locator("table.data thead").innerText()).contains("Última actualización");
        Locator row = page.locator("table.data tbody tr", new Page.LocatorOptions().setHasText(code));
        assertThat(row.locator("td.case-updated").innerText()).isEqualTo(shown(listed.get("updatedAt")));
        TestBrowser.assertAccessible(page, slug + "-portal-mis-casos");
        page.locator("table.data tbody a", new Page.LocatorOptions().setHasText(code)).click();
        page.waitForURL(u -> u.endsWith("/casos/" + caseId));

        // The case as its requester sees it.
        assertThat(page.locator("h1 .case-code").innerText()).isEqualTo(code);
        assertThat(page.locator(".case-state").innerText()).isEqualTo(filed.at("/state/name").asText());
        assertThat(page.locator(".timeline li").count()).isGreaterThanOrEqualTo(1);
        if (!fp) {
            assertThat(page.locator(".attachments a").innerText()).isEqualTo("F-DE-10.pdf");
            assertThat(page.locator(".attachments a").getAttribute("href"))
                    .isEqualTo("/api/v1/cases/" + caseId + "/attachments/" + filed.at("/attachments/0/id").asText());
        }
        TestBrowser.assertAccessible(page, slug + "-portal-caso");
        page.context().close();
    }

    @Test
    void aHeadOfAreaFillsAPersonAndSeveralOptions() {
        String jefa = api.token("funcion-publica", "pt-jefa", List.of("jefes-area-secretarias"), Roles.REQUESTER);
        String colaboradorId = api.personId(FP, fpOther);
        Page page = TestBrowser.get().newPage();
        TestBrowser.signIn(page, "funcion-publica", "pt-jefa", "/");
        assertThat(page.locator("a[href='/solicitar/asignacion-equipo']").count()).isEqualTo(1);
        page.navigate(TestBrowser.origin("funcion-publica") + "/solicitar/asignacion-equipo");
        assertThat(page.locator("fieldset#f-elementos legend").innerText()).contains("(obligatorio)");
        page.locator("form[enctype] button[type=submit]").click();
        page.locator(".error-summary").waitFor();
        assertThat(page.locator("#f-colaborador-error").innerText()).isEqualTo("Es obligatorio.");
        assertThat(page.locator("#f-elementos-error").innerText()).isEqualTo("Es obligatorio.");
        TestBrowser.assertAccessible(page, "funcion-publica-portal-formulario-persona-opciones");

        page.locator("#title").fill("Equipo para el nuevo contratista");
        page.locator("#description").fill("Ingresa el lunes al área.");
        page.locator("#f-colaborador").fill("nadie-con-este-usuario");
        page.locator("#f-elementos-0").check();
        page.locator("#f-elementos-1").check();
        page.locator("form[enctype] button[type=submit]").click();
        page.locator("#f-colaborador-error").waitFor();
        assertThat(page.locator("#f-colaborador-error").innerText()).contains("nadie-con-este-usuario");
        assertThat(page.locator("#f-elementos-0").isChecked()).isTrue();
        assertThat(page.locator("#f-elementos-1").isChecked()).isTrue();

        page.locator("#f-colaborador").fill("pt-otro");
        page.locator("form[enctype] button[type=submit]").click();
        page.waitForURL(u -> u.contains("/enviado?caso="));
        String caseId = page.url().substring(page.url().indexOf("caso=") + 5);
        JsonNode filed = json(api.get(FP, jefa, caseId));
        assertThat(filed.at("/fields/colaborador").asText()).isEqualTo(colaboradorId);
        List<String> elementos = new java.util.ArrayList<>();
        filed.at("/fields/elementos").forEach(e -> elementos.add(e.asText()));
        assertThat(elementos).containsExactly("computador", "monitor");
        page.navigate(TestBrowser.origin("funcion-publica") + "/casos/" + caseId);
        assertThat(page.locator("main").innerText()).contains("Computador, Monitor adicional");
        // The collaborator by name, as the directory has them, not by id.
        String colaborador = json(api.send(FP, "GET", "/api/v1/me", fpOther, null)).get("name").asText();
        assertThat(page.locator("xpath=//main//dt[normalize-space()='Colaborador']/following-sibling::dd[1]").innerText())
                .isEqualTo(colaborador);
        assertThat(page.locator("main").innerText()).doesNotContain(colaboradorId);
        page.context().close();

        // The agent console's case page says the same.
        Page console = TestBrowser.get().newPage();
        TestBrowser.signIn(console, "funcion-publica", "pt-agente", "/consola/casos/" + caseId + "?pestana=general");
        assertThat(console.locator("xpath=//main//dt[normalize-space()='Colaborador']/following-sibling::dd[1]").innerText())
                .isEqualTo(colaborador);
        assertThat(console.locator("main").innerText()).doesNotContain(colaboradorId);
        console.context().close();
    }

    @Test
    void aDoubleSubmitFilesOneCase() {
        Page page = TestBrowser.get().newPage();
        TestBrowser.signIn(page, "funcion-publica", "pt-solicitante", "/solicitar/acceso-remoto");
        String title = "Doble envío " + UUID.randomUUID().toString().substring(0, 8);
        page.locator("#title").fill(title);
        page.locator("#description").fill("El mismo formulario enviado dos veces.");
        page.locator("#f-telefono-contacto").fill("601 555 0101");
        // The same rendered form (same idempotency key) posted twice, as a double click would.
        Object urls = page.evaluate("async () => { const f = document.querySelector('form[enctype]'); const out = [];"
                + " for (let i = 0; i < 2; i++) { const r = await fetch(f.action, {method: 'POST', body: new FormData(f)});"
                + " out.push(r.status + ' ' + r.url); } return out; }");
        @SuppressWarnings("unchecked")
        List<String> answers = (List<String>) urls;
        assertThat(answers.get(0)).startsWith("200 ").contains("/solicitar/acceso-remoto/enviado?caso=");
        assertThat(answers.get(1)).isEqualTo(answers.get(0));
        // Without the session's CSRF token nothing is filed.
        Object forged = page.evaluate("async () => { const f = document.querySelector('form[enctype]');"
                + " const d = new FormData(f); d.set('csrf', 'otro'); d.set('idem', 'otra-clave');"
                + " const r = await fetch(f.action, {method: 'POST', body: d}); return r.status; }");
        assertThat(((Number) forged).intValue()).isEqualTo(403);
        page.navigate(TestBrowser.origin("funcion-publica") + "/mis-casos");
        assertThat(page.locator("table.data tbody tr", new Page.LocatorOptions().setHasText(title)).count()).isEqualTo(1);
        page.context().close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"funcion-publica", "prosperidad-social"})
    void theRequesterAnswersTheAgentsQuestionFromTheCasePage(String slug) {
        boolean fp = slug.equals("funcion-publica");
        String requester = fp ? fpRequester : psRequester;
        String agent = fp ? fpAgent : psAgent;
        String id = file(slug, requester);
        api.actOk(host(slug), agent, id, obj("kind", "firstResponse", "note", "Recibido."));
        JsonNode asked = api.actOk(host(slug), agent, id, obj("kind", "question", "note", "¿Qué sistema operativo tiene?"));
        assertThat(asked.at("/substate/key").asText()).isEqualTo(fp ? "pendiente-respuesta-usuario" : "espera-informacion-usuario");

        Page page = TestBrowser.get().newPage();
        TestBrowser.signIn(page, slug, requesterOf(slug), "/casos/" + id);
        assertThat(page.locator(".case-substate").innerText()).isEqualTo(asked.at("/substate/name").asText());
        assertThat(page.locator(".timeline").innerText()).contains("¿Qué sistema operativo tiene?");
        assertThat(page.locator(".sla-paused, .badge").first().innerText()).isEqualTo("Pausado");
        // Empty answer: the reason next to the field, nothing recorded.
        page.locator("#answer button[type=submit]").click();
        page.locator("#answer-note-error").waitFor();
        assertThat(json(api.get(host(slug), requester, id)).get("version").asInt()).isEqualTo(asked.get("version").asInt());
        TestBrowser.assertAccessible(page, slug + "-portal-caso-responder-error");

        page.locator("#answer-note").fill("Windows 11, versión 23H2.");
        page.locator("#answer button[type=submit]").click();
        page.waitForURL(u -> u.endsWith("?hecho=respuesta"));
        JsonNode after = json(api.get(host(slug), requester, id));
        if (fp) {
            assertThat(after.at("/state/key").asText()).isEqualTo("asignada");
            assertThat(after.at("/substate/key").asText()).isEqualTo("con-respuesta-del-usuario");
            assertThat(page.locator(".case-substate").innerText()).isEqualTo(after.at("/substate/name").asText());
        } else {
            assertThat(after.at("/state/key").asText()).isEqualTo("en-proceso");
        }
        assertThat(page.locator(".case-state").innerText()).isEqualTo(after.at("/state/name").asText());
        assertThat(page.locator(".notice-success").innerText()).contains("Su respuesta quedó registrada");
        assertThat(page.locator(".timeline").innerText()).contains("Windows 11, versión 23H2.");
        // Labelled as what it is, not as the button's name "Responder" (issue 20).
        assertThat(page.locator(".timeline li", new Page.LocatorOptions().setHasText("Windows 11, versión 23H2."))
                .innerText()).contains("Respuesta del solicitante").doesNotContain("Responder");
        // Paused for the question, running again after the answer: the requester sees both spans (issue 20).
        assertThat(page.locator("#sla-spans tbody tr td:nth-child(3)").allInnerTexts())
                .containsSubsequence("Corre", "Detenido", "Corre");
        if (!fp) {
            // Prosperidad Social takes answers only while the case is held for the user.
            assertThat(page.locator("#answer").count()).as("no question pending any more").isZero();
        }
        TestBrowser.assertAccessible(page, slug + "-portal-caso-respondido");
        page.context().close();
    }

    @Test
    void aStaleFormSaysTheCaseChangedAndKeepsTheText() {
        String id = file("funcion-publica", fpRequester);
        api.actOk(FP, fpAgent, id, obj("kind", "firstResponse", "note", "Recibido."));
        api.actOk(FP, fpAgent, id, obj("kind", "question", "note", "¿Desde qué red se conecta?"));
        Page page = TestBrowser.get().newPage();
        TestBrowser.signIn(page, "funcion-publica", "pt-solicitante", "/casos/" + id);
        // Meanwhile the agent publishes an action: the version in the form is stale.
        api.actOk(FP, fpAgent, id, obj("kind", "publishedAction", "note", "Revisando el concentrador."));
        page.locator("#answer-note").fill("Desde la red de mi casa.");
        page.locator("#answer button[type=submit]").click();
        page.locator(".notice[role=alert]").waitFor();
        assertThat(page.locator(".notice[role=alert]").innerText()).contains("El caso cambió mientras lo veía");
        assertThat(page.locator("#answer-note").inputValue()).isEqualTo("Desde la red de mi casa.");
        assertThat(page.locator(".timeline").innerText()).contains("Revisando el concentrador.");
        // Sent again from the fresh page, it goes through.
        page.locator("#answer button[type=submit]").click();
        page.waitForURL(u -> u.endsWith("?hecho=respuesta"));
        assertThat(json(api.get(FP, fpRequester, id)).at("/substate/key").asText()).isEqualTo("con-respuesta-del-usuario");
        page.context().close();
    }

    @Test
    void theEmailLinkOpensTheConfirmationAndConfirmingClosesTheCase() {
        String id = file("funcion-publica", fpRequester);
        api.actOk(FP, fpAgent, id, obj("kind", "firstResponse", "note", "Recibido."));
        JsonNode solved = api.actOk(FP, fpAgent, id, obj("kind", "signSolution", "note", "Se desbloqueó la cuenta VPN."));
        assertThat(solved.at("/state/key").asText()).isEqualTo("resuelta");

        Page page = TestBrowser.get().newPage();
        TestBrowser.signIn(page, "funcion-publica", "pt-solicitante", "/casos/" + id + "?accion=confirmar");
        assertThat(page.locator(".case-state").innerText()).isEqualTo("Resuelta");
        // Solved, it says when it closes by itself (3 business days on Función Pública's calendar, issue 20).
        assertThat(page.locator("#auto-close").innerText()).startsWith("Si no responde, el caso se cerrará solo el ");
        assertThat(page.evaluate("() => document.activeElement && document.activeElement.id")).isEqualTo("confirm-button");
        assertThat(page.locator(".timeline").innerText()).contains("Se desbloqueó la cuenta VPN.");
        TestBrowser.assertAccessible(page, "funcion-publica-portal-caso-confirmar");
        // The reject link opens the reason, focused.
        page.navigate(TestBrowser.origin("funcion-publica") + "/casos/" + id + "?accion=rechazar");
        assertThat(page.locator("details.refuse").getAttribute("open")).isNotNull();
        assertThat(page.evaluate("() => document.activeElement && document.activeElement.id")).isEqualTo("refuse-note");

        page.navigate(TestBrowser.origin("funcion-publica") + "/casos/" + id + "?accion=confirmar");
        page.locator("#confirm-button").click();
        page.waitForURL(u -> u.endsWith("?hecho=confirmada"));
        JsonNode after = json(api.get(FP, fpRequester, id));
        assertThat(after.at("/state/key").asText()).isEqualTo("cerrada");
        assertThat(page.locator(".case-state").innerText()).isEqualTo("Cerrada");
        assertThat(page.locator("#confirm-button").count()).isZero();
        // Closed: its final outcome, never "Pausado", and no auto-close any more (issue 20).
        assertThat(page.locator("#sla-outcome").innerText()).contains("Caso cerrado el").contains("Resultado final");
        assertThat(page.locator("main .badge", new Page.LocatorOptions().setHasText("Pausado")).count()).isZero();
        assertThat(page.locator("#auto-close").count()).isZero();
        TestBrowser.assertAccessible(page, "funcion-publica-portal-caso-cerrado");
        // The record the requester can keep: what this page shows, as a PDF, without the desk's internal steps.
        String record = Downloads.pdfText(Downloads.pdfBehind(page, "#record-download"));
        assertThat(record).contains(after.get("code").asText()).contains("Cerrada").contains("Se desbloqueó la cuenta VPN.")
                .contains("Contiene lo que el solicitante ve en el portal").doesNotContain("(interno)");
        // Closed: in "Cerrados", not in "Abiertos".
        page.navigate(TestBrowser.origin("funcion-publica") + "/mis-casos?estado=cerrados");
        assertThat(page.locator("table.data").innerText()).contains(after.get("code").asText());
        page.navigate(TestBrowser.origin("funcion-publica") + "/mis-casos?estado=abiertos");
        assertThat(page.locator("main").innerText()).doesNotContain(after.get("code").asText());
        page.context().close();
    }

    @Test
    void refusingTheSolutionNeedsAReasonAndSendsTheCaseBack() {
        String id = file("funcion-publica", fpRequester);
        api.actOk(FP, fpAgent, id, obj("kind", "firstResponse", "note", "Recibido."));
        api.actOk(FP, fpAgent, id, obj("kind", "signSolution", "note", "Se reinició el servicio."));
        Page page = TestBrowser.get().newPage();
        TestBrowser.signIn(page, "funcion-publica", "pt-solicitante", "/casos/" + id + "?accion=rechazar");
        page.locator("#refuse button[type=submit]").click();
        page.locator("#refuse-note-error").waitFor();
        assertThat(page.locator("#refuse-note-error").innerText()).startsWith("Es obligatorio escribir");
        assertThat(json(api.get(FP, fpRequester, id)).at("/state/key").asText()).isEqualTo("resuelta");
        TestBrowser.assertAccessible(page, "funcion-publica-portal-caso-rechazar-error");
        page.locator("#refuse-note").fill("Sigue pidiendo la clave.");
        page.locator("#refuse button[type=submit]").click();
        page.waitForURL(u -> u.endsWith("?hecho=rechazada"));
        JsonNode after = json(api.get(FP, fpRequester, id));
        assertThat(after.at("/state/key").asText()).isEqualTo("asignada");
        assertThat(page.locator(".case-state").innerText()).isEqualTo(after.at("/state/name").asText());
        assertThat(page.locator(".timeline").innerText()).contains("Sigue pidiendo la clave.");
        page.context().close();
    }

    /** A tiny PNG-looking file (the entity checks the declared type and the size, not the pixels). */
    static byte[] screenshot(String text) {
        byte[] head = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        byte[] tail = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }

    /** The case's one event of this kind. */
    static JsonNode event(JsonNode c, String kind) {
        List<JsonNode> found = new java.util.ArrayList<>();
        c.get("events").forEach(e -> {
            if (kind.equals(e.get("kind").asText())) {
                found.add(e);
            }
        });
        assertThat(found).as("events of kind " + kind).hasSize(1);
        return found.get(0);
    }

    static Response submit(Page page, String form) {
        return page.waitForNavigation(() -> page.locator("#" + form + " button[type=submit]").click());
    }

    @Test
    void theRequesterAttachesAScreenshotToTheAnswerAndRefusedFilesLeaveNothing() {
        String id = file("funcion-publica", fpRequester);
        api.actOk(FP, fpAgent, id, obj("kind", "firstResponse", "note", "Recibido."));
        JsonNode asked = api.actOk(FP, fpAgent, id, obj("kind", "question", "note", "¿Qué mensaje de error aparece?"));
        int version = asked.get("version").asInt();
        String m = "pt-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] shot = screenshot("captura " + m);
        String note = "Adjunto la captura del mensaje de error.";

        Page page = TestBrowser.get().newPage();
        TestBrowser.signIn(page, "funcion-publica", "pt-solicitante", "/casos/" + id);
        assertThat(page.locator("#answer").getAttribute("enctype")).isEqualTo("multipart/form-data");
        Locator files = page.locator("#answer-files");
        assertThat(page.locator("label[for=answer-files]").innerText()).isEqualTo("Adjuntos");
        assertThat(files.getAttribute("type")).isEqualTo("file");
        assertThat(files.getAttribute("multiple")).isNotNull();
        assertThat(files.getAttribute("aria-describedby")).isEqualTo("answer-files-hint");
        assertThat(page.locator("#answer-files-hint").innerText()).contains("captura de pantalla").contains("hasta 10 MB");

        // A file of a type the entity does not take, beside a good one: neither is kept, the answer is
        // not recorded, the text stays, and the reason names the file.
        page.locator("#answer-note").fill(note);
        files.setInputFiles(new FilePayload[] {new FilePayload(m + "-captura.png", "image/png", shot),
                new FilePayload(m + "-notas.txt", "text/plain", "solo texto".getBytes(StandardCharsets.UTF_8))});
        Response wrongType = submit(page, "answer");
        assertThat(wrongType.status()).isEqualTo(415);
        assertThat(page.locator("#answer-files-error").innerText()).contains(m + "-notas.txt")
                .contains("La entidad no acepta archivos de tipo text/plain");
        assertThat(page.locator("#answer-files").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(page.locator("#answer-files").getAttribute("aria-describedby"))
                .isEqualTo("answer-files-hint answer-files-error");
        assertThat(page.locator(".error-summary a[href='#answer-files']").innerText()).startsWith("Adjuntos:");
        assertThat(page.locator("#answer-note").inputValue()).isEqualTo(note);
        TestBrowser.assertAccessible(page, "funcion-publica-portal-adjunto-rechazado");
        assertThat(ConsoleBrowserTest.storedFiles(m)).isZero();
        assertThat(json(api.get(FP, fpRequester, id)).get("version").asInt()).isEqualTo(version);

        // A good file with an answer the workflow refuses (empty): the file is not kept either, and the
        // form says to choose it again.
        page.locator("#answer-note").fill("");
        files.setInputFiles(new FilePayload(m + "-captura.png", "image/png", shot));
        Response empty = submit(page, "answer");
        assertThat(empty.status()).isEqualTo(422);
        assertThat(page.locator("#answer-note-error").innerText()).isNotBlank();
        assertThat(page.locator("#answer-files-again").innerText()).contains("vuelva a elegirlos");
        assertThat(ConsoleBrowserTest.storedFiles(m)).isZero();
        assertThat(json(api.get(FP, fpRequester, id)).get("version").asInt()).isEqualTo(version);

        // As it should be: the answer with the screenshot, on the case for the requester and the agent.
        page.locator("#answer-note").fill(note);
        files.setInputFiles(new FilePayload(m + "-captura.png", "image/png", shot));
        page.locator("#answer button[type=submit]").click();
        page.waitForURL(u -> u.endsWith("?hecho=respuesta"));
        JsonNode after = json(api.get(FP, fpAgent, id));
        assertThat(after.get("attachments")).hasSize(1);
        String aid = after.at("/attachments/0/id").asText();
        assertThat(after.at("/attachments/0/fileName").asText()).isEqualTo(m + "-captura.png");
        JsonNode answer = event(after, "answer");
        assertThat(answer.get("note").asText()).isEqualTo(note);
        assertThat(answer.at("/data/attachments/0").asText()).isEqualTo(aid);
        Locator listed = page.locator("ul.attachments a");
        assertThat(listed.allInnerTexts()).containsExactly(m + "-captura.png");
        assertThat(ConsoleBrowserTest.fetch(page, listed.getAttribute("href")).body()).isEqualTo(shot);
        HttpResponse<String> byAgent = api.send(FP, "GET", "/api/v1/cases/" + id + "/attachments/" + aid, fpAgent, null);
        assertThat(byAgent.statusCode()).isEqualTo(200);
        assertThat(ConsoleBrowserTest.storedFiles(m)).isEqualTo(1);

        // Nobody else's: another requester of the entity, and Prosperidad Social's people, get nothing.
        assertThat(api.send(FP, "GET", "/api/v1/cases/" + id + "/attachments/" + aid, fpOther, null).statusCode())
                .isEqualTo(404);
        assertThat(api.send(PS, "GET", "/api/v1/cases/" + id + "/attachments/" + aid, psAgent, null).statusCode())
                .isEqualTo(404);
        assertThat(api.send(PS, "GET", "/api/v1/cases/" + id + "/attachments/" + aid, psRequester, null).statusCode())
                .isEqualTo(404);
        page.context().close();
    }

    @Test
    void refusingTheSolutionCarriesTheRequestersFileBackToTheAgent() {
        String id = file("funcion-publica", fpRequester);
        api.actOk(FP, fpAgent, id, obj("kind", "firstResponse", "note", "Recibido."));
        api.actOk(FP, fpAgent, id, obj("kind", "signSolution", "note", "Se reinició el servicio."));
        String m = "pt-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] shot = screenshot("sigue " + m);
        Page page = TestBrowser.get().newPage();
        TestBrowser.signIn(page, "funcion-publica", "pt-solicitante", "/casos/" + id + "?accion=rechazar");
        assertThat(page.locator("#refuse").getAttribute("enctype")).isEqualTo("multipart/form-data");
        assertThat(page.locator("#confirm input[type=file]").count()).as("confirming needs no file").isZero();
        page.locator("#refuse-note").fill("Sigue apareciendo el mismo error.");
        page.locator("#refuse-files").setInputFiles(new FilePayload(m + "-sigue.png", "image/png", shot));
        page.locator("#refuse button[type=submit]").click();
        page.waitForURL(u -> u.endsWith("?hecho=rechazada"));
        JsonNode after = json(api.get(FP, fpAgent, id));
        assertThat(after.at("/state/key").asText()).isEqualTo("asignada");
        assertThat(after.get("attachments")).extracting(a -> a.get("fileName").asText()).containsExactly(m + "-sigue.png");
        assertThat(event(after, "refuseSolution").at("/data/attachments/0").asText())
                .isEqualTo(after.at("/attachments/0/id").asText());
        assertThat(page.locator("ul.attachments a").allInnerTexts()).containsExactly(m + "-sigue.png");
        page.context().close();
    }

    @Test
    void myCasesPagesOnWithTheKeysetCursor() {
        String many = api.token("funcion-publica", "pt-muchos", Roles.REQUESTER);
        for (int i = 0; i < 21; i++) {
            file("funcion-publica", many);
        }
        Page page = TestBrowser.get().newPage();
        TestBrowser.signIn(page, "funcion-publica", "pt-muchos", "/mis-casos");
        assertThat(page.locator("table.data tbody tr").count()).isEqualTo(20);
        List<String> first = page.locator("table.data tbody th a").allInnerTexts();
        page.locator("a[rel=next]").click();
        page.waitForURL(u -> u.contains("despues="));
        assertThat(page.locator("table.data tbody tr").count()).isEqualTo(1);
        String last = page.locator("table.data tbody th a").innerText();
        assertThat(first).doesNotContain(last);
        assertThat(page.locator("a[rel=next]").count()).isZero();
        assertThat(page.locator("a", new Page.LocatorOptions().setHasText("Primera página")).count()).isEqualTo(1);
        page.context().close();
    }

    @Test
    void otherPeoplesAndOtherTenantsCasesAreNotFound() {
        String fpCase = file("funcion-publica", fpRequester);
        String psCase = file("prosperidad-social", psRequester);
        Page page = TestBrowser.get().newPage();
        TestBrowser.signIn(page, "funcion-publica", "pt-solicitante", "/");
        for (String path : List.of("/casos/" + psCase, "/casos/" + UUID.randomUUID(), "/casos/no-es-un-id",
                "/casos/" + psCase + "/registro.pdf", "/casos/" + UUID.randomUUID() + "/registro.pdf",
                "/solicitar/conexion-remota-vpn", "/solicitar/" + "acceso-remoto" + "/enviado?caso=" + psCase)) {
            Response r = page.navigate(TestBrowser.origin("funcion-publica") + path);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(page.locator("h1").innerText()).as(path).isEqualTo("No encontramos esta página");
        }
        TestBrowser.assertAccessible(page, "funcion-publica-portal-no-encontrado");
        page.context().close();

        // Another requester of the same entity, and the other entity's requester on their own host.
        Page other = TestBrowser.get().newPage();
        TestBrowser.signIn(other, "funcion-publica", "pt-otro", "/casos/" + fpCase);
        assertThat(other.locator("h1").innerText()).isEqualTo("No encontramos esta página");
        assertThat(other.navigate(TestBrowser.origin("funcion-publica") + "/casos/" + fpCase + "/registro.pdf").status())
                .isEqualTo(404);
        other.context().close();
        Page ps = TestBrowser.get().newPage();
        TestBrowser.signIn(ps, "prosperidad-social", "pt-coordinadora", "/casos/" + fpCase);
        assertThat(ps.locator("h1").innerText()).isEqualTo("No encontramos esta página");
        TestBrowser.assertAccessible(ps, "prosperidad-social-portal-no-encontrado");
        ps.context().close();
    }

    @Test
    void anAgentOfTheCaseIsSentToTheConsole() {
        String id = file("funcion-publica", fpRequester);
        Page page = TestBrowser.get().newPage();
        List<String> seen = new java.util.ArrayList<>();
        page.onResponse(r -> seen.add(r.status() + " " + r.url()));
        TestBrowser.signIn(page, "funcion-publica", "pt-agente", "/casos/" + id);
        assertThat(seen).anyMatch(s -> s.startsWith("303 ") && s.endsWith("/casos/" + id));
        assertThat(page.url()).endsWith("/consola/casos/" + id);
        page.context().close();
    }

    /**
     * The sign-in page is Keycloak's, in the language the person chose on the portal (the
     * authorisation request carries ui_locales): its lang attribute, heading and labels, so a
     * screen reader reads it in that language too; and it passes axe like the portal's pages.
     */
    @ParameterizedTest
    @ValueSource(strings = {"es", "en"})
    void theSignInPageSpeaksThePortalsLanguage(String lang) {
        Page page = TestBrowser.get().newPage();
        String origin = TestBrowser.origin("funcion-publica");
        page.navigate(origin + "/idioma?lang=" + lang);
        page.navigate(origin + "/auth/login?returnTo=/mis-casos");
        page.locator("#kc-login").waitFor();
        assertThat(page.url()).contains("/realms/funcion-publica/").contains("ui_locales=" + lang);
        assertThat(page.locator("html").getAttribute("lang")).isEqualTo(lang);
        boolean en = lang.equals("en");
        assertThat(page.locator("h1").innerText()).isEqualTo(en ? "Sign in to the Service Desk" : "Ingrese a la Mesa de Servicio");
        assertThat(page.locator("label[for=password]").innerText()).isEqualTo(en ? "Password" : "Contraseña");
        TestBrowser.assertAccessible(page, "funcion-publica-ingreso-" + lang);
        // Signing in lands on the portal in the same language.
        page.locator("#username").fill("pt-solicitante");
        page.locator("#password").fill(co.mesa.testsupport.TestRealms.PASSWORD);
        page.locator("#kc-login").click();
        page.waitForURL(u -> u.startsWith(origin) && u.endsWith("/mis-casos"));
        assertThat(page.locator("html").getAttribute("lang")).isEqualTo(en ? "en" : "es-CO");
        page.context().close();
    }

    @Test
    void theLanguageSwitchShowsThePortalInEnglish() {
        String id = file("funcion-publica", fpRequester);
        Page page = TestBrowser.get().newPage();
        TestBrowser.signIn(page, "funcion-publica", "pt-solicitante", "/mis-casos");
        page.locator(".lang-switch").click();
        page.waitForURL(u -> u.endsWith("/mis-casos"));
        assertThat(page.locator("html").getAttribute("lang")).isEqualTo("en");
        assertThat(page.locator("h1").innerText()).isEqualTo("My cases");
        assertThat(page.locator("table.data thead").innerText()).contains("Code").contains("State").contains("Filed on")
                .contains("Last update");
        assertThat(page.locator("table.data caption").innerText()).isEqualTo("My cases: Open");
        TestBrowser.assertAccessible(page, "funcion-publica-portal-mis-casos-en");
        page.navigate(TestBrowser.origin("funcion-publica") + "/casos/" + id);
        JsonNode en = json(api.send(FP, "GET", "/api/v1/cases/" + id, fpRequester, null, "Accept-Language", "en"));
        assertThat(page.locator(".case-state").innerText()).isEqualTo(en.at("/state/name").asText());
        assertThat(page.locator("#history-title").innerText()).isEqualTo("History");
        page.navigate(TestBrowser.origin("funcion-publica") + "/");
        assertThat(page.locator("h1").innerText()).isEqualTo("Service catalogue");
        assertThat(page.locator("a[href='/solicitar/acceso-remoto']").innerText()).isEqualTo("Remote access");
        TestBrowser.assertAccessible(page, "funcion-publica-portal-catalogo-en");
        page.context().close();
    }

    /** An instant as the pages show it in Spanish ({@code {{date}}}), in the entities' zone (tenant.yaml). */
    static String shown(JsonNode instant) {
        return DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm")
                .format(Instant.parse(instant.asText()).atZone(ZoneId.of("America/Bogota")));
    }

    /** A case filed through the API, as the portal would (FP: remote access; PS: a computer failure). */
    static String file(String slug, String token) {
        HttpResponse<String> r = slug.equals("funcion-publica")
                ? api.create(FP, token, obj("origin", "portal", "service", "acceso-remoto", "template", "acceso-remoto",
                "title", "No me conecta la VPN", "description", "La VPN dice que la credencial es inválida.",
                "fields", obj("telefono-contacto", "601 555 0101")))
                : api.create(PS, token, obj("origin", "portal", "service", "gestion-incidentes-requerimientos",
                "template", "falla-equipo", "title", "El computador no enciende",
                "description", "Al presionar el botón no hace nada."));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).get("id").asText();
    }
}
