package co.mesa.record;

import co.mesa.identity.Roles;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.NeedsKeycloak;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static co.mesa.testsupport.CaseApi.FP;
import static co.mesa.testsupport.CaseApi.PS;
import static co.mesa.testsupport.CaseApi.json;
import static co.mesa.testsupport.CaseApi.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The work around changes, with real tokens: tasks counted in "Mis tareas", the work-team counters of "Cambios y
 * entregas" (each equal to the list it names), the read scope and isolation between entities, change codes without
 * gaps under concurrency, and the API in the OpenAPI document. The one committee member used here is one of
 * ChangeLifecycleTest's three, so the committee keeps its size.
 */
@NeedsKeycloak
class ChangeWorkTest {

    static CaseApi api;
    static String owner;
    static String teamMate;
    static String teamGroupMate;
    static String stranger;
    static String supervisor;
    static String requester;
    static String psAgent;
    static String teamMateId;

    @BeforeAll
    static void people() {
        api = new CaseApi();
        owner = api.agent("funcion-publica", "rfw-duena", "infraestructura-tecnologica");
        teamMate = api.agent("funcion-publica", "rfw-equipo", "sigep-mesa");
        teamGroupMate = api.agent("funcion-publica", "rfw-grupo", "suit-mesa");
        stranger = api.agent("funcion-publica", "rfw-ajeno", "atencion-ciudadano");
        supervisor = api.token("funcion-publica", "rfw-supervisor", List.of("mesa-servicio-primer-nivel"),
                Roles.REQUESTER, Roles.AGENT, Roles.SUPERVISOR);
        requester = api.token("funcion-publica", "rfw-solicitante", Roles.REQUESTER);
        psAgent = api.agent("prosperidad-social", "rfw-agente", "infraestructura");
        teamMateId = api.personId(FP, teamMate);
        for (String t : List.of(owner, teamGroupMate, stranger, supervisor)) {
            api.personId(FP, t);
        }
        api.personId(PS, psAgent);
    }

    static ObjectNode change(String title) {
        return obj("title", title, "description", "Cambio de prueba.", "type", "normal", "reason", "Mantenimiento.",
                "services", List.of("acceso-remoto"), "risk", "bajo", "impact", "bajo",
                "implementationPlan", "Aplicar.", "backoutPlan", "Revertir.", "windowStart", "2026-12-20T23:00:00Z",
                "windowEnd", "2026-12-21T01:00:00Z", "assignedGroup", "infraestructura-tecnologica",
                "team", obj("agents", List.of(teamMateId), "groups", List.of("suit-mesa")));
    }

    static JsonNode created(String host, String token, ObjectNode body) {
        HttpResponse<String> r = api.send(host, "POST", "/api/v1/changes", token, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r);
    }

    static JsonNode ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    static String etag(JsonNode v) {
        return "\"" + (v.has("record") ? v.at("/record/version") : v.get("version")).asInt() + "\"";
    }

    /** Every item of a record list, following its pages. */
    static List<String> all(String token, String link) {
        List<String> ids = new ArrayList<>();
        String next = link;
        while (next != null) {
            JsonNode page = ok(api.send(FP, "GET", next, token, null));
            page.get("items").forEach(i -> ids.add(i.get("id").asText()));
            next = page.get("next").isNull() ? null : link + "&after=" + page.get("next").asText();
        }
        return ids;
    }

    @Test
    void workTeamCountersLeaveOutNewAndOverChangesAndEachEqualsItsList() {
        JsonNode c = created(FP, owner, change("Equipo: renovar certificados"));
        String id = c.at("/record/id").asText();
        // New: not yet "en mi equipo de trabajo", though the team may read it.
        assertThat(ok(api.send(FP, "GET", "/api/v1/changes?view=team", teamMate, null)).get("items").findValuesAsText("id"))
                .doesNotContain(id);
        assertThat(api.send(FP, "GET", "/api/v1/changes/" + id, teamMate, null).statusCode()).isEqualTo(200);
        c = ok(api.send(FP, "POST", "/api/v1/changes/" + id + "/transitions", owner,
                obj("transition", "enviar-comite", "note", "Al comité."), "If-Match", etag(c)));
        assertThat(ok(api.send(FP, "GET", "/api/v1/changes?view=team", teamMate, null)).get("items").findValuesAsText("id"))
                .contains(id);
        assertThat(ok(api.send(FP, "GET", "/api/v1/changes?view=teamGroups", teamGroupMate, null)).get("items")
                .findValuesAsText("id")).contains(id);
        assertThat(ok(api.send(FP, "GET", "/api/v1/changes?view=team", teamGroupMate, null)).get("items")
                .findValuesAsText("id")).as("a group in the team is not the technician").doesNotContain(id);

        for (String token : List.of(teamMate, teamGroupMate, owner, supervisor)) {
            JsonNode counters = ok(api.send(FP, "GET", "/api/v1/changes/counters", token, null));
            for (String view : List.of("overview", "mine", "groups", "team", "teamGroups")) {
                for (JsonNode counter : counters.get(view)) {
                    assertThat(all(token, counter.get("list").asText())).as("%s %s", view, counter.get("state").asText())
                            .hasSize(counter.get("count").asInt());
                }
            }
            List<String> teamStates = counters.get("team").findValuesAsText("state");
            assertThat(teamStates).as("new and over are not counted").doesNotContain("nuevo", "cerrado", "rechazado", "cancelado")
                    .contains("en-comite");
        }
        JsonNode mateCounters = ok(api.send(FP, "GET", "/api/v1/changes/counters", teamMate, null));
        assertThat(count(mateCounters.get("team"), "en-comite")).isGreaterThanOrEqualTo(1);
        // Cancelled: over, so it leaves the team's view.
        ok(api.send(FP, "POST", "/api/v1/changes/" + id + "/transitions", owner,
                obj("transition", "cancelar", "note", "Se pospone."), "If-Match", etag(c)));
        assertThat(ok(api.send(FP, "GET", "/api/v1/changes?view=team", teamMate, null)).get("items").findValuesAsText("id"))
                .doesNotContain(id);
    }

    static int count(JsonNode counters, String state) {
        for (JsonNode c : counters) {
            if (c.get("state").asText().equals(state)) {
                return c.get("count").asInt();
            }
        }
        throw new AssertionError("no counter for " + state);
    }

    @Test
    void tasksOnChangesAndProblemsAreCountedInMisTareasUntilDone() {
        JsonNode c = created(FP, owner, change("Tareas: migrar el correo"));
        String id = c.at("/record/id").asText();
        HttpResponse<String> t1 = api.send(FP, "POST", "/api/v1/changes/" + id + "/tasks", owner,
                obj("title", "Respaldar buzones", "assignedAgentId", teamMateId, "dueOn", "2026-12-19"));
        assertThat(t1.statusCode()).as(t1.body()).isEqualTo(201);
        JsonNode task = json(t1);
        assertThat(task.get("state").asText()).isEqualTo("pendiente");
        assertThat(task.get("recordCode").asText()).isEqualTo(c.at("/record/code").asText());
        JsonNode t2 = json(api.send(FP, "POST", "/api/v1/changes/" + id + "/tasks", owner,
                obj("title", "Avisar a los usuarios", "assignedGroup", "sigep-mesa")));
        HttpResponse<String> pr = api.send(FP, "POST", "/api/v1/problems", owner, obj("title", "Correo lento",
                "description", "Varias incidencias."));
        JsonNode t3 = json(api.send(FP, "POST", "/api/v1/problems/" + json(pr).get("id").asText() + "/tasks", owner,
                obj("title", "Medir la cola SMTP", "assignedAgentId", teamMateId)));
        // No assignee, a bad date: refused, naming the field.
        assertThat(api.send(FP, "POST", "/api/v1/changes/" + id + "/tasks", owner, obj("title", "Nadie")).statusCode())
                .isEqualTo(422);
        assertThat(api.send(FP, "POST", "/api/v1/changes/" + id + "/tasks", owner, obj("title", "Fecha",
                "assignedGroup", "sigep-mesa", "dueOn", "2026-02-30")).body()).contains("dueOn");
        // The change shows its tasks.
        JsonNode again = ok(api.send(FP, "GET", "/api/v1/changes/" + id, owner, null));
        assertThat(again.get("tasks").findValuesAsText("title")).containsExactly("Respaldar buzones", "Avisar a los usuarios");

        JsonNode work = ok(api.send(FP, "GET", "/api/v1/me/work", teamMate, null));
        List<String> mine = items(teamMate, work.get("mine"), "tasks");
        assertThat(mine).contains(task.get("id").asText(), t3.get("id").asText());
        assertThat(items(teamMate, work.get("groups"), "tasks")).contains(t2.get("id").asText());
        // Every counter of "Mis tareas" equals its list.
        for (String view : List.of("mine", "groups")) {
            for (JsonNode counter : work.get(view)) {
                List<JsonNode> list = new ArrayList<>();
                ok(api.send(FP, "GET", counter.get("list").asText(), teamMate, null)).forEach(list::add);
                assertThat(list).as("%s %s", view, counter.get("kind").asText()).hasSize(counter.get("count").asInt());
            }
        }
        // The assignee reads and works the task (If-Match); done, it leaves "Mis tareas" and stays done.
        String path = "/api/v1/tasks/" + task.get("id").asText();
        assertThat(api.send(FP, "POST", path + "/edit", teamMate, obj("state", "hecha")).statusCode()).isEqualTo(428);
        JsonNode done = ok(api.send(FP, "POST", path + "/edit", teamMate, obj("state", "hecha"), "If-Match", etag(task)));
        assertThat(done.get("state").asText()).isEqualTo("hecha");
        assertThat(api.send(FP, "POST", path + "/edit", teamMate, obj("state", "en-curso"), "If-Match", etag(done)).statusCode())
                .isEqualTo(409);
        JsonNode after = ok(api.send(FP, "GET", "/api/v1/me/work", teamMate, null));
        assertThat(items(teamMate, after.get("mine"), "tasks")).doesNotContain(task.get("id").asText());
        assertThat(countOf(after.get("mine"), "tasks")).isEqualTo(countOf(work.get("mine"), "tasks") - 1);
        // Someone else's task is not theirs to see; requesters have no "Mis tareas".
        assertThat(api.send(FP, "GET", path, stranger, null).statusCode()).isEqualTo(404);
        assertThat(api.send(FP, "GET", "/api/v1/me/work", requester, null).statusCode()).isEqualTo(403);
    }

    static List<String> items(String token, JsonNode counters, String kind) {
        for (JsonNode c : counters) {
            if (c.get("kind").asText().equals(kind)) {
                return ok(api.send(FP, "GET", c.get("list").asText(), token, null)).findValuesAsText("id");
            }
        }
        throw new AssertionError("no counter for " + kind);
    }

    static int countOf(JsonNode counters, String kind) {
        for (JsonNode c : counters) {
            if (c.get("kind").asText().equals(kind)) {
                return c.get("count").asInt();
            }
        }
        throw new AssertionError("no counter for " + kind);
    }

    @Test
    void readScopeAndIsolationBetweenEntities() {
        JsonNode c = created(FP, owner, change("Alcance: cambiar el switch"));
        String id = c.at("/record/id").asText();
        String path = "/api/v1/changes/" + id;
        assertThat(api.send(FP, "GET", path, owner, null).statusCode()).isEqualTo(200);
        assertThat(api.send(FP, "GET", path, supervisor, null).statusCode()).isEqualTo(200);
        assertThat(api.send(FP, "GET", path, teamMate, null).statusCode()).as("in the work team").isEqualTo(200);
        assertThat(api.send(FP, "GET", path, stranger, null).statusCode()).as("another group's change").isEqualTo(404);
        // The change committee reads every change it may have to judge.
        String member = api.agent("funcion-publica", "rfc-comite-1", "comite-cambios");
        assertThat(api.send(FP, "GET", path, member, null).statusCode()).as("a committee member").isEqualTo(200);
        assertThat(ok(api.send(FP, "GET", "/api/v1/changes", member, null)).get("items").findValuesAsText("id")).contains(id);
        assertThat(ok(api.send(FP, "GET", "/api/v1/changes", stranger, null)).get("items").findValuesAsText("id"))
                .doesNotContain(id);
        assertThat(api.send(FP, "GET", path, requester, null).statusCode()).isEqualTo(403);
        assertThat(api.send(FP, "POST", path + "/tasks", stranger, obj("title", "x", "assignedGroup", "atencion-ciudadano"))
                .statusCode()).isEqualTo(404);
        // The other entity neither sees nor changes it, nor adds it tasks.
        assertThat(api.send(PS, "GET", path, psAgent, null).statusCode()).isEqualTo(404);
        assertThat(api.send(PS, "POST", path + "/edit", psAgent, obj("risk", "alto"), "If-Match", etag(c)).statusCode())
                .isEqualTo(404);
        assertThat(api.send(PS, "POST", path + "/tasks", psAgent, obj("title", "x", "assignedGroup", "infraestructura"))
                .statusCode()).isEqualTo(404);
        assertThat(api.send(PS, "POST", path + "/votes", psAgent, obj("approve", true, "reason", "x")).statusCode())
                .isEqualTo(404);
        assertThat(ok(api.send(PS, "GET", "/api/v1/changes", psAgent, null)).get("items").findValuesAsText("id"))
                .doesNotContain(id);
        // And the change is as it was.
        assertThat(ok(api.send(FP, "GET", path, owner, null)).at("/change/risk").asText()).isEqualTo("bajo");
    }

    @Test
    void concurrentChangesGetConsecutiveCodesWithoutGaps() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Callable<String>> tasks = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int n = i;
            tasks.add(() -> created(FP, owner, change("Concurrencia " + n)).at("/record/code").asText());
        }
        List<Long> seqs = new ArrayList<>();
        try {
            for (Future<String> f : pool.invokeAll(tasks)) {
                String code = f.get();
                assertThat(code).matches("RFC \\d{4}-\\d{5}");
                seqs.add(Long.parseLong(code.substring(code.indexOf('-') + 1)));
            }
        } finally {
            pool.shutdownNow();
        }
        long min = seqs.stream().mapToLong(Long::longValue).min().orElseThrow();
        long max = seqs.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(seqs).doesNotHaveDuplicates();
        // Test classes and methods run one at a time: the twelve are consecutive; a refused create takes no number.
        assertThat(max - min).isEqualTo(11);
        HttpResponse<String> refused = api.send(FP, "POST", "/api/v1/changes", owner, change("Rechazado").put("type", "x"));
        assertThat(refused.statusCode()).isEqualTo(422);
        String next = created(FP, owner, change("Siguiente")).at("/record/code").asText();
        assertThat(Long.parseLong(next.substring(next.indexOf('-') + 1))).isEqualTo(max + 1);
    }

    @Test
    void theApiIsInTheOpenApiDocument() {
        HttpResponse<String> doc = api.platform().get(FP, "/openapi/mesa-1.yml");
        assertThat(doc.statusCode()).isEqualTo(200);
        assertThat(doc.body()).contains("/api/v1/changes:", "/api/v1/changes/{id}:", "/api/v1/changes/counters:",
                "/api/v1/changes/{id}/votes:", "/api/v1/changes/{id}/edit:", "/api/v1/changes/{id}/transitions:",
                "/api/v1/changes/{id}/tasks:", "/api/v1/problems/{id}/tasks:", "/api/v1/tasks/{id}/edit:", "/api/v1/me/work:",
                "/api/v1/cases/{id}/changes:", "NewChange:", "ChangeVote:", "ChangeCounters:", "RecordTask:");
    }
}
