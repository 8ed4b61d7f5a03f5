package co.mesa.record;

import co.mesa.identity.Roles;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestTenants;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static co.mesa.testsupport.CaseApi.PS;
import static co.mesa.testsupport.CaseApi.json;
import static co.mesa.testsupport.CaseApi.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may read which problem, inside an entity and across entities, and the console tab's counters equal to the
 * lists they name. Runs on an entity of its own (a copy of Función Pública) so no other test's problems count.
 */
@NeedsKeycloak
class ProblemScopesTest {

    static CaseApi api;
    static String host;
    static String agentA;
    static String agentB;
    static String supervisor;
    static String requester;
    static String psAgent;
    static String p1;
    static String p2;
    static String p3;

    @BeforeAll
    static void problems() {
        api = new CaseApi();
        host = TestTenants.copyOf("funcion-publica", "pr-entidad");
        agentA = api.agent("pr-entidad", "pr-agente-a", "mesa-servicio-primer-nivel");
        agentB = api.agent("pr-entidad", "pr-agente-b", "sigep-mesa");
        supervisor = api.token("pr-entidad", "pr-supervisor", List.of("mesa-servicio-primer-nivel"), Roles.REQUESTER,
                Roles.AGENT, Roles.SUPERVISOR);
        requester = api.token("pr-entidad", "pr-solicitante", Roles.REQUESTER);
        psAgent = api.agent("prosperidad-social", "pr-agente-ps", "soporte-primer-nivel");
        String aId = api.personId(host, agentA);
        String bId = api.personId(host, agentB);
        p1 = create(agentA, obj("title", "P1", "description", "del grupo de primer nivel", "assignedGroup",
                "mesa-servicio-primer-nivel", "assignedAgentId", aId));
        p2 = create(agentA, obj("title", "P2", "description", "sin asignar"));
        p3 = create(agentB, obj("title", "P3", "description", "del proveedor", "assignedGroup", "sigep-mesa",
                "assignedAgentId", bId));
        create(agentA, obj("title", "P4", "description", "al grupo, sin agente", "assignedGroup", "mesa-servicio-primer-nivel"));
    }

    static String create(String token, Object body) {
        HttpResponse<String> r = api.send(host, "POST", "/api/v1/problems", token, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).get("id").asText();
    }

    static int status(String h, String token, String path) {
        return api.send(h, "GET", path, token, null).statusCode();
    }

    @Test
    void agentsSeeTheirGroupsAndUnassignedProblemsSupervisorsAllRequestersNone() {
        assertThat(status(host, agentA, "/api/v1/problems/" + p1)).isEqualTo(200);
        assertThat(status(host, agentA, "/api/v1/problems/" + p2)).isEqualTo(200);
        assertThat(status(host, agentA, "/api/v1/problems/" + p3)).as("another group's").isEqualTo(404);
        assertThat(status(host, agentB, "/api/v1/problems/" + p1)).as("another group's").isEqualTo(404);
        assertThat(status(host, agentB, "/api/v1/problems/" + p2)).as("nobody's yet").isEqualTo(200);
        assertThat(status(host, agentB, "/api/v1/problems/" + p3)).isEqualTo(200);
        for (String p : List.of(p1, p2, p3)) {
            assertThat(status(host, supervisor, "/api/v1/problems/" + p)).isEqualTo(200);
            assertThat(status(host, requester, "/api/v1/problems/" + p)).isEqualTo(403);
        }
        assertThat(status(host, requester, "/api/v1/problems")).isEqualTo(403);
        assertThat(api.send(host, "POST", "/api/v1/problems", requester, obj("title", "x", "description", "y")).statusCode())
                .isEqualTo(403);
        // Changing needs the same sight: B cannot move A's group's problem, even with its ETag.
        assertThat(api.send(host, "POST", "/api/v1/problems/" + p1 + "/transitions", agentB,
                obj("transition", "investigar", "note", "x"), "If-Match", "\"1\"").statusCode()).isEqualTo(404);
    }

    @Test
    void anotherEntityCanNeitherReadNorChangeNorLinkThisEntitysProblems() {
        for (String p : List.of(p1, p2, p3)) {
            assertThat(status(PS, psAgent, "/api/v1/problems/" + p)).isEqualTo(404);
            assertThat(api.send(PS, "POST", "/api/v1/problems/" + p + "/edit", psAgent, obj("impact", "x"), "If-Match", "\"1\"")
                    .statusCode()).isEqualTo(404);
        }
        JsonNode psList = json(api.send(PS, "GET", "/api/v1/problems", psAgent, null));
        assertThat(psList.get("items").findValuesAsText("id")).doesNotContain(p1, p2, p3);
        // A case of this entity cannot be linked into the other entity's problem.
        String psProblem = json(api.send(PS, "POST", "/api/v1/problems", psAgent, obj("title", "PS", "description", "d")))
                .get("id").asText();
        String caseHere = json(api.create(host, requester, obj("origin", "portal", "service", "acceso-remoto",
                "template", "acceso-remoto", "title", "caso", "description", "d",
                "fields", obj("telefono-contacto", "601 555 0101")))).get("id").asText();
        assertThat(api.send(PS, "POST", "/api/v1/problems/" + psProblem + "/cases", psAgent, obj("caseId", caseHere),
                "If-Match", "\"1\"").statusCode()).isEqualTo(422);
        assertThat(status(host, agentA, "/api/v1/problems/" + psProblem)).isEqualTo(404);
    }

    @Test
    void everyCounterEqualsTheListItNames() {
        int checked = 0;
        for (String token : List.of(agentA, agentB, supervisor)) {
            JsonNode counters = json(api.send(host, "GET", "/api/v1/problems/counters", token, null));
            for (String section : List.of("overview", "mine", "groups")) {
                for (JsonNode counter : counters.get(section)) {
                    assertThat(listed(token, counter.get("list").asText())).as(section + " " + counter.get("state").asText())
                            .hasSize(counter.get("count").asInt());
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(3 * 3 * 4);
        // And they count what they say: A's overview shows P1, P2, P4 as new; B's P2 and P3; the supervisor's all four.
        assertThat(count(agentA, "overview", "nuevo")).isEqualTo(3);
        assertThat(count(agentB, "overview", "nuevo")).isEqualTo(2);
        assertThat(count(supervisor, "overview", "nuevo")).isEqualTo(4);
        assertThat(count(agentA, "mine", "nuevo")).isEqualTo(1);
        assertThat(count(agentA, "groups", "nuevo")).isEqualTo(2);
        assertThat(count(agentB, "groups", "nuevo")).isEqualTo(1);
    }

    @Test
    void badListParametersAreProblemsNot500s() {
        for (String q : List.of("?view=todos", "?state=abierto", "?after=%25zz", "?after=bm90LWEtY3Vyc29y")) {
            HttpResponse<String> r = api.send(host, "GET", "/api/v1/problems" + q, agentA, null);
            assertThat(r.statusCode()).as(q + " " + r.body()).isEqualTo(422);
        }
    }

    static int count(String token, String section, String state) {
        JsonNode counters = json(api.send(host, "GET", "/api/v1/problems/counters", token, null));
        for (JsonNode c : counters.get(section)) {
            if (c.get("state").asText().equals(state)) {
                return c.get("count").asInt();
            }
        }
        throw new AssertionError("no counter " + section + "/" + state);
    }

    static List<String> listed(String token, String list) {
        List<String> ids = new ArrayList<>();
        String next = list;
        while (next != null) {
            JsonNode page = json(api.send(host, "GET", next, token, null));
            page.get("items").forEach(i -> ids.add(i.get("id").asText()));
            next = page.get("next").isNull() ? null : list + "&after=" + page.get("next").asText();
        }
        return ids;
    }
}
