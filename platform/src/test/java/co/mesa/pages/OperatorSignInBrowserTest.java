package co.mesa.pages;

import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.identity.PlatformRealm;
import co.mesa.identity.RealmProvisioner;
import co.mesa.identity.Roles;
import co.mesa.identity.SessionCookieAuthenticationFetcher;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.Json;
import co.mesa.testsupport.MesaPlatform;
import co.mesa.testsupport.TestBrowser;
import co.mesa.testsupport.TestKeycloak;
import co.mesa.testsupport.TestRealms;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.SameSiteAttribute;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operators sign in with a browser on the platform host: {@code /auth/login} sends them to the
 * {@code mesa-platform} realm's real Keycloak page (code + PKCE), the callback opens a session of the
 * platform's own, the operator pages work with its cookie, and sign-out ends it. A platform cookie is
 * worth nothing on a tenant's host, and a tenant's cookie nothing on the platform host.
 */
@NeedsKeycloak
class OperatorSignInBrowserTest {

    static final String PLATFORM_HOST = "mesa.localhost";
    static final String OPERATOR = "osi-operator";
    static final String NOT_OPERATOR = "osi-other";
    static final String FP_PERSON = "osi-person";
    static final String COOKIE = SessionCookieAuthenticationFetcher.COOKIE;
    static MesaPlatform platform;

    @BeforeAll
    static void realms() {
        platform = MesaPlatform.get();
        platform.bean(PlatformRealm.class).provision();
        TestRealms.ensureUser(PlatformRealm.DEFAULT_REALM, OPERATOR, "Orlando", "Operador", List.of(Roles.OPERATOR));
        TestRealms.ensureUser(PlatformRealm.DEFAULT_REALM, NOT_OPERATOR, "Otilia", "Otra", List.of());
        for (String slug : List.of("funcion-publica", "prosperidad-social")) {
            TenantContext t = platform.bean(TenantRegistry.class).bySlug(slug).orElseThrow();
            platform.bean(RealmProvisioner.class).provision(t.config());
        }
        TestRealms.ensureUser("funcion-publica", FP_PERSON, "Sara", "Solicitante", List.of(Roles.REQUESTER));
    }

    static String origin() {
        return "http://" + PLATFORM_HOST + ":" + platform.port();
    }

    /** Through the platform realm's Keycloak page, as a person would; lands back on the platform host. */
    static void signIn(Page page, String username) {
        page.locator("#username").fill(username);
        page.locator("#password").fill(TestRealms.PASSWORD);
        page.locator("#kc-login").click();
        page.waitForURL(u -> u.startsWith(origin()) && !u.contains("/auth/"));
    }

    static Cookie sessionCookie(Page page) {
        return page.context().cookies().stream().filter(c -> c.name.equals(COOKIE)).findFirst().orElseThrow();
    }

    static HttpResponse<String> session(String host, String cookieValue) {
        return platform.get(host, "/auth/session", "Cookie", COOKIE + "=" + cookieValue);
    }

    @Test
    void anOperatorSignsInWithABrowserUsesThePagesAndSignsOut() {
        Page page = TestBrowser.get().newPage();
        page.navigate(origin() + "/auth/login?returnTo=" + URLEncoder.encode("/operador", StandardCharsets.UTF_8));
        // Keycloak's own page, of the platform realm (not a tenant's).
        assertThat(page.url()).startsWith(TestKeycloak.get().baseUrl() + "/realms/" + PlatformRealm.DEFAULT_REALM + "/");
        page.locator("#username").waitFor();
        TestBrowser.assertAccessible(page, "plataforma-keycloak-ingreso");

        signIn(page, OPERATOR);
        assertThat(page.url()).isEqualTo(origin() + "/operador");
        assertThat(page.locator("h1").innerText()).isEqualTo("Entidades de la plataforma");
        assertThat(page.locator("tr[data-slug=funcion-publica]").innerText()).contains("funcion-publica.localhost");
        assertThat(page.locator("tr[data-slug=prosperidad-social]").innerText()).contains("prosperidad-social.localhost");
        assertThat(page.locator(".user-name").innerText()).isEqualTo("Orlando Operador");
        assertThat(page.locator(".main-nav a[aria-current=page]").innerText()).isEqualTo("Entidades");
        TestBrowser.assertAccessible(page, "plataforma-operador-entidades-con-sesion");

        // The session cookie: HttpOnly, SameSite=Lax, for the platform host only.
        Cookie cookie = sessionCookie(page);
        assertThat(cookie.httpOnly).isTrue();
        assertThat(cookie.sameSite).isEqualTo(SameSiteAttribute.LAX);
        assertThat(cookie.domain).isEqualTo(PLATFORM_HOST);
        HttpResponse<String> mine = session(PLATFORM_HOST, cookie.value);
        assertThat(mine.statusCode()).isEqualTo(200);
        JsonNode me = Json.parse(mine.body());
        List<String> roles = new ArrayList<>();
        me.get("roles").forEach(r -> roles.add(r.asText()));
        assertThat(roles).contains(Roles.OPERATOR);

        // The cookie opens the operator pages, not the operator API (bearer tokens only).
        assertThat(platform.get(PLATFORM_HOST, "/api/v1/operator/tenants", "Cookie", COOKIE + "=" + cookie.value)
                .statusCode()).isEqualTo(401);
        HttpResponse<String> viaApi = platform.send(platform.request(PLATFORM_HOST,
                        "/api/v1/operator/tenants/funcion-publica/suspend")
                .header("Cookie", COOKIE + "=" + cookie.value)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(viaApi.statusCode()).isEqualTo(401);
        assertThat(platform.bean(TenantRegistry.class).isSuspended("funcion-publica")).isFalse();

        // The platform cookie is nobody on a tenant's host.
        for (String host : List.of("funcion-publica.localhost", "prosperidad-social.localhost")) {
            assertThat(session(host, cookie.value).statusCode()).as(host).isEqualTo(401);
            assertThat(platform.get(host, "/api/v1/me", "Cookie", COOKIE + "=" + cookie.value).statusCode()).as(host)
                    .isEqualTo(401);
        }

        // A form of the operator pages carries the session's CSRF token; without it nothing changes.
        HttpResponse<String> forged = platform.send(platform.request(PLATFORM_HOST,
                        "/operador/entidades/funcion-publica/suspender")
                .header("Cookie", COOKIE + "=" + cookie.value)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString("motivo=ataque&csrf=wrong")).build());
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(platform.bean(TenantRegistry.class).isSuspended("funcion-publica")).isFalse();
        // With the page's own form (its token), an empty reason is refused next to the field.
        page.locator("tr[data-slug=funcion-publica] button").click();
        assertThat(page.locator("#motivo-suspender-funcion-publica-error").innerText())
                .isEqualTo("Escriba el motivo de la suspensión.");
        assertThat(platform.bean(TenantRegistry.class).isSuspended("funcion-publica")).isFalse();

        // Sign-out (a form with the CSRF token) ends the session here and in Keycloak.
        page.locator("form[action='/auth/logout'] button").click();
        page.waitForURL(u -> u.startsWith(origin() + "/operador"));
        assertThat(page.locator("h1").innerText()).isEqualTo("Ingreso de operadores");
        assertThat(page.context().cookies().stream().filter(c -> c.name.equals(COOKIE) && !c.value.isEmpty())).isEmpty();
        assertThat(session(PLATFORM_HOST, cookie.value).statusCode()).isEqualTo(401);
        assertThat(platform.get(PLATFORM_HOST, "/operador", "Cookie", COOKIE + "=" + cookie.value, "Accept", "text/html")
                .statusCode()).isEqualTo(401);
        TestBrowser.assertAccessible(page, "plataforma-operador-sesion-cerrada");
        // Keycloak's session is over too: signing in again asks for the password.
        page.locator("a[href^='/auth/login']").click();
        page.locator("#username").waitFor();
        assertThat(page.url()).startsWith(TestKeycloak.get().baseUrl() + "/realms/" + PlatformRealm.DEFAULT_REALM + "/");
        page.context().close();
    }

    @Test
    void aPlatformRealmUserWhoIsNotAnOperatorGetsForbidden() {
        Page page = TestBrowser.get().newPage();
        page.navigate(origin() + "/auth/login?returnTo=/operador");
        signIn(page, NOT_OPERATOR);
        Response r = page.navigate(origin() + "/operador");
        assertThat(r.status()).isEqualTo(403);
        assertThat(page.locator("h1").innerText()).isEqualTo("No tiene acceso a esta página");
        assertThat(page.locator("#tenants").count()).isZero();
        TestBrowser.assertAccessible(page, "plataforma-operador-prohibido");
        page.context().close();
    }

    @Test
    void aTenantsSessionCookieIsRefusedOnThePlatformHost() {
        Page page = TestBrowser.get().newPage();
        TestBrowser.signIn(page, "funcion-publica", FP_PERSON, "/");
        Cookie tenantCookie = sessionCookie(page);
        // Live on its own host…
        assertThat(session("funcion-publica.localhost", tenantCookie.value).statusCode()).isEqualTo(200);
        // …nobody on the platform host, even when a browser is made to send it there.
        assertThat(session(PLATFORM_HOST, tenantCookie.value).statusCode()).isEqualTo(401);
        page.context().addCookies(List.of(new Cookie(COOKIE, tenantCookie.value).setDomain(PLATFORM_HOST).setPath("/")));
        Response r = page.navigate(origin() + "/operador");
        assertThat(r.status()).isEqualTo(401);
        assertThat(page.locator("h1").innerText()).isEqualTo("Ingreso de operadores");
        assertThat(page.locator(".user-name").count()).isZero();
        TestBrowser.assertAccessible(page, "plataforma-operador-cookie-de-entidad");
        page.context().close();
    }

    @Test
    void theLoginGoesToThePlatformRealmWithPkceAndAnUnknownStateOpensNothing() {
        HttpResponse<String> start = platform.get(PLATFORM_HOST, "/auth/login?returnTo=https://elsewhere.example/");
        assertThat(start.statusCode()).isEqualTo(303);
        String location = start.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(TestKeycloak.get().baseUrl() + "/realms/" + PlatformRealm.DEFAULT_REALM
                        + "/protocol/openid-connect/auth")
                .contains("code_challenge_method=S256").contains("nonce=")
                .contains("redirect_uri=" + URLEncoder.encode("http://" + PLATFORM_HOST + "/auth/callback", StandardCharsets.UTF_8));
        // A callback with a state nobody issued opens nothing.
        HttpResponse<String> bogus = platform.get(PLATFORM_HOST, "/auth/callback?state=nobody&code=x", "Accept", "text/html");
        assertThat(bogus.statusCode()).isEqualTo(400);
        assertThat(bogus.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith(COOKIE + "="));
    }
}
