package co.mesa.record;

import co.mesa.identity.Roles;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.NeedsKeycloak;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static co.mesa.testsupport.CaseApi.FP;
import static co.mesa.testsupport.CaseApi.PS;
import static co.mesa.testsupport.CaseApi.json;
import static co.mesa.testsupport.CaseApi.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A problem's life through the API on both entities, with real tokens: opened from incidents, investigated,
 * marked a known error (which publishes an agents-only article with its workaround), closed telling the
 * linked open cases — and the rules of the case API (If-Match, Idempotency-Key, problem+json).
 */
@NeedsKeycloak
class ProblemLifecycleTest {

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

    static String fpCase(String title) {
        HttpResponse<String> r = api.create(FP, fpRequester, obj("origin", "portal", "service", "acceso-remoto",
                "template", "acceso-remoto", "title", title, "description", "La VPN rechaza la credencial.",
                "impact", "moderado", "urgency", "medio", "fields", obj("telefono-contacto", "601 555 0101")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).get("id").asText();
    }

    static String psCase(String title) {
        HttpResponse<String> r = api.create(PS, psRequester, obj("service", "gestion-incidentes-requerimientos",
                "template", "falla-equipo", "title", title, "description", "No enciende."));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).get("id").asText();
    }

    static HttpResponse<String> post(String host, String token, String path, Object body, String etag) {
        return api.send(host, "POST", path, token, body, "If-Match", etag);
    }

    static JsonNode ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    static String etag(JsonNode problem) {
        return "\"" + problem.get("version").asInt() + "\"";
    }

    /** Opens from two cases, investigates, marks a known error, links a third case, closes telling the open ones. */
    static void life(String host, String agent, String requester, List<String> cases, String third, boolean thirdClosed,
                     String codePattern) {
        HttpResponse<String> created = api.send(host, "POST", "/api/v1/problems", agent, obj("title", "La VPN rechaza credenciales",
                "description", "Varias incidencias con el mismo síntoma desde la actualización.", "impact", "Alto: toda la entidad",
                "cases", List.of(cases.get(0), cases.get(1))), "Idempotency-Key", "vida-" + host);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode p = json(created);
        String id = p.get("id").asText();
        String path = "/api/v1/problems/" + id;
        assertThat(p.get("code").asText()).matches(codePattern);
        assertThat(p.get("state").asText()).isEqualTo("nuevo");
        assertThat(p.get("cases")).hasSize(2);
        assertThat(p.get("dueAt").isNull()).as("the optional resolution target is set").isFalse();
        assertThat(created.headers().firstValue("ETag")).contains(etag(p));
        // A retry with the same key gets the same problem; another body with it is refused.
        HttpResponse<String> again = api.send(host, "POST", "/api/v1/problems", agent, obj("title", "La VPN rechaza credenciales",
                "description", "Varias incidencias con el mismo síntoma desde la actualización.", "impact", "Alto: toda la entidad",
                "cases", List.of(cases.get(0), cases.get(1))), "Idempotency-Key", "vida-" + host);
        assertThat(json(again).get("id").asText()).isEqualTo(id);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(api.send(host, "POST", "/api/v1/problems", agent, obj("title", "Otro", "description", "d"),
                "Idempotency-Key", "vida-" + host).statusCode()).isEqualTo(422);

        // Changes need If-Match: none → 428, stale → 412; a note is required by the workflow.
        assertThat(api.send(host, "POST", path + "/transitions", agent, obj("transition", "investigar", "note", "x"))
                .statusCode()).isEqualTo(428);
        assertThat(post(host, agent, path + "/transitions", obj("transition", "investigar", "note", "x"), "\"99\"")
                .statusCode()).isEqualTo(412);
        HttpResponse<String> noNote = post(host, agent, path + "/transitions", obj("transition", "investigar"), etag(p));
        assertThat(noNote.statusCode()).isEqualTo(422);
        assertThat(noNote.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        p = ok(post(host, agent, path + "/transitions", obj("transition", "investigar", "note", "Se revisa el concentrador."), etag(p)));
        assertThat(p.get("state").asText()).isEqualTo("en-investigacion");

        // A known error needs a workaround, and publishes an agents-only article with it.
        assertThat(post(host, agent, path + "/edit", obj("knownError", true), etag(p)).statusCode()).isEqualTo(422);
        p = ok(post(host, agent, path + "/edit", obj("rootCause", "Certificado vencido en el concentrador.",
                "workaround", "Conectarse con el perfil alterno «VPN-2».", "knownError", true), etag(p)));
        assertThat(p.at("/problem/knownError").asBoolean()).isTrue();
        String article = p.at("/problem/articleId").asText();
        JsonNode kb = json(api.send(host, "GET", "/api/v1/kb/articles/" + article, agent, null));
        assertThat(kb.toString()).contains("VPN-2");
        assertThat(api.send(host, "GET", "/api/v1/kb/articles/" + article, requester, null).statusCode())
                .as("agents only").isEqualTo(404);

        // An emptied optional fact is cleared (a page sends every field); absent ones stay; a known error keeps its
        // workaround: emptying it is refused and changes nothing.
        assertThat(p.at("/problem/impact").asText()).isEqualTo("Alto: toda la entidad");
        assertThat(post(host, agent, path + "/edit", obj("workaround", " "), etag(p)).statusCode()).isEqualTo(422);
        p = ok(post(host, agent, path + "/edit", obj("impact", ""), etag(p)));
        assertThat(p.at("/problem/impact").isMissingNode() || p.at("/problem/impact").isNull()).as(p.toString()).isTrue();
        assertThat(p.at("/problem/rootCause").asText()).isEqualTo("Certificado vencido en el concentrador.");
        assertThat(p.at("/problem/workaround").asText()).contains("VPN-2");

        // Linked from the case's side too; the case's agents see the problem (and that it is a known error).
        p = ok(post(host, agent, path + "/cases", obj("caseId", third), etag(p)));
        assertThat(p.get("cases")).hasSize(3);
        JsonNode onCase = json(api.send(host, "GET", "/api/v1/cases/" + cases.get(0) + "/problems", agent, null));
        assertThat(onCase.get(0).get("id").asText()).isEqualTo(id);
        assertThat(onCase.get(0).get("knownError").asBoolean()).isTrue();
        assertThat(api.send(host, "GET", "/api/v1/cases/" + cases.get(0) + "/problems", requester, null).statusCode())
                .isEqualTo(403);

        // Closing tells the linked open cases (a published action on each), not the closed one.
        String message = "Se corrigió el certificado del concentrador VPN; ya puede conectarse normalmente.";
        p = ok(post(host, agent, path + "/transitions", obj("transition", "cerrar", "note", "Certificado renovado.",
                "notifyLinkedCases", true, "message", message), etag(p)));
        assertThat(p.get("state").asText()).isEqualTo("cerrado");
        assertThat(p.get("closedAt").isNull()).isFalse();
        JsonNode last = p.get("history").get(p.get("history").size() - 1);
        assertThat(last.get("toState").asText()).isEqualTo("cerrado");
        for (String c : cases) {
            JsonNode seen = json(api.get(host, requester, c));
            assertThat(seen.get("events").findValuesAsText("note")).as("the requester of %s is told", c).contains(message);
        }
        List<String> thirdNotes = json(api.get(host, requester, third)).get("events").findValuesAsText("note");
        if (thirdClosed) {
            assertThat(thirdNotes).as("a case already closed is not told").doesNotContain(message);
        } else {
            assertThat(thirdNotes).contains(message);
        }
        // Closed: no more edits until it is reopened.
        assertThat(post(host, agent, path + "/edit", obj("impact", "x"), etag(p)).statusCode()).isEqualTo(409);
        // The history is the whole life, in order.
        List<String> kinds = new ArrayList<>();
        p.get("history").forEach(e -> kinds.add(e.get("kind").asText()));
        assertThat(kinds).containsExactly("created", "case-linked", "case-linked", "transition", "edited", "edited", "case-linked",
                "transition");
    }

    @Test
    void funcionPublicaFromIncidentsToKnownErrorToClosed() {
        String closed = fpCase("VPN: ya resuelto en primera línea");
        api.actOk(FP, fpAgent, closed, obj("kind", "firstLineSolution", "note", "Se reinició el cliente."));
        life(FP, fpAgent, fpRequester, List.of(fpCase("VPN rechaza credencial 1"), fpCase("VPN rechaza credencial 2")), closed,
                true, "PRB \\d{4}-\\d{5}");
    }

    @Test
    void prosperidadSocialFromIncidentsToKnownErrorToClosed() {
        // Prosperidad Social closes cases through its survey: the third case linked is open, and is told too.
        life(PS, psAgent, psRequester, List.of(psCase("No enciende 1"), psCase("No enciende 2")), psCase("No enciende 3"), false,
                "DPS-PRB-\\d{4}-\\d{5}");
    }

    @Test
    void problemaAndCambioAreNoLongerOfferedForNewCasesInFuncionPublica() {
        HttpResponse<String> r = api.create(FP, fpAgent, obj("origin", "phone", "requesterId", api.personId(FP, fpRequester),
                "service", "acceso-remoto", "category", "vpn", "caseType", "problema",
                "title", "Un problema como caso", "description", "d"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(r.body()).contains("caseType");
    }
}
