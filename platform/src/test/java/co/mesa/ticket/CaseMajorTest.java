package co.mesa.ticket;

import co.mesa.identity.Roles;
import co.mesa.notification.OutboxDispatcher;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestMail;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
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
 * Major incidents (003 §4.9.2, issue 20) through the API: an agent of the case marks it with a reason and unmarks
 * it with another, both in the history; the entity's process managers (groups.yaml processManagers) get the mail;
 * the queue's {@code major} filter lists exactly the marked cases; refusals write nothing; the requester never sees
 * the mark; the other entity can neither see nor mark the case.
 */
@NeedsKeycloak
class CaseMajorTest {

    static final String TAG = UUID.randomUUID().toString().replace("-", "").substring(0, 6);
    static CaseApi api;
    static String requester;
    static String agent;
    static String outsider;
    static String manager;
    static String managerAddress;
    static String fpAgent;
    static TenantContext ps;

    @BeforeAll
    static void people() {
        api = new CaseApi();
        ps = api.platform().bean(TenantRegistry.class).bySlug("prosperidad-social").orElseThrow();
        requester = api.token("prosperidad-social", "mj-solicitante", Roles.REQUESTER);
        agent = api.agent("prosperidad-social", "mj-agente", "soporte-primer-nivel");
        outsider = api.agent("prosperidad-social", "mj-agente-redes", "redes");
        // A process manager of Prosperidad Social: a member of the directory group groups.yaml names.
        String username = "mj-gestor-" + TAG;
        manager = api.token("prosperidad-social", username, List.of("gestores-proceso-incidentes"), Roles.REQUESTER,
                Roles.AGENT, Roles.SUPERVISOR);
        managerAddress = username + "@prosperidad-social.example.invalid";
        fpAgent = api.agent("funcion-publica", "mj-agente-fp", "mesa-servicio-primer-nivel");
        for (String t : List.of(requester, agent, outsider, manager)) {
            api.personId(PS, t);
        }
        api.personId(FP, fpAgent);
    }

    /** A case of the first line's, filed by the requester. */
    static JsonNode file(String title) {
        HttpResponse<String> r = api.create(PS, requester, obj("service", "gestion-incidentes-requerimientos",
                "template", "falla-equipo", "title", title, "description", "El servidor de archivos no responde."));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode c = json(r);
        assertThat(c.get("assignedGroup").get("key").asText()).isEqualTo("soporte-primer-nivel");
        return c;
    }

    static HttpResponse<String> mark(String host, String token, String id, Object body) {
        String etag = api.get(host, token, id).headers().firstValue("ETag").orElse("\"1\"");
        return api.send(host, "POST", "/api/v1/cases/" + id + "/major", token, body, "If-Match", etag);
    }

    static List<String> codes(String token, String query) {
        JsonNode page = json(api.send(PS, "GET", "/api/v1/queue?size=200&" + query, token, null));
        List<String> out = new ArrayList<>();
        page.get("items").forEach(i -> out.add(i.get("code").asText()));
        return out;
    }

    static int version(String id) {
        return json(api.get(PS, agent, id)).get("version").asInt();
    }

    @Test
    void anAgentMarksACaseMajorTheManagersAreToldAndTheQueueListsExactlyThem() throws Exception {
        JsonNode c = file("Caída del servidor de archivos " + TAG);
        JsonNode other = file("Otro caso sin marca " + TAG);
        String id = c.get("id").asText();
        String code = c.get("code").asText();

        // No reason: 422 on the field, nothing written.
        int before = version(id);
        HttpResponse<String> refused = mark(PS, agent, id, obj("major", true, "reason", "  "));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(refused.body()).contains("\"reason\"").contains("Escriba el motivo");
        assertThat(version(id)).isEqualTo(before);
        assertThat(codes(agent, "major=true")).doesNotContain(code);

        HttpResponse<String> marked = mark(PS, agent, id, obj("major", true, "reason", "Sin servicio en toda la sede " + TAG));
        assertThat(marked.statusCode()).as(marked.body()).isEqualTo(200);
        JsonNode after = json(marked);
        assertThat(after.get("major").get("reason").asText()).isEqualTo("Sin servicio en toda la sede " + TAG);
        JsonNode event = after.get("events").get(after.get("events").size() - 1);
        assertThat(event.get("kind").asText()).isEqualTo("majorMarked");
        assertThat(event.get("label").asText()).isEqualTo("Marcado como incidente mayor");
        assertThat(event.get("note").asText()).contains("Sin servicio en toda la sede");
        assertThat(event.get("published").asBoolean()).isFalse();

        // Marking it again is a conflict; the history keeps one mark.
        assertThat(mark(PS, agent, id, obj("major", true, "reason", "otra vez")).statusCode()).isEqualTo(409);

        // The filter lists exactly the marked cases, each with its mark.
        List<String> major = codes(agent, "major=true");
        assertThat(major).contains(code).doesNotContain(other.get("code").asText());
        JsonNode page = json(api.send(PS, "GET", "/api/v1/queue?size=200&major=true", agent, null));
        page.get("items").forEach(i -> assertThat(i.get("major").asBoolean()).isTrue());
        assertThat(codes(agent, "major=false")).contains(other.get("code").asText()).doesNotContain(code);
        assertThat(api.send(PS, "GET", "/api/v1/queue?major=quizas", agent, null).statusCode()).isEqualTo(400);

        // The requester sees neither the mark nor its event.
        JsonNode seen = json(api.get(PS, requester, id));
        assertThat(seen.get("major").isNull()).isTrue();
        seen.get("events").forEach(e -> assertThat(e.get("kind").asText()).doesNotStartWith("major"));
        JsonNode mine = json(api.send(PS, "GET", "/api/v1/me/cases?size=200", requester, null));
        mine.get("items").forEach(i -> assertThat(i.get("major").isNull()).isTrue());

        // The process managers are told, with the reason.
        OutboxDispatcher dispatcher = api.platform().bean(OutboxDispatcher.class);
        while (dispatcher.dispatch(ps, Instant.now()) > 0) {
            // next round
        }
        List<MimeMessage> mails = TestMail.get().to(managerAddress);
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0).getSubject()).isEqualTo("[" + code + "] Incidente mayor: caso " + code);
        assertThat(String.valueOf(((jakarta.mail.Multipart) mails.get(0).getContent()).getBodyPart(0).getContent()))
                .contains("Sin servicio en toda la sede " + TAG).contains("gestor del proceso");

        // Unmarked with its own reason: off the filter, both in the history, the managers told again.
        HttpResponse<String> unmarked = mark(PS, agent, id, obj("major", false, "reason", "Era solo un equipo"));
        assertThat(unmarked.statusCode()).as(unmarked.body()).isEqualTo(200);
        assertThat(json(unmarked).get("major").isNull()).isTrue();
        List<String> kinds = new ArrayList<>();
        json(unmarked).get("events").forEach(e -> kinds.add(e.get("kind").asText()));
        assertThat(kinds).containsSubsequence("majorMarked", "majorUnmarked");
        assertThat(codes(agent, "major=true")).doesNotContain(code);
        assertThat(mark(PS, agent, id, obj("major", false, "reason", "de nuevo")).statusCode()).isEqualTo(409);
        while (dispatcher.dispatch(ps, Instant.now()) > 0) {
            // next round
        }
        assertThat(TestMail.get().to(managerAddress)).hasSize(2);
        assertThat(TestMail.get().to(managerAddress).get(1).getSubject()).contains("ya no es un incidente mayor");
    }

    @Test
    void onlyTheCasesAgentsMayMarkItAndTheOtherEntityCannotSeeIt() {
        JsonNode c = file("Marca no permitida " + TAG);
        String id = c.get("id").asText();
        int before = version(id);
        // The requester may see the case but does not work it.
        assertThat(mark(PS, requester, id, obj("major", true, "reason", "urgente")).statusCode()).isEqualTo(403);
        // An agent of another group does not see it.
        assertThat(mark(PS, outsider, id, obj("major", true, "reason", "urgente")).statusCode()).isEqualTo(404);
        // Función Pública's agent: on its own host the case does not exist; on Prosperidad Social's its token is refused.
        assertThat(api.send(FP, "POST", "/api/v1/cases/" + id + "/major", fpAgent, obj("major", true, "reason", "x"),
                "If-Match", "\"" + before + "\"").statusCode()).isEqualTo(404);
        assertThat(api.send(PS, "POST", "/api/v1/cases/" + id + "/major", fpAgent, obj("major", true, "reason", "x"),
                "If-Match", "\"" + before + "\"").statusCode()).isEqualTo(401);
        assertThat(json(api.send(FP, "GET", "/api/v1/queue?size=200&major=true", fpAgent, null)).toString())
                .doesNotContain(c.get("code").asText());
        // A stale version and a missing If-Match write nothing.
        assertThat(api.send(PS, "POST", "/api/v1/cases/" + id + "/major", agent, obj("major", true, "reason", "x"))
                .statusCode()).isEqualTo(428);
        assertThat(api.send(PS, "POST", "/api/v1/cases/" + id + "/major", agent, obj("major", true, "reason", "x"),
                "If-Match", "\"" + (before + 5) + "\"").statusCode()).isEqualTo(412);
        assertThat(version(id)).isEqualTo(before);
        Long marked = api.platform().bean(TenantTransactions.class).read(ps.id(), conn -> {
            try (var st = conn.prepareStatement("SELECT count(*) FROM service_case WHERE id = ? AND major_at IS NOT NULL")) {
                st.setObject(1, UUID.fromString(id));
                try (var rs = st.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        assertThat(marked).isZero();
    }
}
