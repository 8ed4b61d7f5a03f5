package co.mesa.notification;

import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.identity.Roles;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.TestMail;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static co.mesa.testsupport.CaseApi.FP;
import static co.mesa.testsupport.CaseApi.PS;
import static co.mesa.testsupport.CaseApi.json;
import static co.mesa.testsupport.CaseApi.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox delivered as email through GreenMail's real SMTP server: each event's message to the
 * tenant's recipients (informed users by their flags) with the code and links, one thread per
 * case, nothing twice across rounds and an SMTP outage, and the dead-letter list with its retry.
 */
@NeedsKeycloak
class NotificationTest {

    static CaseApi api;
    static TestMail mail;
    static OutboxDispatcher dispatcher;
    static TenantContext fp;
    static TenantContext ps;

    @BeforeAll
    static void start() {
        api = new CaseApi();
        mail = TestMail.get();
        dispatcher = api.platform().bean(OutboxDispatcher.class);
        fp = api.platform().bean(TenantRegistry.class).bySlug("funcion-publica").orElseThrow();
        ps = api.platform().bean(TenantRegistry.class).bySlug("prosperidad-social").orElseThrow();
    }

    /** Delivers everything due now (other classes' entries too), round after round. */
    static void drain(TenantContext tenant, Instant now) {
        while (dispatcher.dispatch(tenant, now) > 0) {
            // next round
        }
    }

    static String email(String slug, String username) {
        return username + "@" + slug + ".example.invalid";
    }

    static List<String> subjects(String address) {
        List<String> out = new ArrayList<>();
        for (MimeMessage m : mail.to(address)) {
            try {
                out.add(m.getSubject());
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    static String body(MimeMessage m) throws Exception {
        Object content = m.getContent();
        if (content instanceof jakarta.mail.Multipart mp) {
            return String.valueOf(mp.getBodyPart(0).getContent());
        }
        return String.valueOf(content);
    }

    static int attempts(String caseId, String topic) {
        return api.platform().bean(co.mesa.shared.TenantTransactions.class).read(fp.id(), c -> {
            try (var st = c.prepareStatement("SELECT attempts FROM outbox WHERE case_id = ? AND topic = ?")) {
                st.setObject(1, java.util.UUID.fromString(caseId));
                st.setString(2, topic);
                try (var rs = st.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    @Test
    void funcionPublicaLifecycleSendsEachEventsMailToItsRecipientsInOneThread() throws Exception {
        String requester = api.token("funcion-publica", "nt-solicitante", Roles.REQUESTER);
        String informed = api.token("funcion-publica", "nt-informada", Roles.REQUESTER);
        String agent = api.agent("funcion-publica", "nt-agente", "mesa-servicio-primer-nivel");
        String agentId = api.personId(FP, agent);
        String informedId = api.personId(FP, informed);
        HttpResponse<String> r = api.create(FP, requester, obj("service", "acceso-remoto", "template", "acceso-remoto",
                "title", "Correo del ciclo", "description", "d", "fields", obj("telefono-contacto", "601 555 0107"),
                "informed", List.of(obj("personId", informedId, "creation", true, "actions", false,
                        "resolution", true, "closure", false))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode c = json(r);
        String id = c.get("id").asText();
        String code = c.get("code").asText();
        api.actOk(FP, agent, id, obj("kind", "reassign", "group", "mesa-servicio-primer-nivel", "agentId", agentId,
                "note", "Lo atiendo yo"));
        api.actOk(FP, agent, id, obj("kind", "question", "note", "¿Qué mensaje de error aparece?"));
        api.actOk(FP, requester, id, obj("kind", "answer", "note", "Credencial inválida."));
        api.actOk(FP, agent, id, obj("kind", "signSolution", "note", "Se restableció la credencial."));
        api.actOk(FP, requester, id, obj("kind", "confirmSolution"));
        drain(fp, Instant.now());

        String req = email("funcion-publica", "nt-solicitante");
        assertThat(subjects(req)).containsExactly("[" + code + "] Recibimos su caso " + code,
                "[" + code + "] Pregunta sobre su caso " + code, "[" + code + "] Solución de su caso " + code,
                "[" + code + "] Encuesta de satisfacción sobre su caso " + code, "[" + code + "] Caso " + code + " cerrado");
        assertThat(subjects(email("funcion-publica", "nt-agente"))).contains("[" + code + "] Caso " + code + " asignado a usted",
                "[" + code + "] El usuario respondió en el caso " + code);
        // The informed user asked for creation and resolution only.
        assertThat(subjects(email("funcion-publica", "nt-informada"))).containsExactly(
                "[" + code + "] Recibimos su caso " + code, "[" + code + "] Solución de su caso " + code);

        List<MimeMessage> toRequester = mail.to(req);
        String question = body(toRequester.get(1));
        assertThat(question).contains("¿Qué mensaje de error aparece?").contains(code)
                .contains("http://funcion-publica.localhost/casos/" + id);
        // Función Pública reads its mailbox: its mails invite replies that keep the code (002 §15.1).
        assertThat(question).contains("o contestando este correo").contains("conserve el código " + code)
                .doesNotContain("No responda este correo");
        String solution = body(toRequester.get(2));
        assertThat(solution).contains("?accion=confirmar").contains("?accion=rechazar").contains("Se restableció la credencial.");
        // One thread per case, each message its own id, sent by the entity's no-reply with its reply-to.
        Set<String> ids = new HashSet<>();
        for (MimeMessage m : toRequester) {
            assertThat(m.getHeader("References")[0]).isEqualTo("<case." + id + "@funcion-publica.example.invalid>");
            assertThat(m.getHeader("Auto-Submitted")[0]).isEqualTo("auto-generated");
            assertThat(m.getFrom()[0].toString()).contains("no-reply@funcion-publica.example.invalid");
            assertThat(m.getReplyTo()[0].toString()).isEqualTo("mesa-servicio@funcion-publica.example.invalid");
            ids.add(m.getMessageID());
        }
        assertThat(ids).hasSize(toRequester.size());
        // Another round sends nothing again.
        drain(fp, Instant.now().plusSeconds(3600));
        assertThat(mail.to(req)).hasSameSizeAs(toRequester);
    }

    @Test
    void notificarSendsTheAgentsMessageWithTheRecordsPdfAndLogsItOnTheCase() throws Exception {
        String requester = api.token("funcion-publica", "nt-notif", List.of("jefes-area-secretarias"), Roles.REQUESTER);
        String agent = api.agent("funcion-publica", "nt-agente", "mesa-servicio-primer-nivel");
        HttpResponse<String> filed = api.create(FP, requester, obj("service", "cuentas-usuario",
                "template", "novedad-cuenta-usuario", "title", "Caso para notificar", "description", "Descripción para el PDF",
                "fields", obj("tipo-novedad", "retiro", "nombre-colaborador", "Contratista de prueba",
                        "fecha-efectiva", "2026-12-01")));
        assertThat(filed.statusCode()).as(filed.body()).isEqualTo(201);
        JsonNode c = json(filed);
        String id = c.get("id").asText();
        api.actOk(FP, agent, id, obj("kind", "reassign", "group", "mesa-servicio-primer-nivel",
                "agentId", api.personId(FP, agent), "note", "Lo tomo"));
        String etag = api.get(FP, agent, id).headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> r = api.send(FP, "POST", "/api/v1/cases/" + id + "/notify", agent,
                obj("to", List.of("proveedor@externo.example.invalid"), "subject", "Solicitud de revisión",
                        "message", "Por favor revisen el concentrador VPN.", "includePdf", true), "If-Match", etag);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode event = json(r).get("events").get(json(r).get("events").size() - 1);
        assertThat(event.get("kind").asText()).isEqualTo("notify");
        assertThat(event.get("published").asBoolean()).isFalse();
        assertThat(api.send(FP, "POST", "/api/v1/cases/" + id + "/notify", agent,
                obj("to", List.of("no es correo"), "subject", "x", "message", "y"), "If-Match",
                "\"" + json(r).get("version").asInt() + "\"").statusCode()).isEqualTo(422);
        drain(fp, Instant.now());
        List<MimeMessage> got = mail.to("proveedor@externo.example.invalid");
        assertThat(got).hasSize(1);
        MimeMessage m = got.get(0);
        String code = c.get("code").asText();
        assertThat(m.getSubject()).isEqualTo("[" + code + "] Solicitud de revisión");
        jakarta.mail.Multipart mixed = (jakarta.mail.Multipart) m.getContent();
        jakarta.mail.BodyPart pdfPart = mixed.getBodyPart(1);
        assertThat(pdfPart.getContentType()).startsWith("application/pdf");
        byte[] pdf = pdfPart.getInputStream().readAllBytes();
        String priority = c.at("/priority/key").asText();
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
            // In the language of the message (the entity's, es-CO): the bundle's headings and the
            // entity's names for state, service, category, priority and group, never their keys.
            assertThat(doc.getDocumentInformation().getTitle()).isEqualTo("Caso " + code);
            // In the language of the message (the entity's, es-CO): the bundle's headings and the
            // entity's names for state, service, category and priority, never their keys. The address is
            // not an agent's: the requester's record, without the internal reassignment or the group.
            assertThat(text).contains("Registro del caso " + code).contains("Caso para notificar")
                    .contains("Estado Asignada")
                    .contains("Servicio Mesa de servicio primer nivel / Cuentas de usuario y contraseñas / Creación,")
                    .contains("modificación o retiro de cuenta")
                    .contains("Prioridad " + c.at("/priority/name").asText())
                    .contains("Notificado por ").contains("Descripción").contains("Descripción para el PDF")
                    .contains("Historial").contains("Registro del caso")
                    .doesNotContain("Reasignar").doesNotContain("Lo tomo").doesNotContain("(interno)")
                    .doesNotContain("Mesa de Servicio Primer Nivel")
                    .doesNotContain("asignada").doesNotContain("cuentas-usuario").doesNotContain("novedad-cuenta")
                    .doesNotContain("mesa-servicio-primer-nivel").doesNotContain(" " + priority + "\n")
                    .doesNotContain("reassign").doesNotContain("History");
            // The select field by its label and its option's label in the entity's language, not by keys.
            assertThat(text).contains("Tipo de novedad Retiro").contains("Nombre completo del colaborador").contains("Contratista de prueba")
                    .doesNotContain("tipo-novedad").doesNotContain(" retiro\n");
        }
        // The agents' record in English (a message written in English carries it so): the English
        // bundle and the entity's English names, internal events marked.
        String english = recordPdfText(fp, id, java.util.Locale.ENGLISH, co.mesa.ticket.CaseRecordPdf.Scope.INTERNAL);
        assertThat(english).contains("Record of case " + code).contains("State Assigned")
                .contains("User accounts and passwords / Account creation,")
                .contains("Group First-level Service Desk").contains("Notified by ").contains("Description")
                .contains("History").contains("Case filed").contains("Reassign").contains("Lo tomo").contains("(internal)")
                .contains("Type of change Removal")
                .doesNotContain("Estado").doesNotContain("Historial").doesNotContain("Descripción\n")
                .doesNotContain("(interno)").doesNotContain("novedad-cuenta").doesNotContain("mesa-servicio-primer-nivel");
        // Another entity has no such case: no PDF of it.
        java.util.Optional<byte[]> elsewhere = api.platform().bean(co.mesa.shared.TenantTransactions.class).read(ps.id(),
                tx -> api.platform().bean(co.mesa.ticket.CaseRecordPdf.class).render(tx, ps, java.util.UUID.fromString(id),
                        java.util.Locale.ENGLISH, co.mesa.ticket.CaseRecordPdf.Scope.INTERNAL));
        assertThat(elsewhere).isEmpty();
    }

    /** The record's PDF as the dispatcher renders it for a message in {@code language}, as text. */
    static String recordPdfText(TenantContext tenant, String caseId, java.util.Locale language,
                                co.mesa.ticket.CaseRecordPdf.Scope scope) throws Exception {
        byte[] pdf = api.platform().bean(co.mesa.shared.TenantTransactions.class).read(tenant.id(), c ->
                api.platform().bean(co.mesa.ticket.CaseRecordPdf.class).render(c, tenant, java.util.UUID.fromString(caseId),
                        language, scope).orElseThrow());
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            return new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
        }
    }

    @Test
    void theRecordsPdfNamesThePersonOfAPersonFieldAndLabelsTheOptions() throws Exception {
        String jefa = api.token("funcion-publica", "nt-jefa", List.of("jefes-area-secretarias"), Roles.REQUESTER);
        String colaborador = api.token("funcion-publica", "nt-colaborador", Roles.REQUESTER);
        String colaboradorId = api.personId(FP, colaborador);
        String colaboradorName = json(api.send(FP, "GET", "/api/v1/me", colaborador, null)).get("name").asText();
        HttpResponse<String> r = api.create(FP, jefa, obj("service", "traslado-asignacion-equipos",
                "template", "asignacion-equipo", "title", "Equipo para quien ingresa", "description", "Ingresa el lunes.",
                "fields", obj("colaborador", colaboradorId, "elementos", List.of("computador", "camara"))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String text = recordPdfText(fp, json(r).get("id").asText(), java.util.Locale.forLanguageTag("es-CO"),
                co.mesa.ticket.CaseRecordPdf.Scope.REQUESTER);
        assertThat(text).contains("Colaborador " + colaboradorName)
                .contains("Elementos requeridos Computador, Cámara web")
                .doesNotContain(colaboradorId).doesNotContain("computador").doesNotContain("camara");
    }

    @Test
    void escalationPublishedActionsReopeningRejectionAndSlaEachMailTheirRecipients() {
        String requester = api.token("funcion-publica", "nt-ciclo2", Roles.REQUESTER);
        String watcher = api.token("funcion-publica", "nt-observa", Roles.REQUESTER);
        String agent = api.agent("funcion-publica", "nt-agente", "mesa-servicio-primer-nivel");
        String specialist = api.agent("funcion-publica", "nt-especialista", "infraestructura-tecnologica");
        String supervisor = api.token("funcion-publica", "nt-supervisor", List.of("infraestructura-tecnologica"),
                Roles.REQUESTER, Roles.AGENT, Roles.SUPERVISOR);
        api.personId(FP, supervisor);
        String specialistId = api.personId(FP, specialist);
        JsonNode c = json(api.create(FP, requester, obj("service", "acceso-remoto", "template", "acceso-remoto",
                "title", "Más eventos", "description", "d", "fields", obj("telefono-contacto", "601 555 0111"),
                "informed", List.of(obj("personId", api.personId(FP, watcher), "creation", false, "actions", true,
                        "resolution", false, "closure", false)))));
        String id = c.get("id").asText();
        String code = c.get("code").asText();
        api.actOk(FP, agent, id, obj("kind", "reassign", "group", "mesa-servicio-primer-nivel",
                "agentId", api.personId(FP, agent), "note", "Lo tomo"));
        api.actOk(FP, agent, id, obj("kind", "publishedAction", "note", "Estamos revisando su cuenta."));
        api.actOk(FP, agent, id, obj("kind", "escalate", "group", "infraestructura-tecnologica", "agentId", specialistId,
                "note", "Se validó la cuenta; falla del concentrador."));
        api.actOk(FP, specialist, id, obj("kind", "signSolution", "note", "Se reinició el concentrador."));
        api.actOk(FP, requester, id, obj("kind", "refuseSolution", "note", "Sigue igual."));
        JsonNode other = json(api.create(FP, requester, obj("service", "acceso-remoto", "template", "acceso-remoto",
                "title", "Para rechazar", "description", "d", "fields", obj("telefono-contacto", "601 555 0112"))));
        api.actOk(FP, agent, other.get("id").asText(), obj("kind", "reassign", "group", "mesa-servicio-primer-nivel",
                "agentId", api.personId(FP, agent), "note", "Lo tomo"));
        api.actOk(FP, agent, other.get("id").asText(), obj("kind", "reject", "note", "No corresponde a la mesa."));
        // Far past every due date: warnings and breaches go to the assignee and the group's supervisors.
        Instant later = Instant.now().plus(Duration.ofDays(60));
        api.platform().bean(co.mesa.ticket.CaseSweeps.class).sla(fp, later);
        drain(fp, later.plusSeconds(1));

        String p = "[" + code + "] ";
        // The informed user asked for actions only; Función Pública tells informed users of published actions
        // (settings.yaml), not of escalations.
        assertThat(subjects(email("funcion-publica", "nt-observa"))).containsExactly(p + "Novedad en el caso " + code);
        // Each event goes to whoever held the case then: the specialist only got what came after the escalation.
        assertThat(subjects(email("funcion-publica", "nt-especialista"))).doesNotContain(p + "Caso " + code + " asignado a usted");
        assertThat(subjects(email("funcion-publica", "nt-especialista")))
                .contains(p + "Caso " + code + " escalado a su grupo",
                        p + "Caso " + code + " devuelto: la solución no funcionó", p + "Caso " + code + " vencido");
        assertThat(subjects(email("funcion-publica", "nt-supervisor"))).contains(p + "Caso " + code + " vencido");
        String o = "[" + other.get("code").asText() + "] ";
        assertThat(subjects(email("funcion-publica", "nt-ciclo2")))
                .contains(o + "Caso " + other.get("code").asText() + " rechazado");
    }

    @Test
    void prosperidadSocialLifecycleMailsEachOfItsEvents() {
        String requester = api.token("prosperidad-social", "nt-ps-ciclo", Roles.REQUESTER);
        String agent = api.agent("prosperidad-social", "nt-ps-tecnico", "soporte-primer-nivel");
        String engineer = api.agent("prosperidad-social", "nt-ps-ingeniera", "infraestructura");
        String supervisor = api.token("prosperidad-social", "nt-ps-gestor", List.of("infraestructura"),
                Roles.REQUESTER, Roles.AGENT, Roles.SUPERVISOR);
        api.personId(PS, supervisor);
        String agentId = api.personId(PS, agent);
        String engineerId = api.personId(PS, engineer);
        JsonNode c = json(api.create(PS, requester, obj("service", "gestion-incidentes-requerimientos",
                "template", "falla-equipo", "title", "Ciclo de correos", "description", "d")));
        String id = c.get("id").asText();
        String code = c.get("code").asText();
        api.actOk(PS, agent, id, obj("kind", "reassign", "group", "soporte-primer-nivel", "agentId", agentId,
                "note", "Lo atiendo"));
        api.actOk(PS, agent, id, obj("kind", "firstResponse", "note", "Voy a su puesto."));
        api.actOk(PS, agent, id, obj("kind", "question", "note", "¿Cuál es la placa del equipo?"));
        api.actOk(PS, requester, id, obj("kind", "answer", "note", "DPS-0042"));
        api.actOk(PS, agent, id, obj("kind", "escalate", "group", "infraestructura", "agentId", engineerId,
                "note", "Requiere revisión del servidor de impresión."));
        api.actOk(PS, engineer, id, obj("kind", "signSolution", "note", "Se reinstaló el controlador."));
        Instant later = Instant.now().plus(Duration.ofDays(60));
        JsonNode open = json(api.create(PS, requester, obj("service", "gestion-incidentes-requerimientos",
                "template", "falla-equipo", "title", "Ciclo de correos vencido", "description", "d")));
        api.actOk(PS, agent, open.get("id").asText(), obj("kind", "escalate", "group", "infraestructura",
                "agentId", engineerId, "note", "Directo a infraestructura."));
        api.platform().bean(co.mesa.ticket.CaseSweeps.class).sla(ps, later);
        drain(ps, later.plusSeconds(1));
        String p = "[" + code + "] ";
        // With surveys on (issue 23) the solution opens "Abierto por Encuesta": the solution and the survey's invitation.
        assertThat(subjects(email("prosperidad-social", "nt-ps-ciclo"))).contains(p + "Recibimos su caso " + code,
                p + "Pregunta sobre su caso " + code, p + "Solución de su caso " + code,
                p + "Encuesta de satisfacción del servicio sobre su caso " + code);
        assertThat(subjects(email("prosperidad-social", "nt-ps-tecnico"))).contains(p + "Caso " + code + " asignado a usted",
                p + "El usuario respondió en el caso " + code);
        // Prosperidad Social has no mailbox (no-reply, 003 §4.3 Nota 2): its mails never invite a reply (issue 20).
        List<MimeMessage> psMails = mail.to(email("prosperidad-social", "nt-ps-ciclo"));
        assertThat(psMails).isNotEmpty();
        for (MimeMessage m : psMails) {
            try {
                assertThat(body(m)).doesNotContain("conserve el código").doesNotContain("contestando este correo")
                        .contains("No responda este correo");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        assertThat(subjects(email("prosperidad-social", "nt-ps-ingeniera"))).contains(p + "Caso " + code + " escalado a su grupo");
        String o = "[" + open.get("code").asText() + "] ";
        assertThat(subjects(email("prosperidad-social", "nt-ps-ingeniera"))).contains(o + "Caso " + open.get("code").asText() + " vencido");
        assertThat(subjects(email("prosperidad-social", "nt-ps-gestor"))).contains(o + "Caso " + open.get("code").asText() + " vencido");
    }

    @Test
    void prosperidadSocialTellsTheRequesterAndTheSolverOnCreation() {
        String requester = api.token("prosperidad-social", "nt-solicitante", Roles.REQUESTER);
        String agent = api.agent("prosperidad-social", "nt-agente", "soporte-primer-nivel");
        api.personId(PS, agent);
        HttpResponse<String> r = api.create(PS, requester, obj("service", "gestion-incidentes-requerimientos",
                "template", "falla-equipo", "title", "Monitor sin imagen", "description", "d"));
        JsonNode c = json(r);
        drain(ps, Instant.now());
        String code = c.get("code").asText();
        assertThat(subjects(email("prosperidad-social", "nt-solicitante"))).contains("[" + code + "] Recibimos su caso " + code);
        String assigneeId = c.at("/assignedAgent/id").asText();
        assertThat(assigneeId).as("routing assigned a solver at once").isNotBlank();
        // Whoever routing chose (other classes' agents share the group), told at their own address.
        String solverAddress = api.platform().bean(co.mesa.shared.TenantTransactions.class).read(ps.id(), x -> {
            try (var st = x.prepareStatement("SELECT email FROM person WHERE id = ?")) {
                st.setObject(1, java.util.UUID.fromString(assigneeId));
                try (var rs = st.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
        assertThat(solverAddress).as("every agent of the group has an address").isNotBlank();
        assertThat(subjects(solverAddress)).as("the assigned solver is told too (003 §4.3 Nota 2)")
                .containsOnlyOnce("[" + code + "] Recibimos su caso " + code);
    }

    @Test
    void anSmtpOutageDelaysButNeverDuplicatesAndDeadLettersCanBeRetried() throws Exception {
        String requester = api.token("funcion-publica", "nt-caida", Roles.REQUESTER);
        String admin = api.token("funcion-publica", "nt-admin", Roles.REQUESTER, Roles.TENANT_ADMIN);
        String psAdmin = api.token("prosperidad-social", "nt-admin", Roles.REQUESTER, Roles.TENANT_ADMIN);
        drain(fp, Instant.now());
        mail.stop();
        String code;
        try {
            HttpResponse<String> r = api.create(FP, requester, obj("service", "acceso-remoto", "template", "acceso-remoto",
                    "title", "Durante la caída", "description", "d", "fields", obj("telefono-contacto", "601 555 0108")));
            code = json(r).get("code").asText();
            String caseId = json(r).get("id").asText();
            Instant t = Instant.now();
            dispatcher.dispatch(fp, t);
            assertThat(attempts(caseId, "caseCreated")).isEqualTo(1);
            // Backing off: the next attempt is not before 30 s.
            dispatcher.dispatch(fp, t.plusSeconds(10));
            assertThat(attempts(caseId, "caseCreated")).isEqualTo(1);
            for (int i = 1; i < OutboxDispatcher.MAX_ATTEMPTS; i++) {
                t = t.plus(Duration.ofHours(2));
                dispatcher.dispatch(fp, t);
            }
        } finally {
            mail.start();
        }
        List<JsonNode> dead = new ArrayList<>();
        json(api.send(FP, "GET", "/api/v1/admin/outbox/dead", admin, null)).forEach(dead::add);
        assertThat(dead).isNotEmpty();
        JsonNode first = dead.get(dead.size() - 1);
        assertThat(first.get("attempts").asInt()).isEqualTo(OutboxDispatcher.MAX_ATTEMPTS);
        assertThat(first.get("lastError").asText()).isNotBlank();
        // Another entity's admin neither sees nor retries it.
        List<String> psDead = json(api.send(PS, "GET", "/api/v1/admin/outbox/dead", psAdmin, null)).findValuesAsText("id");
        assertThat(psDead).doesNotContain(first.get("id").asText());
        assertThat(api.send(PS, "POST", "/api/v1/admin/outbox/" + first.get("id").asText() + "/retry", psAdmin, "{}")
                .statusCode()).isEqualTo(404);
        // Retried: delivered once the relay is back, and only once.
        for (JsonNode d : dead) {
            assertThat(api.send(FP, "POST", "/api/v1/admin/outbox/" + d.get("id").asText() + "/retry", admin, "{}")
                    .statusCode()).isEqualTo(200);
        }
        drain(fp, Instant.now().plusSeconds(60));
        drain(fp, Instant.now().plusSeconds(7200));
        assertThat(subjects(email("funcion-publica", "nt-caida"))).containsExactly("[" + code + "] Recibimos su caso " + code);
        assertThat(json(api.send(FP, "GET", "/api/v1/admin/outbox/dead", admin, null))).isEmpty();
    }

    /**
     * Mail keeps up with filing (issue 32): a backlog several batches deep leaves in one run of the
     * dispatcher, not a batch per tick, and two dispatchers draining at once (two replicas) send each
     * message exactly once.
     */
    @Test
    void aBacklogOfSeveralBatchesLeavesInOneRunAndTwoDispatchersAtOnceSendEachMessageOnce() throws Exception {
        String requester = api.token("funcion-publica", "nt-rafaga", Roles.REQUESTER);
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < 110; i++) {
            HttpResponse<String> r = api.create(FP, requester, obj("service", "acceso-remoto", "template", "acceso-remoto",
                    "title", "Ráfaga " + i, "description", "d", "fields", obj("telefono-contacto", "601 555 0110")));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            codes.add(json(r).get("code").asText());
        }
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        java.util.concurrent.CompletableFuture<Integer> one = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> dispatcher.drain(List.of(fp), deadline));
        java.util.concurrent.CompletableFuture<Integer> two = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> dispatcher.drain(List.of(fp), deadline));
        int delivered = one.get(5, java.util.concurrent.TimeUnit.MINUTES) + two.get(5, java.util.concurrent.TimeUnit.MINUTES);
        assertThat(delivered).isGreaterThanOrEqualTo(110);

        List<MimeMessage> got = mail.to(email("funcion-publica", "nt-rafaga"));
        Set<String> ids = new HashSet<>();
        Set<String> gotCodes = new HashSet<>();
        for (MimeMessage m : got) {
            ids.add(m.getMessageID());
            String subject = m.getSubject();
            gotCodes.add(subject.substring(1, subject.indexOf(']')));
        }
        assertThat(got).as("one message per case, none twice").hasSize(110);
        assertThat(ids).hasSize(110);
        assertThat(gotCodes).isEqualTo(codes);
    }
}
