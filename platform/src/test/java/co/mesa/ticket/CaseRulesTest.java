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

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static co.mesa.testsupport.CaseApi.FP;
import static co.mesa.testsupport.CaseApi.PS;
import static co.mesa.testsupport.CaseApi.json;
import static co.mesa.testsupport.CaseApi.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the case API refuses, and how: illegal transitions with a clear problem, If-Match (428 and
 * 412 with what changed), idempotent retries, invalid input that leaves nothing behind, template
 * audiences, attachments, and the append-only history.
 */
@NeedsKeycloak
public class CaseRulesTest {

    static CaseApi api;
    static String requester;
    static String otherRequester;
    static String agent;
    static String psDirector;

    @BeforeAll
    static void people() {
        api = new CaseApi();
        requester = api.token("funcion-publica", "cr-solicitante", Roles.REQUESTER);
        otherRequester = api.token("funcion-publica", "cr-otra", Roles.REQUESTER);
        agent = api.agent("funcion-publica", "cr-agente", "mesa-servicio-primer-nivel");
        psDirector = api.token("prosperidad-social", "cr-directora", Roles.REQUESTER, "directivos-coordinadores");
    }

    static JsonNode newCase(String token, String title) {
        HttpResponse<String> r = api.create(FP, token, valid(title));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r);
    }

    static com.fasterxml.jackson.databind.node.ObjectNode valid(String title) {
        return obj("service", "acceso-remoto", "template", "acceso-remoto", "title", title,
                "description", "La VPN no conecta.", "fields", obj("telefono-contacto", "601 555 0102"));
    }

    @Test
    void illegalStepsAreRefusedWithAProblemThatSaysWhy() {
        String id = newCase(requester, "Pasos ilegales").get("id").asText();
        // The requester cannot confirm a solution nobody signed: not allowed in Asignada.
        HttpResponse<String> r = api.act(FP, requester, id, obj("kind", "confirmSolution"));
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json(r).get("detail").asText()).contains("Asignada");
        // Agent actions are the agents'; requester actions the requester's.
        assertThat(api.act(FP, requester, id, obj("kind", "signSolution", "note", "x")).statusCode()).isEqualTo(403);
        assertThat(api.act(FP, agent, id, obj("kind", "answer", "note", "x")).statusCode()).isEqualTo(403);
        // Unknown action kind, unknown transition, a substate the state does not allow, a set-by-event substate.
        r = api.act(FP, agent, id, obj("kind", "teleport"));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(json(r).at("/invalidParams/0/name").asText()).isEqualTo("kind");
        assertThat(api.act(FP, agent, id, obj("kind", "stateChange", "transition", "volar", "note", "x")).statusCode())
                .isEqualTo(422);
        assertThat(api.act(FP, agent, id, obj("kind", "stateChange", "transition", "asignar", "note", "x")).statusCode())
                .as("automatic transitions happen only on their event").isEqualTo(422);
        assertThat(api.act(FP, agent, id, obj("kind", "substateChange", "substate", "pendiente-respuesta-usuario",
                "note", "x")).statusCode()).isEqualTo(409);
        // A note the tenant requires, missing: 422 naming the field with the tenant's label.
        r = api.act(FP, agent, id, obj("kind", "substateChange", "substate", "pendiente-proveedor-externo"));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(json(r).at("/invalidParams/0/name").asText()).isEqualTo("note");
        // Escalating "up" to a first-line group is not an escalation.
        r = api.act(FP, agent, id, obj("kind", "escalate", "group", "atencion-ciudadano", "note", "x"));
        assertThat(r.statusCode()).isEqualTo(422);
        // English on request.
        r = api.send(FP, "POST", "/api/v1/cases/" + id + "/actions", agent, obj("kind", "teleport"),
                "If-Match", "\"2\"", "Accept-Language", "en");
        assertThat(json(r).get("title").asText()).isEqualTo("Invalid case data");
        // Nothing of the refused attempts reached the history.
        assertThat(json(api.get(FP, agent, id)).get("version").asInt()).isEqualTo(2);
    }

    @Test
    void writesNeedTheCurrentVersionAndAStaleOneSaysWhatChanged() {
        String id = newCase(requester, "Versiones").get("id").asText();
        String path = "/api/v1/cases/" + id + "/actions";
        HttpResponse<String> r = api.send(FP, "POST", path, agent, obj("kind", "internalNote", "note", "sin versión"));
        assertThat(r.statusCode()).isEqualTo(428);
        r = api.send(FP, "POST", path, agent, obj("kind", "internalNote", "note", "primera"), "If-Match", "\"2\"");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("ETag")).contains("\"3\"");
        // Someone else wrote in between: the second writer still holds version 2.
        r = api.send(FP, "POST", path, agent, obj("kind", "internalNote", "note", "tardía"), "If-Match", "\"2\"");
        assertThat(r.statusCode()).isEqualTo(412);
        JsonNode p = json(r);
        assertThat(p.get("changesSince")).hasSize(1);
        assertThat(p.at("/changesSince/0/note").asText()).isEqualTo("primera");
        assertThat(json(api.get(FP, agent, id)).get("version").asInt()).isEqualTo(3);
    }

    /**
     * A create builds its answer from what it wrote instead of reading the new case back (issue 32):
     * that answer must be exactly the case as a later read shows it, to the requester and to the
     * assigned agent alike — only the SLA's time left, which depends on when it is read, may differ.
     */
    static void assertTheAnswerIsTheCaseAsReadBack(String host, String token, JsonNode created) {
        HttpResponse<String> r = api.get(host, token, created.get("id").asText());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(withoutTimeLeft(created)).isEqualTo(withoutTimeLeft(json(r)));
    }

    private static JsonNode withoutTimeLeft(JsonNode c) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = c.deepCopy();
        for (String target : List.of("response", "resolution")) {
            if (copy.path("sla").path(target).isObject()) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) copy.path("sla").path(target)).remove("remaining");
            }
        }
        return copy;
    }

    @Test
    void theCreatesAnswerIsTheCaseAsReadBackForTheRequesterAndForAnAgentFilingOnTheirBehalf() {
        JsonNode mine = newCase(requester, "Respuesta igual a la lectura");
        assertThat(mine.get("events")).hasSizeGreaterThanOrEqualTo(1);
        assertTheAnswerIsTheCaseAsReadBack(FP, requester, mine);
        HttpResponse<String> r = api.create(FP, agent, obj("service", "acceso-remoto", "template", "acceso-remoto",
                "title", "Por teléfono", "description", "Llamó a la mesa", "origin", "phone",
                "requesterId", api.personId(FP, otherRequester), "fields", obj("telefono-contacto", "601 555 0104")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode onBehalf = json(r);
        assertThat(onBehalf.get("events").size()).as("the agent sees the assignment too").isGreaterThanOrEqualTo(2);
        assertTheAnswerIsTheCaseAsReadBack(FP, agent, onBehalf);
    }

    @Test
    void aRetriedCreateWithTheSameKeyGetsTheFirstAnswerAndNeverASecondCase() {
        String key = "retry-" + UUID.randomUUID();
        HttpResponse<String> first = api.create(FP, requester, valid("Idempotente"), "Idempotency-Key", key);
        assertThat(first.statusCode()).isEqualTo(201);
        // The same body written differently is the same request.
        String reordered = "{\"title\":\"Idempotente\",\"fields\":{\"telefono-contacto\":\"601 555 0102\"},"
                + "\"description\":\"La VPN no conecta.\",\"template\":\"acceso-remoto\",\"service\":\"acceso-remoto\"}";
        HttpResponse<String> again = api.create(FP, requester, reordered, "Idempotency-Key", key);
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(countCases("funcion-publica", "Idempotente")).isEqualTo(1);
        // Same key, another body: refused, still one case.
        HttpResponse<String> other = api.create(FP, requester, valid("Otro asunto"), "Idempotency-Key", key);
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(json(other).get("type").asText()).endsWith("case.idempotency-key-reused");
        // Keys are per caller: another person's same key is their own.
        assertThat(api.create(FP, otherRequester, valid("Idempotente"), "Idempotency-Key", key).statusCode()).isEqualTo(201);
        assertThat(countCases("funcion-publica", "Idempotente")).isEqualTo(2);
    }

    @Test
    void invalidInputNamesEveryFieldAndLeavesNoHalfWrittenCase() {
        long before = lastSequence("funcion-publica");
        HttpResponse<String> r = api.create(FP, requester, obj("service", "acceso-remoto", "template", "acceso-remoto",
                "title", " ", "description", "x", "site", "luna", "fields", obj("telefono-contacto", "no es un número",
                        "color", "azul"), "origin", "phone", "attachments", List.of(obj("id", UUID.randomUUID().toString()))));
        assertThat(r.statusCode()).isEqualTo(422);
        List<String> names = json(r).get("invalidParams").findValuesAsText("name");
        assertThat(names).contains("title", "site", "fields/telefono-contacto", "fields/color", "origin", "attachments/0/id");
        assertThat(api.create(FP, requester, obj("service", "no-existe", "title", "t", "description", "d"))
                .statusCode()).isEqualTo(422);
        assertThat(api.create(FP, requester, "{\"title\": ").statusCode()).isEqualTo(400);
        assertThat(api.create(FP, requester, obj("service", "acceso-remoto", "title", "t", "description", "d",
                "caseType", "peticion", "surprise", 1)).statusCode()).isEqualTo(422);
        // The next good case takes the very next number: nothing refused consumed one.
        assertThat(lastSequence("funcion-publica")).isEqualTo(before);
        JsonNode ok = newCase(requester, "Después de los errores");
        assertThat(ok.get("code").asText()).endsWith(String.format("-%06d", before + 1));
    }

    @Test
    void aRestrictedTemplateIsRefusedToWhoeverIsNotInItsAudience() {
        HttpResponse<String> r = api.create(FP, requester, obj("service", "acceso-remoto",
                "template", "habilitacion-acceso-remoto", "title", "Acceso para un colaborador", "description", "d"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(json(r).get("detail").asText()).contains("habilitacion-acceso-remoto");
    }

    @Test
    void attachmentsAreCheckedStoredApartLinkedOnFilingAndServedOnlyToWhoMaySeeTheCase() {
        // Prosperidad Social's VPN request needs the signed F-DE-10 form (003 §4.2.1.9).
        HttpResponse<String> r = api.create(PS, psDirector, obj("service", "acceso-remoto",
                "template", "conexion-remota-vpn", "title", "VPN para el equipo", "description", "Teletrabajo"));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(json(r).at("/invalidParams/0/name").asText()).isEqualTo("attachments");

        byte[] pdf = "%PDF-1.4 formulario firmado".getBytes();
        HttpResponse<String> up = upload(PS, psDirector, "../../etc/F-DE-10 firmado\u0007.pdf", "application/pdf", pdf);
        assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
        JsonNode att = json(up);
        assertThat(att.get("fileName").asText()).isEqualTo("F-DE-10 firmado_.pdf");
        assertThat(upload(PS, psDirector, "virus.exe", "application/x-msdownload", pdf).statusCode()).isEqualTo(415);
        assertThat(upload(PS, psDirector, "grande.pdf", "application/pdf", new byte[10 * 1024 * 1024 + 1]).statusCode())
                .isEqualTo(413);
        assertThat(upload(PS, psDirector, "vacio.pdf", "application/pdf", new byte[0]).statusCode()).isEqualTo(400);

        r = api.create(PS, psDirector, obj("service", "acceso-remoto", "template", "conexion-remota-vpn",
                "title", "VPN para el equipo", "description", "Teletrabajo",
                "attachments", List.of(obj("id", att.get("id").asText(), "slot", "formato-f-de-10"))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode c = json(r);
        assertThat(c.get("attachments").get(0).get("slot").asText()).isEqualTo("formato-f-de-10");
        assertTheAnswerIsTheCaseAsReadBack(PS, psDirector, c);
        String download = "/api/v1/cases/" + c.get("id").asText() + "/attachments/" + att.get("id").asText();
        HttpResponse<byte[]> bytes = api.platform().sendBytes(api.platform().request(PS, download)
                .header("Authorization", "Bearer " + psDirector).GET().build());
        assertThat(bytes.statusCode()).isEqualTo(200);
        assertThat(bytes.body()).isEqualTo(pdf);
        assertThat(bytes.headers().firstValue("Content-Disposition").orElse("")).contains("F-DE-10%20firmado_.pdf");
        // Linked once: the same upload cannot be filed with a second case.
        r = api.create(PS, psDirector, obj("service", "acceso-remoto", "template", "conexion-remota-vpn",
                "title", "Otra", "description", "d",
                "attachments", List.of(obj("id", att.get("id").asText(), "slot", "formato-f-de-10"))));
        assertThat(r.statusCode()).isEqualTo(422);
        // Someone who may not see the case gets nothing.
        String psOther = api.token("prosperidad-social", "cr-otro", Roles.REQUESTER);
        assertThat(api.platform().sendBytes(api.platform().request(PS, download)
                .header("Authorization", "Bearer " + psOther).GET().build()).statusCode()).isEqualTo(404);
    }

    @Test
    void anActionLinksTheCallersOwnUploadsAndAnInternalOnesStayWithTheAgents() {
        JsonNode c = newCase(requester, "Evidencias en acciones");
        String id = c.get("id").asText();
        byte[] pdf = "%PDF-1.4 informe de revisión".getBytes();
        String mine = json(upload(FP, agent, "revision.pdf", "application/pdf", pdf)).get("id").asText();
        String answer = json(upload(FP, agent, "respuesta.pdf", "application/pdf", pdf)).get("id").asText();
        String theirs = json(upload(FP, requester, "suyo.pdf", "application/pdf", pdf)).get("id").asText();

        // Someone else's upload is refused, and the action with it leaves nothing.
        HttpResponse<String> r = api.act(FP, agent, id, obj("kind", "internalNote", "note", "Revisado.",
                "attachments", List.of(mine, theirs)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(json(r).at("/invalidParams/0/name").asText()).isEqualTo("attachments/1");
        JsonNode same = json(api.get(FP, agent, id));
        assertThat(same.get("version").asInt()).isEqualTo(c.get("version").asInt());
        assertThat(same.get("attachments")).isEmpty();

        JsonNode after = api.actOk(FP, agent, id, obj("kind", "internalNote", "note", "Revisado.", "attachments", List.of(mine)));
        assertThat(after.get("attachments").findValuesAsText("id")).containsExactly(mine);
        JsonNode last = after.get("events").get(after.get("events").size() - 1);
        assertThat(last.at("/data/attachments/0").asText()).isEqualTo(mine);
        // Linked once.
        assertThat(api.act(FP, agent, id, obj("kind", "internalNote", "note", "Otra vez.", "attachments", List.of(mine)))
                .statusCode()).isEqualTo(422);
        after = api.actOk(FP, agent, id, obj("kind", "firstResponse", "note", "Le envío el informe.",
                "attachments", List.of(answer)));
        assertThat(after.get("attachments").findValuesAsText("id")).containsExactlyInAnyOrder(mine, answer);

        // The requester sees the published action's file, not the internal note's, nor its bytes.
        assertThat(json(api.get(FP, requester, id)).get("attachments").findValuesAsText("id")).containsExactly(answer);
        assertThat(api.send(FP, "GET", "/api/v1/cases/" + id + "/attachments/" + mine, requester, null).statusCode())
                .isEqualTo(404);
        assertThat(api.send(FP, "GET", "/api/v1/cases/" + id + "/attachments/" + answer, requester, null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void theHistoryCannotBeRewrittenEvenByTheApplicationRole() {
        String id = newCase(requester, "Historia").get("id").asText();
        TenantContext fp = api.platform().bean(TenantRegistry.class).bySlug("funcion-publica").orElseThrow();
        TenantTransactions tx = api.platform().bean(TenantTransactions.class);
        assertThatThrownBy(() -> tx.write(fp.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE case_event SET note = 'reescrita' WHERE case_id = ?")) {
                ps.setObject(1, UUID.fromString(id));
                return ps.executeUpdate();
            }
        })).hasMessageContaining("append-only");
        assertThatThrownBy(() -> tx.write(fp.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM case_event WHERE case_id = ?")) {
                ps.setObject(1, UUID.fromString(id));
                return ps.executeUpdate();
            }
        })).hasMessageContaining("append-only");
    }

    static HttpResponse<String> upload(String host, String token, String name, String type, byte[] content) {
        return api.platform().send(api.platform().request(host, "/api/v1/attachments?name="
                        + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8))
                .header("Authorization", "Bearer " + token).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)).build());
    }

    public static int countCases(String slug, String title) {
        TenantContext t = co.mesa.testsupport.MesaPlatform.get().bean(TenantRegistry.class).bySlug(slug).orElseThrow();
        return co.mesa.testsupport.MesaPlatform.get().bean(TenantTransactions.class).read(t.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM service_case WHERE title = ?")) {
                ps.setString(1, title);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    static long lastSequence(String slug) {
        TenantContext t = api.platform().bean(TenantRegistry.class).bySlug(slug).orElseThrow();
        return api.platform().bean(TenantTransactions.class).read(t.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(last_value), 0) FROM case_code_sequence "
                    + "WHERE scope = ?")) {
                ps.setString(1, String.valueOf(java.time.ZonedDateTime.now(t.zone()).getYear()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

}
