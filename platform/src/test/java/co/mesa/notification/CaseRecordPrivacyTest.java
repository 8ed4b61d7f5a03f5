package co.mesa.notification;

import co.mesa.identity.Roles;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestMail;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static co.mesa.testsupport.CaseApi.FP;
import static co.mesa.testsupport.CaseApi.PS;
import static co.mesa.testsupport.CaseApi.json;
import static co.mesa.testsupport.CaseApi.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Notificar" and the case record's PDF keep to what the requester may see (issue 16): the PDF and
 * mail to anyone who is not an agent of the entity carry no internal note and no internal file's
 * name; only an all-agents recipient list may ask for internal events (else 422, nothing recorded);
 * it works on closed and rejected cases; the record is a formal document (embedded font, logo, page
 * numbers, both languages); no other entity's agent can notify or download it. Every person here is
 * this class's own ("rec-…"), every assertion reads what was sent to them.
 */
@NeedsKeycloak
class CaseRecordPrivacyTest {

    static final String SECRET_NOTE = "Nota interna: la contraseña del servidor es la de siempre";
    static final String SECRET_FILE = "diagnostico-interno-confidencial.pdf";
    static final String PUBLIC_NOTE = "Le enviamos el instructivo para configurar la VPN.";
    static final String PUBLIC_FILE = "instructivo-vpn-publico.pdf";

    static CaseApi api;
    static TestMail mail;
    static OutboxDispatcher dispatcher;
    static TenantContext fp;

    static String requester;
    static String agent;
    static String colleague;

    @BeforeAll
    static void start() {
        api = new CaseApi();
        mail = TestMail.get();
        dispatcher = api.platform().bean(OutboxDispatcher.class);
        fp = api.platform().bean(TenantRegistry.class).bySlug("funcion-publica").orElseThrow();
        requester = api.token("funcion-publica", "rec-solicitante", Roles.REQUESTER);
        agent = api.agent("funcion-publica", "rec-agente", "mesa-servicio-primer-nivel");
        colleague = api.agent("funcion-publica", "rec-colega", "mesa-servicio-primer-nivel");
        // Each is in the entity's directory (with an address) once the platform has seen them.
        api.personId(FP, requester);
        api.personId(FP, colleague);
    }

    static String email(String username) {
        return username + "@funcion-publica.example.invalid";
    }

    /** A case of this class's requester, worked by this class's agent, with one internal and one published action with files. */
    static JsonNode workedCase(String title) {
        HttpResponse<String> filed = api.create(FP, requester, obj("service", "acceso-remoto", "template", "acceso-remoto",
                "title", title, "description", "No puedo entrar a la VPN desde la casa.",
                "fields", obj("telefono-contacto", "601 555 0177")));
        assertThat(filed.statusCode()).as(filed.body()).isEqualTo(201);
        String id = json(filed).get("id").asText();
        api.actOk(FP, agent, id, obj("kind", "reassign", "group", "mesa-servicio-primer-nivel",
                "agentId", api.personId(FP, agent), "note", "Lo tomo yo"));
        String internalFile = upload(agent, SECRET_FILE);
        api.actOk(FP, agent, id, obj("kind", "internalNote", "note", SECRET_NOTE, "attachments", List.of(internalFile)));
        String publicFile = upload(agent, PUBLIC_FILE);
        return api.actOk(FP, agent, id, obj("kind", "publishedAction", "note", PUBLIC_NOTE, "attachments", List.of(publicFile)));
    }

    static String upload(String token, String name) {
        HttpRequest r = api.platform().request(FP, "/api/v1/attachments?name=" + name)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/pdf")
                .POST(HttpRequest.BodyPublishers.ofString("%PDF-1.4 " + name)).build();
        HttpResponse<String> up = api.platform().send(r);
        assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
        return json(up).get("id").asText();
    }

    static HttpResponse<String> notify(String token, String caseId, Object body) {
        String etag = api.get(FP, token, caseId).headers().firstValue("ETag").orElseThrow();
        return api.send(FP, "POST", "/api/v1/cases/" + caseId + "/notify", token, body, "If-Match", etag);
    }

    static void drain() {
        while (dispatcher.dispatch(fp, Instant.now()) > 0) {
            // next round
        }
    }

    /** The one message with this subject sent to {@code address}. */
    static MimeMessage only(String address, String subjectPart) throws Exception {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage m : mail.to(address)) {
            if (m.getSubject().contains(subjectPart)) {
                found.add(m);
            }
        }
        assertThat(found).as("mail to %s about %s", address, subjectPart).hasSize(1);
        return found.get(0);
    }

    static String textOf(MimeMessage m) throws Exception {
        StringBuilder b = new StringBuilder();
        collectText(m.getContent(), b);
        return b.toString();
    }

    private static void collectText(Object content, StringBuilder b) throws Exception {
        if (content instanceof Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart part = mp.getBodyPart(i);
                if (part.getContentType().startsWith("application/pdf")) {
                    continue;
                }
                collectText(part.getContent(), b);
            }
        } else if (content instanceof String s) {
            b.append(s).append('\n');
        }
    }

    static byte[] pdfOf(MimeMessage m) throws Exception {
        Multipart mixed = (Multipart) m.getContent();
        for (int i = 0; i < mixed.getCount(); i++) {
            if (mixed.getBodyPart(i).getContentType().startsWith("application/pdf")) {
                return mixed.getBodyPart(i).getInputStream().readAllBytes();
            }
        }
        throw new AssertionError("no PDF in the mail " + m.getSubject());
    }

    static String text(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc);
        }
    }

    @Test
    void theRequestersPdfAndMailCarryNothingInternalWhileAnAllAgentsListMayAskForIt() throws Exception {
        JsonNode c = workedCase("VPN sin acceso, registro para el solicitante");
        String id = c.get("id").asText();
        String code = c.get("code").asText();
        String outsider = "auditoria-rec@externo.example.invalid";

        // To the requester and an outside address: the safe record, whatever the agent would like.
        HttpResponse<String> sent = notify(agent, id, obj("to", List.of(email("rec-solicitante"), outsider),
                "subject", "Registro para el solicitante", "message", "Adjuntamos el registro de su caso.", "includePdf", true));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);

        // Internal events to a list that is not all agents: refused with the addresses to remove, nothing recorded.
        int version = json(api.get(FP, agent, id)).get("version").asInt();
        HttpResponse<String> mixed = notify(agent, id, obj("to", List.of(email("rec-colega"), email("rec-solicitante")),
                "subject", "Mezcla", "message", "No debe salir.", "includePdf", true, "includeInternal", true));
        assertThat(mixed.statusCode()).as(mixed.body()).isEqualTo(422);
        assertThat(mixed.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = json(mixed).get("invalidParams").get(0);
        assertThat(problem.get("name").asText()).isEqualTo("includeInternal");
        assertThat(problem.get("reason").asText()).contains(email("rec-solicitante")).doesNotContain(email("rec-colega"));
        // Internal events without the PDF that would carry them: refused too.
        HttpResponse<String> noPdf = notify(agent, id, obj("to", List.of(email("rec-colega")),
                "subject", "Sin PDF", "message", "No debe salir.", "includeInternal", true));
        assertThat(noPdf.statusCode()).as(noPdf.body()).isEqualTo(422);
        assertThat(json(api.get(FP, agent, id)).get("version").asInt()).as("a refused Notificar records nothing").isEqualTo(version);

        // Every recipient an agent of the entity: the agent may include internal events.
        HttpResponse<String> internal = notify(agent, id, obj("to", List.of(email("rec-colega")),
                "subject", "Registro interno para el equipo", "message", "Para revisar en el comité.",
                "includePdf", true, "includeInternal", true));
        assertThat(internal.statusCode()).as(internal.body()).isEqualTo(200);
        drain();
        assertThat(mail.all().stream().filter(m -> {
            try {
                return m.getSubject().contains("Mezcla") || m.getSubject().contains("Sin PDF");
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        })).as("the refused requests sent nothing").isEmpty();

        for (String address : List.of(email("rec-solicitante"), outsider)) {
            MimeMessage m = only(address, "Registro para el solicitante");
            assertThat(textOf(m)).contains("Adjuntamos el registro de su caso.").doesNotContain(SECRET_NOTE)
                    .doesNotContain(SECRET_FILE).doesNotContain("Lo tomo yo");
            String pdf = text(pdfOf(m));
            assertThat(pdf).as("the record for %s", address)
                    .contains(code).contains(PUBLIC_NOTE).contains(PUBLIC_FILE)
                    .contains("Contiene lo que el solicitante ve en el portal")
                    .doesNotContain(SECRET_NOTE).doesNotContain("contraseña del servidor").doesNotContain(SECRET_FILE)
                    .doesNotContain("Lo tomo yo").doesNotContain("(interno)").doesNotContain("Registro interno")
                    // The portal names no group or agent, and neither does the requester's record.
                    .doesNotContain("Agente asignado").doesNotContain("Mesa de Servicio Primer Nivel");
        }
        String inside = text(pdfOf(only(email("rec-colega"), "Registro interno para el equipo")));
        assertThat(inside).contains("Registro interno").contains(SECRET_NOTE).contains(SECRET_FILE)
                .contains("Lo tomo yo").contains("(interno)").contains(PUBLIC_NOTE).contains(PUBLIC_FILE)
                .contains("Agente asignado");
        // The case logs both sendings, with what was asked.
        JsonNode events = json(api.get(FP, agent, id)).get("events");
        List<JsonNode> notifies = new ArrayList<>();
        events.forEach(e -> {
            if (e.get("kind").asText().equals("notify")) {
                notifies.add(e);
            }
        });
        assertThat(notifies).hasSize(2);
        assertThat(notifies.get(0).at("/data/includeInternal").asBoolean()).isFalse();
        assertThat(notifies.get(1).at("/data/includeInternal").asBoolean()).isTrue();
    }

    @Test
    void anInternalEventsNoteReachesAgentsButNeverTheRequesterByMail() throws Exception {
        HttpResponse<String> filed = api.create(FP, requester, obj("service", "acceso-remoto", "template", "acceso-remoto",
                "title", "Reasignación con nota interna", "description", "d", "fields", obj("telefono-contacto", "601 555 0178")));
        assertThat(filed.statusCode()).as(filed.body()).isEqualTo(201);
        String id = json(filed).get("id").asText();
        String code = json(filed).get("code").asText();
        // An unpublished action with a note: the desk's words, not the requester's. (First to the colleague,
        // so that the second reassignment certainly changes the assignee and mails them.)
        api.actOk(FP, colleague, id, obj("kind", "reassign", "group", "mesa-servicio-primer-nivel",
                "agentId", api.personId(FP, colleague), "note", "Primero a un colega"));
        JsonNode a = api.actOk(FP, colleague, id, obj("kind", "reassign", "group", "mesa-servicio-primer-nivel",
                "agentId", api.personId(FP, agent), "note", SECRET_NOTE));
        int version = a.get("version").asInt();
        // The mail of that event, to the recipients an administrator may configure for it (settings.yaml
        // notifications.recipients): the requester as well as the assignee.
        co.mesa.shared.TenantTransactions tx = api.platform().bean(co.mesa.shared.TenantTransactions.class);
        co.mesa.ticket.internal.CaseStore cases = api.platform().bean(co.mesa.ticket.internal.CaseStore.class);
        tx.write(fp.id(), c -> {
            cases.emit(c, fp.id(), "caseAssigned", UUID.fromString(id), java.util.Map.of("version", version,
                    "recipients", List.of("requester", "assignee")), id + ":" + version + ":rec-test", Instant.now());
            return null;
        });
        drain();
        String subject = "Caso " + code + " asignado";
        // The assignee (an agent) has this one and the event's own assignment mail: both carry the note
        // (routing may have mailed them an earlier assignment, without it).
        List<String> toAgent = new ArrayList<>();
        for (MimeMessage m : mail.to(email("rec-agente"))) {
            if (m.getSubject().contains(subject)) {
                toAgent.add(textOf(m));
            }
        }
        assertThat(toAgent.stream().filter(t -> t.contains(SECRET_NOTE))).as("the assignee, an agent").hasSize(2);
        assertThat(textOf(only(email("rec-solicitante"), subject))).as("the requester").doesNotContain(SECRET_NOTE)
                .contains(code);
        // The portal hides that event too: the mail says no more than the page.
        assertThat(json(api.get(FP, requester, id)).toString()).doesNotContain(SECRET_NOTE);
    }

    @Test
    void notificarWorksOnClosedAndRejectedCases() throws Exception {
        JsonNode toClose = workedCase("Caso que se cierra y se notifica");
        String closedId = toClose.get("id").asText();
        JsonNode closed = api.actOk(FP, agent, closedId, obj("kind", "firstLineSolution",
                "note", "Se indicó usar FortiClient con el usuario de red."));
        assertThat(closed.at("/state/key").asText()).isEqualTo("cerrada");
        JsonNode toReject = workedCase("Caso que se rechaza y se notifica");
        String rejectedId = toReject.get("id").asText();
        JsonNode rejected = api.actOk(FP, agent, rejectedId, obj("kind", "reject", "note", "No corresponde a la mesa de servicio."));
        assertThat(rejected.at("/state/key").asText()).isEqualTo("rechazada");

        for (JsonNode c : List.of(closed, rejected)) {
            String subject = "Evidencia " + c.get("code").asText();
            HttpResponse<String> r = notify(agent, c.get("id").asText(), obj("to", List.of(email("rec-solicitante")),
                    "subject", subject, "message", "Registro del caso terminado.", "includePdf", true));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        drain();
        String closedPdf = text(pdfOf(only(email("rec-solicitante"), "Evidencia " + closed.get("code").asText())));
        assertThat(closedPdf).contains("Estado").contains("Cerrada").contains("Cerrado")
                .contains("Se indicó usar FortiClient").doesNotContain(SECRET_NOTE);
        String rejectedPdf = text(pdfOf(only(email("rec-solicitante"), "Evidencia " + rejected.get("code").asText())));
        assertThat(rejectedPdf).contains("Rechazada").contains("No corresponde a la mesa de servicio.")
                .doesNotContain(SECRET_NOTE);
        // The console offers "Notificar" on an ended case as well.
        assertThat(json(api.get(FP, agent, closedId)).at("/state/phase").asText()).isEqualTo("CLOSED");
    }

    @Test
    void theRecordIsAFormalDocumentInBothLanguages() throws Exception {
        String title = "Señal débil: ¿por qué falla la conexión? ¡Urgente! (pingüino)";
        HttpResponse<String> filed = api.create(FP, requester, obj("service", "acceso-remoto", "template", "acceso-remoto",
                "title", title, "description", "Línea 1 con acentos: áéíóú ÁÉÍÓÚ ñÑ üÜ «comillas».",
                "fields", obj("telefono-contacto", "601 555 0179")));
        assertThat(filed.statusCode()).as(filed.body()).isEqualTo(201);
        String id = json(filed).get("id").asText();
        String code = json(filed).get("code").asText();

        byte[] es = downloadOk(requester, id, "", "es-CO");
        // Kept beside the pages' screenshots, for the guides and for a person to look at.
        java.nio.file.Path shots = java.nio.file.Path.of("target", "screenshots");
        java.nio.file.Files.createDirectories(shots);
        java.nio.file.Files.write(shots.resolve("registro-del-caso.pdf"), es);
        try (PDDocument doc = Loader.loadPDF(es)) {
            javax.imageio.ImageIO.write(new org.apache.pdfbox.rendering.PDFRenderer(doc).renderImageWithDPI(0, 80),
                    "png", shots.resolve("registro-del-caso.png").toFile());
        }
        String text = text(es);
        assertThat(text).contains(title).contains("áéíóú ÁÉÍÓÚ ñÑ üÜ «comillas»")
                .contains("Departamento Administrativo de la Función Pública").contains("Registro del caso " + code)
                .contains("Datos del caso").contains("Acuerdo de nivel de servicio (ANS)").contains("Primera respuesta")
                .contains("Objetivo").contains("Historial").contains("Registro del caso")
                .containsPattern("Generado el \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} \\(hora de America/Bogota\\)")
                .containsPattern("Página 1 de \\d+")
                .doesNotContain("\\(")
                .doesNotContain("Page 1 of");
        try (PDDocument doc = Loader.loadPDF(es)) {
            assertThat(doc.getDocumentInformation().getTitle()).isEqualTo("Caso " + code);
            PDPage first = doc.getPage(0);
            List<PDFont> fonts = new ArrayList<>();
            PDResources res = first.getResources();
            for (COSName n : res.getFontNames()) {
                fonts.add(res.getFont(n));
            }
            assertThat(fonts).isNotEmpty().allSatisfy(f -> assertThat(f.isEmbedded()).as(f.getName()).isTrue());
            List<PDImageXObject> images = new ArrayList<>();
            for (COSName n : res.getXObjectNames()) {
                if (res.getXObject(n) instanceof PDImageXObject img) {
                    images.add(img);
                }
            }
            assertThat(images).as("the entity's logo in the header").hasSize(1);
            assertThat(images.get(0).getHeight()).isGreaterThanOrEqualTo(100);
        }

        String en = text(downloadOk(requester, id, "", "en"));
        assertThat(en).contains(title).contains("Record of case " + code).contains("Case data")
                .contains("Service level agreement (SLA)").contains("First response").contains("History")
                .containsPattern("Page 1 of \\d+").contains("Produced on")
                .doesNotContain("Datos del caso").doesNotContain("Página");
    }

    @Test
    void noOtherEntityNorAnyoneElseCanNotifyOrDownloadTheRecord() {
        JsonNode c = workedCase("Caso que otra entidad no ve");
        String id = c.get("id").asText();
        // Agents of no group: they join no routing rotation, so other classes' cases never go to them.
        String psAgent = api.token("prosperidad-social", "rec-agente-ps", Roles.REQUESTER, Roles.AGENT);
        String stranger = api.token("funcion-publica", "rec-otro-solicitante", Roles.REQUESTER);
        String otherAgent = api.token("funcion-publica", "rec-agente-sin-grupo", Roles.REQUESTER, Roles.AGENT);
        Object body = obj("to", List.of("x-rec@externo.example.invalid"), "subject", "s", "message", "m", "includePdf", true);

        // Another entity's agent: its token is not trusted on this host, and on its own host the case does not exist.
        assertThat(api.send(FP, "POST", "/api/v1/cases/" + id + "/notify", psAgent, body, "If-Match", "\"1\"").statusCode())
                .isEqualTo(401);
        assertThat(api.send(PS, "POST", "/api/v1/cases/" + id + "/notify", psAgent, body, "If-Match", "\"1\"").statusCode())
                .isEqualTo(404);
        assertThat(download(psAgent, PS, id, "").statusCode()).isEqualTo(404);
        assertThat(download(psAgent, FP, id, "").statusCode()).isEqualTo(401);
        // In the entity: someone else's requester and an agent of another group see nothing.
        assertThat(download(stranger, FP, id, "").statusCode()).isEqualTo(404);
        assertThat(download(otherAgent, FP, id, "?internal=true").statusCode()).isEqualTo(404);
        assertThat(api.send(FP, "POST", "/api/v1/cases/" + id + "/notify", otherAgent, body, "If-Match",
                "\"" + c.get("version").asInt() + "\"").statusCode()).isEqualTo(404);
        // The case's requester gets the requester's record, never the internal one.
        HttpResponse<byte[]> own = download(requester, FP, id, "");
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.headers().firstValue("Content-Type").orElse("")).startsWith("application/pdf");
        assertThat(new String(own.body(), StandardCharsets.ISO_8859_1)).startsWith("%PDF-");
        HttpResponse<byte[]> refused = download(requester, FP, id, "?internal=true");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        // The case's agent gets both.
        assertThat(download(agent, FP, id, "?internal=true").statusCode()).isEqualTo(200);
        // An id that is not one, and an unknown case: 404, not 500.
        assertThat(download(agent, FP, "no-es-un-id", "").statusCode()).isEqualTo(404);
        assertThat(download(agent, FP, UUID.randomUUID().toString(), "").statusCode()).isEqualTo(404);
    }

    static byte[] downloadOk(String token, String id, String query, String language) throws IOException {
        HttpResponse<byte[]> r = api.platform().sendBytes(api.platform().request(FP, "/api/v1/cases/" + id + "/record.pdf" + query)
                .header("Authorization", "Bearer " + token).header("Accept-Language", language).GET().build());
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return r.body();
    }

    static HttpResponse<byte[]> download(String token, String host, String id, String query) {
        return api.platform().sendBytes(api.platform().request(host, "/api/v1/cases/" + id + "/record.pdf" + query)
                .header("Authorization", "Bearer " + token).GET().build());
    }
}
