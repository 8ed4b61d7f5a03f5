package co.mesa.record;

import co.mesa.identity.Roles;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestTenants;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static co.mesa.testsupport.CaseApi.PS;
import static co.mesa.testsupport.CaseApi.json;
import static co.mesa.testsupport.CaseApi.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files on records (any kind; problems here) through the API, on both entities: stored under the entity's limits
 * (a script posing as a PDF is refused and nothing is stored), read with the record's read scope, invisible to
 * another group's agent, to requesters and to the other entity, and refused on a closed record. Runs on a copy of
 * Función Pública so its groups hold only this class's agents.
 */
@NeedsKeycloak
class RecordAttachmentsTest {

    static CaseApi api;
    static String host;
    static String agentA;
    static String agentB;
    static String requester;
    static String psAgent;

    @BeforeAll
    static void people() {
        api = new CaseApi();
        host = TestTenants.copyOf("funcion-publica", "ra-entidad");
        agentA = api.agent("ra-entidad", "ra-agente-a", "mesa-servicio-primer-nivel");
        agentB = api.agent("ra-entidad", "ra-agente-b", "sigep-mesa");
        requester = api.token("ra-entidad", "ra-solicitante", Roles.REQUESTER);
        psAgent = api.agent("prosperidad-social", "ra-agente-ps", "soporte-primer-nivel");
    }

    static JsonNode problem(String h, String token, Object body) {
        HttpResponse<String> r = api.send(h, "POST", "/api/v1/problems", token, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r);
    }

    static HttpResponse<String> upload(String h, String token, String recordId, String name, String type, String content) {
        HttpRequest r = api.platform().request(h, "/api/v1/records/" + recordId + "/attachments?name=" + name)
                .header("Authorization", "Bearer " + token).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(content)).build();
        return api.platform().send(r);
    }

    static int status(String h, String token, String path) {
        return api.send(h, "GET", path, token, null).statusCode();
    }

    @Test
    void filesOnAProblemFollowItsReadScopeAndTheEntitysLimits() {
        String aId = api.personId(host, agentA);
        JsonNode p = problem(host, agentA, obj("title", "Impresión lenta", "description", "Colas llenas.",
                "assignedGroup", "mesa-servicio-primer-nivel", "assignedAgentId", aId));
        String id = p.get("id").asText();
        HttpResponse<String> up = upload(host, agentA, id, "diagnostico.pdf", "application/pdf", "%PDF-1.4 diagnóstico");
        assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
        String fileId = json(up).get("id").asText();
        // A script declared as a PDF: refused (415), nothing stored.
        HttpResponse<String> script = upload(host, agentA, id, "informe.pdf", "application/pdf", "#!/bin/sh\nrm -rf /\n");
        assertThat(script.statusCode()).as(script.body()).isEqualTo(415);
        assertThat(script.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        JsonNode list = json(api.send(host, "GET", "/api/v1/records/" + id + "/attachments", agentA, null));
        assertThat(list.findValuesAsText("fileName")).containsExactly("diagnostico.pdf");
        HttpResponse<String> down = api.send(host, "GET", "/api/v1/records/" + id + "/attachments/" + fileId, agentA, null);
        assertThat(down.statusCode()).isEqualTo(200);
        assertThat(down.body()).isEqualTo("%PDF-1.4 diagnóstico");
        JsonNode after = json(api.send(host, "GET", "/api/v1/problems/" + id, agentA, null));
        assertThat(after.get("version").asInt()).as("an event: a new version").isEqualTo(p.get("version").asInt() + 1);
        List<String> kinds = new ArrayList<>();
        after.get("history").forEach(e -> kinds.add(e.get("kind").asText()));
        assertThat(kinds).containsExactly("created", "attachment-added");

        // Another group's agent, a requester: not theirs to see, not theirs to add to.
        assertThat(status(host, agentB, "/api/v1/records/" + id + "/attachments")).isEqualTo(404);
        assertThat(status(host, agentB, "/api/v1/records/" + id + "/attachments/" + fileId)).isEqualTo(404);
        assertThat(upload(host, agentB, id, "x.pdf", "application/pdf", "%PDF-1.4 x").statusCode()).isEqualTo(404);
        assertThat(status(host, requester, "/api/v1/records/" + id + "/attachments/" + fileId)).isEqualTo(403);
        // The other entity: nothing, even with the ids.
        assertThat(status(PS, psAgent, "/api/v1/records/" + id + "/attachments")).isEqualTo(404);
        assertThat(status(PS, psAgent, "/api/v1/records/" + id + "/attachments/" + fileId)).isEqualTo(404);
        assertThat(upload(PS, psAgent, id, "x.pdf", "application/pdf", "%PDF-1.4 x").statusCode()).isEqualTo(404);
        // A file id of another record is not found through this one.
        String other = problem(host, agentA, obj("title", "Otro", "description", "Otro problema.")).get("id").asText();
        assertThat(status(host, agentA, "/api/v1/records/" + other + "/attachments/" + fileId)).isEqualTo(404);

        // Closed: no more files.
        String etag = "\"" + after.get("version").asInt() + "\"";
        HttpResponse<String> closed = api.send(host, "POST", "/api/v1/problems/" + id + "/transitions", agentA,
                obj("transition", "cerrar", "note", "Resuelto."), "If-Match", etag);
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
        assertThat(upload(host, agentA, id, "tarde.pdf", "application/pdf", "%PDF-1.4 tarde").statusCode()).isEqualTo(409);
    }

    @Test
    void prosperidadSocialAgentsAttachFilesToTheirProblems() {
        JsonNode p = problem(PS, psAgent, obj("title", "Equipos sin red", "description", "Varias sedes."));
        HttpResponse<String> up = upload(PS, psAgent, p.get("id").asText(), "red.pdf", "application/pdf", "%PDF-1.4 traza de red");
        assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
        HttpResponse<String> down = api.send(PS, "GET", "/api/v1/records/" + p.get("id").asText() + "/attachments/"
                + json(up).get("id").asText(), psAgent, null);
        assertThat(down.body()).isEqualTo("%PDF-1.4 traza de red");
        assertThat(down.headers().firstValue("Content-Disposition").orElse("")).contains("red.pdf");
    }
}
