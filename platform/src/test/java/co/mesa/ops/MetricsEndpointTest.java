package co.mesa.ops;

import co.mesa.notification.OutboxMetrics;
import co.mesa.testsupport.MesaPlatform;
import co.mesa.testsupport.NeedsServices;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The Prometheus scrape: its content on the management port, and that tenant hosts never serve it. */
@NeedsServices
class MetricsEndpointTest {

    private final MesaPlatform platform = MesaPlatform.get();

    private HttpResponse<String> management(String path) {
        return platform.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + platform.managementPort() + path))
                .timeout(Duration.ofSeconds(30)).GET().build());
    }

    @Test
    void theScrapeShowsJvmHttpByRoutePoolAndPlatformMetersTaggedByTenant() {
        // Requests with an identifier in the path: meters name the route template (or NOT_FOUND), never the path.
        String id = java.util.UUID.randomUUID().toString();
        platform.get("funcion-publica.localhost", "/assets/tenant/" + id + "/logo");
        platform.get("funcion-publica.localhost", "/api/v1/cases/" + id);
        assertThat(platform.get("funcion-publica.localhost", "/api/v1/catalog").statusCode()).isEqualTo(200);
        platform.bean(OutboxMetrics.class).refresh();

        HttpResponse<String> scrape = management("/metrics");

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/plain"));
        String body = scrape.body();
        assertThat(body).contains("jvm_memory_used_bytes");
        assertThat(body).containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/api/v1/catalog\"");
        assertThat(body).doesNotContain(id);
        java.util.Set<String> templates = platform.bean(io.micronaut.web.router.Router.class).uriRoutes()
                .map(r -> r.getUriMatchTemplate().toString()).collect(java.util.stream.Collectors.toSet());
        java.util.regex.Matcher uris = java.util.regex.Pattern.compile("http_server_requests_seconds_count\\{[^}]*uri=\"([^\"]*)\"")
                .matcher(body);
        java.util.List<String> seen = new java.util.ArrayList<>();
        while (uris.find()) {
            seen.add(uris.group(1));
        }
        assertThat(seen).contains("/api/v1/catalog", "NOT_FOUND")
                .allSatisfy(u -> assertThat(templates.contains(u) || u.equals("NOT_FOUND") || u.equals("REDIRECTION")
                        || u.equals("UNKNOWN") || u.equals("UNMATCHED_URI") || u.equals("root"))
                        .as("uri tag %s is a route template or a fixed placeholder (static assets: UNMATCHED_URI)", u).isTrue());
        assertThat(body).contains("hikaricp_connections");
        assertThat(body).containsPattern("mesa_outbox_backlog\\{[^}]*tenant=\"funcion-publica\"");
        assertThat(body).containsPattern("mesa_outbox_dead_letters\\{[^}]*tenant=\"prosperidad-social\"");
        assertThat(body).contains("mesa_outbox_oldest_undelivered_seconds");
    }

    @Test
    void tenantHostsAndThePlatformHostDoNotServeTheScrape() {
        for (String host : new String[] {"funcion-publica.localhost", "prosperidad-social.localhost", "mesa.localhost"}) {
            HttpResponse<String> r = platform.get(host, "/metrics", "Accept", "text/plain");
            assertThat(r.statusCode()).as(host).isEqualTo(404);
            assertThat(r.body()).as(host).doesNotContain("jvm_memory").doesNotContain("mesa_");
        }
    }

    @Test
    void theManagementPortServesNothingButTheScrape() {
        assertThat(management("/api/v1/catalog").statusCode()).isEqualTo(404);
        assertThat(management("/").statusCode()).isEqualTo(404);
    }
}
