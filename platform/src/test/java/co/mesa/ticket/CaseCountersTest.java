package co.mesa.ticket;

import co.mesa.identity.Roles;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestClock;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static co.mesa.testsupport.CaseApi.FP;
import static co.mesa.testsupport.CaseApi.PS;
import static co.mesa.testsupport.CaseApi.json;
import static co.mesa.testsupport.CaseApi.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The home counters are kept briefly (issue 32, {@link CaseCounters}; 60 s in tests, application-test.yml, so
 * that only the invalidation can make them right); they must still equal the lists they summarise right after
 * every write this instance makes (creates, transitions, reassignments), and a change made elsewhere (another
 * instance: here plain SQL past the case store) shows once an entry outlives its lifetime (the clock is moved). Another entity's agent with the same group names never gets this entity's counts.
 */
@NeedsKeycloak
class CaseCountersTest {

    static CaseApi api;
    static String requester;
    static String agent;
    static String agentId;

    @BeforeAll
    static void people() {
        api = new CaseApi();
        requester = api.token("funcion-publica", "cc-solicitante", Roles.REQUESTER);
        agent = api.token("funcion-publica", "cc-supervisora", List.of("administradores-mesa-ti",
                "mesa-servicio-primer-nivel"), Roles.REQUESTER, Roles.AGENT, Roles.SUPERVISOR);
        agentId = api.personId(FP, agent);
    }

    static JsonNode file(String words) {
        HttpResponse<String> r = api.create(FP, requester, obj("service", "aplicacion-mesa-servicio",
                "category", "configuracion-mesa", "caseType", "peticion",
                "title", "contadores " + words, "description", "Descripción de " + words));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r);
    }

    static JsonNode counters(String host, String token) {
        HttpResponse<String> r = api.send(host, "GET", "/api/v1/queue/counters", token, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    static long listed(String host, String token, String query) {
        long n = 0;
        String after = null;
        do {
            String path = "/api/v1/queue?" + query + "&size=200"
                    + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
            HttpResponse<String> r = api.send(host, "GET", path, token, null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode page = json(r);
            n += page.get("items").size();
            after = page.get("next").isNull() ? null : page.get("next").asText();
        } while (after != null);
        return n;
    }

    /** Every counter of the caller's home against the list its query gives, read right after. */
    static JsonNode assertEveryCounterEqualsItsList(String host, String token, String step) {
        JsonNode counters = counters(host, token);
        List<JsonNode> all = new ArrayList<>();
        counters.get("overview").forEach(all::add);
        for (String k : List.of("firstLine", "assignedToMe", "myGroups", "underMySupervision", "expired")) {
            if (counters.hasNonNull(k)) {
                all.add(counters.get(k));
            }
        }
        for (JsonNode counter : all) {
            String query = counter.get("query").asText();
            assertThat(listed(host, token, query)).as(step + ": " + query).isEqualTo(counter.get("count").asLong());
        }
        return counters;
    }

    @Test
    void everyCounterEqualsItsListRightAfterCreatesTransitionsAndReassignments() {
        JsonNode before = assertEveryCounterEqualsItsList(FP, agent, "before"); // the entry is now cached
        JsonNode first = file("uno");
        JsonNode second = file("dos");
        JsonNode afterCreates = assertEveryCounterEqualsItsList(FP, agent, "after two creates");
        assertThat(afterCreates.at("/myGroups/count").asLong()).isEqualTo(before.at("/myGroups/count").asLong() + 2);

        String id = first.get("id").asText();
        api.actOk(FP, agent, id, obj("kind", "reassign", "group", "administradores-mesa-ti", "agentId", agentId,
                "note", "Lo tomo yo"));
        JsonNode afterReassign = assertEveryCounterEqualsItsList(FP, agent, "after a reassignment");
        // Round robin may already have given the case to this agent (a member of the group it was filed to).
        boolean wasMine = agentId.equals(first.at("/assignedAgent/id").asText());
        assertThat(afterReassign.at("/assignedToMe/count").asLong())
                .isEqualTo(afterCreates.at("/assignedToMe/count").asLong() + (wasMine ? 0 : 1));

        api.actOk(FP, agent, id, obj("kind", "firstResponse", "note", "Recibido."));
        api.actOk(FP, agent, id, obj("kind", "signSolution", "note", "Quedó configurado."));
        assertEveryCounterEqualsItsList(FP, agent, "after a transition to solved");

        api.actOk(FP, agent, second.get("id").asText(), obj("kind", "firstLineSolution", "note", "Listo."));
        JsonNode afterClose = assertEveryCounterEqualsItsList(FP, agent, "after a case closed");
        assertThat(afterClose.at("/myGroups/count").asLong()).isEqualTo(afterReassign.at("/myGroups/count").asLong() - 1);
    }

    @Test
    void aChangeMadeElsewhereShowsOnceTheCachedCountsOutliveTheirLifetime() {
        String id = file("en otra instancia").get("id").asText();
        JsonNode before = assertEveryCounterEqualsItsList(FP, agent, "before");
        TenantContext fp = api.platform().bean(TenantRegistry.class).bySlug("funcion-publica").orElseThrow();
        TenantTransactions tx = api.platform().bean(TenantTransactions.class);
        // As another instance would: a write this instance's case store never saw.
        setExpired(tx, fp, id, true);
        try {
            try (TestClock.Moved moved = TestClock.get().movedBy(Duration.ofSeconds(61))) {
                JsonNode after = assertEveryCounterEqualsItsList(FP, agent, "after the lifetime");
                assertThat(after.at("/expired/count").asLong()).isEqualTo(before.at("/expired/count").asLong() + 1);
            }
        } finally {
            setExpired(tx, fp, id, false);
        }
    }

    @Test
    void anotherEntitysAgentWithTheSameGroupsNeverGetsTheseCounts() {
        file("aislamiento");
        JsonNode fpCounts = counters(FP, agent);
        assertThat(fpCounts.at("/myGroups/count").asLong()).isPositive();
        String psAgent = api.token("prosperidad-social", "cc-agente-ps", List.of("administradores-mesa-ti",
                "mesa-servicio-primer-nivel"), Roles.REQUESTER, Roles.AGENT, Roles.SUPERVISOR);
        JsonNode psCounts = assertEveryCounterEqualsItsList(PS, psAgent, "another entity");
        assertThat(psCounts.at("/myGroups/count").asLong()).isZero();
    }

    private static void setExpired(TenantTransactions tx, TenantContext tenant, String id, boolean expired) {
        tx.write(tenant.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE service_case SET expired = ? WHERE id = ?")) {
                ps.setBoolean(1, expired);
                ps.setObject(2, UUID.fromString(id));
                return ps.executeUpdate();
            }
        });
    }
}
