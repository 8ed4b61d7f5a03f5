package co.mesa.web;

import co.mesa.identity.PlatformRealm;
import co.mesa.identity.Roles;
import co.mesa.onboarding.TenantBranding;
import co.mesa.tenant.TenantConfigService;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.MesaPlatform;
import co.mesa.testsupport.TestRealms;
import co.mesa.testsupport.TestSessions;
import co.mesa.web.page.PageRoutes;
import co.mesa.identity.SessionCookieAuthenticationFetcher;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.MediaType;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decision 0016, proved from the router, so a new page cannot escape it: every page route declares who
 * may use it, the public ones are exactly the list below, and with real sessions (real users signed in
 * through the run's Keycloak) every other page sends nobody to sign in, gives the 403 page to a role it
 * does not name, is nothing to another entity's session, and refuses a form without this session's CSRF
 * token — with nothing changed anywhere. The page cookie writes nothing through the JSON API.
 */
@NeedsKeycloak
class PageAccessTest {

    static final String FP = "funcion-publica.localhost";
    static final String PS = "prosperidad-social.localhost";
    static final String PLATFORM = "mesa.localhost";
    static final String COOKIE = SessionCookieAuthenticationFetcher.COOKIE;

    /** The public pages. Making a page public is a decision: add it here, with the reason in the commit. */
    static final Set<String> PUBLIC_PAGES = Set.of(
            "GET /",                               // the welcome (and, signed in, the catalog)
            "GET /politicas/tratamiento-de-datos", // the institutional policies
            "GET /politicas/accesibilidad",
            "GET /idioma",                         // the language switch
            "GET /conocimiento",                   // the knowledge base: public articles for anyone (decision 0025)
            "GET /conocimiento/{id}",
            "GET /conocimiento/{id}/archivos/{fileId}", // an article's image or file, with the article's audience rules
            "GET /auth/login",                     // sign-in and its callback
            "GET /auth/callback",
            "GET /assets/tenant/{slug}/logo",      // an onboarded entity's logo (other assets: static, below)
            "GET /ayuda",                          // the guides' index (issue 22): lists what the person may read
            "GET /ayuda/solicitante",              // the requester's guide: how to sign in is read before signing in
            "GET /encuesta/{token}",               // the survey's e-mail link (issue 23): the token opens that survey only
            "POST /encuesta/{token}",
            "GET /indicadores/definiciones");      // the indicators' definitions and open data dictionary (issue 24): explains public data

    static MesaPlatform platform;
    static CaseApi api;
    static String caseId;
    /** Sessions by who holds them: "fp-requester", "fp-agent", "fp-admin", "ps-requester", "operator", "platform-nobody". */
    static final Map<String, String> sessions = new LinkedHashMap<>();
    static final Map<String, Set<String>> roles = Map.of(
            "fp-requester", Set.of(Roles.REQUESTER),
            "fp-agent", Set.of(Roles.REQUESTER, Roles.AGENT),
            "fp-admin", Set.of(Roles.REQUESTER, Roles.TENANT_ADMIN),
            "operator", Set.of(Roles.OPERATOR),
            "platform-nobody", Set.of());

    @BeforeAll
    static void sessions() {
        platform = MesaPlatform.get();
        api = new CaseApi(); // the tenants' realms and the test clients
        platform.bean(PlatformRealm.class).provision();
        TestRealms.ensureUser("funcion-publica", "pa-requester", "Paula", "Solicitante", List.of(Roles.REQUESTER));
        TestRealms.ensureUser("funcion-publica", "pa-agent", "Pablo", "Agente", List.of(Roles.REQUESTER, Roles.AGENT));
        TestRealms.ensureUser("funcion-publica", "pa-admin", "Patricia", "Admin", List.of(Roles.REQUESTER, Roles.TENANT_ADMIN));
        TestRealms.ensureUser("prosperidad-social", "pa-requester", "Pedro", "Solicitante", List.of(Roles.REQUESTER));
        TestRealms.ensureUser(PlatformRealm.DEFAULT_REALM, "pa-operator", "Pilar", "Operadora", List.of(Roles.OPERATOR));
        TestRealms.ensureUser(PlatformRealm.DEFAULT_REALM, "pa-nobody", "Pío", "Nadie", List.of());
        sessions.put("fp-requester", TestSessions.signIn(FP, "pa-requester"));
        sessions.put("fp-agent", TestSessions.signIn(FP, "pa-agent"));
        sessions.put("fp-admin", TestSessions.signIn(FP, "pa-admin"));
        sessions.put("ps-requester", TestSessions.signIn(PS, "pa-requester"));
        sessions.put("operator", TestSessions.signIn(PLATFORM, "pa-operator"));
        sessions.put("platform-nobody", TestSessions.signIn(PLATFORM, "pa-nobody"));
        // A real case of the requester's, so /casos/{id} and /consola/casos/{id} name one that exists.
        String token = api.token("funcion-publica", "pa-requester", Roles.REQUESTER);
        HttpResponse<String> filed = api.create(FP, token, remoteAccess("Caso de la prueba de acceso"));
        assertThat(filed.statusCode()).as(filed.body()).isEqualTo(201);
        caseId = CaseApi.json(filed).get("id").asText();
    }

    static com.fasterxml.jackson.databind.node.ObjectNode remoteAccess(String title) {
        return CaseApi.obj("origin", "portal", "service", "acceso-remoto", "template", "acceso-remoto", "title", title,
                "description", "Para recorrer las páginas.", "impact", "moderado", "urgency", "medio",
                "fields", CaseApi.obj("telefono-contacto", "601 555 0101"));
    }

    // ---- the declarations -----------------------------------------------------------------------

    /** The page routes: HEAD routes are the GET routes' twins (same method, same declaration), so they are left out. */
    static List<UriRouteInfo<?, ?>> pageRoutes() {
        return platform.bean(Router.class).uriRoutes()
                .filter(r -> PageRoutes.ours(r) && PageRoutes.isPagePath(r.getUriMatchTemplate().toString()))
                .filter(r -> !r.getHttpMethodName().equals("HEAD"))
                .toList();
    }

    static List<String> secured(UriRouteInfo<?, ?> route) {
        return Arrays.asList(route.getTargetMethod().getAnnotationMetadata().stringValues(Secured.class));
    }

    static String name(UriRouteInfo<?, ?> route) {
        return route.getHttpMethodName() + " " + route.getUriMatchTemplate().toString().replaceAll("\\{[?&][^}]*}", "");
    }

    @Test
    void everyPageDeclaresWhoMayUseItAndThePublicOnesAreExactlyTheList() {
        List<UriRouteInfo<?, ?>> routes = pageRoutes();
        assertThat(routes).hasSizeGreaterThan(20);
        // Every HEAD page route answers from a GET route's method, so it carries that method's declaration.
        List<String> headOnly = platform.bean(Router.class).uriRoutes()
                .filter(r -> PageRoutes.ours(r) && PageRoutes.isPagePath(r.getUriMatchTemplate().toString()))
                .filter(r -> r.getHttpMethodName().equals("HEAD"))
                .filter(h -> routes.stream().noneMatch(g -> g.getHttpMethodName().equals("GET")
                        && g.getUriMatchTemplate().equals(h.getUriMatchTemplate()) && secured(g).equals(secured(h))))
                .map(PageAccessTest::name).toList();
        assertThat(headOnly).as("HEAD page routes without a GET twin of the same access").isEmpty();
        List<String> undeclared = routes.stream().filter(r -> secured(r).isEmpty()).map(PageAccessTest::name).toList();
        assertThat(undeclared).as("page routes without @Secured (refused to everyone)").isEmpty();
        Set<String> open = routes.stream().filter(r -> secured(r).contains(SecurityRule.IS_ANONYMOUS))
                .map(PageAccessTest::name).collect(Collectors.toCollection(TreeSet::new));
        assertThat(open).isEqualTo(new TreeSet<>(PUBLIC_PAGES));
        // The static assets (themes' CSS, scripts, images) are public by the security configuration, beside
        // the probes and the API document; nothing else is opened there.
        List<String> byConfig = new ArrayList<>();
        for (int i = 0; ; i++) {
            var pattern = platform.context().getProperty("micronaut.security.intercept-url-map[" + i + "].pattern", String.class);
            if (pattern.isEmpty()) {
                break;
            }
            byConfig.add(pattern.get());
        }
        assertThat(byConfig).containsExactly("/health/**", "/openapi/**", "/assets/**");
    }

    // ---- the walk -------------------------------------------------------------------------------

    /** One page route, as the walk calls it. */
    record Route(UriRouteInfo<?, ?> info, String method, String path, String host, boolean platformOnly, List<String> allowed) {

        /** A page a browser reads (HTML); else what a page's script reads (JSON), refused as problems. */
        boolean html() {
            return info.getProduces().stream().anyMatch(m -> m.matches(MediaType.TEXT_HTML_TYPE));
        }

        boolean changes() {
            return PageRoutes.changes(HttpMethod.parse(method));
        }

        String contentType() {
            List<MediaType> consumes = info.getConsumes();
            return consumes.isEmpty() ? MediaType.APPLICATION_FORM_URLENCODED : consumes.get(0).toString();
        }

        boolean anySignedIn() {
            return allowed.contains(SecurityRule.IS_AUTHENTICATED);
        }
    }

    static List<Route> protectedPages() {
        List<Route> out = new ArrayList<>();
        for (UriRouteInfo<?, ?> r : pageRoutes()) {
            if (secured(r).contains(SecurityRule.IS_ANONYMOUS)) {
                continue;
            }
            String path = r.getUriMatchTemplate().toString().replaceAll("\\{[?&][^}]*}", "")
                    .replace("{id}", caseId).replaceAll("\\{[^}]*}", "x");
            boolean platformOnly = PageRoutes.platformOnly(r);
            out.add(new Route(r, r.getHttpMethodName(), path, platformOnly ? PLATFORM : FP, platformOnly, secured(r)));
        }
        return out;
    }

    @Test
    void everyOtherPageSendsNobodyToSignInForbidsOtherRolesIgnoresOtherEntitiesAndChecksItsFormsToken() {
        List<Route> routes = protectedPages();
        assertThat(routes).hasSizeGreaterThan(20);
        Object before = fingerprint();
        List<String> failures = new ArrayList<>();
        for (Route route : routes) {
            // Nobody, and sessions of another host (another entity's; the platform's on a tenant's, and back).
            expectSignIn(failures, route, null, "anonymous");
            expectSignIn(failures, route, route.platformOnly() ? sessions.get("fp-admin") : sessions.get("ps-requester"),
                    "another host's session");
            if (!route.platformOnly()) {
                expectSignIn(failures, route, sessions.get("operator"), "an operator's session on a tenant's host");
            }
            // Signed in without any role the page names.
            if (!route.anySignedIn()) {
                for (String who : route.platformOnly() ? List.of("platform-nobody") : List.of("fp-requester", "fp-agent", "fp-admin")) {
                    if (roles.get(who).stream().noneMatch(route.allowed()::contains)) {
                        HttpResponse<String> r = call(route, sessions.get(who), null);
                        if (r.statusCode() != 403 || route.html() && !r.body().contains("No tiene acceso a esta página")) {
                            failures.add(route.method() + " " + route.path() + " as " + who + ": " + r.statusCode());
                        }
                    }
                }
            }
            // A form without this session's CSRF token, or with another one: refused before the handler.
            if (route.changes()) {
                String who = holder(route);
                for (String token : Arrays.asList(null, "otro-token")) {
                    HttpResponse<String> r = call(route, sessions.get(who), token == null ? "" : token);
                    if (r.statusCode() != 403 || !r.body().contains("El formulario venció")) {
                        failures.add(route.method() + " " + route.path() + " as " + who + " with csrf " + token + ": "
                                + r.statusCode() + " " + r.body().substring(0, Math.min(200, r.body().length())));
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(fingerprint()).as("nothing changed").isEqualTo(before);
        // Every session is still there (sign-out is a form too).
        for (String who : sessions.keySet()) {
            String host = who.startsWith("fp") ? FP : who.startsWith("ps") ? PS : PLATFORM;
            assertThat(platform.get(host, "/auth/session", "Cookie", COOKIE + "=" + sessions.get(who)).statusCode())
                    .as(who).isEqualTo(200);
        }
    }

    /** Someone who may use the route. */
    static String holder(Route route) {
        if (route.platformOnly()) {
            return "operator";
        }
        for (String who : List.of("fp-requester", "fp-agent", "fp-admin")) {
            if (route.anySignedIn() || roles.get(who).stream().anyMatch(route.allowed()::contains)) {
                return who;
            }
        }
        throw new IllegalStateException("nobody of the test may use " + route.path());
    }

    static void expectSignIn(List<String> failures, Route route, String cookie, String what) {
        HttpResponse<String> r = call(route, cookie, null);
        String where = route.method() + " " + route.path() + " (" + what + "): ";
        if (!route.html()) {
            if (r.statusCode() != 401) {
                failures.add(where + r.statusCode());
            }
            return;
        }
        if (route.platformOnly() || route.host().equals(PLATFORM)) {
            // The operators' host: its own sign-in page, whose "Ingresar" brings them back.
            if (r.statusCode() != 401 || !r.body().contains("Ingreso de operadores")) {
                failures.add(where + r.statusCode());
            }
            return;
        }
        String back = route.changes() ? "/" : route.path();
        String expected = "/auth/login?returnTo=" + URLEncoder.encode(back, StandardCharsets.UTF_8);
        if (r.statusCode() != 303 || !r.headers().firstValue("Location").orElse("").equals(expected)) {
            failures.add(where + r.statusCode() + " " + r.headers().firstValue("Location").orElse(""));
        }
    }

    /** The route as a browser calls it; {@code csrf} null: no form field at all. */
    static HttpResponse<String> call(Route route, String cookie, String csrf) {
        HttpRequest.Builder b = platform.request(route.host(), route.path())
                .header("Accept", route.html() ? "text/html" : "application/json");
        if (cookie != null) {
            b.header("Cookie", COOKIE + "=" + cookie);
        }
        if (!route.changes()) {
            return platform.send(b.method(route.method(), HttpRequest.BodyPublishers.noBody()).build());
        }
        String type = route.contentType();
        String body;
        if (type.startsWith(MediaType.MULTIPART_FORM_DATA)) {
            String boundary = "----mesa-prueba-acceso";
            type = MediaType.MULTIPART_FORM_DATA + "; boundary=" + boundary;
            StringBuilder s = new StringBuilder();
            if (csrf != null && !csrf.isEmpty()) {
                s.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n").append(csrf).append("\r\n");
            }
            s.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nprueba\r\n");
            s.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.txt\"\r\n")
                    .append("Content-Type: text/plain\r\n\r\nhola\r\n");
            s.append("--").append(boundary).append("--\r\n");
            body = s.toString();
        } else if (type.startsWith(MediaType.APPLICATION_FORM_URLENCODED)) {
            body = (csrf != null && !csrf.isEmpty() ? "csrf=" + csrf + "&" : "") + "motivo=prueba&note=prueba";
        } else {
            body = csrf != null && !csrf.isEmpty() ? "{\"csrf\":\"" + csrf + "\"}" : "{}";
        }
        return platform.send(b.header("Content-Type", type).method(route.method(), HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** What the page forms could change: the entities' live data and branding, suspensions, tenants, the case, the cases filed. */
    static Object fingerprint() {
        Map<String, Object> f = new LinkedHashMap<>();
        TenantRegistry registry = platform.bean(TenantRegistry.class);
        for (String slug : List.of("funcion-publica", "prosperidad-social")) {
            TenantContext t = registry.bySlug(slug).orElseThrow();
            f.put(slug + " live", platform.bean(TenantConfigService.class).live(t.id(), slug).documents().toString());
            f.put(slug + " branding", platform.bean(TenantBranding.class).of(t).toString());
            f.put(slug + " suspended", registry.isSuspended(slug));
        }
        f.put("tenants", registry.all().stream().map(TenantContext::slug).sorted().toList());
        String token = api.token("funcion-publica", "pa-requester", Roles.REQUESTER);
        HttpResponse<String> c = api.get(FP, token, caseId);
        f.put("case", c.headers().firstValue("ETag").orElse("") + " " + CaseApi.json(c).get("events"));
        f.put("my cases", CaseApi.json(api.send(FP, "GET", "/api/v1/me/cases?size=100", token, null)).toString());
        return f;
    }

    // ---- the API is not written with the page cookie -----------------------------------------------

    @Test
    void thePageCookieReadsButNeverWritesThroughTheJsonApi() {
        String cookie = sessions.get("fp-requester");
        String token = api.token("funcion-publica", "pa-requester", Roles.REQUESTER);
        String before = CaseApi.json(api.send(FP, "GET", "/api/v1/me/cases?size=100", token, null)).toString();
        HttpResponse<String> forged = platform.send(platform.request(FP, "/api/v1/cases")
                .header("Cookie", COOKIE + "=" + cookie).header("Origin", "https://otro-sitio.example")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(remoteAccess("Desde otro sitio").toString())).build());
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        HttpResponse<String> act = platform.send(platform.request(FP, "/api/v1/cases/" + caseId + "/actions")
                .header("Cookie", COOKIE + "=" + cookie).header("Content-Type", "application/json").header("If-Match", "\"1\"")
                .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"answer\",\"note\":\"x\"}")).build());
        assertThat(act.statusCode()).isEqualTo(401);
        assertThat(CaseApi.json(api.send(FP, "GET", "/api/v1/me/cases?size=100", token, null)).toString()).isEqualTo(before);
        // Reading stays as it was: "who am I" and the case, with the cookie alone.
        assertThat(platform.get(FP, "/api/v1/me", "Cookie", COOKIE + "=" + cookie).statusCode()).isEqualTo(200);
        assertThat(platform.get(FP, "/api/v1/cases/" + caseId, "Cookie", COOKIE + "=" + cookie).statusCode()).isEqualTo(200);
    }

    @Test
    void micronautsTokenIntrospectionEndpointIsOff() {
        // On by default in micronaut-security, it answered the page cookie; nothing of ours uses it.
        String token = api.token("funcion-publica", "pa-requester", Roles.REQUESTER);
        HttpResponse<String> withToken = platform.send(platform.request(FP, "/token_info")
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + token)).build());
        HttpResponse<String> withCookie = platform.send(platform.request(FP, "/token_info")
                .header("Cookie", COOKIE + "=" + sessions.get("fp-requester")).GET().build());
        for (HttpResponse<String> r : List.of(withToken, withCookie)) {
            assertThat(r.statusCode()).as(r.body()).isIn(404, 405);
            assertThat(r.body()).doesNotContain("\"active\"").doesNotContain("pa-requester");
        }
    }

    @Test
    void theOnboardingProgressIsReadThroughAPageRouteWithTheOperatorsSession() {
        String unknown = java.util.UUID.randomUUID().toString();
        HttpResponse<String> r = platform.get(PLATFORM, "/operador/altas/" + unknown + "/estado",
                "Cookie", COOKIE + "=" + sessions.get("operator"), "Accept", "application/json");
        assertThat(r.statusCode()).isEqualTo(404);
        HttpResponse<String> nobody = platform.get(PLATFORM, "/operador/altas/" + unknown + "/estado",
                "Accept", "application/json");
        assertThat(nobody.statusCode()).isEqualTo(401);
        HttpResponse<String> notOperator = platform.get(PLATFORM, "/operador/altas/" + unknown + "/estado",
                "Cookie", COOKIE + "=" + sessions.get("platform-nobody"), "Accept", "application/json");
        assertThat(notOperator.statusCode()).isEqualTo(403);
    }
}
