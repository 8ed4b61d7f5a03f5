package co.mesa.pages;

import co.mesa.identity.Roles;
import co.mesa.notification.OutboxDispatcher;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestBrowser;
import co.mesa.testsupport.TestMail;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static co.mesa.testsupport.CaseApi.FP;
import static co.mesa.testsupport.CaseApi.PS;
import static co.mesa.testsupport.CaseApi.json;
import static co.mesa.testsupport.CaseApi.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The survey's pages in a real browser (issue 23), axe-core on each: the case page's survey section beside
 * Correcta/Incorrecta, the survey form with its errors and its thanks, the e-mail link's page without signing in and
 * its "already used" page, and the console home's review list with the novedad's page and its decision.
 */
@NeedsKeycloak
class SurveyBrowserTest {

    static CaseApi api;
    static String fpRequester;
    static String fpAgent;
    static String fpAgentId;
    static String psRequester;
    static String psAgent;

    @BeforeAll
    static void people() {
        api = new CaseApi();
        fpRequester = api.token("funcion-publica", "sb-solicitante", Roles.REQUESTER);
        fpAgent = api.agent("funcion-publica", "sb-agente", "mesa-servicio-primer-nivel");
        psRequester = api.token("prosperidad-social", "sb-solicitante", Roles.REQUESTER);
        psAgent = api.agent("prosperidad-social", "sb-agente", "soporte-primer-nivel");
        fpAgentId = api.personId(FP, fpAgent);
        api.personId(FP, fpRequester);
        api.personId(PS, psAgent);
    }

    @Test
    void funcionPublicaRequesterAnswersOnThePortalAndTheSignerReviewsTheNovedadOnTheConsole() {
        HttpResponse<String> r = api.create(FP, fpRequester, obj("origin", "portal", "service", "acceso-remoto",
                "template", "acceso-remoto", "title", "Encuesta en el navegador", "description", "La VPN no conecta.",
                "impact", "moderado", "urgency", "medio", "fields", obj("telefono-contacto", "601 555 0199")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String id = json(r).get("id").asText();
        String code = json(r).get("code").asText();
        api.actOk(FP, fpAgent, id, obj("kind", "reassign", "group", "mesa-servicio-primer-nivel", "agentId", fpAgentId,
                "note", "Lo atiendo yo"));
        api.actOk(FP, fpAgent, id, obj("kind", "signSolution", "note", "Se reinstaló el cliente VPN."));

        Page page = TestBrowser.get().newPage();
        TestBrowser.signIn(page, "funcion-publica", "sb-solicitante", "/casos/" + id);
        // The survey beside Correcta / Incorrecta.
        assertThat(page.locator("#confirm-button").isVisible()).isTrue();
        assertThat(page.locator("#case-survey").innerText()).contains("Encuesta de satisfacción");
        TestBrowser.assertAccessible(page, "encuesta-caso-fp");
        page.locator("#survey-link").click();
        page.waitForURL(url -> url.endsWith("/encuesta"));
        assertThat(page.locator("h1").innerText()).contains(code);
        TestBrowser.assertAccessible(page, "encuesta-formulario-fp");
        // Nothing chosen: the form again, with the errors listed and each field marked.
        page.locator("#survey-submit").click();
        page.waitForSelector(".error-summary");
        assertThat(page.locator(".error-summary").innerText()).contains("Es obligatorio");
        TestBrowser.assertAccessible(page, "encuesta-formulario-errores-fp");
        page.locator("#q-satisfecho-no").check();
        page.locator("#q-atencion-2").check();
        page.locator("#q-novedad").fill("Ahora no abre el correo.");
        page.locator("#survey-submit").click();
        page.waitForSelector("#survey-done");
        assertThat(page.locator("#survey-state").innerText()).contains("Encuesta respondida");
        TestBrowser.assertAccessible(page, "encuesta-respondida-fp");
        page.context().close();

        Page console = TestBrowser.get().newPage();
        TestBrowser.signIn(console, "funcion-publica", "sb-agente", "/consola");
        assertThat(console.locator("#novedades").innerText()).contains(code);
        TestBrowser.assertAccessible(console, "consola-novedades");
        console.locator("#reviews a", new Page.LocatorOptions().setHasText(code)).click();
        console.waitForSelector("#review-form");
        assertThat(console.locator("#review-answers").innerText()).contains("Ahora no abre el correo.").contains("No");
        TestBrowser.assertAccessible(console, "consola-novedad");
        // The decision needs its outcome and note.
        console.locator("#review-submit").click();
        console.waitForSelector(".error-summary");
        TestBrowser.assertAccessible(console, "consola-novedad-errores");
        console.locator("#outcome-closed").check();
        console.locator("#review-note").fill("El correo es otro servicio: radique un caso nuevo si persiste.");
        console.locator("#review-submit").click();
        console.waitForSelector("#aviso");
        assertThat(console.locator("#aviso").innerText()).contains(code);
        assertThat(console.locator("#novedades").innerText()).doesNotContain(code);
        // The closure tab shows the answers ("Calificación").
        console.navigate(TestBrowser.origin("funcion-publica") + "/consola/casos/" + id + "?pestana=cierre");
        assertThat(console.locator("#survey-answers").innerText()).contains("Ahora no abre el correo.");
        TestBrowser.assertAccessible(console, "consola-caso-cierre-encuesta");
        console.context().close();
        assertThat(json(api.get(FP, fpRequester, id)).at("/state/key").asText()).isEqualTo("cerrada");
    }

    @Test
    void prosperidadSocialEmailLinkOpensTheSurveyWithoutSigningInOnce() throws Exception {
        HttpResponse<String> r = api.create(PS, psRequester, obj("service", "gestion-incidentes-requerimientos",
                "template", "falla-equipo", "title", "Encuesta por enlace", "description", "No enciende."));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String id = json(r).get("id").asText();
        String code = json(r).get("code").asText();
        api.actOk(PS, psAgent, id, obj("kind", "reassign", "group", "soporte-primer-nivel", "agentId",
                api.personId(PS, psAgent), "note", "Lo atiendo"));
        api.actOk(PS, psAgent, id, obj("kind", "firstResponse", "note", "Voy."));
        api.actOk(PS, psAgent, id, obj("kind", "signSolution", "note", "Se cambió la fuente."));
        String token = token("prosperidad-social", "sb-solicitante@prosperidad-social.example.invalid", code);

        Page page = TestBrowser.get().newPage();
        page.navigate(TestBrowser.origin("prosperidad-social") + "/encuesta/" + token);
        assertThat(page.locator("h1").innerText()).contains(code);
        TestBrowser.assertAccessible(page, "encuesta-enlace-ps");
        page.locator("#q-oportunidad-5").check();
        page.locator("#q-calidad-4").check();
        page.locator("#survey-submit").click();
        page.waitForSelector("#survey-done");
        TestBrowser.assertAccessible(page, "encuesta-enlace-gracias-ps");
        Response used = page.navigate(TestBrowser.origin("prosperidad-social") + "/encuesta/" + token);
        assertThat(used.status()).isEqualTo(410);
        assertThat(page.locator("h1").innerText()).isEqualTo("Este enlace ya fue usado");
        TestBrowser.assertAccessible(page, "encuesta-enlace-usado-ps");
        page.context().close();
        assertThat(json(api.get(PS, psAgent, id)).at("/state/key").asText()).isEqualTo("cerrado");
    }

    static String token(String slug, String address, String code) throws Exception {
        TenantContext tenant = api.platform().bean(TenantRegistry.class).bySlug(slug).orElseThrow();
        OutboxDispatcher dispatcher = api.platform().bean(OutboxDispatcher.class);
        while (dispatcher.dispatch(tenant, Instant.now()) > 0) {
            // next round
        }
        Pattern link = Pattern.compile("/encuesta/([A-Za-z0-9_-]{43})");
        for (MimeMessage m : TestMail.get().to(address)) {
            if (m.getSubject().contains(code) && m.getSubject().contains("Encuesta")) {
                Object content = m.getContent();
                String text = content instanceof Multipart mp ? String.valueOf(mp.getBodyPart(0).getContent()) : String.valueOf(content);
                if (content instanceof Multipart mp && mp.getBodyPart(0).getContent() instanceof Multipart inner) {
                    text = String.valueOf(inner.getBodyPart(0).getContent());
                }
                Matcher matcher = link.matcher(text);
                if (matcher.find()) {
                    return matcher.group(1);
                }
            }
        }
        throw new AssertionError("no survey invitation for " + code + " to " + address);
    }
}
