package co.mesa.identity;

import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.tenant.TenantConfigService;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.Eventually;
import co.mesa.testsupport.Json;
import co.mesa.testsupport.MesaPlatform;
import co.mesa.testsupport.TestClock;
import co.mesa.testsupport.TestRealms;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.AnnotationMetadata;
import io.micronaut.http.HttpMethod;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bearer tokens are bound to the host's tenant: real tokens from the run's Keycloak, every protected
 * endpoint of the router (so a new endpoint is covered without anyone remembering), and the classic
 * forgeries — expired, tampered, unsigned, wrong audience.
 */
@NeedsKeycloak
class TokenBindingTest {

    static final String FP = "funcion-publica.localhost";
    static final String PS = "prosperidad-social.localhost";
    static final String PLATFORM = "mesa.localhost";

    static MesaPlatform platform;
    static String fpRequester;
    static String fpAgent;
    static String psAgent;

    @BeforeAll
    static void realmsAndTokens() {
        platform = MesaPlatform.get();
        RealmProvisioner provisioner = platform.bean(RealmProvisioner.class);
        String audience = platform.bean(RealmKeys.class).audience();
        for (String slug : List.of("funcion-publica", "prosperidad-social")) {
            TenantContext t = platform.bean(TenantRegistry.class).bySlug(slug).orElseThrow();
            provisioner.provision(t.config());
            TestRealms.ensureTestClients(slug, audience);
        }
        TestRealms.ensureUser("funcion-publica", "tb-requester", "Ana", "Solicitante", List.of(Roles.REQUESTER));
        TestRealms.ensureUser("funcion-publica", "tb-agent", "Bruno", "Agente", List.of(Roles.AGENT));
        TestRealms.ensureUser("prosperidad-social", "tb-agent", "Carla", "Agente", List.of(Roles.AGENT));
        fpRequester = TestRealms.accessToken("funcion-publica", TestRealms.DIRECT_CLIENT, "tb-requester");
        fpAgent = TestRealms.accessToken("funcion-publica", TestRealms.DIRECT_CLIENT, "tb-agent");
        psAgent = TestRealms.accessToken("prosperidad-social", TestRealms.DIRECT_CLIENT, "tb-agent");
    }

    @Test
    void aTokenOfTheHostsTenantSignsInAndCreatesThePerson() {
        HttpResponse<String> r = call(FP, "GET", "/api/v1/me", fpRequester);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode me = Json.parse(r.body());
        assertThat(me.get("username").asText()).isEqualTo("tb-requester");
        assertThat(me.get("name").asText()).isEqualTo("Ana Solicitante");
        assertThat(me.get("email").asText()).isEqualTo("tb-requester@funcion-publica.example.invalid");
        assertThat(me.get("roles").toString()).contains(Roles.REQUESTER);
    }

    @Test
    void everyProtectedEndpointRefusesAnotherTenantsTokenWith401() {
        List<UriRouteInfo<?, ?>> routes = protectedRoutes();
        assertThat(routes).as("the router has protected endpoints to check").isNotEmpty();
        List<String> failures = new ArrayList<>();
        for (UriRouteInfo<?, ?> route : routes) {
            String path = concretePath(route);
            String method = route.getHttpMethodName();
            String contentType = route.getConsumes().isEmpty() ? "application/json" : route.getConsumes().get(0).toString();
            expect401(failures, PS, method, path, contentType, fpAgent, "FP token on PS host");
            expect401(failures, FP, method, path, contentType, psAgent, "PS token on FP host");
            expect401(failures, PLATFORM, method, path, contentType, fpAgent, "tenant token on the platform host");
            expect401(failures, FP, method, path, contentType, null, "no token");
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void forgedOrStaleTokensAre401Problems() {
        String[] parts = fpAgent.split("\\.");
        // Tampered: the payload claims another subject; the signature no longer matches.
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String tampered = parts[0] + "." + b64(payload.replaceFirst("\"sub\":\"[^\"]+\"", "\"sub\":\"someone-else\"")) + "." + parts[2];
        // Unsigned: alg none, same claims.
        String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
        String noAudience = TestRealms.accessToken("funcion-publica", TestRealms.NO_AUDIENCE_CLIENT, "tb-agent");
        for (String[] c : new String[][]{{"tampered", tampered}, {"alg none", none}, {"wrong audience", noAudience},
                {"garbage", "not.a.jwt"}}) {
            expect401Problem(c[0], c[1]);
        }

        // Expired: a real token, used once (so the platform has verified and cached it), then the platform's
        // clock is moved past its exp and the allowed clock skew. Nothing sleeps; a slow machine changes nothing.
        String token = TestRealms.accessToken("funcion-publica", TestRealms.DIRECT_CLIENT, "tb-agent");
        assertThat(call(FP, "GET", "/api/v1/me", token).statusCode()).as("fresh token").isEqualTo(200);
        Instant exp = expiry(token);
        Duration skew = platform.bean(RealmKeys.class).clockSkew();
        try (var moved = TestClock.get().movedTo(exp.minusSeconds(1))) {
            assertThat(call(FP, "GET", "/api/v1/me", token).statusCode()).as("a second before exp").isEqualTo(200);
        }
        try (var moved = TestClock.get().movedTo(exp.plus(skew).plusSeconds(1))) {
            expect401Problem("expired (verified before)", token);
        }
        // A token the platform never saw, checked first when it has already expired: the signature check refuses it.
        String unseen = TestRealms.accessToken("funcion-publica", TestRealms.DIRECT_CLIENT, "tb-agent");
        try (var moved = TestClock.get().movedTo(expiry(unseen).plus(skew).plusSeconds(1))) {
            expect401Problem("expired (never seen)", unseen);
        }
        assertThat(call(FP, "GET", "/api/v1/me", unseen).statusCode()).as("the same token, back in its lifetime").isEqualTo(200);
    }

    private static void expect401Problem(String what, String token) {
        HttpResponse<String> r = call(FP, "GET", "/api/v1/me", token);
        assertThat(r.statusCode()).as(what).isEqualTo(401);
        assertThat(r.headers().firstValue("Content-Type")).as(what)
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    }

    private static Instant expiry(String jwt) {
        String claims = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        return Instant.ofEpochSecond(Json.parse(claims).get("exp").asLong());
    }

    @Test
    void aMissingRoleIs403AndAgentsSearchOnlyTheirOwnTenantsPeople() {
        HttpResponse<String> requester = call(FP, "GET", "/api/v1/people?q=agente", fpRequester);
        assertThat(requester.statusCode()).isEqualTo(403);
        assertThat(Json.parse(requester.body()).get("title").asText()).isEqualTo("Acceso denegado");

        call(PS, "GET", "/api/v1/me", psAgent); // Carla exists in Prosperidad Social's directory
        call(FP, "GET", "/api/v1/me", fpAgent); // Bruno in Función Pública's
        HttpResponse<String> search = call(FP, "GET", "/api/v1/people?q=agente", fpAgent);
        assertThat(search.statusCode()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        Json.parse(search.body()).forEach(p -> names.add(p.get("name").asText()));
        assertThat(names).contains("Bruno Agente").doesNotContain("Carla Agente");
    }

    @Test
    void whenTheRealmsKeycloakIsUnreachableTheApiAnswers503WithRetryAfter(@TempDir Path tmp) throws Exception {
        Path folder = tmp.resolve("sin-identidad");
        Files.createDirectories(folder);
        Path minimal = MesaPlatform.repoRoot().resolve("tenant-config/fixtures/valid/minimal");
        try (Stream<Path> files = Files.list(minimal)) {
            for (Path f : files.toList()) {
                Files.copy(f, folder.resolve(f.getFileName()));
            }
        }
        Path tenantYaml = folder.resolve("tenant.yaml");
        Files.writeString(tenantYaml, Files.readString(tenantYaml).replace("slug: minimal", "slug: sin-identidad")
                .replace("hosts: [minimal.localhost]", "hosts: [sin-identidad.localhost]")
                .replace("realm: minimal", "realm: " + MesaPlatform.KEYCLOAK_DOWN_REALM));
        platform.bean(TenantConfigService.class).importFolder(folder, "test");

        HttpResponse<String> r = call("sin-identidad.localhost", "GET", "/api/v1/me", fpAgent);

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        assertThat(Json.parse(r.body()).get("title").asText()).isEqualTo("Servicio de identidad no disponible");
        // A person signing in gets our Spanish page, not the browser's connection error.
        HttpResponse<String> page = platform.get("sin-identidad.localhost", "/auth/login", "Accept", "text/html");
        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/html"));
        assertThat(page.body()).contains("<h1>Servicio de identidad no disponible</h1>");
        // Public endpoints of that tenant still work.
        assertThat(call("sin-identidad.localhost", "GET", "/api/v1/catalog", null).statusCode()).isEqualTo(200);
    }

    @Test
    void whenKeycloakRotatesItsKeyTheNewKeyIsFetchedAndOldTokensKeepWorking() throws Exception {
        String realm = "prosperidad-social";
        String before = TestRealms.accessToken(realm, TestRealms.DIRECT_CLIENT, "tb-agent");
        assertThat(call(PS, "GET", "/api/v1/me", before).statusCode()).isEqualTo(200); // keys now cached

        var realmResource = TestRealms.admin().realm(realm);
        org.keycloak.representations.idm.ComponentRepresentation key = new org.keycloak.representations.idm.ComponentRepresentation();
        key.setName("rotated-" + System.nanoTime());
        key.setProviderId("rsa-generated");
        key.setProviderType("org.keycloak.keys.KeyProvider");
        key.setParentId(realmResource.toRepresentation().getId());
        org.keycloak.common.util.MultivaluedHashMap<String, String> config = new org.keycloak.common.util.MultivaluedHashMap<>();
        config.putSingle("priority", String.valueOf(System.currentTimeMillis() / 1000));
        config.putSingle("algorithm", "RS256");
        config.putSingle("active", "true");
        config.putSingle("enabled", "true");
        key.setConfig(config);
        try (var response = realmResource.components().add(key)) {
            assertThat(response.getStatus()).isEqualTo(201);
        }
        String after = TestRealms.accessToken(realm, TestRealms.DIRECT_CLIENT, "tb-agent");
        assertThat(kid(after)).as("the new token is signed with the new key").isNotEqualTo(kid(before));
        // The platform refetches a realm's keys at most once per jwks-min-refresh (1 s in tests): until then a
        // token with the new key id is refused. Poll for it rather than sleep a guess of that interval.
        Eventually.until("the new key's token accepted", () -> call(PS, "GET", "/api/v1/me", after).statusCode(), s -> s == 200);
        assertThat(call(PS, "GET", "/api/v1/me", before).statusCode()).isEqualTo(200);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static String kid(String jwt) {
        String header = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8);
        return Json.parse(header).get("kid").asText();
    }

    static List<UriRouteInfo<?, ?>> protectedRoutes() {
        return platform.bean(Router.class).uriRoutes()
                .filter(r -> !r.getUriMatchTemplate().toString().startsWith("/health"))
                .filter(r -> !isAnonymous(r.getTargetMethod().getAnnotationMetadata()))
                .toList();
    }

    static boolean isAnonymous(AnnotationMetadata md) {
        String[] values = md.stringValues(Secured.class);
        return values.length > 0 && Arrays.asList(values).contains(SecurityRule.IS_ANONYMOUS);
    }

    static String concretePath(UriRouteInfo<?, ?> route) {
        return route.getUriMatchTemplate().toString().replaceAll("\\{[?&][^}]*}", "").replaceAll("\\{[^}]*}", "x");
    }

    private static void expect401(List<String> failures, String host, String method, String path, String contentType,
                                  String token, String what) {
        HttpResponse<String> r = call(host, method, path, contentType, token);
        if (r.statusCode() != 401) {
            failures.add(method + " " + path + " (" + what + "): " + r.statusCode() + " " + r.body());
        }
    }

    static HttpResponse<String> call(String host, String method, String path, String token) {
        return call(host, method, path, "application/json", token);
    }

    static HttpResponse<String> call(String host, String method, String path, String contentType, String token) {
        HttpRequest.Builder b = platform.request(host, path);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        boolean withBody = HttpMethod.permitsRequestBody(HttpMethod.parse(method));
        HttpRequest.BodyPublisher body = withBody
                ? HttpRequest.BodyPublishers.ofString(contentType.contains("json") ? "{}" : "") : HttpRequest.BodyPublishers.noBody();
        if (withBody) {
            b.header("Content-Type", contentType);
        }
        return platform.send(b.method(method, body).build());
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
