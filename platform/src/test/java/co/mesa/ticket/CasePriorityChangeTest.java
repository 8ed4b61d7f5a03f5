package co.mesa.ticket;

import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.identity.Roles;
import co.mesa.tenant.TenantRegistry;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.testsupport.CaseApi;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static co.mesa.testsupport.CaseApi.FP;
import static co.mesa.testsupport.CaseApi.PS;
import static co.mesa.testsupport.CaseApi.json;
import static co.mesa.testsupport.CaseApi.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Cambiar prioridad" / "Cambiar criticidad": an agent re-prioritises an open case — on Función
 * Pública's matrix by impact and urgency, on Prosperidad Social's direct scale by the level — with
 * a reason; the event records what changed; bad input is refused and changes nothing; one entity's
 * agent cannot touch the other's case.
 */
@NeedsKeycloak
class CasePriorityChangeTest {

    static CaseApi api;
    static String fpRequester;
    static String fpAgent;
    static String psRequester;
    static String psAgent;

    @BeforeAll
    static void people() {
        api = new CaseApi();
        fpRequester = api.token("funcion-publica", "pr-solicitante", Roles.REQUESTER);
        fpAgent = api.agent("funcion-publica", "pr-agente", "mesa-servicio-primer-nivel");
        psRequester = api.token("prosperidad-social", "pr-solicitante", Roles.REQUESTER);
        psAgent = api.agent("prosperidad-social", "pr-agente", "soporte-primer-nivel");
        api.personId(FP, fpAgent);
        api.personId(PS, psAgent);
    }

    static TenantConfig config(String slug) {
        return api.platform().bean(TenantRegistry.class).bySlug(slug).orElseThrow().config();
    }

    static String fileFp() {
        return api.fileRemoteAccess(FP, fpRequester, "Prioridad por revisar").get("id").asText();
    }

    static String filePs() {
        HttpResponse<String> r = api.create(PS, psRequester, obj("service", "gestion-incidentes-requerimientos",
                "template", "falla-equipo", "title", "Criticidad por revisar", "description", "d"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).get("id").asText();
    }

    static JsonNode last(JsonNode c) {
        return c.get("events").get(c.get("events").size() - 1);
    }

    @Test
    void aFuncionPublicaAgentReprioritisesByImpactAndUrgency() {
        String id = fileFp();
        JsonNode before = json(api.get(FP, fpAgent, id));
        String was = before.at("/priority/key").asText();
        // A cell of the entity's matrix whose priority differs from the case's.
        TenantConfig.Cell cell = config("funcion-publica").priorities().matrix().stream()
                .filter(x -> !x.priority().equals(was)).findFirst().orElseThrow();
        JsonNode after = api.actOk(FP, fpAgent, id, obj("kind", "changePriority", "impact", cell.impact(),
                "urgency", cell.urgency(), "note", "Afecta a toda la dependencia."));
        assertThat(after.at("/priority/key").asText()).isEqualTo(cell.priority());
        assertThat(after.at("/impact/key").asText()).isEqualTo(cell.impact());
        assertThat(after.at("/urgency/key").asText()).isEqualTo(cell.urgency());
        assertThat(after.get("version").asInt()).isEqualTo(before.get("version").asInt() + 1);
        JsonNode event = last(after);
        assertThat(event.get("kind").asText()).isEqualTo("changePriority");
        assertThat(event.get("note").asText()).isEqualTo("Afecta a toda la dependencia.");
        assertThat(event.at("/changes/priority/from").asText()).isEqualTo(was);
        assertThat(event.at("/changes/priority/to").asText()).isEqualTo(cell.priority());
        assertThat(event.at("/changes/impact/to").asText()).isEqualTo(cell.impact());
        // Stored, not only answered: read again.
        assertThat(json(api.get(FP, fpAgent, id)).at("/priority/key").asText()).isEqualTo(cell.priority());
        // The requester sees the new priority; the change itself is not published to them.
        JsonNode seen = json(api.get(FP, fpRequester, id));
        assertThat(seen.at("/priority/key").asText()).isEqualTo(cell.priority());
        assertThat(seen.get("events").findValuesAsText("note")).doesNotContain("Afecta a toda la dependencia.");
    }

    @Test
    void badOrEmptyInputIsRefusedAndChangesNothing() {
        String id = fileFp();
        JsonNode before = json(api.get(FP, fpAgent, id));
        TenantConfig.Cell same = config("funcion-publica").priorities().matrix().stream()
                .filter(x -> x.impact().equals(before.at("/impact/key").asText())
                        && x.urgency().equals(before.at("/urgency/key").asText())).findFirst().orElse(null);
        TenantConfig.Axis impact = config("funcion-publica").priorities().impacts().get(0);
        record Refusal(int status, String param, JsonNode action) { }
        java.util.List<Refusal> refusals = new java.util.ArrayList<>(java.util.List.of(
                new Refusal(422, "urgency", obj("kind", "changePriority", "impact", impact.key(), "note", "n")),
                new Refusal(422, "impact", obj("kind", "changePriority", "impact", "inventado",
                        "urgency", config("funcion-publica").priorities().urgencies().get(0).key(), "note", "n")),
                new Refusal(422, "note", obj("kind", "changePriority", "impact", impact.key(),
                        "urgency", config("funcion-publica").priorities().urgencies().get(0).key()))));
        if (same != null) {
            refusals.add(new Refusal(422, "impact", obj("kind", "changePriority", "impact", same.impact(),
                    "urgency", same.urgency(), "note", "n")));
        }
        for (Refusal r : refusals) {
            HttpResponse<String> answer = api.act(FP, fpAgent, id, r.action());
            assertThat(answer.statusCode()).as(r.action() + " → " + answer.body()).isEqualTo(r.status());
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(json(answer).get("invalidParams").findValuesAsText("name")).contains(r.param());
        }
        // The requester may not.
        HttpResponse<String> byRequester = api.act(FP, fpRequester, id, obj("kind", "changePriority",
                "priority", "alto", "note", "n"));
        assertThat(byRequester.statusCode()).isIn(403, 422);
        JsonNode after = json(api.get(FP, fpAgent, id));
        assertThat(after.get("version")).isEqualTo(before.get("version"));
        assertThat(after.get("priority")).isEqualTo(before.get("priority"));
    }

    @Test
    void prosperidadSocialsAgentSetsTheCriticalityItself() {
        String id = filePs();
        JsonNode before = json(api.get(PS, psAgent, id));
        String was = before.at("/priority/key").asText();
        TenantConfig.Level level = config("prosperidad-social").priorities().levels().stream()
                .filter(l -> !l.key().equals(was)).findFirst().orElseThrow();
        // No matrix here: impact and urgency alone do not say a criticality.
        HttpResponse<String> noLevel = api.act(PS, psAgent, id, obj("kind", "changePriority", "note", "n"));
        assertThat(noLevel.statusCode()).isEqualTo(422);
        assertThat(json(noLevel).get("invalidParams").findValuesAsText("name")).contains("priority");
        JsonNode after = api.actOk(PS, psAgent, id, obj("kind", "changePriority", "priority", level.key(),
                "note", "Interrumpe la operación del área."));
        assertThat(after.at("/priority/key").asText()).isEqualTo(level.key());
        assertThat(last(after).at("/changes/priority/to").asText()).isEqualTo(level.key());
    }

    @Test
    void oneEntitysAgentCannotReprioritiseTheOthersCase() {
        String fpCase = fileFp();
        String psCase = filePs();
        JsonNode fpBefore = json(api.get(FP, fpAgent, fpCase));
        JsonNode psBefore = json(api.get(PS, psAgent, psCase));
        String psLevel = config("prosperidad-social").priorities().levels().stream()
                .filter(l -> !l.key().equals(psBefore.at("/priority/key").asText())).findFirst().orElseThrow().key();
        // PS's agent, on PS's host, naming FP's case: no such case there.
        HttpResponse<String> cross = api.send(PS, "POST", "/api/v1/cases/" + fpCase + "/actions", psAgent,
                obj("kind", "changePriority", "priority", psLevel, "note", "n"),
                "If-Match", "\"" + fpBefore.get("version").asInt() + "\"");
        assertThat(cross.statusCode()).isEqualTo(404);
        // PS's token on FP's host: not a token of that entity.
        HttpResponse<String> foreignToken = api.send(FP, "POST", "/api/v1/cases/" + fpCase + "/actions", psAgent,
                obj("kind", "changePriority", "priority", psLevel, "note", "n"),
                "If-Match", "\"" + fpBefore.get("version").asInt() + "\"");
        assertThat(foreignToken.statusCode()).isIn(401, 403);
        // FP's agent on PS's case: the same wall the other way.
        HttpResponse<String> back = api.send(FP, "POST", "/api/v1/cases/" + psCase + "/actions", fpAgent,
                obj("kind", "changePriority", "priority", "alto", "note", "n"),
                "If-Match", "\"" + psBefore.get("version").asInt() + "\"");
        assertThat(back.statusCode()).isEqualTo(404);
        assertThat(json(api.get(FP, fpAgent, fpCase)).get("priority")).isEqualTo(fpBefore.get("priority"));
        assertThat(json(api.get(PS, psAgent, psCase)).get("priority")).isEqualTo(psBefore.get("priority"));
        assertThat(json(api.get(FP, fpAgent, fpCase)).get("version")).isEqualTo(fpBefore.get("version"));
    }
}
