package co.mesa.web;

import co.mesa.identity.Roles;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.NeedsKeycloak;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static co.mesa.testsupport.CaseApi.FP;
import static co.mesa.testsupport.CaseApi.json;
import static co.mesa.testsupport.CaseApi.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inputs that used to answer 500 (issue 31's fuzz): each is now a 400/422 problem naming what to fix,
 * and nothing is stored. The people here are this class's own ("bi-…").
 */
@NeedsKeycloak
class BadInputTest {

    static CaseApi api;
    static String requester;
    static String agent;

    @BeforeAll
    static void start() {
        api = new CaseApi();
        requester = api.token("funcion-publica", "bi-solicitante", Roles.REQUESTER);
        agent = api.agent("funcion-publica", "bi-agente", "mesa-servicio-primer-nivel");
    }

    static void assertProblem(HttpResponse<String> r, int status, String param) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json(r).get("invalidParams").findValuesAsText("name")).as(r.body()).contains(param);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("SQL");
    }

    static int myCases() {
        return json(api.send(FP, "GET", "/api/v1/me/cases?status=all&size=100", requester, null)).get("items").size();
    }

    @Test
    void aNulInAQueryParameterIsA400NamingIt() {
        for (String param : List.of("q", "group", "category", "substate")) {
            HttpResponse<String> r = api.send(FP, "GET", "/api/v1/queue?" + param + "=a%00b", agent, null);
            assertProblem(r, 400, param);
            assertThat(json(r).at("/invalidParams/0/reason").asText()).contains("U+0000");
        }
        // Tab, LF and CR are text; they pass the filter and reach the queue's own checks.
        assertThat(api.send(FP, "GET", "/api/v1/queue?q=a%09b", agent, null).statusCode()).isEqualTo(200);
        // A page gets the same refusal as a page (Spanish), not a stack trace.
        HttpResponse<String> page = api.platform().get(FP, "/?q=%00", "Accept", "text/html");
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("Texto con un carácter no permitido").doesNotContain("Exception");
    }

    @Test
    void aNulInACasesTextIsA422AndNoCaseIsFiled() {
        int before = myCases();
        HttpResponse<String> r = api.create(FP, requester, obj("service", "acceso-remoto", "template", "acceso-remoto",
                "title", "VPN\u0000 caída", "description", "Sin acceso\u0007", "fields", obj("telefono-contacto", "601 555 0190")));
        assertProblem(r, 422, "title");
        assertThat(json(r).get("invalidParams").findValuesAsText("name")).contains("description");
        assertThat(myCases()).isEqualTo(before);
    }

    @Test
    void theSameAttachmentTwiceIsA422AndNothingIsLinked() {
        HttpRequest up = api.platform().request(FP, "/api/v1/attachments?name=captura.png")
                .header("Authorization", "Bearer " + requester).header("Content-Type", "application/pdf")
                .POST(HttpRequest.BodyPublishers.ofString("%PDF-1.4 captura")).build();
        HttpResponse<String> uploaded = api.platform().send(up);
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        String id = json(uploaded).get("id").asText();
        int before = myCases();
        HttpResponse<String> r = api.create(FP, requester, obj("service", "acceso-remoto", "template", "acceso-remoto",
                "title", "Dos veces el mismo archivo", "description", "d", "fields", obj("telefono-contacto", "601 555 0191"),
                "attachments", List.of(obj("id", id), obj("id", id))));
        assertProblem(r, 422, "attachments/1/id");
        assertThat(myCases()).isEqualTo(before);
        // The upload is still free: the same file once files the case.
        HttpResponse<String> once = api.create(FP, requester, obj("service", "acceso-remoto", "template", "acceso-remoto",
                "title", "Una vez el archivo", "description", "d", "fields", obj("telefono-contacto", "601 555 0191"),
                "attachments", List.of(obj("id", id))));
        assertThat(once.statusCode()).as(once.body()).isEqualTo(201);
        assertThat(json(once).get("attachments")).hasSize(1);
    }

    @Test
    void aNullRecipientAndANulNoteAre422s() {
        HttpResponse<String> filed = api.create(FP, requester, obj("service", "acceso-remoto", "template", "acceso-remoto",
                "title", "Caso para entradas malas", "description", "d", "fields", obj("telefono-contacto", "601 555 0192")));
        assertThat(filed.statusCode()).as(filed.body()).isEqualTo(201);
        String id = json(filed).get("id").asText();
        api.actOk(FP, agent, id, obj("kind", "reassign", "group", "mesa-servicio-primer-nivel",
                "agentId", api.personId(FP, agent), "note", "Lo tomo"));
        JsonNode c = json(api.get(FP, agent, id));
        String etag = "\"" + c.get("version").asInt() + "\"";
        List<String> to = new ArrayList<>(Arrays.asList((String) null));
        assertProblem(api.send(FP, "POST", "/api/v1/cases/" + id + "/notify", agent,
                obj("to", to, "subject", "s", "message", "m"), "If-Match", etag), 422, "to/0");
        assertProblem(api.act(FP, agent, id, obj("kind", "internalNote", "note", "nota\u0000")), 422, "note");
        assertThat(json(api.get(FP, agent, id)).get("version").asInt()).isEqualTo(c.get("version").asInt());
    }

    @Test
    void availabilityOutsideAnyLeaveIsA400() {
        assertProblem(api.send(FP, "PUT", "/api/v1/me/availability", agent,
                obj("away", true, "until", "+999999999-12-31T23:59:59Z")), 400, "until");
        assertProblem(api.send(FP, "PUT", "/api/v1/me/availability", agent,
                obj("away", true, "from", "2027-01-10T00:00:00Z", "until", "2027-01-09T00:00:00Z")), 400, "until");
        // Still not away: nothing was stored.
        assertThat(json(api.send(FP, "GET", "/api/v1/me/availability", agent, null)).get("away").asBoolean()).isFalse();
    }
}
