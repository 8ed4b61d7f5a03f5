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

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static co.mesa.testsupport.CaseApi.FP;
import static co.mesa.testsupport.CaseApi.PS;
import static co.mesa.testsupport.CaseApi.json;
import static co.mesa.testsupport.CaseApi.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent list and counters: filters and whitelisted sorts, keyset pages without gaps or
 * repeats while cases keep arriving, counters equal to the lists they summarise, "Mis casos",
 * and isolation between tenants even when group names collide.
 */
@NeedsKeycloak
class QueueTest {

    static CaseApi api;
    static String requester;
    static String agent;
    static String agentId;

    @BeforeAll
    static void people() {
        api = new CaseApi();
        requester = api.token("funcion-publica", "q-solicitante", Roles.REQUESTER);
        agent = api.token("funcion-publica", "q-supervisora", List.of("administradores-mesa-ti", "mesa-servicio-primer-nivel"),
                Roles.REQUESTER, Roles.AGENT, Roles.SUPERVISOR);
        agentId = api.personId(FP, agent);
    }

    /** A word no other test uses, so the full-text filter isolates this test's cases. */
    static String marker() {
        return "marca" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    static JsonNode file(String marker, String words) {
        HttpResponse<String> r = api.create(FP, requester, obj("service", "aplicacion-mesa-servicio",
                "category", "configuracion-mesa", "caseType", "peticion",
                "title", marker + " " + words, "description", "Descripción de " + words));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r);
    }

    static JsonNode list(String token, String query) {
        HttpResponse<String> r = api.send(FP, "GET", "/api/v1/queue?" + query, token, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    /** The items' own ids (not those of the people inside them). */
    static List<String> ids(JsonNode items) {
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(i.get("id").asText()));
        return out;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static List<String> all(String token, String query) {
        List<String> ids = new ArrayList<>();
        String after = null;
        do {
            JsonNode page = list(token, query + (after == null ? "" : "&after=" + enc(after)));
            page.get("items").forEach(i -> ids.add(i.get("id").asText()));
            after = page.get("next").isNull() ? null : page.get("next").asText();
        } while (after != null);
        return ids;
    }

    @Test
    void filtersAndWhitelistedSortsAnswerExactlyAndRefuseTheRest() {
        String m = marker();
        JsonNode a = file(m, "impresora atascada");
        JsonNode b = file(m, "correo lento");
        JsonNode c = file(m, "contraseña vencida");
        // Full text in Spanish: "impresoras" finds "impresora".
        JsonNode page = list(agent, "q=" + enc(m + " impresoras"));
        assertThat(ids(page.get("items"))).containsExactly(a.get("id").asText());
        JsonNode row = page.get("items").get(0);
        assertThat(row.get("code").asText()).isEqualTo(a.get("code").asText());
        assertThat(row.at("/state/name").asText()).isEqualTo("Asignada");
        assertThat(row.at("/group/key").asText()).isEqualTo("administradores-mesa-ti");
        assertThat(row.at("/notifiedBy/name").asText()).isNotBlank();
        assertThat(row.get("resolutionDueAt").isNull()).isFalse();

        assertThat(list(agent, "q=" + m + "&sort=code").get("items").findValuesAsText("code"))
                .containsExactly(a.get("code").asText(), b.get("code").asText(), c.get("code").asText());
        assertThat(list(agent, "q=" + m + "&sort=-code").get("items").findValuesAsText("code"))
                .containsExactly(c.get("code").asText(), b.get("code").asText(), a.get("code").asText());
        assertThat(ids(list(agent, "q=" + m + "&sort=-createdAt").get("items")))
                .containsExactly(c.get("id").asText(), b.get("id").asText(), a.get("id").asText());
        assertThat(list(agent, "q=" + m + "&sort=resolutionDueAt").get("items")).hasSize(3);

        // Expired: the SLA sweep's flag, set here directly to pick one case.
        TenantContext fp = api.platform().bean(TenantRegistry.class).bySlug("funcion-publica").orElseThrow();
        api.platform().bean(TenantTransactions.class).write(fp.id(), cx -> {
            try (PreparedStatement ps = cx.prepareStatement("UPDATE service_case SET expired = true WHERE id = ?")) {
                ps.setObject(1, UUID.fromString(b.get("id").asText()));
                return ps.executeUpdate();
            }
        });
        assertThat(ids(list(agent, "q=" + m + "&expired=true").get("items")))
                .containsExactly(b.get("id").asText());
        assertThat(list(agent, "q=" + m + "&expired=false").get("items")).hasSize(2);
        // State, group, category, requester, status and dates.
        assertThat(list(agent, "q=" + m + "&state=asignada&state=nueva&group=administradores-mesa-ti"
                + "&category=configuracion-mesa").get("items")).hasSize(3);
        assertThat(list(agent, "q=" + m + "&state=resuelta").get("items")).isEmpty();
        String requesterId = a.at("/requester/id").asText();
        assertThat(list(agent, "q=" + m + "&requester=" + requesterId).get("items")).hasSize(3);
        assertThat(list(agent, "q=" + m + "&requester=" + UUID.randomUUID()).get("items")).isEmpty();
        LocalDate today = LocalDate.now(ZoneId.of("America/Bogota"));
        assertThat(list(agent, "q=" + m + "&from=" + today + "&to=" + today).get("items")).hasSize(3);
        assertThat(list(agent, "q=" + m + "&to=" + today.minusDays(1)).get("items")).isEmpty();
        api.actOk(FP, agent, c.get("id").asText(), obj("kind", "firstLineSolution", "note", "Se cambió la clave."));
        assertThat(list(agent, "q=" + m).get("items")).hasSize(2);
        JsonNode closed = list(agent, "q=" + m + "&status=closed").get("items");
        assertThat(closed).hasSize(1);
        assertThat(closed.get(0).get("solution").asText()).isEqualTo("Se cambió la clave.");
        assertThat(list(agent, "q=" + m + "&status=all").get("items")).hasSize(3);

        // Refused: a sort outside the whitelist, a page size out of range, a forged cursor.
        HttpResponse<String> r = api.send(FP, "GET", "/api/v1/queue?sort=title", agent, null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).at("/invalidParams/0/name").asText()).isEqualTo("sort");
        assertThat(json(r).at("/invalidParams/0/reason").asText()).contains("createdAt");
        assertThat(api.send(FP, "GET", "/api/v1/queue?size=0", agent, null).statusCode()).isEqualTo(400);
        assertThat(api.send(FP, "GET", "/api/v1/queue?size=201", agent, null).statusCode()).isEqualTo(400);
        assertThat(api.send(FP, "GET", "/api/v1/queue?after=bm9wZQ", agent, null).statusCode()).isEqualTo(400);
        assertThat(api.send(FP, "GET", "/api/v1/queue?expired=quizas", agent, null).statusCode()).isEqualTo(400);
        // The list is the agents'.
        assertThat(api.send(FP, "GET", "/api/v1/queue", requester, null).statusCode()).isEqualTo(403);
    }

    @Test
    void keysetPagesHaveNoGapsOrRepeatsWhileCasesKeepArriving() throws Exception {
        String m = marker();
        Set<String> before = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            before.add(file(m, "lote " + i).get("id").asText());
        }
        for (String sort : List.of("-createdAt", "createdAt", "code", "-resolutionDueAt")) {
            ExecutorService writer = Executors.newSingleThreadExecutor();
            Future<?> arriving = writer.submit(() -> {
                for (int i = 0; i < 8; i++) {
                    file(m, "nuevo " + sort + " " + i);
                }
            });
            List<String> seen = new ArrayList<>();
            String after = null;
            do {
                JsonNode page = list(agent, "q=" + m + "&size=7&sort=" + sort + (after == null ? "" : "&after=" + enc(after)));
                assertThat(page.get("items").size()).isLessThanOrEqualTo(7);
                page.get("items").forEach(i -> seen.add(i.get("id").asText()));
                after = page.get("next").isNull() ? null : page.get("next").asText();
            } while (after != null);
            arriving.get();
            writer.shutdown();
            assertThat(new HashSet<>(seen)).as("no repeats (" + sort + ")").hasSameSizeAs(seen);
            assertThat(seen).as("no gaps (" + sort + ")").containsAll(before);
        }
    }

    /**
     * The unfiltered list is read as a merge of the caller's groups and the caller's own cases (a query of
     * its own, see QueueService.mergedPage); any filter takes the general query. Both must list the same
     * cases in the same order: a no-op filter ("from" long ago) forces the general one.
     */
    @Test
    void theUnfilteredListIsExactlyTheGeneralQuerysListPageByPage() {
        String m = marker();
        JsonNode inMyGroup = file(m, "en mi grupo");
        JsonNode alsoMine = file(m, "en mi grupo y mío");
        JsonNode mineElsewhere = file(m, "mío en otro grupo");
        JsonNode notMine = file(m, "de otro grupo");
        api.actOk(FP, agent, alsoMine.get("id").asText(), obj("kind", "reassign", "group", "administradores-mesa-ti",
                "agentId", agentId, "note", "Lo tomo yo"));
        // Outside the caller's groups, set directly: routing would not pick them.
        TenantContext fp = api.platform().bean(TenantRegistry.class).bySlug("funcion-publica").orElseThrow();
        api.platform().bean(TenantTransactions.class).write(fp.id(), cx -> {
            try (PreparedStatement ps = cx.prepareStatement("UPDATE service_case SET assigned_group = 'sistemas-informacion', "
                    + "assigned_agent_id = CASE WHEN id = ? THEN ?::uuid END WHERE id IN (?, ?)")) {
                ps.setObject(1, UUID.fromString(mineElsewhere.get("id").asText()));
                ps.setObject(2, UUID.fromString(agentId));
                ps.setObject(3, UUID.fromString(mineElsewhere.get("id").asText()));
                ps.setObject(4, UUID.fromString(notMine.get("id").asText()));
                return ps.executeUpdate();
            }
        });
        for (String sort : List.of("-createdAt", "createdAt")) {
            List<String> merged = all(agent, "size=9&sort=" + sort);
            List<String> general = all(agent, "size=9&from=2000-01-01&sort=" + sort);
            assertThat(merged).as(sort).isEqualTo(general);
            assertThat(new HashSet<>(merged)).as("no repeats (" + sort + ")").hasSameSizeAs(merged);
            assertThat(merged).as(sort).contains(inMyGroup.get("id").asText(), alsoMine.get("id").asText(),
                    mineElsewhere.get("id").asText()).doesNotContain(notMine.get("id").asText());
        }
        List<String> newestFirst = all(agent, "size=9");
        List<Integer> positions = List.of(newestFirst.indexOf(mineElsewhere.get("id").asText()),
                newestFirst.indexOf(alsoMine.get("id").asText()), newestFirst.indexOf(inMyGroup.get("id").asText()));
        assertThat(positions).as("newest first").isSorted().doesNotHaveDuplicates();
        // Another entity's agent with the same group names: its unfiltered list has none of them.
        String psAgent = api.token("prosperidad-social", "q-agente-ps", List.of("administradores-mesa-ti",
                "mesa-servicio-primer-nivel"), Roles.REQUESTER, Roles.AGENT);
        List<String> other = new ArrayList<>();
        String after = null;
        do {
            HttpResponse<String> r = api.send(PS, "GET", "/api/v1/queue?size=200" + (after == null ? "" : "&after="
                    + enc(after)), psAgent, null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            json(r).get("items").forEach(i -> other.add(i.get("id").asText()));
            after = json(r).get("next").isNull() ? null : json(r).get("next").asText();
        } while (after != null);
        assertThat(other).doesNotContainAnyElementsOf(newestFirst);
    }

    /**
     * QueueService.agentListNow (the event loop's list, decision 0015): nothing until the caller is known,
     * then exactly the page the blocking path gives, names included; never for a filtered list, and never
     * another entity's cases.
     */
    @Test
    void theListAnsweredWithoutWaitingIsTheBlockingListToTheLastField() {
        String m = marker();
        file(m, "para la lista sin espera");
        QueueService queues = api.platform().bean(QueueService.class);
        TenantRegistry registry = api.platform().bean(TenantRegistry.class);
        TenantContext fp = registry.bySlug("funcion-publica").orElseThrow();
        TenantContext ps = registry.bySlug("prosperidad-social").orElseThrow();
        String subject = "q-sin-espera-" + UUID.randomUUID();
        io.micronaut.security.authentication.Authentication auth = io.micronaut.security.authentication.Authentication
                .build(subject, List.of(Roles.AGENT), Map.of("preferred_username", subject, "name", "Agente sin espera",
                        "groups", List.of("administradores-mesa-ti", "mesa-servicio-primer-nivel")));
        List<java.util.Locale> es = List.of(java.util.Locale.forLanguageTag("es-CO"));
        QueueService.Query everyday = new QueueService.Query(List.of(), null, null, null, null, null, null, null, null,
                null, null, null, null, null, "20", null);
        assertThat(queues.agentListNow(fp, auth, everyday, es)).as("caller not yet known").isEmpty();
        queues.agentList(fp, auth, everyday, es); // the first visit stores the person; the next one knows them
        QueueView.Page blocking = queues.agentList(fp, auth, everyday, es);
        assertThat(blocking.items()).isNotEmpty();
        assertThat(blocking.items()).allSatisfy(r -> assertThat(r.notifiedBy().name()).isNotBlank());
        QueueView.Page now = queues.agentListNow(fp, auth, everyday, es).orElseThrow();
        assertThat(now).isEqualTo(blocking);
        // The next page too, by its cursor.
        QueueService.Query second = new QueueService.Query(List.of(), null, null, null, null, null, null, null, null,
                null, null, null, null, null, "20", blocking.next());
        assertThat(queues.agentListNow(fp, auth, second, es).orElseThrow()).isEqualTo(queues.agentList(fp, auth, second, es));
        // A filter is never answered here.
        QueueService.Query filtered = new QueueService.Query(List.of(), null, null, null, null, null, null, null, null,
                null, null, null, m, null, "20", null);
        assertThat(queues.agentListNow(fp, auth, filtered, es)).isEmpty();
        // The same claims under Prosperidad Social: another person, and none of Función Pública's cases.
        queues.agentList(ps, auth, everyday, es);
        QueueView.Page other = queues.agentList(ps, auth, everyday, es);
        assertThat(queues.agentListNow(ps, auth, everyday, es).orElseThrow()).isEqualTo(other);
        Set<String> fpIds = new HashSet<>();
        blocking.items().forEach(r -> fpIds.add(r.id()));
        other.items().forEach(r -> assertThat(fpIds).doesNotContain(r.id()));
    }

    @Test
    void everyCounterEqualsTheListItSummarises() {
        String m = marker();
        file(m, "contador uno");
        JsonNode mine = file(m, "contador dos");
        api.actOk(FP, agent, mine.get("id").asText(), obj("kind", "reassign", "group", "administradores-mesa-ti",
                "agentId", agentId, "note", "Lo tomo yo"));
        JsonNode counters = json(api.send(FP, "GET", "/api/v1/queue/counters", agent, null));
        List<JsonNode> all = new ArrayList<>();
        counters.get("overview").forEach(all::add);
        for (String k : List.of("firstLine", "assignedToMe", "myGroups", "underMySupervision", "expired")) {
            all.add(counters.get(k));
        }
        assertThat(counters.at("/assignedToMe/count").asLong()).isPositive();
        assertThat(counters.at("/overview/asignada/count").asLong()).isPositive();
        for (JsonNode counter : all) {
            List<String> listed = all(agent, counter.get("query").asText() + "&size=200");
            assertThat((long) listed.size()).as(counter.get("query").asText()).isEqualTo(counter.get("count").asLong());
        }
    }

    @Test
    void myCasesListsTheRequestersOwnWithTheirStates() {
        String m = marker();
        JsonNode open = file(m, "mis casos abierto");
        JsonNode done = file(m, "mis casos cerrado");
        api.actOk(FP, agent, done.get("id").asText(), obj("kind", "firstLineSolution", "note", "Listo."));
        HttpResponse<String> r = api.send(FP, "GET", "/api/v1/me/cases?q=" + m, requester, null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode items = json(r).get("items");
        assertThat(ids(items)).containsExactlyInAnyOrder(open.get("id").asText(), done.get("id").asText());
        Map<String, String> states = new java.util.HashMap<>();
        items.forEach(i -> states.put(i.get("id").asText(), i.at("/state/key").asText()));
        assertThat(states).containsEntry(open.get("id").asText(), "asignada").containsEntry(done.get("id").asText(), "cerrada");
        // Each row carries the case's last update: for the closed one, later than its filing.
        for (JsonNode item : items) {
            JsonNode full = json(api.get(FP, requester, item.get("id").asText()));
            assertThat(Instant.parse(item.get("updatedAt").asText())).as(item.get("code").asText())
                    .isEqualTo(Instant.parse(full.get("updatedAt").asText()));
        }
        JsonNode closedRow = items.get(ids(items).indexOf(done.get("id").asText()));
        assertThat(Instant.parse(closedRow.get("updatedAt").asText()))
                .isAfter(Instant.parse(closedRow.get("createdAt").asText()));
        // Another requester's list does not have them.
        String other = api.token("funcion-publica", "q-otro", Roles.REQUESTER);
        assertThat(json(api.send(FP, "GET", "/api/v1/me/cases?q=" + m, other, null)).get("items")).isEmpty();
    }

    @Test
    void anotherTenantsAgentNeverListsTheseCasesEvenWithTheSameGroupNames() {
        String m = marker();
        file(m, "aislamiento de lista");
        String psAgent = api.token("prosperidad-social", "q-agente-ps", List.of("administradores-mesa-ti",
                "mesa-servicio-primer-nivel"), Roles.REQUESTER, Roles.AGENT);
        HttpResponse<String> r = api.send(PS, "GET", "/api/v1/queue?status=all&q=" + m, psAgent, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("items")).isEmpty();
        JsonNode counters = json(api.send(PS, "GET", "/api/v1/queue/counters", psAgent, null));
        assertThat(counters.at("/myGroups/count").asLong()).isZero();
        assertThat(list(agent, "q=" + m).get("items")).hasSize(1);
    }

    @Test
    void underMySupervisionCountsOnlyTheGroupsThePersonSupervises() {
        // groups.yaml: the OTIC second line (sigep-mesa among them) is supervised by the directory group
        // "coordinacion-otic"; the first line by the supervisors of mesa-servicio-primer-nivel (issue 20).
        String m = marker();
        JsonNode sigep = file(m, "supervision sigep");
        JsonNode firstLine = file(m, "supervision primera linea");
        api.actOk(FP, agent, sigep.get("id").asText(), obj("kind", "reassign", "group", "sigep-mesa",
                "note", "Es de SIGEP"));
        // This service routes to the OTIC's administrators (second line): hand the other one to the first line.
        api.actOk(FP, agent, firstLine.get("id").asText(), obj("kind", "reassign", "group", "mesa-servicio-primer-nivel",
                "note", "Primera línea"));
        String coordinator = api.token("funcion-publica", "q-coordinadora-otic", List.of("coordinacion-otic"),
                Roles.REQUESTER, Roles.AGENT, Roles.SUPERVISOR);
        JsonNode counters = json(api.send(FP, "GET", "/api/v1/queue/counters", coordinator, null));
        assertThat(counters.at("/underMySupervision/query").asText()).isEqualTo("group=supervised");
        assertThat(counters.at("/myGroups/count").asLong()).as("a member of no platform group").isZero();
        List<String> supervised = all(coordinator, "group=supervised&size=200");
        assertThat((long) supervised.size()).isEqualTo(counters.at("/underMySupervision/count").asLong());
        assertThat(supervised).contains(sigep.get("id").asText()).doesNotContain(firstLine.get("id").asText());
        assertThat(ids(list(coordinator, "group=supervised&q=" + m).get("items")))
                .containsExactly(sigep.get("id").asText());
        // The supervised case opens; the first line's does not (not theirs to see).
        assertThat(api.get(FP, coordinator, sigep.get("id").asText()).statusCode()).isEqualTo(200);
        assertThat(api.get(FP, coordinator, firstLine.get("id").asText()).statusCode()).isEqualTo(404);
        // The first line's supervisor has the first-line case under supervision, not SIGEP's.
        assertThat(all(agent, "group=supervised&q=" + m)).contains(firstLine.get("id").asText())
                .doesNotContain(sigep.get("id").asText());
        // The same directory group without the supervisor role supervises nothing.
        String member = api.token("funcion-publica", "q-miembro-otic", List.of("coordinacion-otic"),
                Roles.REQUESTER, Roles.AGENT);
        JsonNode plain = json(api.send(FP, "GET", "/api/v1/queue/counters", member, null));
        assertThat(plain.path("underMySupervision").isMissingNode() || plain.get("underMySupervision").isNull())
                .as("no supervision counter without the supervisor role").isTrue();
        assertThat(list(member, "group=supervised&q=" + m).get("items")).isEmpty();
        assertThat(api.get(FP, member, sigep.get("id").asText()).statusCode()).isEqualTo(404);
        // Isolation: Prosperidad Social's process managers supervise its groups, never Función Pública's cases.
        String psManager = api.token("prosperidad-social", "q-gestor-ps", List.of("gestores-proceso-incidentes",
                "coordinacion-otic"), Roles.REQUESTER, Roles.AGENT, Roles.SUPERVISOR);
        assertThat(json(api.send(PS, "GET", "/api/v1/queue?status=all&group=supervised&q=" + m, psManager, null))
                .get("items")).isEmpty();
        assertThat(api.get(PS, psManager, sigep.get("id").asText()).statusCode()).isEqualTo(404);
    }

    @Test
    void aSolvedCaseShowsWhenItClosesByItselfAndAClosedOneNeverPaused() {
        String m = marker();
        JsonNode solved = file(m, "cierre automatico");
        JsonNode closed = file(m, "cerrado sin pausa");
        JsonNode open = file(m, "sigue abierto");
        String solvedId = solved.get("id").asText();
        api.actOk(FP, agent, solvedId, obj("kind", "reassign", "group", "administradores-mesa-ti",
                "agentId", agentId, "note", "Lo tomo yo"));
        api.actOk(FP, agent, solvedId, obj("kind", "firstResponse", "note", "Recibido."));
        JsonNode after = api.actOk(FP, agent, solvedId, obj("kind", "signSolution", "note", "Quedó configurado."));
        assertThat(after.at("/state/key").asText()).isEqualTo("resuelta");
        api.actOk(FP, agent, closed.get("id").asText(), obj("kind", "firstLineSolution", "note", "Listo."));
        Map<String, JsonNode> rows = new java.util.HashMap<>();
        list(agent, "status=all&q=" + m).get("items").forEach(r -> rows.put(r.get("id").asText(), r));
        // Función Pública closes a solved case after 3 business days: a few calendar days after the solution.
        Instant resolvedAt = Instant.parse(after.get("resolvedAt").asText());
        Instant closesAt = Instant.parse(rows.get(solvedId).get("autoClosesAt").asText());
        assertThat(closesAt).isAfter(resolvedAt.plus(java.time.Duration.ofDays(2)))
                .isBefore(resolvedAt.plus(java.time.Duration.ofDays(12)));
        assertThat(rows.get(open.get("id").asText()).path("autoClosesAt").isNull()
                || rows.get(open.get("id").asText()).path("autoClosesAt").isMissingNode()).isTrue();
        // Closed in a state that stops the clock: the list never says "paused" for it, nor closes it again.
        JsonNode closedRow = rows.get(closed.get("id").asText());
        assertThat(closedRow.at("/state/key").asText()).isEqualTo("cerrada");
        assertThat(closedRow.get("paused").asBoolean()).isFalse();
        assertThat(closedRow.path("autoClosesAt").isNull() || closedRow.path("autoClosesAt").isMissingNode()).isTrue();
    }
}
