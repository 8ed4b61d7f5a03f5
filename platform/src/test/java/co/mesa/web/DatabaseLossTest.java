package co.mesa.web;

import co.mesa.identity.Roles;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.Eventually;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static co.mesa.testsupport.CaseApi.FP;
import static co.mesa.testsupport.CaseApi.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database connection lost in the middle of a request (the backend ended by {@code pg_terminate_backend},
 * as in a restart or failover) answers 503 problem+json with {@code Retry-After}, not a 500 with a stack
 * trace; and the next request is served. The request is held inside the database by a table lock this test
 * takes, so the backend is ended while the request is certainly in it.
 */
@NeedsKeycloak
class DatabaseLossTest {

    static CaseApi api;
    static String requester;

    @BeforeAll
    static void start() {
        api = new CaseApi();
        requester = api.token("funcion-publica", "dl-solicitante", Roles.REQUESTER);
        assertThat(api.send(FP, "GET", "/api/v1/me/cases", requester, null).statusCode()).isEqualTo(200);
    }

    @Test
    void aConnectionLostMidRequestIsA503WithRetryAfter() throws Exception {
        HttpResponse<String> answer;
        // Two sessions: pg_stat_activity is a snapshot taken once per transaction, so the lock's own
        // transaction would never see the request arrive.
        try (Connection su = TestPostgres.get().superuserConnection();
             Connection watch = TestPostgres.get().superuserConnection()) {
            su.setAutoCommit(false);
            try (Statement s = su.createStatement()) {
                s.execute("LOCK TABLE service_case IN ACCESS EXCLUSIVE MODE");
            }
            HttpRequest request = api.platform().request(FP, "/api/v1/me/cases")
                    .header("Authorization", "Bearer " + requester).GET().build();
            CompletableFuture<HttpResponse<String>> pending = HttpClient.newHttpClient()
                    .sendAsync(request, HttpResponse.BodyHandlers.ofString());
            int pid = Eventually.until("the request waiting on the lock", () -> waitingBackend(watch), p -> {
                if (pending.isDone()) {
                    throw new AssertionError("answered before it reached the lock: " + pending.join().statusCode()
                            + " " + pending.join().body());
                }
                return p > 0;
            });
            try (PreparedStatement ps = watch.prepareStatement("SELECT pg_terminate_backend(?)")) {
                ps.setInt(1, pid);
                ps.execute();
            }
            su.rollback(); // the lock goes
            answer = pending.get(60, TimeUnit.SECONDS);
        }
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(answer.headers().firstValue("Retry-After")).isPresent();
        assertThat(json(answer).get("title").asText()).isEqualTo("Servicio no disponible por un momento");
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("SQL").doesNotContain("terminating");
        // The pool dropped the dead connection: the same request is served again.
        assertThat(api.send(FP, "GET", "/api/v1/me/cases", requester, null).statusCode()).isEqualTo(200);
    }

    private static int waitingBackend(Connection su) {
        try (PreparedStatement ps = su.prepareStatement("SELECT pid FROM pg_stat_activity WHERE usename = ? "
                + "AND wait_event_type = 'Lock' AND state = 'active' ORDER BY backend_start LIMIT 1")) {
            ps.setString(1, TestPostgres.get().appUser());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
