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

import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
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
 * One entity never reads or changes another's cases (through the API and under row level
 * security), a requester sees only their own, and codes stay distinct and consecutive under
 * a hundred parallel creates.
 */
@NeedsKeycloak
class CaseIsolationAndConcurrencyTest {

    static CaseApi api;
    static String fpRequester;
    static String fpOther;
    static String psAgent;
    static String fpAgent;

    @BeforeAll
    static void people() {
        api = new CaseApi();
        fpRequester = api.token("funcion-publica", "iso-solicitante", Roles.REQUESTER);
        fpOther = api.token("funcion-publica", "iso-otro", Roles.REQUESTER);
        fpAgent = api.agent("funcion-publica", "iso-agente", "mesa-servicio-primer-nivel");
        psAgent = api.agent("prosperidad-social", "iso-agente", "soporte-primer-nivel");
    }

    static JsonNode fpCase(String title) {
        HttpResponse<String> r = api.create(FP, fpRequester, obj("service", "acceso-remoto", "template", "acceso-remoto",
                "title", title, "description", "d", "fields", obj("telefono-contacto", "601 555 0103")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r);
    }

    @Test
    void anotherEntityCannotReadFindOrChangeTheCase() {
        JsonNode c = fpCase("Aislamiento");
        String id = c.get("id").asText();
        String code = c.get("code").asText();
        // Prosperidad Social's agent, on Prosperidad Social's host, asks for Función Pública's case.
        assertThat(api.get(PS, psAgent, id).statusCode()).isEqualTo(404);
        HttpResponse<String> search = api.send(PS, "GET", "/api/v1/cases?code="
                + URLEncoder.encode(code, StandardCharsets.UTF_8), psAgent, null);
        assertThat(search.statusCode()).isEqualTo(200);
        assertThat(json(search).get("items")).isEmpty();
        HttpResponse<String> act = api.send(PS, "POST", "/api/v1/cases/" + id + "/actions", psAgent,
                obj("kind", "internalNote", "note", "intrusión"), "If-Match", "\"2\"");
        assertThat(act.statusCode()).isEqualTo(404);
        assertThat(api.platform().get(PS, "/api/v1/cases/" + id + "/attachments/" + UUID.randomUUID(),
                "Authorization", "Bearer " + psAgent).statusCode()).isEqualTo(404);
        // Its token on Función Pública's host is not accepted at all.
        assertThat(api.get(FP, psAgent, id).statusCode()).isEqualTo(401);
        // Under Prosperidad Social's row level security the row does not exist, and cannot be written.
        TenantContext ps = api.platform().bean(TenantRegistry.class).bySlug("prosperidad-social").orElseThrow();
        TenantTransactions tx = api.platform().bean(TenantTransactions.class);
        int seen = tx.read(ps.id(), cx -> {
            try (PreparedStatement st = cx.prepareStatement("SELECT count(*) FROM service_case WHERE id = ?")) {
                st.setObject(1, UUID.fromString(id));
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
        assertThat(seen).isZero();
        int changed = tx.write(ps.id(), cx -> {
            try (PreparedStatement st = cx.prepareStatement("UPDATE service_case SET title = 'x' WHERE id = ?")) {
                st.setObject(1, UUID.fromString(id));
                return st.executeUpdate();
            }
        });
        assertThat(changed).isZero();
        // The case is untouched, the agent of its own entity finds it by code.
        JsonNode own = json(api.send(FP, "GET", "/api/v1/cases?code=" + URLEncoder.encode(code, StandardCharsets.UTF_8),
                fpAgent, null));
        assertThat(own.get("items")).hasSize(1);
        assertThat(own.at("/items/0/title").asText()).isEqualTo("Aislamiento");
        assertThat(own.at("/items/0/version").asInt()).isEqualTo(2);
    }

    @Test
    void aRequesterSeesOnlyTheirOwnCases() {
        JsonNode c = fpCase("Solo mío");
        assertThat(api.get(FP, fpOther, c.get("id").asText()).statusCode()).isEqualTo(404);
        assertThat(api.act(FP, fpOther, c.get("id").asText(), obj("kind", "answer", "note", "x")).statusCode())
                .isEqualTo(404);
        JsonNode mine = json(api.send(FP, "GET", "/api/v1/me/cases", fpOther, null));
        assertThat(QueueTest.ids(mine.get("items"))).doesNotContain(c.get("id").asText());
    }

    @Test
    void aHundredParallelCreatesGetAHundredDistinctConsecutiveCodes() throws Exception {
        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            calls.add(() -> {
                HttpResponse<String> r = api.create(PS, psAgent, obj("service", "gestion-incidentes-requerimientos",
                        "template", "falla-software", "title", "Paralelo " + n, "description", "d"));
                if (r.statusCode() != 201) {
                    throw new AssertionError(r.statusCode() + " " + r.body());
                }
                return json(r).get("code").asText();
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<String> codes = new ArrayList<>();
        try {
            for (Future<String> f : pool.invokeAll(calls)) {
                codes.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        Set<String> distinct = new HashSet<>(codes);
        assertThat(distinct).hasSize(100);
        List<Long> numbers = codes.stream().map(s -> Long.parseLong(s.substring(s.lastIndexOf('-') + 1))).sorted().toList();
        assertThat(numbers.get(99) - numbers.get(0)).as("no gaps").isEqualTo(99);
    }

    @Test
    void parallelRetriesWithOneIdempotencyKeyMakeOneCase() throws Exception {
        String key = "parallel-" + UUID.randomUUID();
        List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(() -> api.create(FP, fpRequester, obj("service", "acceso-remoto", "template", "acceso-remoto",
                    "title", key, "description", "d", "fields", obj("telefono-contacto", "601 555 0104")),
                    "Idempotency-Key", key));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Set<String> ids = new HashSet<>();
        try {
            for (Future<HttpResponse<String>> f : pool.invokeAll(calls)) {
                assertThat(f.get().statusCode()).isEqualTo(201);
                ids.add(json(f.get()).get("id").asText());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ids).hasSize(1);
        assertThat(CaseRulesTest.countCases("funcion-publica", key)).isEqualTo(1);
    }
}
