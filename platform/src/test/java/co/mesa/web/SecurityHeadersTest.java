package co.mesa.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The headers every answer gets; HSTS only where the public scheme is HTTPS (not the dev run or tests). */
class SecurityHeadersTest {

    @Test
    void httpsAddsHstsAndPagesGetFormActionAndObjectSrc() {
        SecurityHeaders headers = new SecurityHeaders(true,
                SecurityHeaders.keycloakOrigins("https://login.mesa.gov.co/", List.of("http://127.0.0.1:1")));
        MutableHttpResponse<?> page = HttpResponse.ok("<html>").header("Content-Security-Policy",
                "default-src 'self'; frame-ancestors 'none'");
        headers.headers(HttpRequest.GET("/"), page);
        assertThat(page.getHeaders().get("Strict-Transport-Security")).isEqualTo("max-age=31536000");
        assertThat(page.getHeaders().get("Cross-Origin-Opener-Policy")).isEqualTo("same-origin");
        assertThat(page.getHeaders().get("Permissions-Policy")).contains("camera=()", "microphone=()", "geolocation=()");
        assertThat(page.getHeaders().get("Content-Security-Policy")).isEqualTo("default-src 'self'; frame-ancestors 'none'; "
                + "form-action 'self' https://login.mesa.gov.co http://127.0.0.1:1; object-src 'none'");
    }

    @Test
    void plainHttpHasNoHstsAndAnswersWithoutAPolicyGetNone() {
        SecurityHeaders headers = new SecurityHeaders(false, SecurityHeaders.keycloakOrigins("http://localhost:8180", List.of()));
        MutableHttpResponse<?> json = HttpResponse.ok("{}");
        headers.headers(HttpRequest.GET("/api/v1/tenant"), json);
        assertThat(json.getHeaders().get("Strict-Transport-Security")).isNull();
        assertThat(json.getHeaders().get("Content-Security-Policy")).isNull();
        assertThat(json.getHeaders().get("Cross-Origin-Opener-Policy")).isEqualTo("same-origin");
    }
}
