package co.mesa.identity;

import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.Json;
import co.mesa.testsupport.MesaPlatform;
import co.mesa.testsupport.TestKeycloak;
import co.mesa.testsupport.TestRealms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole page sign-in over HTTP, without a browser: our login redirect, Keycloak's real login
 * form, the callback with state and PKCE, the session cookie, and sign-out ending both sessions.
 */
@NeedsKeycloak
class LoginFlowTest {

    static MesaPlatform platform;

    @BeforeAll
    static void realms() {
        platform = MesaPlatform.get();
        for (String slug : List.of("funcion-publica", "prosperidad-social")) {
            TenantContext t = platform.bean(TenantRegistry.class).bySlug(slug).orElseThrow();
            platform.bean(RealmProvisioner.class).provision(t.config());
            TestRealms.ensureUser(slug, "lf-user", "Diana", "Ingreso", List.of(Roles.REQUESTER));
        }
    }

    @ParameterizedTest
    @CsvSource({"funcion-publica, funcion-publica.localhost", "prosperidad-social, prosperidad-social.localhost"})
    void aPersonSignsInOnTheTenantsHostAndOut(String realm, String host) throws Exception {
        // 1. Our login sends the browser to the tenant's realm, with PKCE.
        HttpResponse<String> start = platform.get(host, "/auth/login?returnTo=/mis-casos");
        // 303, never 301: a browser would cache a permanent redirect with a one-use state.
        assertThat(start.statusCode()).isEqualTo(303);
        String authorize = start.headers().firstValue("Location").orElseThrow();
        assertThat(authorize).startsWith(TestKeycloak.get().baseUrl() + "/realms/" + realm + "/protocol/openid-connect/auth")
                .contains("code_challenge_method=S256").contains("state=").contains("nonce=");

        // 2. Keycloak's login form, posted with the person's credentials.
        // Keycloak marks its cookies Secure (browsers treat localhost as secure; Java's cookie jar does
        // not): carry them by hand, as a browser would.
        HttpClient browser = HttpClient.newHttpClient();
        HttpResponse<String> form = browser.send(HttpRequest.newBuilder(URI.create(authorize)).build(),
                HttpResponse.BodyHandlers.ofString());
        String keycloakCookies = String.join("; ", form.headers().allValues("Set-Cookie").stream()
                .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'))).toList());
        assertThat(form.statusCode()).isEqualTo(200);
        Matcher action = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"").matcher(form.body());
        assertThat(action.find()).as("Keycloak login form").isTrue();
        HttpResponse<String> posted = browser.send(HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", keycloakCookies)
                .POST(HttpRequest.BodyPublishers.ofString("username=lf-user&password="
                        + URLEncoder.encode(TestRealms.PASSWORD, StandardCharsets.UTF_8) + "&credentialId="))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(302);
        URI callback = URI.create(posted.headers().firstValue("Location").orElseThrow());
        assertThat(callback.getHost()).isEqualTo(host);
        assertThat(callback.getPath()).isEqualTo("/auth/callback");

        // 3. The callback (on our host) opens a session: HttpOnly, SameSite=Lax cookie, back to returnTo.
        HttpResponse<String> landed = platform.get(host, callback.getRawPath() + "?" + callback.getRawQuery());
        assertThat(landed.statusCode()).as(landed.body()).isEqualTo(303);
        assertThat(landed.headers().firstValue("Location")).hasValue("/mis-casos");
        String setCookie = landed.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(SessionCookieAuthenticationFetcher.COOKIE + "=")).findFirst().orElseThrow();
        // Cookie attribute names are case-insensitive (RFC 6265); Netty writes "HTTPOnly".
        assertThat(setCookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        // The state is good once: replaying the callback fails.
        assertThat(platform.get(host, callback.getRawPath() + "?" + callback.getRawQuery()).statusCode()).isEqualTo(400);

        // 4. Signed in: the person exists in this tenant's directory.
        HttpResponse<String> me = platform.get(host, "/api/v1/me", "Cookie", cookie);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(Json.parse(me.body()).get("name").asText()).isEqualTo("Diana Ingreso");
        // The cookie is worth nothing on the other tenant's host.
        String other = host.startsWith("funcion") ? "prosperidad-social.localhost" : "funcion-publica.localhost";
        assertThat(platform.get(other, "/api/v1/me", "Cookie", cookie).statusCode()).isEqualTo(401);

        // 5. Sign-out needs the session's CSRF token, and ends the Keycloak session too.
        String csrf = Json.parse(platform.get(host, "/auth/session", "Cookie", cookie).body()).get("csrf").asText();
        HttpResponse<String> forged = platform.send(platform.request(host, "/auth/logout").header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=wrong")).build());
        assertThat(forged.statusCode()).isEqualTo(403);
        HttpResponse<String> out = platform.send(platform.request(host, "/auth/logout").header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8))).build());
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().firstValue("Location").orElseThrow())
                .startsWith(TestKeycloak.get().baseUrl() + "/realms/" + realm + "/protocol/openid-connect/logout")
                .contains("id_token_hint=");
        assertThat(platform.get(host, "/api/v1/me", "Cookie", cookie).statusCode()).isEqualTo(401);
    }
}
