package co.mesa.record;

import co.mesa.identity.Roles;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestTenants;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static co.mesa.testsupport.CaseApi.json;
import static co.mesa.testsupport.CaseApi.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Linking a case to a problem, opening a problem from a case and reading a case's problems need the caller to work
 * the case (an agent or supervisor of its group, or its assignee) — the case page's scope — even when the problem is
 * one they may see. Runs on a copy of Función Pública so its groups hold only this class's agents.
 */
@NeedsKeycloak
class ProblemCaseScopeTest {

    static CaseApi api;
    static String host;
    static String inGroup;
    static String otherGroup;
    static String caseId;

    @BeforeAll
    static void people() {
        api = new CaseApi();
        host = TestTenants.copyOf("funcion-publica", "pl-entidad");
        String requester = api.token("pl-entidad", "pl-solicitante", Roles.REQUESTER);
        HttpResponse<String> r = api.create(host, requester, obj("origin", "portal", "service", "acceso-remoto",
                "template", "acceso-remoto", "title", "VPN", "description", "La VPN rechaza la credencial.",
                "impact", "moderado", "urgency", "medio", "fields", obj("telefono-contacto", "601 555 0101")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode filed = json(r);
        caseId = filed.get("id").asText();
        String group = filed.get("assignedGroup").get("key").asText();
        inGroup = api.agent("pl-entidad", "pl-agente-dentro", group);
        otherGroup = api.agent("pl-entidad", "pl-agente-fuera", "mesa-servicio-primer-nivel".equals(group)
                ? "sigep-mesa" : "mesa-servicio-primer-nivel");
    }

    static JsonNode problem(String token) {
        HttpResponse<String> r = api.send(host, "POST", "/api/v1/problems", token, obj("title", "Sin asignar",
                "description", "Visible para todos los agentes."));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r);
    }

    @Test
    void onlyThoseWhoWorkTheCaseLinkItOrReadItsProblems() {
        JsonNode p = problem(otherGroup);
        String path = "/api/v1/problems/" + p.get("id").asText();
        String etag = "\"" + p.get("version").asInt() + "\"";
        HttpResponse<String> refused = api.send(host, "POST", path + "/cases", otherGroup, obj("caseId", caseId),
                "If-Match", etag);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(json(refused).get("invalidParams").findValuesAsText("name")).containsExactly("caseId");
        assertThat(api.send(host, "GET", "/api/v1/cases/" + caseId + "/problems", otherGroup, null).statusCode())
                .isEqualTo(404);
        int before = json(api.send(host, "GET", "/api/v1/problems", otherGroup, null)).get("items").size();
        HttpResponse<String> fromCase = api.send(host, "POST", "/api/v1/problems", otherGroup, obj("title", "Desde el caso",
                "description", "No es suyo.", "cases", List.of(caseId)));
        assertThat(fromCase.statusCode()).as(fromCase.body()).isEqualTo(422);
        assertThat(json(api.send(host, "GET", "/api/v1/problems", otherGroup, null)).get("items").size())
                .as("nothing half-written").isEqualTo(before);
        assertThat(json(api.send(host, "GET", path, otherGroup, null)).get("cases")).isEmpty();

        // The case's own group: linked, and the case lists the problem.
        HttpResponse<String> linked = api.send(host, "POST", path + "/cases", inGroup, obj("caseId", caseId), "If-Match", etag);
        assertThat(linked.statusCode()).as(linked.body()).isEqualTo(200);
        assertThat(json(api.send(host, "GET", "/api/v1/cases/" + caseId + "/problems", inGroup, null))
                .findValuesAsText("id")).containsExactly(p.get("id").asText());
    }
}
