package co.mesa.record;

import co.mesa.identity.Roles;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.NeedsKeycloak;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static co.mesa.testsupport.CaseApi.FP;
import static co.mesa.testsupport.CaseApi.PS;
import static co.mesa.testsupport.CaseApi.json;
import static co.mesa.testsupport.CaseApi.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A change's life through the API on both entities, with real tokens: opened from a case and a problem, sent to the
 * committee, decided by each entity's rule (Función Pública: a majority of three members, any one for an emergency;
 * Prosperidad Social: all of two, a majority for an emergency), rejected with reasons, implemented and closed — with
 * the rules of the case API (If-Match, Idempotency-Key, problem+json). Only this class makes committee members, so the
 * committees have exactly the members made here.
 */
@NeedsKeycloak
class ChangeLifecycleTest {

    static CaseApi api;
    static String fpRequester;
    static String fpAgent;
    static List<String> fpCommittee;
    static String psRequester;
    static String psAgent;
    static List<String> psCommittee;

    @BeforeAll
    static void people() {
        api = new CaseApi();
        fpRequester = api.token("funcion-publica", "rfc-solicitante", Roles.REQUESTER);
        // Also of the first line, which the test's cases are routed to: only who works a case links it (issue 26).
        fpAgent = api.agent("funcion-publica", "rfc-agente", "infraestructura-tecnologica", "mesa-servicio-primer-nivel");
        fpCommittee = co.mesa.testsupport.ChangeCommittees.funcionPublica(api);
        psRequester = api.token("prosperidad-social", "rfc-solicitante", Roles.REQUESTER);
        psAgent = api.agent("prosperidad-social", "rfc-agente", "infraestructura");
        psCommittee = co.mesa.testsupport.ChangeCommittees.prosperidadSocial(api);
        api.personId(FP, fpAgent);
        api.personId(PS, psAgent);
    }

    static ObjectNode change(String title, String type, String service, List<String> cases, List<String> problems) {
        return obj("title", title, "description", "Actualizar el firmware del concentrador VPN.", "type", type,
                "reason", "El firmware actual tiene una vulnerabilidad publicada.", "services", List.of(service),
                "risk", "medio", "impact", "alto", "implementationPlan", "1. Respaldo. 2. Actualizar. 3. Probar.",
                "backoutPlan", "Restaurar el firmware anterior desde el respaldo.", "windowStart", "2026-12-12T23:00:00Z",
                "windowEnd", "2026-12-13T02:00:00Z", "cases", cases, "problems", problems);
    }

    static JsonNode created(String host, String token, ObjectNode body, String key) {
        HttpResponse<String> r = api.send(host, "POST", "/api/v1/changes", token, body, "Idempotency-Key", key);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r);
    }

    static JsonNode ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    static String etag(JsonNode change) {
        return "\"" + change.at("/record/version").asInt() + "\"";
    }

    static JsonNode send(String host, String token, JsonNode change, String transition, String note) {
        String path = "/api/v1/changes/" + change.at("/record/id").asText() + "/transitions";
        return ok(api.send(host, "POST", path, token, obj("transition", transition, "note", note), "If-Match", etag(change)));
    }

    static HttpResponse<String> vote(String host, String token, JsonNode change, Object approve, String reason) {
        return api.send(host, "POST", "/api/v1/changes/" + change.at("/record/id").asText() + "/votes", token,
                obj("approve", approve, "reason", reason));
    }

    static String fpCase(String title) {
        HttpResponse<String> r = api.create(FP, fpRequester, obj("origin", "portal", "service", "acceso-remoto",
                "template", "acceso-remoto", "title", title, "description", "La VPN se cae.",
                "impact", "moderado", "urgency", "medio", "fields", obj("telefono-contacto", "601 555 0101")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).get("id").asText();
    }

    /** The outbox entries telling the change's requester of the committee's decision. */
    static List<String> decisions(String slug, String changeId) {
        TenantContext t = api.platform().bean(TenantRegistry.class).bySlug(slug).orElseThrow();
        return api.platform().bean(TenantTransactions.class).write(t.id(), c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT payload ->> 'approved', payload ->> 'recipientId' FROM outbox "
                    + "WHERE topic = 'changeDecided' AND payload ->> 'recordId' = ?")) {
                ps.setString(1, changeId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1) + ":" + rs.getString(2));
                    }
                }
            }
            return out;
        });
    }

    @Test
    void funcionPublicaNormalChangeApprovedByAMajorityThenImplementedAndClosed() {
        String caseId = fpCase("VPN se cae cada hora");
        HttpResponse<String> pr = api.send(FP, "POST", "/api/v1/problems", fpAgent, obj("title", "Caídas de la VPN",
                "description", "Varias incidencias.", "cases", List.of(caseId)));
        assertThat(pr.statusCode()).as(pr.body()).isEqualTo(201);
        String problemId = json(pr).get("id").asText();
        String agentId = api.personId(FP, fpAgent);

        ObjectNode body = change("Actualizar firmware VPN", "normal", "acceso-remoto", List.of(caseId), List.of(problemId));
        body.set("team", obj("agents", List.of(agentId), "groups", List.of("infraestructura-tecnologica")));
        JsonNode c = created(FP, fpAgent, body, "rfc-vida-fp");
        String id = c.at("/record/id").asText();
        assertThat(c.at("/record/code").asText()).matches("RFC \\d{4}-\\d{5}");
        assertThat(c.at("/record/state").asText()).isEqualTo("nuevo");
        assertThat(c.at("/record/cases")).hasSize(1);
        assertThat(c.at("/change/problems/0").asText()).isEqualTo(problemId);
        assertThat(c.at("/change/teamAgents/0").asText()).isEqualTo(agentId);
        assertThat(c.at("/committee/rule").asText()).isEqualTo("majority");
        assertThat(c.at("/committee/members").asInt()).isEqualTo(3);
        assertThat(c.at("/committee/needed").asInt()).isEqualTo(2);
        // A retry with the same key gets the same change.
        HttpResponse<String> again = api.send(FP, "POST", "/api/v1/changes", fpAgent, body, "Idempotency-Key", "rfc-vida-fp");
        assertThat(json(again).at("/record/id").asText()).isEqualTo(id);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
        // Changed from a case: the case lists it.
        assertThat(json(api.send(FP, "GET", "/api/v1/cases/" + caseId + "/changes", fpAgent, null)).get(0).get("id").asText())
                .isEqualTo(id);

        // The committee votes only once the change is sent to it.
        assertThat(vote(FP, fpCommittee.get(0), c, true, "Bien planeado.").statusCode()).isEqualTo(409);
        assertThat(api.send(FP, "POST", "/api/v1/changes/" + id + "/transitions", fpAgent,
                obj("transition", "enviar-comite", "note", "Listo.")).statusCode()).as("If-Match required").isEqualTo(428);
        c = send(FP, fpAgent, c, "enviar-comite", "Plan y ventana completos.");
        assertThat(c.at("/record/state").asText()).isEqualTo("en-comite");
        // The approval is the committee's, not a transition an agent can take.
        assertThat(c.at("/record/transitions").findValuesAsText("key")).doesNotContain("aprobar", "rechazar");
        HttpResponse<String> byHand = api.send(FP, "POST", "/api/v1/changes/" + id + "/transitions", fpAgent,
                obj("transition", "aprobar", "note", "Yo lo apruebo."), "If-Match", etag(c));
        assertThat(byHand.statusCode()).isEqualTo(403);
        // Someone outside the committee cannot vote; a vote needs a reason and a yes or no.
        HttpResponse<String> outsider = vote(FP, fpAgent, c, true, "Yo también.");
        assertThat(outsider.statusCode()).isEqualTo(403);
        assertThat(outsider.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(vote(FP, fpCommittee.get(0), c, true, " ").statusCode()).isEqualTo(422);
        assertThat(vote(FP, fpCommittee.get(0), c, null, "Sin decidir").statusCode()).isEqualTo(422);

        c = ok(vote(FP, fpCommittee.get(0), c, true, "Riesgo aceptable con el plan de reversión."));
        assertThat(c.at("/record/state").asText()).as("one of three is not a majority").isEqualTo("en-comite");
        assertThat(c.at("/committee/approvals").asInt()).isEqualTo(1);
        assertThat(vote(FP, fpCommittee.get(0), c, true, "Otra vez.").statusCode()).as("once").isEqualTo(409);
        assertThat(decisions("funcion-publica", id)).isEmpty();

        c = ok(vote(FP, fpCommittee.get(1), c, true, "De acuerdo; coordinar con seguridad."));
        assertThat(c.at("/record/state").asText()).isEqualTo("aprobado");
        assertThat(c.at("/committee/decision").asText()).isEqualTo("approved");
        assertThat(c.at("/committee/votes").findValuesAsText("reason"))
                .containsExactly("Riesgo aceptable con el plan de reversión.", "De acuerdo; coordinar con seguridad.");
        assertThat(decisions("funcion-publica", id)).containsExactly("true:" + agentId);
        // Decided: the third member's vote comes too late.
        assertThat(vote(FP, fpCommittee.get(2), c, false, "Tarde.").statusCode()).isEqualTo(409);

        // What the committee judged no longer changes; the team still may.
        String path = "/api/v1/changes/" + id + "/edit";
        assertThat(api.send(FP, "POST", path, fpAgent, obj("risk", "bajo"), "If-Match", etag(c)).statusCode()).isEqualTo(409);
        c = ok(api.send(FP, "POST", path, fpAgent, obj("team", obj("agents", List.of(agentId), "groups",
                List.of("infraestructura-tecnologica", "sistemas-informacion"))), "If-Match", etag(c)));
        assertThat(c.at("/change/teamGroups")).hasSize(2);

        c = send(FP, fpAgent, c, "implementar", "Ventana iniciada.");
        c = send(FP, fpAgent, c, "cerrar", "Firmware actualizado y probado.");
        assertThat(c.at("/record/state").asText()).isEqualTo("cerrado");
        assertThat(c.at("/record/closedAt").isNull()).isFalse();
        List<String> kinds = new ArrayList<>();
        c.at("/record/history").forEach(e -> kinds.add(e.get("kind").asText()));
        assertThat(kinds).containsExactly("created", "case-linked", "transition", "approved-by-member", "approved-by-member",
                "transition", "edited", "transition", "transition");
    }

    @Test
    void funcionPublicaRejectionNeedsAMajorityOfRejectionsWithReasons() {
        JsonNode c = created(FP, fpAgent, change("Cambiar el DNS interno", "normal", "acceso-remoto", List.of(), List.of()),
                "rfc-rechazo-fp");
        c = send(FP, fpAgent, c, "enviar-comite", "Para evaluación.");
        c = ok(vote(FP, fpCommittee.get(0), c, false, "Sin pruebas en preproducción."));
        assertThat(c.at("/record/state").asText()).isEqualTo("en-comite");
        c = ok(vote(FP, fpCommittee.get(1), c, true, "Es urgente."));
        assertThat(c.at("/record/state").asText()).isEqualTo("en-comite");
        c = ok(vote(FP, fpCommittee.get(2), c, false, "Coincide con el cierre fiscal."));
        assertThat(c.at("/record/state").asText()).isEqualTo("rechazado");
        assertThat(c.at("/committee/decision").asText()).isEqualTo("rejected");
        assertThat(c.at("/committee/rejections").asInt()).isEqualTo(2);
        JsonNode last = c.at("/record/history").get(c.at("/record/history").size() - 1);
        assertThat(last.get("toState").asText()).isEqualTo("rechazado");
        assertThat(last.get("note").asText()).isEqualTo("Coincide con el cierre fiscal.");
        assertThat(decisions("funcion-publica", c.at("/record/id").asText())).hasSize(1).allMatch(d -> d.startsWith("false:"));
    }

    @Test
    void funcionPublicaEmergencyChangeNeedsAnyOneMember() {
        JsonNode c = created(FP, fpAgent, change("Parche de emergencia", "emergencia", "acceso-remoto", List.of(), List.of()),
                "rfc-emergencia-fp");
        assertThat(c.at("/committee/rule").asText()).isEqualTo("any");
        c = send(FP, fpAgent, c, "enviar-comite", "Vulnerabilidad explotada.");
        c = ok(vote(FP, fpCommittee.get(2), c, true, "Aprobado por urgencia."));
        assertThat(c.at("/record/state").asText()).isEqualTo("aprobado");
    }

    @Test
    void prosperidadSocialNeedsEveryMemberAndOneRejectionRejects() {
        JsonNode c = created(PS, psAgent, change("Migrar el servidor de archivos", "normal", "gestion-incidentes-requerimientos",
                List.of(), List.of()), "rfc-vida-ps");
        assertThat(c.at("/record/code").asText()).matches("DPS-RFC-\\d{4}-\\d{5}");
        assertThat(c.at("/committee/rule").asText()).isEqualTo("all");
        assertThat(c.at("/committee/members").asInt()).isEqualTo(2);
        c = send(PS, psAgent, c, "enviar-comite", "Para el comité.");
        c = ok(vote(PS, psCommittee.get(0), c, true, "Bien."));
        assertThat(c.at("/record/state").asText()).isEqualTo("en-comite");
        c = ok(vote(PS, psCommittee.get(1), c, false, "Falta el plan de comunicaciones."));
        assertThat(c.at("/record/state").asText()).isEqualTo("rechazado");

        JsonNode e = created(PS, psAgent, change("Restaurar la base de datos", "emergencia", "gestion-incidentes-requerimientos",
                List.of(), List.of()), "rfc-emergencia-ps");
        assertThat(e.at("/committee/rule").asText()).isEqualTo("majority");
        e = send(PS, psAgent, e, "enviar-comite", "Caída total.");
        e = ok(vote(PS, psCommittee.get(1), e, true, "Urgente."));
        assertThat(e.at("/record/state").asText()).as("a majority of two is two").isEqualTo("en-comite");
        e = ok(vote(PS, psCommittee.get(0), e, true, "De acuerdo."));
        assertThat(e.at("/record/state").asText()).isEqualTo("aprobado");
    }

    @Test
    void badFactsAreRefusedNamingTheFieldAndNothingIsWritten() {
        ObjectNode late = change("Ventana al revés", "normal", "acceso-remoto", List.of(), List.of());
        late.put("windowEnd", "2026-12-12T22:00:00Z");
        HttpResponse<String> r = api.send(FP, "POST", "/api/v1/changes", fpAgent, late);
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.body()).contains("windowEnd");
        ObjectNode type = change("Tipo raro", "urgente", "acceso-remoto", List.of(), List.of());
        assertThat(api.send(FP, "POST", "/api/v1/changes", fpAgent, type).body()).contains("\"type\"");
        ObjectNode service = change("Servicio raro", "normal", "no-existe", List.of(), List.of());
        assertThat(api.send(FP, "POST", "/api/v1/changes", fpAgent, service).statusCode()).isEqualTo(422);
        ObjectNode problem = change("Problema raro", "normal", "acceso-remoto", List.of(), List.of(UUID.randomUUID().toString()));
        HttpResponse<String> p = api.send(FP, "POST", "/api/v1/changes", fpAgent, problem);
        assertThat(p.statusCode()).isEqualTo(422);
        assertThat(p.body()).contains("problems");
        assertThat(api.send(FP, "POST", "/api/v1/changes", fpRequester, change("Solicitante", "normal", "acceso-remoto",
                List.of(), List.of())).statusCode()).isEqualTo(403);
        // None of the refused ones exists.
        JsonNode page = json(api.send(FP, "GET", "/api/v1/changes", fpAgent, null));
        assertThat(page.get("items").findValuesAsText("title")).doesNotContain("Ventana al revés", "Tipo raro",
                "Servicio raro", "Problema raro", "Solicitante");
    }
}
