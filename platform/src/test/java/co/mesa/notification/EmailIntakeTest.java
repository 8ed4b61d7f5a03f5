package co.mesa.notification;

import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.identity.Roles;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.TestMail;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Properties;

import static co.mesa.testsupport.CaseApi.FP;
import static co.mesa.testsupport.CaseApi.PS;
import static co.mesa.testsupport.CaseApi.json;
import static co.mesa.testsupport.CaseApi.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Email in, through GreenMail's real SMTP and IMAP servers: a requester's reply to an open
 * question is their answer, a participant's reply a comment, a stranger's quarantined, a message
 * without a code a new case; auto-replies ignored; nothing read twice; another tenant's case
 * never touched.
 */
@NeedsKeycloak
class EmailIntakeTest {

    static final String MAILBOX = "mesa-servicio@funcion-publica.example.invalid";
    static CaseApi api;
    static MailboxPoller poller;
    static TenantContext fp;
    static TenantConfig.Mailbox mailbox;

    @BeforeAll
    static void start() {
        api = new CaseApi();
        poller = api.platform().bean(MailboxPoller.class);
        fp = api.platform().bean(TenantRegistry.class).bySlug("funcion-publica").orElseThrow();
        mailbox = fp.config().settings().mailboxes().get(0);
    }

    static void send(String from, String subject, String body, Map<String, String> headers) throws Exception {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", String.valueOf(TestMail.get().smtpPort()));
        String fixedId = headers.get("Message-ID");
        MimeMessage m = new MimeMessage(Session.getInstance(p)) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                // Keep a given Message-ID: the test sends "the same message" again.
                if (fixedId == null) {
                    super.updateMessageID();
                } else {
                    setHeader("Message-ID", fixedId);
                }
            }
        };
        m.setFrom(new InternetAddress(from));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(MAILBOX));
        m.setSubject(subject, "UTF-8");
        m.setText(body, "UTF-8");
        for (Map.Entry<String, String> h : headers.entrySet()) {
            m.setHeader(h.getKey(), h.getValue());
        }
        Transport.send(m);
    }

    /** A message with a text part and attached files (name → [type, content]). */
    static void sendWithFiles(String from, String subject, String body, Map<String, String[]> files) throws Exception {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", String.valueOf(TestMail.get().smtpPort()));
        MimeMessage m = new MimeMessage(Session.getInstance(p));
        m.setFrom(new InternetAddress(from));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(MAILBOX));
        m.setSubject(subject, "UTF-8");
        jakarta.mail.internet.MimeMultipart mixed = new jakarta.mail.internet.MimeMultipart();
        jakarta.mail.internet.MimeBodyPart text = new jakarta.mail.internet.MimeBodyPart();
        text.setText(body, "UTF-8");
        mixed.addBodyPart(text);
        for (Map.Entry<String, String[]> f : files.entrySet()) {
            jakarta.mail.internet.MimeBodyPart part = new jakarta.mail.internet.MimeBodyPart();
            part.setDataHandler(new jakarta.activation.DataHandler(new jakarta.mail.util.ByteArrayDataSource(
                    f.getValue()[1].getBytes(java.nio.charset.StandardCharsets.UTF_8), f.getValue()[0])));
            part.setFileName(f.getKey());
            part.setDisposition(jakarta.mail.Part.ATTACHMENT);
            mixed.addBodyPart(part);
        }
        m.setContent(mixed);
        Transport.send(m);
    }

    static String email(String slug, String username) {
        return username + "@" + slug + ".example.invalid";
    }

    @Test
    void repliesBecomeAnswersOrCommentsStrangersAreQuarantinedAndNothingIsReadTwice() throws Exception {
        String requester = api.token("funcion-publica", "ei-solicitante", Roles.REQUESTER);
        String agent = api.agent("funcion-publica", "ei-agente", "mesa-servicio-primer-nivel");
        api.token("funcion-publica", "ei-extrano", Roles.REQUESTER);
        api.personId(FP, api.token("funcion-publica", "ei-extrano", Roles.REQUESTER));
        HttpResponse<String> r = api.create(FP, requester, obj("service", "acceso-remoto", "template", "acceso-remoto",
                "title", "Respuesta por correo", "description", "d", "fields", obj("telefono-contacto", "601 555 0109")));
        JsonNode c = json(r);
        String id = c.get("id").asText();
        String code = c.get("code").asText();
        api.actOk(FP, agent, id, obj("kind", "reassign", "group", "mesa-servicio-primer-nivel",
                "agentId", api.personId(FP, agent), "note", "Lo tomo"));
        api.actOk(FP, agent, id, obj("kind", "question", "note", "¿Desde qué equipo se conecta?"));
        poller.poll(fp, mailbox); // whatever earlier tests left

        // The requester answers by mail, the code in the subject (002 §14.3).
        send(email("funcion-publica", "ei-solicitante"), "RE: [" + code + "] Pregunta sobre su caso", "Desde el portátil.", Map.of());
        // A stranger writes about the same case; an auto-reply arrives.
        send(email("funcion-publica", "ei-extrano"), "Sobre " + code, "¿Ya está listo?", Map.of());
        send(email("funcion-publica", "ei-solicitante"), "Fuera de la oficina: " + code, "Vuelvo el lunes.",
                Map.of("Auto-Submitted", "auto-replied"));
        MailboxPoller.Round round = poller.poll(fp, mailbox);
        assertThat(round.read()).isEqualTo(3);
        assertThat(round.ignored()).isEqualTo(1);
        assertThat(round.quarantined()).isEqualTo(1);
        JsonNode quarantine = json(api.send(FP, "GET", "/api/v1/mail/quarantine", agent, null));
        assertThat(quarantine.get(0).get("sender").asText()).isEqualTo(email("funcion-publica", "ei-extrano"));
        assertThat(quarantine.get(0).get("reason").asText()).isEqualTo("not-a-participant");
        // Another entity's agents do not see it.
        String psAgent = api.agent("prosperidad-social", "ei-agente-ps", "soporte-primer-nivel");
        assertThat(json(api.send(PS, "GET", "/api/v1/mail/quarantine", psAgent, null)).findValuesAsText("sender"))
                .doesNotContain(email("funcion-publica", "ei-extrano"));
        JsonNode after = json(api.get(FP, agent, id));
        assertThat(after.at("/substate/key").asText()).isEqualTo("con-respuesta-del-usuario");
        JsonNode last = after.get("events").get(after.get("events").size() - 1);
        assertThat(last.get("kind").asText()).isEqualTo("answer");
        assertThat(last.get("note").asText()).isEqualTo("Desde el portátil.");
        int version = after.get("version").asInt();

        // The participant's later mail is a comment; reading again changes nothing.
        send(email("funcion-publica", "ei-solicitante"), "Otra cosa sobre " + code.toLowerCase(), "También falla el correo.", Map.of());
        assertThat(poller.poll(fp, mailbox).read()).isEqualTo(1);
        assertThat(poller.poll(fp, mailbox).read()).isZero();
        after = json(api.get(FP, agent, id));
        assertThat(after.get("version").asInt()).isEqualTo(version + 1);
        assertThat(after.get("events").get(after.get("events").size() - 1).get("kind").asText()).isEqualTo("emailComment");
    }

    @Test
    void aReplyToAProblemsOrChangesMailIsQuarantinedNotANewCase() throws Exception {
        String requester = api.token("funcion-publica", "ei-registro", Roles.REQUESTER);
        api.personId(FP, requester);
        poller.poll(fp, mailbox);
        String from = email("funcion-publica", "ei-registro");
        // Record mail threads on <record.{id}@…> (notification.RecordMail); a mail client replies with it.
        send(from, "RE: Problema de impresión en el piso 3", "Ya reinicié el servidor de impresión.",
                Map.of("In-Reply-To", "<mesa.41.abc@funcion-publica.example.invalid>",
                        "References", "<record." + java.util.UUID.randomUUID() + "@funcion-publica.example.invalid>"));
        MailboxPoller.Round round = poller.poll(fp, mailbox);
        assertThat(round.read()).isEqualTo(1);
        assertThat(round.quarantined()).isEqualTo(1);
        assertThat(json(api.send(FP, "GET", "/api/v1/me/cases?q=impresi%C3%B3n", requester, null)).get("items")).isEmpty();
        String agent = api.agent("funcion-publica", "ei-agente-registro", "mesa-servicio-primer-nivel");
        JsonNode quarantine = json(api.send(FP, "GET", "/api/v1/mail/quarantine", agent, null));
        assertThat(quarantine.findValuesAsText("reason")).contains("record-reply");
        assertThat(quarantine.findValuesAsText("sender")).contains(from);
    }

    @Test
    void aMessageWithoutACodeOpensACaseAndAnotherTenantsCodeTouchesNothing() throws Exception {
        String requester = api.token("funcion-publica", "ei-nuevo", Roles.REQUESTER);
        api.personId(FP, requester);
        String psRequester = api.token("prosperidad-social", "ei-ps", Roles.REQUESTER);
        JsonNode psCase = json(api.create(PS, psRequester, obj("service", "gestion-incidentes-requerimientos",
                "template", "falla-equipo", "title", "Caso de la otra entidad", "description", "d")));
        poller.poll(fp, mailbox);
        sendWithFiles(email("funcion-publica", "ei-nuevo"), "No abre Excel " + psCase.get("code").asText(),
                "Desde esta mañana Excel se cierra solo.", Map.of(
                        "pantallazo.pdf", new String[] {"application/pdf", "%PDF-1.4 pantallazo"},
                        "programa.exe", new String[] {"application/x-msdownload", "MZ"}));
        MailboxPoller.Round round = poller.poll(fp, mailbox);
        assertThat(round.read()).isEqualTo(1);
        JsonNode mine = json(api.send(FP, "GET", "/api/v1/me/cases?q=Excel", requester, null));
        assertThat(mine.get("items")).hasSize(1);
        JsonNode created = json(api.get(FP, requester, mine.at("/items/0/id").asText()));
        assertThat(created.get("origin").asText()).isEqualTo("email");
        assertThat(created.at("/service/key").asText()).isEqualTo("software-ofimatica");
        assertThat(created.get("description").asText()).contains("Excel se cierra solo");
        // The PDF came along; the executable, outside the entity's types, did not.
        assertThat(created.get("attachments")).hasSize(1);
        assertThat(created.at("/attachments/0/fileName").asText()).isEqualTo("pantallazo.pdf");
        // Prosperidad Social's case, whose code was in the subject, is untouched.
        assertThat(json(api.get(PS, psRequester, psCase.get("id").asText())).get("version").asInt())
                .isEqualTo(psCase.get("version").asInt());
    }

    @Test
    void aLostConnectionOrARenumberedMailboxLosesNothingAndReadsNothingTwice() throws Exception {
        String requester = api.token("funcion-publica", "ei-reconecta", Roles.REQUESTER);
        api.personId(FP, requester);
        poller.poll(fp, mailbox);
        Map<String, String> sameId = Map.of("Message-ID", "<reenviado-" + java.util.UUID.randomUUID() + "@correo.example.invalid>");
        send(email("funcion-publica", "ei-reconecta"), "Impresora sin tóner", "La impresora del piso 3.", sameId);
        assertThat(poller.poll(fp, mailbox).read()).isEqualTo(1);
        TestMail.get().stop();
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> poller.poll(fp, mailbox))
                    .isInstanceOf(jakarta.mail.MessagingException.class);
        } finally {
            TestMail.get().start();
        }
        // The server came back renumbered (new UIDVALIDITY) and still holds the old message.
        send(email("funcion-publica", "ei-reconecta"), "Impresora sin tóner", "La impresora del piso 3.", sameId);
        send(email("funcion-publica", "ei-reconecta"), "Escáner sin red", "El escáner no aparece en la red.", Map.of());
        MailboxPoller.Round round = poller.poll(fp, mailbox);
        assertThat(round.read()).as("both read; the first one is known by its Message-ID").isEqualTo(2);
        JsonNode mine = json(api.send(FP, "GET", "/api/v1/me/cases", requester, null));
        java.util.List<String> titles = mine.get("items").findValuesAsText("title");
        assertThat(titles).containsExactlyInAnyOrder("Impresora sin tóner", "Escáner sin red");
    }
}
