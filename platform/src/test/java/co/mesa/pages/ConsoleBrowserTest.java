package co.mesa.pages;

import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.identity.Roles;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.Downloads;
import co.mesa.testsupport.TestBrowser;
import co.mesa.testsupport.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.FilePayload;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static co.mesa.testsupport.CaseApi.FP;
import static co.mesa.testsupport.CaseApi.PS;
import static co.mesa.testsupport.CaseApi.json;
import static co.mesa.testsupport.CaseApi.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent console in a real browser, signed in through each entity's Keycloak: home counters
 * that match the lists they link to, the queue's filters (several states at once), sorts and refusals,
 * the case page's five tabs (axe in both themes), template fields in words (a select's option by its label),
 * Función Pública's actions through the page's forms
 * (one by keyboard alone), Prosperidad Social's hold and resume, and who may not get in.
 */
@NeedsKeycloak
class ConsoleBrowserTest {

    static final String AGENT = "cn-agente";
    static final String SPECIALIST = "cn-especialista";
    static final String REQUESTER = "cn-solicitante";
    static CaseApi api;
    static final Map<String, String> requesterTokens = new java.util.HashMap<>();
    static final Map<String, String> agentTokens = new java.util.HashMap<>();
    static String specialistId;

    @BeforeAll
    static void people() {
        api = new CaseApi();
        agentTokens.put("funcion-publica", api.token("funcion-publica", AGENT, List.of("mesa-servicio-primer-nivel"),
                Roles.REQUESTER, Roles.AGENT, Roles.SUPERVISOR));
        agentTokens.put("prosperidad-social", api.token("prosperidad-social", AGENT, List.of("soporte-primer-nivel"),
                Roles.REQUESTER, Roles.AGENT));
        String specialist = api.agent("funcion-publica", SPECIALIST, "infraestructura-tecnologica");
        requesterTokens.put("funcion-publica", api.token("funcion-publica", REQUESTER, Roles.REQUESTER));
        requesterTokens.put("prosperidad-social", api.token("prosperidad-social", REQUESTER, Roles.REQUESTER));
        // Known to the directory (and to routing) before anyone files.
        api.personId(FP, agentTokens.get("funcion-publica"));
        api.personId(PS, agentTokens.get("prosperidad-social"));
        specialistId = api.personId(FP, specialist);
    }

    static String host(String slug) {
        return "funcion-publica".equals(slug) ? FP : PS;
    }

    /** A new case of the entity, filed by the test requester; title starts with the marker. */
    static JsonNode file(String slug, String marker) {
        HttpResponse<String> r = "funcion-publica".equals(slug)
                ? api.create(FP, requesterTokens.get(slug), obj("origin", "portal", "service", "acceso-remoto",
                "template", "acceso-remoto", "title", marker + " No me conecta la VPN",
                "description", "Desde ayer la VPN dice que la credencial es inválida.",
                "impact", "moderado", "urgency", "medio", "fields", obj("telefono-contacto", "601 555 0101")))
                : api.create(PS, requesterTokens.get(slug), obj("service", "gestion-incidentes-requerimientos",
                "template", "falla-equipo", "title", marker + " El computador no enciende",
                "description", "Al presionar el botón no hace nada."));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r);
    }

    static String marker() {
        return "consola" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    static Page agentPage(String slug, String path) {
        Page page = TestBrowser.get().newPage();
        TestBrowser.signIn(page, slug, AGENT, path);
        return page;
    }

    /** Rows of the queue the page shows, following "next page" to the end. */
    static int rowsFollowingPages(Page page) {
        int rows = 0;
        while (true) {
            rows += page.locator("table.queue-table tbody th[scope=row]").count();
            Locator next = page.locator("#next-page");
            if (next.count() == 0) {
                return rows;
            }
            next.click();
            page.waitForLoadState();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"funcion-publica", "prosperidad-social"})
    void homeCountersEqualTheListsTheyLinkTo(String slug) {
        file(slug, marker());
        Page page = agentPage(slug, "/consola");
        assertThat(page.locator("h1").innerText()).isEqualTo("Panel inicial");
        TestBrowser.assertAccessible(page, slug + "-consola-inicio");
        List<String> hrefs = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        Locator links = page.locator(".counters a.counter-link");
        assertThat(links.count()).isGreaterThanOrEqualTo(5);
        for (int i = 0; i < links.count(); i++) {
            hrefs.add(links.nth(i).getAttribute("href"));
            counts.add(Integer.parseInt(links.nth(i).locator(".counter").innerText().strip()));
        }
        assertThat(page.locator("#mine").innerText()).contains("Asignadas a mí").contains("Asignadas a mis grupos")
                .contains("Primera línea de soporte");
        if ("funcion-publica".equals(slug)) {
            assertThat(page.locator("#mine").innerText()).contains("Bajo mi supervisión");
        }
        // The new case is open and in the agent's first-line group: "my groups" counts at least it.
        assertThat(counts.stream().mapToInt(Integer::intValue).sum()).isPositive();
        for (int i = 0; i < hrefs.size(); i++) {
            page.navigate(TestBrowser.origin(slug) + hrefs.get(i));
            assertThat(rowsFollowingPages(page)).as("counter %s", hrefs.get(i)).isEqualTo(counts.get(i));
        }
        page.context().close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"funcion-publica", "prosperidad-social"})
    void theQueueFiltersSortsAndRefusesBadInputWithMessages(String slug) {
        String m = marker();
        JsonNode a = file(slug, m + " primero");
        JsonNode b = file(slug, m + " segundo");
        Page page = agentPage(slug, "/consola/cola");
        // "/" focuses the text filter; type the marker, sort by code descending, send with Enter.
        page.locator("h1").click();
        page.keyboard().press("/");
        assertThat(page.evaluate("document.activeElement.id")).isEqualTo("f-q");
        page.keyboard().type(m);
        page.locator("#f-sort").selectOption("-code");
        page.locator("#f-q").press("Enter");
        page.waitForURL(u -> u.contains("q=" + m));
        Locator codes = page.locator("table.queue-table tbody th[scope=row] a");
        assertThat(codes.allInnerTexts()).containsExactly(b.get("code").asText(), a.get("code").asText());
        assertThat(page.locator("table.queue-table tbody").innerText()).contains("Prueba");
        // Readable at 1,366 px (issue 20): the entity's columns only, no sideways scrolling, long texts clipped
        // with the full text in their title.
        page.setViewportSize(1366, 768);
        assertThat(page.locator("table.queue-table thead th").count()).isEqualTo(9);
        assertThat((Boolean) page.evaluate("() => { const s = document.querySelector('.queue-table').parentElement;"
                + " return s.scrollWidth <= s.clientWidth; }")).isTrue();
        assertThat(page.locator("table.queue-table tbody td.clip").first().getAttribute("title")).startsWith(m);
        // The code header sorts ascending now (it is the current sort, descending).
        Locator codeHeader = page.locator("table.queue-table thead th").first();
        assertThat(codeHeader.getAttribute("aria-sort")).isEqualTo("descending");
        codeHeader.locator("a").click();
        page.waitForURL(u -> u.contains("sort=code"));
        assertThat(page.locator("table.queue-table thead th").first().getAttribute("aria-sort")).isEqualTo("ascending");
        assertThat(codes.allInnerTexts()).containsExactly(a.get("code").asText(), b.get("code").asText());
        TestBrowser.assertAccessible(page, slug + "-consola-cola");
        // A code links to the case page.
        codes.first().click();
        page.waitForURL(u -> u.contains("/consola/casos/" + a.get("id").asText()));
        assertThat(page.locator("h1").innerText()).contains(a.get("code").asText());

        // A sort the service does not accept, a bad date: messages next to the fields, not a 500.
        Response r = page.navigate(TestBrowser.origin(slug) + "/consola/cola?sort=titulo&from=ayer");
        assertThat(r.status()).isEqualTo(400);
        assertThat(page.locator("#f-sort-error").innerText()).contains("No se puede ordenar por «titulo»");
        assertThat(page.locator("#f-from-error").innerText()).contains("«ayer» no es una fecha");
        assertThat(page.locator("#f-sort").getAttribute("aria-describedby")).isEqualTo("f-sort-error");
        assertThat(page.locator(".error-summary").innerText()).contains("No se puede ordenar por «titulo»");
        TestBrowser.assertAccessible(page, slug + "-consola-cola-error");

        // Dates as the entity writes them, not the browser's mm/dd/yyyy (issue 20): typed dd/mm/aaaa filters,
        // and an ISO date from a link shows in that format too.
        page.navigate(TestBrowser.origin(slug) + "/consola/cola");
        assertThat(page.locator("#f-from").getAttribute("type")).isEqualTo("text");
        assertThat(page.locator("#f-from-hint").innerText()).contains("dd/mm/aaaa");
        page.locator("#f-from").fill("01/01/2020");
        page.locator("#f-to").fill("31/12/2099");
        Response dated = page.waitForNavigation(() -> page.locator("#f-to").press("Enter"));
        assertThat(dated.status()).isEqualTo(200);
        assertThat(page.locator("#f-from").inputValue()).isEqualTo("01/01/2020");
        assertThat(page.locator("#f-to").inputValue()).isEqualTo("31/12/2099");
        assertThat(page.locator("#f-from-error").count()).isZero();
        assertThat(page.locator("table.queue-table tbody th[scope=row]").count()).isPositive();
        page.navigate(TestBrowser.origin(slug) + "/consola/cola?from=2020-01-01");
        assertThat(page.locator("#f-from").inputValue()).isEqualTo("01/01/2020");
        TestBrowser.assertAccessible(page, slug + "-consola-cola-fechas");
        page.context().close();
    }

    @SuppressWarnings("unchecked")
    static List<String> checkedStates(Page page) {
        return (List<String>) page.locator("#f-state input[type=checkbox]:checked").evaluateAll("es => es.map(e => e.value)");
    }

    @Test
    void theQueueFiltersBySeveralStatesAndKeepsThemChecked() {
        String slug = "prosperidad-social";
        String token = agentTokens.get(slug);
        String m = marker();
        JsonNode open = file(slug, m + " abierto");
        JsonNode working = file(slug, m + " en proceso");
        JsonNode held = file(slug, m + " retenido");
        api.actOk(PS, token, working.get("id").asText(), obj("kind", "firstResponse", "note", "Voy a su puesto."));
        api.actOk(PS, token, held.get("id").asText(), obj("kind", "firstResponse", "note", "Voy a su puesto."));
        api.actOk(PS, token, held.get("id").asText(), obj("kind", "stateChange", "transition", "retener-otra-causa",
                "note", "Se espera el repuesto del proveedor."));
        Page page = agentPage(slug, "/consola/cola?q=" + m);
        Locator codes = page.locator("table.queue-table tbody th[scope=row] a");
        assertThat(codes.allInnerTexts()).containsExactlyInAnyOrder(open.get("code").asText(),
                working.get("code").asText(), held.get("code").asText());
        assertThat(page.locator("#f-state legend").innerText()).isEqualTo("Estado");
        assertThat(checkedStates(page)).isEmpty();

        // Two states, the second from the keyboard alone (Space ticks the focused box).
        page.locator("#f-state-abierto").check();
        page.locator("#f-state-retenido").focus();
        page.keyboard().press("Space");
        page.locator(".queue-filters button[type=submit]").click();
        page.waitForURL(u -> u.contains("state=retenido"));
        assertThat(page.url()).contains("state=abierto");
        assertThat(codes.allInnerTexts()).containsExactlyInAnyOrder(open.get("code").asText(), held.get("code").asText());
        assertThat(page.locator("table.queue-table tbody").innerText()).contains("Abierto").contains("Retenido")
                .doesNotContain("En proceso");
        assertThat(checkedStates(page)).containsExactly("abierto", "retenido");
        TestBrowser.assertAccessible(page, slug + "-consola-cola-estados");

        // Back to one of them: the form (cached per filter values) shows only that one ticked.
        page.locator("#f-state-retenido").uncheck();
        page.locator(".queue-filters button[type=submit]").click();
        page.waitForURL(u -> !u.contains("state=retenido"));
        assertThat(codes.allInnerTexts()).containsExactly(open.get("code").asText());
        assertThat(checkedStates(page)).containsExactly("abierto");
        // The same two states again, from a link in the other order: the same rows, both ticked.
        page.navigate(TestBrowser.origin(slug) + "/consola/cola?state=retenido&state=abierto&q=" + m);
        assertThat(codes.allInnerTexts()).containsExactlyInAnyOrder(open.get("code").asText(), held.get("code").asText());
        assertThat(checkedStates(page)).containsExactly("abierto", "retenido");
        page.context().close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"funcion-publica", "prosperidad-social"})
    void everyTabOfTheCasePagePassesAxe(String slug) {
        JsonNode c = file(slug, marker());
        String id = c.get("id").asText();
        api.actOk(host(slug), agentTokens.get(slug), id, obj("kind", "internalNote", "note", "Nota solo para agentes."));
        Page page = agentPage(slug, "/consola/casos/" + id);
        String[][] tabs = {{"resumen", "Resumen"}, {"general", "General"}, {"investigacion", "Investigación"},
                {"cierre", "Cierre"}, {"adicional", "Información adicional"}};
        for (String[] tab : tabs) {
            page.navigate(TestBrowser.origin(slug) + "/consola/casos/" + id + "?pestana=" + tab[0]);
            assertThat(page.locator("#tab-title").innerText()).isEqualTo(tab[1]);
            assertThat(page.locator(".tabs a[aria-current=page]").innerText()).isEqualTo(tab[1]);
            TestBrowser.assertAccessible(page, slug + "-consola-caso-" + tab[0]);
        }
        // Summary: the timeline holds the internal note, marked as internal.
        page.navigate(TestBrowser.origin(slug) + "/consola/casos/" + id);
        Locator note = page.locator("#timeline li", new Page.LocatorOptions().setHasText("Nota solo para agentes."));
        assertThat(note.locator(".badge-internal").innerText()).isEqualTo("Interna");
        assertThat(page.locator("dl.facts").innerText()).contains(c.get("code").asText());
        // The SLA names its calendar as the entity does, never by its key (issue 20).
        String calendarKey = c.get("sla").get("calendar").asText();
        String calendarName = co.mesa.testsupport.MesaPlatform.get().bean(co.mesa.tenant.TenantRegistry.class)
                .bySlug(slug).orElseThrow().config().calendars().find(calendarKey).orElseThrow().name()
                .resolve(java.util.List.of(java.util.Locale.forLanguageTag("es-CO")));
        assertThat(calendarName).isNotEqualTo(calendarKey);
        assertThat(page.content()).contains("Calendario: " + calendarName).doesNotContain("Calendario: " + calendarKey);
        // General: who notified it.
        page.keyboard().press("2");
        page.waitForURL(u -> u.contains("pestana=general"));
        assertThat(page.locator("dl.facts").first().innerText()).contains("Prueba " + REQUESTER);
        // The same page in English, from the shell's language switch.
        page.locator(".lang-switch").click();
        page.waitForURL(u -> u.contains("pestana=general"));
        assertThat(page.locator("html").getAttribute("lang")).isEqualTo("en");
        assertThat(page.locator("#tab-title").innerText()).isEqualTo("General");
        assertThat(page.locator("#actions-title").innerText()).isEqualTo("Actions");
        assertThat(page.locator(".tabs").innerText()).contains("Investigation").contains("Additional information");
        TestBrowser.assertAccessible(page, slug + "-consola-caso-general-en");
        page.context().close();
    }

    @Test
    void funcionPublicaActsThroughTheFormsOneByKeyboard() {
        String slug = "funcion-publica";
        JsonNode c = file(slug, marker());
        String id = c.get("id").asText();
        Page page = agentPage(slug, "/consola/casos/" + id);

        // First response with the keyboard alone: focus the action, Enter opens it, type, Tab, Enter sends.
        page.locator("#action-firstResponse summary").focus();
        page.keyboard().press("Enter");
        page.keyboard().press("Tab");
        assertThat(page.evaluate("document.activeElement.id")).isEqualTo("firstResponse-note");
        page.keyboard().type("Recibido, lo llamo en 10 minutos.");
        page.keyboard().press("Tab");
        assertThat(page.evaluate("document.activeElement.id")).isEqualTo("firstResponse-files");
        page.keyboard().press("Tab");
        assertThat(page.evaluate("document.activeElement.id")).isEqualTo("firstResponse-submit");
        page.keyboard().press("Enter");
        page.waitForURL(u -> u.contains("aviso=firstResponse"));
        assertThat(page.locator("#aviso").innerText()).isEqualTo("Se registró «1ª respuesta usuario».");
        page.waitForFunction("document.activeElement && document.activeElement.id === 'aviso'");
        assertThat(json(api.get(FP, agentTokens.get(slug), id)).get("firstResponseAt").isNull()).isFalse();
        assertThat(page.locator("#action-firstResponse").count()).as("given once per case").isZero();

        // A question to the user: the case waits for the user's answer.
        page.locator("#action-question summary").click();
        page.locator("#question-note").fill("¿Qué sistema operativo tiene su equipo?");
        page.locator("#question-submit").click();
        page.waitForURL(u -> u.contains("aviso=question"));
        assertThat(page.locator(".case-status").innerText()).contains("Pendiente respuesta del usuario");

        // A substate change without its note is refused next to the field, keeping the choice; then accepted.
        page.locator("#action-substateChange summary").click();
        page.locator("#substateChange-substate").selectOption("en-revision-mantenimiento-dispositivo");
        Response refused = page.waitForNavigation(() -> page.locator("#substateChange-submit").click());
        assertThat(refused.status()).isEqualTo(422);
        assertThat(page.locator("#substateChange-note-error").innerText()).contains("Es obligatorio escribir «Cambio de subestado»");
        assertThat(page.locator("#substateChange-note").getAttribute("aria-describedby")).isEqualTo("substateChange-note-error");
        assertThat(page.locator("#substateChange-substate").inputValue()).isEqualTo("en-revision-mantenimiento-dispositivo");
        assertThat(page.locator("#action-substateChange").getAttribute("open")).isNotNull();
        assertThat(page.evaluate("document.activeElement.className")).isEqualTo("error-summary");
        assertThat(json(api.get(FP, agentTokens.get(slug), id)).at("/substate/key").asText())
                .isEqualTo("pendiente-respuesta-usuario");
        TestBrowser.assertAccessible(page, slug + "-consola-caso-error-nota");
        page.locator("#substateChange-note").fill("El equipo quedó en revisión con el proveedor del dispositivo.");
        page.locator("#substateChange-submit").click();
        page.waitForURL(u -> u.contains("aviso=substateChange"));
        assertThat(page.locator(".case-status").innerText()).contains("En revisión / mantenimiento del dispositivo");

        // "Notificar": a bad address is refused next to the field; then the e-mail is logged on the case.
        page.locator("#action-notify summary").click();
        page.locator("#notify-to").fill("usuario-sin-arroba");
        page.locator("#notify-subject").fill("Su caso " + c.get("code").asText());
        page.locator("#notify-message").fill("Le escribimos para contarle el avance de su caso.");
        Response badAddress = page.waitForNavigation(() -> page.locator("#notify-submit").click());
        assertThat(badAddress.status()).isEqualTo(422);
        assertThat(page.locator("#notify-to-error").innerText()).contains("Debe ser un correo electrónico válido");
        assertThat(page.locator("#notify-subject").inputValue()).isEqualTo("Su caso " + c.get("code").asText());
        // Before sending, the agent sees what the PDF holds: the requester's record leaves the internal
        // substate note out; the internal record has it.
        assertThat(page.locator("#notify-pdf-hint").innerText()).contains("solo lo que el solicitante ve en el portal")
                .containsPattern("\\d+ entradas internas del historial quedan fuera|Una entrada interna");
        assertThat(Downloads.pdfText(Downloads.pdfBehind(page, "#notify-record-preview"))).contains(c.get("code").asText())
                .doesNotContain("El equipo quedó en revisión con el proveedor del dispositivo.");
        assertThat(Downloads.pdfText(Downloads.pdfBehind(page, "#notify-record-internal")))
                .contains("El equipo quedó en revisión con el proveedor del dispositivo.");
        // Internal events to an address outside the entity's agents: refused next to the box, in Spanish.
        page.locator("#notify-to").fill("usuario@example.gov.co");
        page.locator("#notify-includePdf").check();
        page.locator("#notify-includeInternal").check();
        Response outsider = page.waitForNavigation(() -> page.locator("#notify-submit").click());
        assertThat(outsider.status()).isEqualTo(422);
        assertThat(page.locator("#notify-internal-error").innerText()).contains("quite estos: usuario@example.gov.co");
        assertThat(page.locator("#notify-includeInternal").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(page.locator("#notify-message").inputValue()).isEqualTo("Le escribimos para contarle el avance de su caso.");
        TestBrowser.assertAccessible(page, slug + "-consola-caso-notificar-interno");
        page.locator("#notify-includeInternal").uncheck();
        page.locator("#notify-submit").click();
        page.waitForURL(u -> u.contains("aviso=notify"));
        assertThat(page.locator("#aviso").innerText()).isEqualTo("Se registró «Notificar».");
        JsonNode notified = json(api.get(FP, agentTokens.get(slug), id));
        JsonNode last = notified.get("events").get(notified.get("events").size() - 1);
        assertThat(last.get("kind").asText()).isEqualTo("notify");
        assertThat(last.at("/data/to/0").asText()).isEqualTo("usuario@example.gov.co");
        assertThat(last.at("/data/includePdf").asBoolean()).isTrue();
        assertThat(last.at("/data/includeInternal").asBoolean()).isFalse();

        // Escalation: only second-line groups are offered; the reason is required; the case leaves the agent.
        page.locator("#action-escalate summary").click();
        @SuppressWarnings("unchecked")
        List<String> groups = (List<String>) page.locator("#escalate-group option").evaluateAll("os => os.map(o => o.value)");
        assertThat(groups).contains("infraestructura-tecnologica", "sigep-mesa")
                .doesNotContain("mesa-servicio-primer-nivel", "atencion-ciudadano");
        page.locator("#escalate-group").selectOption("infraestructura-tecnologica");
        page.locator("#escalate-agentId").selectOption(specialistId);
        Response noReason = page.waitForNavigation(() -> page.locator("#escalate-submit").click());
        assertThat(noReason.status()).isEqualTo(422);
        assertThat(page.locator("#escalate-note-error").innerText())
                .contains("Atención brindada y motivo del escalamiento");
        page.locator("#escalate-note").fill("Se verificó la cuenta; requiere revisar el concentrador VPN.");
        page.locator("#escalate-submit").click();
        page.waitForURL(u -> u.contains("/consola?aviso=escalate"));
        assertThat(page.locator("#aviso").innerText()).contains(c.get("code").asText()).contains("Escalar a 2ª Línea");
        JsonNode after = json(api.get(FP, api.agent("funcion-publica", SPECIALIST, "infraestructura-tecnologica"), id));
        assertThat(after.at("/assignedGroup/key").asText()).isEqualTo("infraestructura-tecnologica");
        assertThat(after.at("/assignedAgent/id").asText()).isEqualTo(specialistId);
        List<String> kinds = new ArrayList<>();
        after.get("events").forEach(e -> kinds.add(e.get("kind").asText()));
        assertThat(kinds).contains("firstResponse", "question", "substateChange", "escalate");
        page.context().close();
    }

    @Test
    void prosperidadSocialHoldsAndResumesByHand() {
        String slug = "prosperidad-social";
        JsonNode c = file(slug, marker());
        String id = c.get("id").asText();
        api.actOk(PS, agentTokens.get(slug), id, obj("kind", "firstResponse", "note", "Voy a su puesto."));
        Page page = agentPage(slug, "/consola/casos/" + id);
        assertThat(page.locator(".case-status").innerText()).contains("En proceso");
        // Someone else changes the case while the page is open: the form answers "the case changed",
        // keeps what was typed and carries the fresh version, so sending again works.
        api.actOk(PS, agentTokens.get(slug), id, obj("kind", "internalNote", "note", "Cambio de otra persona."));
        page.locator("#action-t-retener-otra-causa summary").click();
        page.locator("#t-retener-otra-causa-note").fill("Se espera el repuesto del proveedor.");
        Response stale = page.waitForNavigation(() -> page.locator("#t-retener-otra-causa-submit").click());
        assertThat(stale.status()).isEqualTo(409);
        assertThat(page.locator("#action-t-retener-otra-causa .error-summary").innerText())
                .contains("El caso cambió mientras lo veía");
        assertThat(page.locator("#timeline").innerText()).contains("Cambio de otra persona.");
        assertThat(page.locator("#t-retener-otra-causa-note").inputValue()).isEqualTo("Se espera el repuesto del proveedor.");
        assertThat(json(api.get(PS, agentTokens.get(slug), id)).at("/state/key").asText()).isEqualTo("en-proceso");
        assertThat(page.locator("#action-t-retener-otra-causa label[for='t-retener-otra-causa-note']").innerText())
                .contains("Motivo de la retención").contains("(obligatorio)");
        page.locator("#t-retener-otra-causa-submit").click();
        page.waitForURL(u -> u.contains("aviso=t%3Aretener-otra-causa") || u.contains("aviso=t:retener-otra-causa"));
        assertThat(page.locator("#aviso").innerText()).isEqualTo("Se registró «Retener por otra causa».");
        assertThat(page.locator(".case-status").innerText()).contains("Retenido");
        assertThat(json(api.get(PS, agentTokens.get(slug), id)).at("/state/key").asText()).isEqualTo("retenido");
        // The SLA explained (issue 20): held, the clock stands still and the resolution's due date waits for it.
        assertThat(page.locator(".case-status").innerText()).contains("En pausa");
        assertThat(page.locator("#sla-spans tbody tr").last().innerText()).contains("Detenido").contains("Retenido")
                .contains("ahora");
        assertThat(page.locator("#sla-targets").innerText()).contains("Se fija cuando el reloj vuelva a correr");
        TestBrowser.assertAccessible(page, slug + "-consola-caso-retenido");

        page.locator("#action-t-reanudar-gestion summary").click();
        page.locator("#t-reanudar-gestion-note").fill("Llegó el repuesto.");
        page.locator("#t-reanudar-gestion-submit").click();
        page.waitForURL(u -> u.contains("reanudar-gestion"));
        assertThat(page.locator(".case-status").innerText()).contains("En proceso");
        assertThat(json(api.get(PS, agentTokens.get(slug), id)).at("/state/key").asText()).isEqualTo("en-proceso");
        // Resumed: counted, stopped while held, counted again; the due date is back and later than without the pause.
        List<String> clocks = page.locator("#sla-spans tbody tr td:nth-child(3)").allInnerTexts();
        assertThat(clocks).containsSubsequence("Corre", "Detenido", "Corre");
        assertThat(clocks.get(clocks.size() - 1)).isEqualTo("Corre");
        assertThat(page.locator("#sla-spans tbody tr", new Page.LocatorOptions().setHasText("Detenido")).innerText())
                .contains("Retenido");
        assertThat(page.locator(".case-status").innerText()).doesNotContain("En pausa");
        // The picture has a segment per span of the table (its text alternative).
        assertThat(page.locator(".sla-bar .sla-span").count()).isEqualTo(clocks.size());
        assertThat(page.locator("#sla-targets").innerText()).doesNotContain("Se fija cuando el reloj vuelva a correr");
        TestBrowser.assertAccessible(page, slug + "-consola-caso-reanudado");
        page.context().close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"funcion-publica", "prosperidad-social"})
    void aRequesterGetsTheForbiddenPage(String slug) {
        Page page = TestBrowser.get().newPage();
        TestBrowser.signIn(page, slug, REQUESTER, "/");
        Response r = page.navigate(TestBrowser.origin(slug) + "/consola");
        assertThat(r.status()).isEqualTo(403);
        assertThat(page.locator("h1").innerText()).isEqualTo("No tiene acceso a esta página");
        TestBrowser.assertAccessible(page, slug + "-consola-prohibida");
        page.context().close();
    }

    @Test
    void aSelectFieldShowsItsOptionsLabelInThePagesLanguage() {
        String jefa = api.token("funcion-publica", "cn-jefa", List.of("jefes-area-secretarias"), Roles.REQUESTER);
        HttpResponse<String> r = api.create(FP, jefa, obj("service", "cuentas-usuario", "template", "novedad-cuenta-usuario",
                "title", marker() + " Retirar la cuenta de un contratista", "description", "Terminó su contrato.",
                "fields", obj("tipo-novedad", "retiro", "nombre-colaborador", "Contratista de prueba",
                        "fecha-efectiva", "2026-12-01")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(json(r).at("/fields/tipo-novedad").asText()).isEqualTo("retiro");
        String id = json(r).get("id").asText();
        Page page = agentPage("funcion-publica", "/consola/casos/" + id + "?pestana=general");
        // The option's label from the template's definition, under the field's label; never the key.
        assertThat(page.locator("xpath=//main//dt[normalize-space()='Tipo de novedad']/following-sibling::dd[1]").innerText())
                .isEqualTo("Retiro");
        assertThat(page.locator("xpath=//main//dt[normalize-space()='Nombre completo del colaborador']/following-sibling::dd[1]")
                .innerText()).isEqualTo("Contratista de prueba");
        assertThat(page.locator("main dl.facts dt").allInnerTexts()).doesNotContain("tipo-novedad");
        // In English, the English label of the same option.
        page.locator(".lang-switch").click();
        page.waitForURL(u -> u.contains("pestana=general"));
        assertThat(page.locator("html").getAttribute("lang")).isEqualTo("en");
        assertThat(page.locator("xpath=//main//dt[normalize-space()='Type of change']/following-sibling::dd[1]").innerText())
                .isEqualTo("Removal");
        page.context().close();
    }

    /** Stored uploads (linked or not) whose file name starts with the marker: what a refused form must not leave. */
    static int storedFiles(String marker) {
        try (Connection c = TestPostgres.get().superuserConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM case_attachment WHERE file_name LIKE ?")) {
            ps.setString(1, marker + "%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] pdf(String text) {
        return ("%PDF-1.4\n% " + text + "\n%%EOF\n").getBytes(StandardCharsets.UTF_8);
    }

    record Fetched(int status, byte[] body) {
    }

    /** A GET from inside the page (its host, its session cookie), as a click on a download link does. */
    static Fetched fetch(Page page, String path) {
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) page.evaluate("async u => { const r = await fetch(u); "
                + "return {status: r.status, bytes: Array.from(new Uint8Array(await r.arrayBuffer()))}; }", path);
        List<?> bytes = (List<?>) r.get("bytes");
        byte[] body = new byte[bytes.size()];
        for (int i = 0; i < body.length; i++) {
            body[i] = ((Number) bytes.get(i)).byteValue();
        }
        return new Fetched(((Number) r.get("status")).intValue(), body);
    }

    /** Sends the open action form and returns the response of the page it leads to. */
    static Response send(Page page, String key) {
        return page.waitForNavigation(() -> page.locator("#" + key + "-submit").click());
    }

    /** The case as the agent's API sees it has not moved: same version, no attachment, no event with the note. */
    static void unchanged(String host, String token, String id, int version, String note) {
        JsonNode now = json(api.get(host, token, id));
        assertThat(now.get("version").asInt()).isEqualTo(version);
        assertThat(now.get("attachments")).isEmpty();
        assertThat(now.get("events").findValuesAsText("note")).doesNotContain(note);
    }

    @Test
    void anAgentAttachesEvidenceToANoteAndRefusedFormsLeaveNothing() {
        String slug = "funcion-publica";
        String token = agentTokens.get(slug);
        String m = marker();
        JsonNode c = file(slug, m);
        String id = c.get("id").asText();
        int version = c.get("version").asInt();
        Page page = agentPage(slug, "/consola/casos/" + id);
        page.locator("#action-internalNote summary").click();
        Locator files = page.locator("#internalNote-files");
        assertThat(page.locator("label[for=internalNote-files]").innerText()).isEqualTo("Adjuntos (evidencias)");
        assertThat(files.getAttribute("type")).isEqualTo("file");
        assertThat(files.getAttribute("multiple")).isNotNull();
        assertThat(files.getAttribute("aria-describedby")).isEqualTo("internalNote-files-hint");
        assertThat(page.locator("#internalNote-files-hint").innerText()).contains("hasta 10 MB");
        String note = "Se adjunta la evidencia de la revisión del equipo " + m + ".";
        byte[] evidence = pdf("evidencia " + m);

        // Two files, one of a type the entity does not take: the message next to the field, the note
        // kept, and neither file stored (the accepted one is not left behind either).
        page.locator("#internalNote-note").fill(note);
        files.setInputFiles(new FilePayload[] {new FilePayload(m + "-evidencia.pdf", "application/pdf", evidence),
                new FilePayload(m + "-notas.txt", "text/plain", "solo texto".getBytes(StandardCharsets.UTF_8))});
        Response wrongType = send(page, "internalNote");
        assertThat(wrongType.status()).isEqualTo(415);
        assertThat(page.locator("#internalNote-files-error").innerText()).contains(m + "-notas.txt")
                .contains("La entidad no acepta archivos de tipo text/plain");
        assertThat(page.locator("#internalNote-files").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(page.locator("#internalNote-files").getAttribute("aria-describedby"))
                .isEqualTo("internalNote-files-hint internalNote-files-error");
        assertThat(page.locator("#action-internalNote .error-summary").innerText()).contains("Adjunto no aceptado");
        assertThat(page.locator("#action-internalNote").getAttribute("open")).isNotNull();
        assertThat(page.locator("#internalNote-note").inputValue()).isEqualTo(note);
        TestBrowser.assertAccessible(page, slug + "-consola-adjunto-rechazado");
        assertThat(storedFiles(m)).isZero();
        unchanged(FP, token, id, version, note);

        // Over the entity's 10 MB: refused with its message, nothing stored.
        byte[] big = new byte[10 * 1024 * 1024 + 1024];
        System.arraycopy(evidence, 0, big, 0, evidence.length);
        files.setInputFiles(new FilePayload(m + "-grande.pdf", "application/pdf", big));
        Response tooLarge = send(page, "internalNote");
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(page.locator("#internalNote-files-error").innerText()).contains(m + "-grande.pdf")
                .contains("supera el tamaño máximo de 10 MB");
        assertThat(page.locator("#internalNote-note").inputValue()).isEqualTo(note);
        assertThat(storedFiles(m)).isZero();
        unchanged(FP, token, id, version, note);

        // An accepted file with an action the workflow refuses (no note): the file goes too, and the
        // form says to choose it again.
        page.locator("#internalNote-note").fill("");
        files.setInputFiles(new FilePayload(m + "-evidencia.pdf", "application/pdf", evidence));
        Response noNote = send(page, "internalNote");
        assertThat(noNote.status()).isEqualTo(422);
        assertThat(page.locator("#internalNote-note-error").innerText()).isNotBlank();
        assertThat(page.locator("#internalNote-files-again").innerText()).contains("vuelva a elegirlos");
        assertThat(storedFiles(m)).isZero();
        unchanged(FP, token, id, version, note);

        // A form whose CSRF token is no longer good: the page again with its message and the note; nothing stored.
        page.locator("#internalNote-note").fill(note);
        page.locator("#action-internalNote input[name=csrf]").evaluate("e => e.value = 'vencido'");
        files.setInputFiles(new FilePayload(m + "-evidencia.pdf", "application/pdf", evidence));
        Response expired = send(page, "internalNote");
        assertThat(expired.status()).isEqualTo(403);
        assertThat(page.locator("#action-internalNote .error-summary").innerText()).contains("El formulario venció");
        assertThat(page.locator("#internalNote-note").inputValue()).isEqualTo(note);
        assertThat(storedFiles(m)).isZero();
        unchanged(FP, token, id, version, note);

        // Now as it should be: the note with the file; the timeline and the attachments list link to it,
        // and the download gives the same bytes.
        files.setInputFiles(new FilePayload(m + "-evidencia.pdf", "application/pdf", evidence));
        page.locator("#internalNote-submit").click();
        page.waitForURL(u -> u.contains("aviso=internalNote"));
        Locator carried = page.locator("#timeline li", new Page.LocatorOptions().setHasText(note)).locator(".event-files a");
        assertThat(carried.allInnerTexts()).containsExactly(m + "-evidencia.pdf");
        page.navigate(TestBrowser.origin(slug) + "/consola/casos/" + id + "?pestana=adicional");
        Locator listed = page.locator("#attachments a");
        assertThat(listed.allInnerTexts()).containsExactly(m + "-evidencia.pdf");
        Fetched download = fetch(page, listed.getAttribute("href"));
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(evidence);
        JsonNode after = json(api.get(FP, token, id));
        assertThat(after.get("attachments")).hasSize(1);
        String aid = after.at("/attachments/0/id").asText();
        assertThat(listed.getAttribute("href")).isEqualTo("/api/v1/cases/" + id + "/attachments/" + aid);
        JsonNode last = after.get("events").get(after.get("events").size() - 1);
        assertThat(last.get("kind").asText()).isEqualTo("internalNote");
        assertThat(last.get("note").asText()).isEqualTo(note);
        assertThat(last.at("/data/attachments/0").asText()).isEqualTo(aid);
        assertThat(storedFiles(m)).isEqualTo(1);

        // An internal note's file is the agents': the requester sees neither it nor its bytes.
        String requester = requesterTokens.get(slug);
        assertThat(json(api.get(FP, requester, id)).get("attachments")).isEmpty();
        assertThat(api.send(FP, "GET", "/api/v1/cases/" + id + "/attachments/" + aid, requester, null).statusCode())
                .isEqualTo(404);
        page.context().close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"funcion-publica", "prosperidad-social"})
    void anAgentChangesThePriorityFromItsForm(String slug) {
        boolean fp = slug.equals("funcion-publica");
        JsonNode c = file(slug, marker());
        String id = c.get("id").asText();
        String was = c.at("/priority/key").asText();
        co.mesa.tenantconfig.TenantConfig.Priorities p = api.platform().bean(co.mesa.tenant.TenantRegistry.class)
                .bySlug(slug).orElseThrow().config().priorities();
        Page page = agentPage(slug, "/consola/casos/" + id);
        page.locator("#action-changePriority summary").click();
        String expected;
        if (fp) {
            // Matrix: the selects start at the case's impact and urgency; another cell gives another priority.
            assertThat(page.locator("#changePriority-impact").inputValue()).isEqualTo(c.at("/impact/key").asText(""));
            co.mesa.tenantconfig.TenantConfig.Cell cell = p.matrix().stream().filter(x -> !x.priority().equals(was))
                    .findFirst().orElseThrow();
            page.locator("#changePriority-impact").selectOption(cell.impact());
            page.locator("#changePriority-urgency").selectOption(cell.urgency());
            expected = cell.priority();
        } else {
            assertThat(page.locator("#changePriority-impact").count()).as("no matrix in this entity").isZero();
            assertThat(page.locator("#changePriority-priority").inputValue()).isEqualTo(was);
            expected = p.levels().stream().filter(l -> !l.key().equals(was)).findFirst().orElseThrow().key();
            page.locator("#changePriority-priority").selectOption(expected);
        }
        // Without the reason: refused next to the note, the choice kept.
        Response refused = send(page, "changePriority");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(page.locator("#changePriority-note-error").innerText()).isNotBlank();
        assertThat(page.locator(fp ? "#changePriority-urgency" : "#changePriority-priority").inputValue())
                .isNotEqualTo(fp ? "" : was);
        TestBrowser.assertAccessible(page, slug + "-consola-prioridad-error");
        assertThat(json(api.get(host(slug), agentTokens.get(slug), id)).at("/priority/key").asText()).isEqualTo(was);
        page.locator("#changePriority-note").fill("La falla detiene a todo el grupo de trabajo.");
        page.locator("#changePriority-submit").click();
        page.waitForURL(u -> u.contains("aviso=changePriority"));
        JsonNode after = json(api.get(host(slug), agentTokens.get(slug), id));
        assertThat(after.at("/priority/key").asText()).isEqualTo(expected);
        // The timeline says what changed, in the entity's words.
        page.navigate(TestBrowser.origin(slug) + "/consola/casos/" + id + "?pestana=resumen");
        assertThat(page.locator("#timeline").innerText())
                .contains("Prioridad: " + c.at("/priority/name").asText() + " → " + after.at("/priority/name").asText())
                .doesNotContain("console.change");
        page.context().close();
    }

    @Test
    void anAgentOfTheOtherEntityCannotSeeOrDownloadTheEvidence() {
        // Each entity's agent attaches a file to a case of their own, through the console.
        String m = marker();
        Map<String, String[]> filed = new java.util.HashMap<>();
        for (String slug : List.of("funcion-publica", "prosperidad-social")) {
            JsonNode c = file(slug, m);
            String id = c.get("id").asText();
            Page page = agentPage(slug, "/consola/casos/" + id);
            page.locator("#action-internalNote summary").click();
            page.locator("#internalNote-note").fill("Evidencia de " + slug + ".");
            page.locator("#internalNote-files").setInputFiles(new FilePayload(m + "-" + slug + ".pdf", "application/pdf",
                    pdf(slug)));
            page.locator("#internalNote-submit").click();
            page.waitForURL(u -> u.contains("aviso=internalNote"));
            JsonNode after = json(api.get(host(slug), agentTokens.get(slug), id));
            assertThat(after.get("attachments")).hasSize(1);
            assertThat(after.at("/attachments/0/fileName").asText()).isEqualTo(m + "-" + slug + ".pdf");
            filed.put(slug, new String[] {id, after.at("/attachments/0/id").asText()});
            page.context().close();
        }
        String[] fp = filed.get("funcion-publica");
        String[] ps = filed.get("prosperidad-social");
        // Prosperidad Social's agent, signed in on their host: neither the page nor the bytes of Función Pública's file.
        Page page = agentPage("prosperidad-social", "/consola");
        String psOrigin = TestBrowser.origin("prosperidad-social");
        assertThat(fetch(page, "/api/v1/cases/" + fp[0] + "/attachments/" + fp[1]).status()).isEqualTo(404);
        // Not even under the own case's id.
        assertThat(fetch(page, "/api/v1/cases/" + ps[0] + "/attachments/" + fp[1]).status()).isEqualTo(404);
        assertThat(page.navigate(psOrigin + "/consola/casos/" + fp[0] + "?pestana=adicional").status()).isEqualTo(404);
        page.navigate(psOrigin + "/consola/casos/" + ps[0] + "?pestana=adicional");
        assertThat(page.locator("#attachments a").allInnerTexts()).containsExactly(m + "-prosperidad-social.pdf");
        assertThat(page.content()).doesNotContain(fp[1]).doesNotContain(m + "-funcion-publica.pdf");
        assertThat(fetch(page, "/api/v1/cases/" + ps[0] + "/attachments/" + ps[1]).body()).isEqualTo(pdf("prosperidad-social"));
        // The API with a Prosperidad Social token, and the Función Pública host with it: nothing either.
        String psToken = agentTokens.get("prosperidad-social");
        assertThat(api.send(PS, "GET", "/api/v1/cases/" + fp[0] + "/attachments/" + fp[1], psToken, null).statusCode())
                .isEqualTo(404);
        assertThat(api.send(FP, "GET", "/api/v1/cases/" + fp[0] + "/attachments/" + fp[1], psToken, null).statusCode())
                .isIn(401, 403, 404);
        page.context().close();
    }

    @Test
    void anotherEntitysCaseIsNotFound() {
        JsonNode ps = file("prosperidad-social", marker());
        Page page = agentPage("funcion-publica", "/consola");
        Response r = page.navigate(TestBrowser.origin("funcion-publica") + "/consola/casos/" + ps.get("id").asText());
        assertThat(r.status()).isEqualTo(404);
        assertThat(page.locator("h1").innerText()).isEqualTo("No encontramos esta página");
        r = page.navigate(TestBrowser.origin("funcion-publica") + "/consola/casos/no-es-un-id");
        assertThat(r.status()).isEqualTo(404);
        page.context().close();
    }
}
