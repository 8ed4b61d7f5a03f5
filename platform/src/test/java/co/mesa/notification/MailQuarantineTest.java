package co.mesa.notification;

import co.mesa.identity.Roles;
import co.mesa.identity.SessionCookieAuthenticationFetcher;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.MesaPlatform;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestSessions;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * "Correo por revisar" (decision 0034), mail sent through GreenMail and read by the poller: an agent opens a case
 * from a quarantined message, adds one to a case by code, dismisses one with a reason — each recorded with who and
 * when, the message gone from the page, the API's list and the home's count; bad input refused beside its field
 * with nothing written; another entity neither sees, counts nor acts on the mail; a requester gets 403.
 */
@NeedsKeycloak
class MailQuarantineTest {

    static final String COOKIE = SessionCookieAuthenticationFetcher.COOKIE;
    static final String TAG = UUID.randomUUID().toString().substring(0, 6);
    static CaseApi api;
    static MesaPlatform platform;
    static MailboxPoller poller;
    static TenantContext fp;
    static TenantConfig.Mailbox mailbox;
    static String agentToken;
    static String requesterToken;
    static String requesterId;
    static String agentCookie;
    static String agentCsrf;
    static QuarantineSteps steps;

    @BeforeAll
    static void people() throws Exception {
        api = new CaseApi();
        platform = api.platform();
        poller = platform.bean(MailboxPoller.class);
        fp = platform.bean(TenantRegistry.class).bySlug("funcion-publica").orElseThrow();
        mailbox = fp.config().settings().mailboxes().get(0);
        agentToken = api.agent("funcion-publica", "mq-agente", "mesa-servicio-primer-nivel");
        api.personId(FP, agentToken);
        requesterToken = api.token("funcion-publica", "mq-solicitante", Roles.REQUESTER);
        requesterId = api.personId(FP, requesterToken);
        steps = new QuarantineSteps(platform, api, fp, agentToken);
        agentCookie = TestSessions.signIn(FP, "mq-agente");
        agentCsrf = steps.csrf(FP, agentCookie);
        poller.poll(fp, mailbox); // whatever earlier tests left
    }

    @Test
    void anAgentOpensACaseAddsToACaseAndDismissesEachRecordedAndGoneFromTheList() throws Exception {
        String toOpen = "Impresora del piso 3 " + TAG;
        String toAdd = "Más datos de la VPN " + TAG;
        String toDismiss = "Oferta imperdible " + TAG;
        steps.recordReply(toOpen, "La impresora del piso 3 no imprime desde ayer.");
        steps.recordReply(toAdd, "El error dice: credencial inválida.");
        steps.recordReply(toDismiss, "Compre ya.");
        assertThat(poller.poll(fp, mailbox).quarantined()).isEqualTo(3);
        long open = steps.idOf(toOpen);
        long add = steps.idOf(toAdd);
        long dismiss = steps.idOf(toDismiss);

        // The page lists them in words; the home's count is the page's total and the API's list.
        String list = steps.page(FP, agentCookie, "/consola/correo").body();
        assertThat(list).contains(toOpen, toAdd, toDismiss, "Responde a un correo de un problema o de un cambio.",
                "mesa-servicio@funcion-publica.example.invalid", "La impresora del piso 3 no imprime desde ayer.");
        long before = steps.homeCount(FP, agentCookie);
        assertThat(before).isEqualTo(steps.apiList(FP, agentToken).size()).isEqualTo(steps.listed(FP, agentCookie));
        assertThat(list).contains("Correos por revisar: " + before + " en total");

        // Crear caso: the requester's case, from the message, origin e-mail, in the mailbox's service.
        HttpResponse<String> created = steps.post(FP, agentCookie, agentCsrf, "/consola/correo/" + open + "/crear", Map.of());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(303);
        assertThat(created.headers().firstValue("Location").orElseThrow()).startsWith("/consola/correo?hecho=creado&caso=REIO");
        JsonNode mine = json(api.send(FP, "GET", "/api/v1/me/cases?q=" + URLEncoder.encode(TAG, StandardCharsets.UTF_8),
                requesterToken, null));
        List<JsonNode> opened = new ArrayList<>();
        mine.get("items").forEach(i -> {
            if (i.get("title").asText().equals(toOpen)) {
                opened.add(i);
            }
        });
        assertThat(opened).hasSize(1);
        JsonNode c = json(api.get(FP, requesterToken, opened.get(0).get("id").asText()));
        assertThat(c.get("origin").asText()).isEqualTo("email");
        assertThat(c.at("/service/key").asText()).isEqualTo(mailbox.service());
        assertThat(c.get("description").asText()).isEqualTo("La impresora del piso 3 no imprime desde ayer.");
        String agentId = api.personId(FP, agentToken);
        List<Object> openRow = steps.row(open);
        assertThat(openRow.subList(0, 3)).containsExactly("created", c.get("id").asText(), agentId);
        assertThat(openRow.get(3)).isNotNull();

        // Agregar a un caso: refused without a code, with a code of no case, then a comment on the agent's case.
        JsonNode target = json(api.create(FP, requesterToken, obj("service", "acceso-remoto", "template", "acceso-remoto",
                "title", "VPN " + TAG, "description", "d", "fields", obj("telefono-contacto", "601 555 0110"))));
        api.actOk(FP, agentToken, target.get("id").asText(), obj("kind", "reassign", "group", "mesa-servicio-primer-nivel",
                "agentId", agentId, "note", "Lo tomo"));
        int version = json(api.get(FP, agentToken, target.get("id").asText())).get("version").asInt();
        HttpResponse<String> empty = steps.post(FP, agentCookie, agentCsrf, "/consola/correo/" + add + "/agregar", Map.of("codigo", " "));
        assertThat(empty.statusCode()).isEqualTo(422);
        assertThat(empty.body()).contains("id=\"mail-codigo-error\">Escriba el código del caso");
        HttpResponse<String> nobody = steps.post(FP, agentCookie, agentCsrf, "/consola/correo/" + add + "/agregar",
                Map.of("codigo", "REIO 1999-999999"));
        assertThat(nobody.body()).contains("No hay un caso con el código REIO 1999-999999 en esta entidad.")
                .contains("value=\"REIO 1999-999999\"");
        assertThat(steps.row(add).get(0)).isEqualTo("quarantined");
        HttpResponse<String> added = steps.post(FP, agentCookie, agentCsrf, "/consola/correo/" + add + "/agregar",
                Map.of("codigo", target.get("code").asText().toLowerCase()));
        assertThat(added.statusCode()).as(added.body()).isEqualTo(303);
        JsonNode after = json(api.get(FP, agentToken, target.get("id").asText()));
        assertThat(after.get("version").asInt()).isEqualTo(version + 1);
        JsonNode last = after.get("events").get(after.get("events").size() - 1);
        assertThat(last.get("kind").asText()).isEqualTo("emailComment");
        assertThat(last.get("note").asText()).isEqualTo("El error dice: credencial inválida.");
        assertThat(steps.row(add).subList(0, 3)).containsExactly("comment", target.get("id").asText(), agentId);

        // Descartar: a reason is required; then kept with it.
        HttpResponse<String> noReason = steps.post(FP, agentCookie, agentCsrf, "/consola/correo/" + dismiss + "/descartar",
                Map.of("motivo", ""));
        assertThat(noReason.statusCode()).isEqualTo(422);
        assertThat(noReason.body()).contains("id=\"mail-motivo-error\">Escriba por qué descarta el correo");
        assertThat(steps.row(dismiss).get(0)).isEqualTo("quarantined");
        assertThat(steps.post(FP, agentCookie, agentCsrf, "/consola/correo/" + dismiss + "/descartar",
                Map.of("motivo", "spam")).statusCode()).isEqualTo(303);
        assertThat(steps.row(dismiss)).containsExactly("dismissed", null, agentId, steps.row(dismiss).get(3), "spam");

        // Gone from the page, the API and the count; a second action on a handled message is refused.
        assertThat(steps.page(FP, agentCookie, "/consola/correo").body()).doesNotContain(toOpen, toAdd, toDismiss);
        assertThat(steps.apiList(FP, agentToken).findValuesAsText("subject")).doesNotContain(toOpen, toAdd, toDismiss);
        assertThat(steps.homeCount(FP, agentCookie)).isEqualTo(before - 3).isEqualTo(steps.apiList(FP, agentToken).size())
                .isEqualTo(steps.listed(FP, agentCookie));
        HttpResponse<String> again = steps.post(FP, agentCookie, agentCsrf, "/consola/correo/" + dismiss + "/crear", Map.of());
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(steps.page(FP, agentCookie, "/consola/correo/" + dismiss).body()).contains("Motivo: spam");
    }

    @Test
    void refusalsWriteNothingAClosedCaseOrAnotherGroupsIsNamedAndAStrangerNeedsRegistering() throws Exception {
        String stranger = "Consulta de un desconocido " + TAG;
        String reply = "Sobre el caso cerrado " + TAG;
        EmailIntakeTest.send("desconocido-" + TAG + "@otro.example.invalid", stranger, "¿Me ayudan?", Map.of());
        steps.recordReply(reply, "Sigue fallando.");
        String unknownCode = "Sobre el caso REIO 1999-000123 " + TAG;
        EmailIntakeTest.send(EmailIntakeTest.email("funcion-publica", "mq-solicitante"), unknownCode, "¿Cómo va?", Map.of());
        assertThat(poller.poll(fp, mailbox).quarantined()).isEqualTo(3);
        assertThat(steps.page(FP, agentCookie, "/consola/correo/" + steps.idOf(unknownCode)).body())
                .contains("El código REIO 1999-000123 no corresponde a ningún caso de la entidad.");
        long strangerId = steps.idOf(stranger);
        long replyId = steps.idOf(reply);
        String agentId = api.personId(FP, agentToken);

        // An unknown sender: register them first; no case written.
        HttpResponse<String> r = steps.post(FP, agentCookie, agentCsrf, "/consola/correo/" + strangerId + "/crear", Map.of());
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body()).contains("id=\"mail-crear-error\">desconocido-" + TAG + "@otro.example.invalid no es una persona")
                .contains("href=\"/consola/registro/contacto\"");
        assertThat(steps.page(FP, agentCookie, "/consola/correo/" + strangerId).body()).contains(
                "El remitente no es una persona del directorio ni un contacto registrado.");
        assertThat(steps.row(strangerId).get(0)).isEqualTo("quarantined");

        // A closed case: refused with its state.
        JsonNode closed = json(api.create(FP, requesterToken, obj("service", "acceso-remoto", "template", "acceso-remoto",
                "title", "Cerrado " + TAG, "description", "d", "fields", obj("telefono-contacto", "601 555 0111"))));
        api.actOk(FP, agentToken, closed.get("id").asText(), obj("kind", "reassign", "group", "mesa-servicio-primer-nivel",
                "agentId", agentId, "note", "Lo tomo"));
        JsonNode done = api.actOk(FP, agentToken, closed.get("id").asText(), obj("kind", "firstLineSolution",
                "note", "Se reinició el cliente."));
        assertThat(done.at("/state/key").asText()).isEqualTo("cerrada");
        r = steps.post(FP, agentCookie, agentCsrf, "/consola/correo/" + replyId + "/agregar", Map.of("codigo", closed.get("code").asText()));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body()).contains("El caso " + closed.get("code").asText() + " está cerrado (estado «Cerrada» desde el");
        assertThat(json(api.get(FP, agentToken, closed.get("id").asText())).get("version").asInt())
                .isEqualTo(done.get("version").asInt());

        // A case of another group: this agent does not work it.
        String otherToken = api.agent("funcion-publica", "mq-agente-infra", "infraestructura-tecnologica");
        api.personId(FP, otherToken);
        String otherCookie = TestSessions.signIn(FP, "mq-agente-infra");
        JsonNode open = json(api.create(FP, requesterToken, obj("service", "acceso-remoto", "template", "acceso-remoto",
                "title", "Abierto " + TAG, "description", "d", "fields", obj("telefono-contacto", "601 555 0112"))));
        api.actOk(FP, agentToken, open.get("id").asText(), obj("kind", "reassign", "group", "mesa-servicio-primer-nivel",
                "agentId", agentId, "note", "Lo tomo"));
        r = steps.post(FP, otherCookie, steps.csrf(FP, otherCookie), "/consola/correo/" + replyId + "/agregar",
                Map.of("codigo", open.get("code").asText()));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body()).contains("Usted no atiende el caso " + open.get("code").asText());
        assertThat(steps.row(replyId).get(0)).isEqualTo("quarantined");
        assertThat(steps.row(replyId).get(2)).isNull();

        // An id that is not a number, or of no message: the not-found page.
        assertThat(steps.page(FP, agentCookie, "/consola/correo/abc").statusCode()).isEqualTo(404);
        assertThat(steps.post(FP, agentCookie, agentCsrf, "/consola/correo/999999999999/descartar", Map.of("motivo", "x"))
                .statusCode()).isEqualTo(404);
    }

    @Test
    void anotherEntityNeitherSeesCountsNorActsOnTheMailAndARequesterIsRefused() throws Exception {
        String subject = "Solo de Función Pública " + TAG;
        steps.recordReply(subject, "Privado.");
        poller.poll(fp, mailbox);
        long id = steps.idOf(subject);

        String psToken = api.agent("prosperidad-social", "mq-agente-ps", "soporte-primer-nivel");
        api.personId(PS, psToken);
        String psCookie = TestSessions.signIn(PS, "mq-agente-ps");
        String psCsrf = steps.csrf(PS, psCookie);
        assertThat(steps.page(PS, psCookie, "/consola/correo").body()).doesNotContain(subject);
        assertThat(steps.page(PS, psCookie, "/consola/correo/" + id).statusCode()).isEqualTo(404);
        for (String action : List.of("crear", "agregar", "descartar")) {
            HttpResponse<String> r = steps.post(PS, psCookie, psCsrf, "/consola/correo/" + id + "/" + action,
                    Map.of("codigo", "REIO 2026-000001", "motivo", "spam"));
            assertThat(r.statusCode()).as(action).isEqualTo(404);
        }
        assertThat(steps.apiList(PS, psToken).findValuesAsText("subject")).doesNotContain(subject);
        assertThat(steps.homeCount(PS, psCookie)).isEqualTo(steps.apiList(PS, psToken).size());
        assertThat(steps.row(id)).containsExactly("quarantined", null, null, null, null);

        // A requester of the same entity: the 403 page, and no list from the API.
        String requesterCookie = TestSessions.signIn(FP, "mq-solicitante");
        HttpResponse<String> r = steps.page(FP, requesterCookie, "/consola/correo");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("No tiene acceso a esta página");
        assertThat(api.send(FP, "GET", "/api/v1/mail/quarantine", requesterToken, null).statusCode()).isEqualTo(403);
    }
}
