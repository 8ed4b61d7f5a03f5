package co.mesa.pages;

import co.mesa.identity.Roles;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestBrowser;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static co.mesa.testsupport.CaseApi.FP;
import static co.mesa.testsupport.CaseApi.PS;
import static co.mesa.testsupport.CaseApi.json;
import static co.mesa.testsupport.CaseApi.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A problem's page forms in a real browser, on both entities, axe on each state of the page: editing its facts with
 * a refusal shown next to the field (and what was typed kept), a stale form (someone else saved meanwhile) refused
 * without losing the typing, marking it a known error, assigning it, and closing it with the note the workflow
 * requires, telling the linked open case. Files are attached from the page, a refused one named with its reason.
 */
@NeedsKeycloak
class ProblemFormsBrowserTest {

    static CaseApi api;

    @BeforeAll
    static void people() {
        api = new CaseApi();
    }

    static String fpCase(String token, String title) {
        HttpResponse<String> r = api.create(FP, token, obj("origin", "portal", "service", "acceso-remoto",
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

    void walk(String slug, String host, String group, String requester, String caseId, String name) {
        String token = api.agent(slug, "pf-agente", group);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = api.send(host, "POST", "/api/v1/problems", token, obj("title", "Correo lento " + tag,
                "description", "Los buzones tardan en abrir.", "cases", java.util.List.of(caseId)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).get("id").asText();
        Page page = TestBrowser.get().newPage();
        TestBrowser.signIn(page, slug, "pf-agente", "/consola/problemas/" + id);
        TestBrowser.assertAccessible(page, name + "-problema-formularios");

        // Known error without a workaround: refused next to the workaround field, the new title kept.
        page.locator("#pe-title").fill("Correo muy lento " + tag);
        page.locator("#pe-known").check();
        page.locator("#problem-edit button[type=submit]").press("Enter");
        page.waitForSelector("#pe-workaround-error");
        assertThat(page.locator("#pe-workaround-error").innerText()).contains("solución temporal");
        assertThat(page.locator("#pe-title").inputValue()).isEqualTo("Correo muy lento " + tag);
        assertThat(page.locator("#pe-known").isChecked()).isTrue();
        assertThat(page.evaluate("document.activeElement.classList.contains('error-summary')")).isEqualTo(true);
        TestBrowser.assertAccessible(page, name + "-problema-error");
        assertThat(json(api.send(host, "GET", "/api/v1/problems/" + id, token, null)).get("title").asText())
                .as("nothing was saved").isEqualTo("Correo lento " + tag);

        // Someone else saves meanwhile: the form is stale, refused, and what was typed is kept.
        JsonNode now = json(api.send(host, "GET", "/api/v1/problems/" + id, token, null));
        HttpResponse<String> other = api.send(host, "POST", "/api/v1/problems/" + id + "/edit", token,
                obj("impact", "Alto"), "If-Match", "\"" + now.get("version").asInt() + "\"");
        assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
        page.locator("#pe-workaround").fill("Usar el correo web mientras tanto.");
        page.locator("#problem-edit button[type=submit]").click();
        page.waitForSelector("#problem-edit .error-summary:has-text('Otra persona')");
        assertThat(page.locator("#problem-edit .error-summary").innerText()).contains("Otra persona cambió");
        assertThat(page.locator("#pe-workaround").inputValue()).isEqualTo("Usar el correo web mientras tanto.");

        // Sent again (now at the current version): saved, a known error with its article; assigned to the group.
        page.locator("#pe-group").selectOption(group);
        page.locator("#problem-edit button[type=submit]").click();
        page.waitForURL(u -> u.contains("aviso=guardado"));
        assertThat(page.locator("#workaround").innerText()).contains("correo web");
        assertThat(page.locator("h1").innerText()).contains("Correo muy lento " + tag);
        assertThat(page.locator("#problem-facts").innerText()).contains("Alto");
        JsonNode saved = json(api.send(host, "GET", "/api/v1/problems/" + id, token, null));
        assertThat(saved.get("problem").get("knownError").asBoolean()).isTrue();
        assertThat(saved.get("assignedGroup").asText()).isEqualTo(group);
        assertThat(saved.get("problem").get("impact").asText()).as("another person's impact kept").isEqualTo("Alto");

        // Emptying a field on the page clears that fact; the others stay.
        page.navigate(TestBrowser.origin(slug) + "/consola/problemas/" + id);
        page.locator("#pe-impact").fill("");
        page.locator("#problem-edit button[type=submit]").click();
        page.waitForURL(u -> u.contains("aviso=guardado"));
        JsonNode cleared = json(api.send(host, "GET", "/api/v1/problems/" + id, token, null));
        assertThat(cleared.get("problem").path("impact").isNull() || cleared.get("problem").path("impact").isMissingNode())
                .as(cleared.toString()).isTrue();
        assertThat(cleared.get("problem").get("workaround").asText()).contains("correo web");

        // Files: a script posing as a PDF is refused on the page (nothing stored); a real one is attached.
        page.locator("#record-file").setInputFiles(new FilePayload("informe.pdf", "application/pdf",
                "#!/bin/sh\nrm -rf /\n".getBytes(StandardCharsets.UTF_8)));
        page.locator("#record-files button[type=submit]").click();
        page.waitForSelector("#record-files-error");
        assertThat(page.locator("#record-files-error").innerText()).contains("informe.pdf");
        TestBrowser.assertAccessible(page, name + "-problema-error-archivo");
        assertThat(json(api.send(host, "GET", "/api/v1/records/" + id + "/attachments", token, null))).isEmpty();
        page.locator("#record-file").setInputFiles(new FilePayload("diagnostico.pdf", "application/pdf",
                "%PDF-1.4 diagnóstico".getBytes(StandardCharsets.UTF_8)));
        page.locator("#record-files button[type=submit]").click();
        page.waitForURL(u -> u.contains("aviso=archivo"));
        assertThat(page.locator("#record-files-list").innerText()).contains("diagnostico.pdf");
        assertThat(json(api.send(host, "GET", "/api/v1/records/" + id + "/attachments", token, null))
                .findValuesAsText("fileName")).containsExactly("diagnostico.pdf");

        // Close without the note the workflow requires: refused next to the note, nothing changed.
        page.locator("#pm-transition").selectOption("cerrar");
        page.locator("#pm-notify").check();
        page.locator("#pm-message").fill("Se corrigió el servidor de correo.");
        page.locator("#problem-move button[type=submit]").click();
        page.waitForSelector("#pm-note-error");
        assertThat(page.locator("#pm-message").inputValue()).isEqualTo("Se corrigió el servidor de correo.");
        assertThat(page.locator("#pm-transition").inputValue()).isEqualTo("cerrar");
        TestBrowser.assertAccessible(page, name + "-problema-error-estado");
        page.locator("#pm-note").fill("Se cambió el disco del servidor.");
        page.locator("#problem-move button[type=submit]").click();
        page.waitForURL(u -> u.contains("aviso=estado"));
        assertThat(page.locator("#problem-facts").innerText()).contains("Cerrado");
        assertThat(page.locator("#problem-edit").count()).as("a closed problem is not edited").isZero();
        TestBrowser.assertAccessible(page, name + "-problema-cerrado");
        assertThat(json(api.get(host, requester, caseId)).get("events").findValuesAsText("note"))
                .as("the linked open case's requester is told").contains("Se corrigió el servidor de correo.");
        page.context().close();
    }

    @Test
    void funcionPublicaAgentsEditAssignAndCloseAProblemFromItsPage() {
        String requester = api.token("funcion-publica", "pf-solicitante", Roles.REQUESTER);
        walk("funcion-publica", FP, "mesa-servicio-primer-nivel", requester, fpCase(requester, "VPN caída"), "fp");
    }

    @Test
    void prosperidadSocialAgentsEditAssignAndCloseAProblemFromItsPage() {
        String requester = api.token("prosperidad-social", "pf-solicitante", Roles.REQUESTER);
        walk("prosperidad-social", PS, "soporte-primer-nivel", requester, psCase(requester, "Equipo no enciende"), "ps");
    }
}
