package co.mesa.web;

import co.mesa.identity.Roles;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestTenants;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static co.mesa.testsupport.CaseApi.FP;
import static co.mesa.testsupport.CaseApi.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rate limits from an entity's own settings: a copy of Función Pública ("rl-entidad") allows 5 requests a
 * minute per client address without a session and 5 per signed-in caller. The sixth is a 429 problem with
 * Retry-After; other entities, and other callers of the same entity, are not affected.
 */
@NeedsKeycloak
class RateLimitTest {

    static final String SLUG = "rl-entidad";
    static CaseApi api;
    static String host;

    @BeforeAll
    static void start() {
        api = new CaseApi();
        host = TestTenants.copyOf("funcion-publica", SLUG, Map.of("settings.yaml",
                "\nrateLimits:\n  perAddressPerMinute: 5\n  perCallerPerMinute: 5\n"));
    }

    @Test
    void theSixthAnonymousRequestOfAMinuteIsA429WithRetryAfter() {
        for (int i = 0; i < 5; i++) {
            assertThat(api.send(host, "GET", "/api/v1/catalog", null, null).statusCode()).as("request " + (i + 1)).isEqualTo(200);
        }
        HttpResponse<String> refused = api.send(host, "GET", "/api/v1/catalog", null, null);
        assertLimited(refused);
        // A person gets the entity's page, in Spanish, with the same header.
        HttpResponse<String> page = api.platform().get(host, "/", "Accept", "text/html");
        assertThat(page.statusCode()).isEqualTo(429);
        assertThat(page.headers().firstValue("Retry-After")).isPresent();
        assertThat(page.body()).contains("Demasiadas solicitudes");
        // Another entity's limits are its own (the platform's defaults here).
        assertThat(api.send(FP, "GET", "/api/v1/catalog", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void theSixthRequestOfOneCallerIsA429AndAnotherCallerIsServed() {
        String first = api.token(SLUG, "rl-primera", Roles.REQUESTER);
        String second = api.token(SLUG, "rl-segunda", Roles.REQUESTER);
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = api.send(host, "GET", "/api/v1/me/cases", first, null);
            assertThat(r.statusCode()).as("request " + (i + 1) + ": " + r.body()).isEqualTo(200);
        }
        assertLimited(api.send(host, "GET", "/api/v1/me/cases", first, null));
        assertThat(api.send(host, "GET", "/api/v1/me/cases", second, null).statusCode()).isEqualTo(200);
    }

    static void assertLimited(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        long retryAfter = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(json(r).get("status").asInt()).isEqualTo(429);
        assertThat(json(r).get("title").asText()).isEqualTo("Demasiadas solicitudes");
    }
}
