package co.mesa.ticket;

import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.identity.Roles;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.CaseApi;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
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
 * Both entities' lifecycles end to end through the API with real Keycloak tokens: every automatic
 * transition of the seeds, Función Pública's immediate first-line solution, rejection and automatic
 * closure, and Prosperidad Social's Abierto → En proceso → Retenido → Abierto por Encuesta → Cerrado.
 */
@NeedsKeycloak
class CaseLifecycleTest {

    static CaseApi api;
    static String fpRequester;
    static String fpAgent;
    static String fpSpecialist;
    static String psRequester;
    static String psAgent;

    @BeforeAll
    static void people() {
        api = new CaseApi();
        fpRequester = api.token("funcion-publica", "lc-solicitante", Roles.REQUESTER);
        fpAgent = api.agent("funcion-publica", "lc-agente", "mesa-servicio-primer-nivel");
        fpSpecialist = api.agent("funcion-publica", "lc-especialista", "infraestructura-tecnologica");
        psRequester = api.token("prosperidad-social", "lc-solicitante", Roles.REQUESTER);
        psAgent = api.agent("prosperidad-social", "lc-agente", "soporte-primer-nivel");
        // Signed in once, so routing knows them as agents of their groups.
        api.personId(FP, fpAgent);
        api.personId(FP, fpSpecialist);
        api.personId(CaseApi.PS, psAgent);
    }

    static JsonNode fileRemoteAccess(String token) {
        HttpResponse<String> r = api.create(FP, token, obj("origin", "portal", "service", "acceso-remoto",
                "template", "acceso-remoto", "title", "No me conecta la VPN",
                "description", "Desde ayer la VPN dice que la credencial es inválida.",
                "impact", "moderado", "urgency", "medio",
                "fields", obj("telefono-contacto", "601 555 0101")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r);
    }

    @Test
    void funcionPublicaFromFilingToTheRequestersConfirmation() {
        String specialistId = api.personId(FP, fpSpecialist);
        JsonNode c = fileRemoteAccess(fpRequester);
        String id = c.get("id").asText();
        assertThat(c.get("code").asText()).matches("REIO \\d{4}-\\d{6}");
        // Routed at once, in the same transaction: Nueva → Asignada (no five-minute sweep).
        assertThat(c.at("/state/key").asText()).isEqualTo("asignada");
        assertThat(c.at("/assignedGroup/key").asText()).isEqualTo("mesa-servicio-primer-nivel");
        assertThat(c.get("assignedAgent").isNull()).as("an available agent of the group got it at once").isFalse();
        assertThat(c.get("version").asInt()).isEqualTo(2);
        assertThat(c.at("/caseType/key").asText()).isEqualTo("peticion");
        assertThat(c.at("/category/key").asText()).isEqualTo("vpn");
        assertThat(c.at("/priority/key").asText()).isEqualTo("medio");

        JsonNode a = api.actOk(FP, fpAgent, id, obj("kind", "firstResponse", "note", "Recibido, lo llamo en 10 minutos."));
        assertThat(a.get("firstResponseAt").isNull()).isFalse();
        // "1ª respuesta usuario" happens once per case.
        assertThat(api.act(FP, fpAgent, id, obj("kind", "firstResponse", "note", "otra")).statusCode()).isEqualTo(409);

        a = api.actOk(FP, fpAgent, id, obj("kind", "question", "note", "¿Qué sistema operativo tiene su equipo?"));
        assertThat(a.at("/substate/key").asText()).isEqualTo("pendiente-respuesta-usuario");
        assertThat(a.at("/state/clockStopped").asBoolean()).isTrue();
        api.actOk(FP, fpAgent, id, obj("kind", "internalNote", "note", "Posible bloqueo por intentos fallidos."));

        // The requester sees the question but not the internal note, and answers.
        JsonNode seen = json(api.get(FP, fpRequester, id));
        List<String> kinds = new ArrayList<>();
        seen.get("events").forEach(e -> kinds.add(e.get("kind").asText()));
        assertThat(kinds).contains("question").doesNotContain("internalNote");
        assertThat(seen.get("availableActions").findValuesAsText("kind")).containsExactly("answer");
        a = api.actOk(FP, fpRequester, id, obj("kind", "answer", "note", "Windows 11."));
        assertThat(a.at("/substate/key").asText()).isEqualTo("con-respuesta-del-usuario");
        assertThat(a.at("/state/clockStopped").asBoolean()).isFalse();

        // Escalation to second line always carries the reason.
        assertThat(api.act(FP, fpAgent, id, obj("kind", "escalate", "group", "infraestructura-tecnologica")).statusCode())
                .isEqualTo(422);
        a = api.actOk(FP, fpAgent, id, obj("kind", "escalate", "group", "infraestructura-tecnologica",
                "agentId", specialistId, "note", "Se verificó la cuenta; requiere revisar el concentrador VPN."));
        assertThat(a.at("/assignedGroup/key").asText()).isEqualTo("infraestructura-tecnologica");
        assertThat(a.at("/assignedAgent/id").asText()).isEqualTo(specialistId);

        // The specialist signs: Resuelta, waiting for the requester.
        a = api.actOk(FP, fpSpecialist, id, obj("kind", "signSolution", "note", "Se desbloqueó la cuenta VPN."));
        assertThat(a.at("/state/key").asText()).isEqualTo("resuelta");
        assertThat(a.get("resolvedAt").isNull()).isFalse();
        // "Incorrecta": back to Asignada, and to the agent who signed.
        JsonNode mine = json(api.get(FP, fpRequester, id));
        assertThat(mine.get("availableActions").findValuesAsText("kind")).contains("confirmSolution", "refuseSolution");
        a = api.actOk(FP, fpRequester, id, obj("kind", "refuseSolution", "note", "Sigue pidiendo la clave."));
        assertThat(a.at("/state/key").asText()).isEqualTo("asignada");
        assertThat(a.get("resolvedAt").isNull()).isTrue();
        JsonNode agentView = json(api.get(FP, fpSpecialist, id));
        assertThat(agentView.at("/assignedAgent/id").asText()).isEqualTo(specialistId);
        // The first-line agent no longer works it: not their group, not theirs.
        assertThat(api.get(FP, fpAgent, id).statusCode()).isEqualTo(404);

        api.actOk(FP, fpSpecialist, id, obj("kind", "signSolution", "note", "Se restableció el token."));
        a = api.actOk(FP, fpRequester, id, obj("kind", "confirmSolution"));
        assertThat(a.at("/state/key").asText()).isEqualTo("cerrada");
        assertThat(a.get("closedAt").isNull()).isFalse();
        assertThat(a.get("availableActions")).isEmpty();

        // The history: one event per version, nothing missing, each with actor and time.
        JsonNode full = json(api.get(FP, fpSpecialist, id));
        int expected = 1;
        for (JsonNode e : full.get("events")) {
            assertThat(e.get("version").asInt()).isEqualTo(expected++);
            assertThat(e.get("at").asText()).isNotBlank();
        }
        assertThat(expected - 1).isEqualTo(full.get("version").asInt());
        JsonNode closing = full.get("events").get(full.get("events").size() - 1);
        assertThat(closing.at("/changes/state/from").asText()).isEqualTo("resuelta");
        assertThat(closing.at("/changes/state/to").asText()).isEqualTo("cerrada");
        assertThat(topics(id)).contains("caseCreated", "caseAssigned", "questionAsked", "userAnswered",
                "caseEscalated", "caseResolved", "caseReopened", "caseClosed");
    }

    @Test
    void funcionPublicaImmediateFirstLineSolutionByPhoneOnSomeonesBehalf() {
        String requesterId = api.personId(FP, fpRequester);
        HttpResponse<String> r = api.create(FP, fpAgent, obj("origin", "phone", "requesterId", requesterId,
                "service", "acceso-remoto", "category", "vpn", "caseType", "peticion",
                "title", "Olvidó cómo abrir la VPN", "description", "Llamó a la línea de la mesa."));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode c = json(r);
        assertThat(c.at("/requester/id").asText()).isEqualTo(requesterId);
        assertThat(c.at("/registeredBy/id").asText()).isNotEqualTo(requesterId);
        assertThat(c.get("origin").asText()).isEqualTo("phone");
        JsonNode a = api.actOk(FP, fpAgent, c.get("id").asText(), obj("kind", "firstLineSolution",
                "note", "Se le indicó abrir FortiClient y usar su usuario de red."));
        assertThat(a.at("/state/key").asText()).isEqualTo("cerrada");
        assertThat(a.get("resolvedAt").isNull()).isFalse();
        // The requester finds it in "Mis casos".
        JsonNode mine = json(api.send(FP, "GET", "/api/v1/me/cases", fpRequester, null));
        assertThat(mine.get("items").findValuesAsText("code")).contains(c.get("code").asText());
    }

    @Test
    void funcionPublicaRejectsFromAsignadaRevokingTheAssignmentAndLinksTheOriginal() {
        JsonNode original = fileRemoteAccess(fpRequester);
        JsonNode dup = fileRemoteAccess(fpRequester);
        String id = dup.get("id").asText();
        assertThat(dup.at("/state/key").asText()).isEqualTo("asignada");
        assertThat(api.act(FP, fpAgent, id, obj("kind", "reject", "duplicate", true,
                "relatedCase", original.get("code").asText())).statusCode()).isEqualTo(422);
        JsonNode a = api.actOk(FP, fpAgent, id, obj("kind", "reject", "duplicate", true,
                "relatedCase", original.get("code").asText(), "note", "Duplicado: ya se atiende en el caso original."));
        assertThat(a.at("/state/key").asText()).isEqualTo("rechazada");
        assertThat(a.get("assignedAgent").isNull()).as("the assignment is revoked").isTrue();
        assertThat(a.at("/assignedGroup/key").asText()).as("the group keeps it").isEqualTo("mesa-servicio-primer-nivel");
        assertThat(a.get("closedAt").isNull()).isFalse();
        assertThat(a.get("links").get(0).get("code").asText()).isEqualTo(original.get("code").asText());
        assertThat(a.get("links").get(0).get("relation").asText()).isEqualTo("duplicate-of");
        JsonNode event = a.get("events").get(a.get("events").size() - 1);
        assertThat(event.at("/changes/assignedAgent/from").asText()).isEqualTo(dup.at("/assignedAgent/id").asText());
        assertThat(event.at("/changes/assignedAgent/to").isNull()).isTrue();
        assertThat(event.at("/changes/state/to").asText()).isEqualTo("rechazada");
        // The original shows the duplicate too.
        JsonNode back = json(api.get(FP, fpAgent, original.get("id").asText()));
        assertThat(back.get("links").findValuesAsText("relation")).contains("duplicated-by");
    }

    @Test
    void funcionPublicaClosesOnItsOwnAfterThreeBusinessDaysWithoutAnAnswer() {
        JsonNode c = fileRemoteAccess(fpRequester);
        String id = c.get("id").asText();
        api.actOk(FP, fpAgent, id, obj("kind", "signSolution", "note", "Se reinició el servicio VPN."));
        TenantContext fp = api.platform().bean(TenantRegistry.class).bySlug("funcion-publica").orElseThrow();
        CaseSweeps sweeps = api.platform().bean(CaseSweeps.class);
        Instant now = Instant.now();
        sweeps.sweep(fp, now);
        assertThat(json(api.get(FP, fpAgent, id)).at("/state/key").asText()).isEqualTo("resuelta");
        // Thirty calendar days later, three business days have certainly passed.
        sweeps.sweep(fp, now.plus(Duration.ofDays(30)));
        JsonNode after = json(api.get(FP, fpAgent, id));
        assertThat(after.at("/state/key").asText()).isEqualTo("cerrada");
        JsonNode last = after.get("events").get(after.get("events").size() - 1);
        assertThat(last.get("kind").asText()).isEqualTo("autoClose");
        assertThat(last.get("actorKind").asText()).isEqualTo("system");
    }

    @Test
    void prosperidadSocialOpenInProgressHeldResumedSolvedAndClosedByTheSurvey() {
        HttpResponse<String> r = api.create(PS, psRequester, obj("service", "gestion-incidentes-requerimientos",
                "template", "falla-equipo", "title", "El computador no enciende",
                "description", "Al presionar el botón no hace nada."));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode c = json(r);
        String id = c.get("id").asText();
        assertThat(c.get("code").asText()).startsWith("DPS-");
        // Routed to a group, but the case stays Abierto until a technician acts.
        assertThat(c.at("/state/key").asText()).isEqualTo("abierto");
        assertThat(c.get("assignedGroup").isNull()).isFalse();
        // Prosperidad Social has no rejection.
        assertThat(api.act(PS, psAgent, id, obj("kind", "reject", "note", "x")).statusCode()).isEqualTo(422);

        JsonNode a = api.actOk(PS, psAgent, id, obj("kind", "firstResponse", "note", "Voy a su puesto."));
        assertThat(a.at("/state/key").asText()).isEqualTo("en-proceso");
        a = api.actOk(PS, psAgent, id, obj("kind", "question", "note", "¿Cuál es la placa del equipo?"));
        assertThat(a.at("/state/key").asText()).isEqualTo("retenido");
        assertThat(a.at("/substate/key").asText()).isEqualTo("espera-informacion-usuario");
        assertThat(a.at("/state/clockStopped").asBoolean()).isTrue();
        a = api.actOk(PS, psRequester, id, obj("kind", "answer", "note", "DPS-04512"));
        assertThat(a.at("/state/key").asText()).isEqualTo("en-proceso");
        // Held by hand for another cause, resumed by hand.
        JsonNode options = json(api.get(PS, psAgent, id)).get("availableTransitions");
        assertThat(options.findValuesAsText("key")).contains("retener-otra-causa");
        a = api.actOk(PS, psAgent, id, obj("kind", "stateChange", "transition", "retener-otra-causa",
                "note", "Se espera el repuesto del proveedor."));
        assertThat(a.at("/state/key").asText()).isEqualTo("retenido");
        a = api.actOk(PS, psAgent, id, obj("kind", "stateChange", "transition", "reanudar-gestion",
                "note", "Llegó el repuesto."));
        assertThat(a.at("/state/key").asText()).isEqualTo("en-proceso");
        // Surveys are on (003 §5, issue 23): the solution opens "Abierto por Encuesta"; answering closes the case.
        a = api.actOk(PS, psAgent, id, obj("kind", "signSolution", "note", "Se cambió la fuente de poder."));
        assertThat(a.at("/state/key").asText()).isEqualTo("abierto-por-encuesta");
        assertThat(a.get("closedAt").isNull()).isTrue();
        HttpResponse<String> answered = api.send(PS, "POST", "/api/v1/cases/" + id + "/survey", psRequester,
                obj("answers", obj("oportunidad", "4", "calidad", "5")));
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        a = json(api.get(PS, psAgent, id));
        assertThat(a.at("/state/key").asText()).isEqualTo("cerrado");
        assertThat(a.get("closedAt").isNull()).isFalse();
        List<String> states = new ArrayList<>();
        a.get("events").forEach(e -> states.add(e.at("/changes/state/to").asText("")));
        assertThat(states).containsSubsequence("abierto-por-encuesta", "cerrado");
    }

    /** The outbox topics written for a case, in order. */
    static List<String> topics(String caseId) {
        TenantContext fp = co.mesa.testsupport.MesaPlatform.get().bean(TenantRegistry.class).bySlug("funcion-publica").orElseThrow();
        return co.mesa.testsupport.MesaPlatform.get().bean(TenantTransactions.class).read(fp.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT topic FROM outbox WHERE case_id = ? ORDER BY id")) {
                ps.setObject(1, UUID.fromString(caseId));
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }
}
