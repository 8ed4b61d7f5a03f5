package co.mesa.onboarding;

import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.identity.PlatformRealm;
import co.mesa.identity.RealmKeys;
import co.mesa.identity.Roles;
import co.mesa.shared.TenantId;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.Json;
import co.mesa.testsupport.MesaPlatform;
import co.mesa.testsupport.TestRealms;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operator onboarding over HTTP on the real platform, PostgreSQL and Keycloak: validation, the four
 * steps, resume of a failed step, conflicts, access rules, and suspension.
 */
@NeedsKeycloak
class OperatorOnboardingTest {

    static final String PLATFORM_HOST = "mesa.localhost";
    static MesaPlatform platform;
    static String operatorToken;

    @BeforeAll
    static void start() {
        platform = MesaPlatform.get();
        platform.bean(PlatformRealm.class).provision();
        String audience = platform.bean(RealmKeys.class).audience();
        TestRealms.ensureTestClients(PlatformRealm.DEFAULT_REALM, audience);
        TestRealms.ensureUser(PlatformRealm.DEFAULT_REALM, "op-test", "Olga", "Operadora", List.of(Roles.OPERATOR));
        operatorToken = TestRealms.accessToken(PlatformRealm.DEFAULT_REALM, TestRealms.DIRECT_CLIENT, "op-test");
    }

    static HttpResponse<String> post(String token, String host, String path, byte[] body) {
        HttpRequest.Builder b = platform.request(host, path)
                .header("Content-Type", "application/zip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return platform.send(b.build());
    }

    static HttpResponse<String> operatorGet(String path) {
        return platform.get(PLATFORM_HOST, path, "Authorization", "Bearer " + operatorToken);
    }

    static HttpResponse<String> operatorPost(String path) {
        return platform.send(platform.request(PLATFORM_HOST, path).header("Authorization", "Bearer " + operatorToken)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    static Map<String, JsonNode> steps(JsonNode record) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        record.get("steps").forEach(s -> out.put(s.get("name").asText(), s));
        return out;
    }

    @Test
    void anInvalidBundleIsRefusedWithEveryProblemListedAndNothingCreated() {
        String slug = Bundles.freshSlug("invalid");
        Map<String, byte[]> files = Bundles.files(slug);
        files.remove("routing.yaml");                                                    // missing file
        files.put("priorities.yaml", "kind: Priorities\n  bad: [unclosed\n".getBytes(StandardCharsets.UTF_8)); // YAML
        files.put("tenant.yaml", new String(files.get("tenant.yaml"), StandardCharsets.UTF_8)
                .replace("timeZone: America/Bogota", "timeZone: 42").getBytes(StandardCharsets.UTF_8)); // schema
        files.put("onboarding.yaml", "username: X\nfirstName: Inés\nlastName: Restrepo\n".getBytes(StandardCharsets.UTF_8));
        files.put("branding/theme.properties", "color.primary=blue\n".getBytes(StandardCharsets.UTF_8));
        files.put("../escape.txt", "zip-slip".getBytes(StandardCharsets.UTF_8));          // zip-slip
        files.put("notes.txt", "hello".getBytes(StandardCharsets.UTF_8));                 // unexpected

        HttpResponse<String> r = post(operatorToken, PLATFORM_HOST, "/api/v1/operator/tenants", Bundles.zip(slug, files));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode problem = Json.parse(r.body());
        assertThat(problem.get("type").asText()).endsWith("/invalid-bundle");
        List<String> names = new ArrayList<>();
        problem.get("invalidParams").forEach(p -> {
            names.add(p.get("name").asText());
            assertThat(p.get("reason").asText()).isNotBlank();
        });
        assertThat(names).contains(
                slug + "/routing.yaml",
                slug + "/priorities.yaml",
                slug + "/tenant.yaml#/timeZone",
                slug + "/onboarding.yaml#/username",
                slug + "/onboarding.yaml#/email",
                slug + "/branding/theme.properties#/color.primary",
                "../escape.txt",
                slug + "/notes.txt");
        assertThat(platform.bean(TenantRegistry.class).bySlug(slug)).isEmpty();
        assertThat(platform.bean(TenantTransactions.class).<Long>platform(c -> count(c,
                "SELECT count(*) FROM tenant WHERE slug = '" + slug + "'"))).isZero();
    }

    @Test
    void aBundleWithoutOnboardingYamlOrTooBigOrNotAZipIsRefused() {
        String slug = Bundles.freshSlug("noadmin");
        Map<String, byte[]> files = Bundles.files(slug);
        files.remove("onboarding.yaml");
        HttpResponse<String> missing = post(operatorToken, PLATFORM_HOST, "/api/v1/operator/tenants", Bundles.zip(slug, files));
        assertThat(missing.statusCode()).as(missing.body()).isEqualTo(422);
        assertThat(missing.body()).contains("\"" + slug + "/onboarding.yaml\"");

        HttpResponse<String> notZip = post(operatorToken, PLATFORM_HOST, "/api/v1/operator/tenants",
                "not a zip".getBytes(StandardCharsets.UTF_8));
        assertThat(notZip.statusCode()).as(notZip.body()).isEqualTo(422);
        assertThat(Json.parse(notZip.body()).get("invalidParams").get(0).get("name").asText()).isEqualTo("bundle");

        byte[] big = new byte[BundleReader.MAX_BYTES + 1];
        new java.util.Random(1).nextBytes(big); // incompressible: the zip itself is over the limit
        Map<String, byte[]> huge = Bundles.files(slug);
        huge.put("branding/logo.png", big);
        HttpResponse<String> tooBig = post(operatorToken, PLATFORM_HOST, "/api/v1/operator/tenants", Bundles.zip(slug, huge));
        assertThat(tooBig.statusCode()).as(tooBig.body()).isIn(413, 422);
        if (tooBig.statusCode() == 422) {
            assertThat(tooBig.body()).contains("\"bundle\"");
        }
    }

    @Test
    void aValidBundleOnboardsTheEntityAtOnceWithItsRealmFirstAdminAndBranding() throws Exception {
        String slug = Bundles.freshSlug("alta");
        HttpResponse<String> r = post(operatorToken, PLATFORM_HOST, "/api/v1/operator/tenants",
                Bundles.zip(slug, Bundles.files(slug)));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String location = r.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("/api/v1/operator/onboardings/");
        JsonNode posted = Json.parse(r.body());
        assertThat(posted.get("status").asText()).isEqualTo("done");
        Map<String, JsonNode> steps = steps(posted);
        assertThat(steps.keySet()).containsExactly("import", "realm", "first-admin", "branding");
        steps.values().forEach(s -> {
            assertThat(s.get("outcome").asText()).as(s.toString()).isEqualTo("done");
            assertThat(s.get("startedAt").isNull()).isFalse();
            assertThat(s.get("finishedAt").isNull()).isFalse();
        });
        // Dev/test only: when Keycloak could not mail the first admin, the record shows the password once.
        boolean mailFailed = steps.get("first-admin").get("message").asText().contains("no se pudo enviar el correo");
        if (mailFailed) {
            assertThat(posted.get("firstAdmin").get("temporaryPassword").asText()).hasSizeGreaterThanOrEqualTo(20);
        }

        HttpResponse<String> record = operatorGet(location);
        assertThat(record.statusCode()).as(record.body()).isEqualTo(200);
        JsonNode got = Json.parse(record.body());
        assertThat(got.get("id").asText()).isEqualTo(location.substring(location.lastIndexOf('/') + 1));
        assertThat(got.get("slug").asText()).isEqualTo(slug);
        assertThat(got.get("firstAdmin").get("username").asText()).isEqualTo("admin-" + slug);
        assertThat(got.get("firstAdmin").get("temporaryPassword").isNull()).as("shown once only").isTrue();

        // Served at once on its host, no restart.
        HttpResponse<String> profile = platform.get(slug + ".localhost", "/api/v1/tenant");
        assertThat(profile.statusCode()).as(profile.body()).isEqualTo(200);
        assertThat(Json.parse(profile.body()).get("slug").asText()).isEqualTo(slug);

        // Stored as an operator tenant with operator versions.
        TenantTransactions tx = platform.bean(TenantTransactions.class);
        TenantId id = new TenantId(UUID.fromString(got.get("id").asText()));
        assertThat(tx.<String>platform(c -> text(c, "SELECT source FROM tenant WHERE id = '" + id.value() + "'")))
                .isEqualTo("operator");
        assertThat(tx.<Long>read(id, c -> count(c, "SELECT count(*) FROM tenant_config_version WHERE source = 'operator'")))
                .isEqualTo(10L);

        // The realm exists with the first admin: tenant-admin and requester, must set a password.
        var realm = TestRealms.admin().realm(slug);
        RealmRepresentation rep = realm.toRepresentation();
        assertThat(rep.getRealm()).isEqualTo(slug);
        UserRepresentation admin = realm.users().searchByUsername("admin-" + slug, true).get(0);
        assertThat(admin.getEmail()).isEqualTo("admin@" + slug + ".example.invalid");
        assertThat(admin.getRequiredActions()).contains("UPDATE_PASSWORD");
        assertThat(realm.users().get(admin.getId()).roles().realmLevel().listEffective().stream()
                .map(RoleRepresentation::getName)).contains(Roles.TENANT_ADMIN, Roles.REQUESTER);

        // People of the new realm sign in at once: a real token works on its host.
        TestRealms.ensureTestClients(slug, platform.bean(RealmKeys.class).audience());
        TestRealms.ensureUser(slug, "req-test", "Rita", "Solicitante", List.of(Roles.REQUESTER));
        String token = TestRealms.accessToken(slug, TestRealms.DIRECT_CLIENT, "req-test");
        HttpResponse<String> me = platform.get(slug + ".localhost", "/api/v1/me", "Authorization", "Bearer " + token);
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);

        // Branding: the logo is served by the platform.
        HttpResponse<String> logo = platform.get(slug + ".localhost", "/assets/tenant/" + slug + "/logo");
        assertThat(logo.statusCode()).isEqualTo(200);
        assertThat(logo.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("image/svg+xml"));
        assertThat(logo.body()).isEqualTo(Bundles.LOGO_SVG);
        assertThat(logo.headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(tx.<String>read(id, c -> text(c, "SELECT colors->>'primary' FROM tenant_branding"))).isEqualTo("#1a4d8f");
        // …and the entity's public profile wears it over its theme.
        JsonNode branded = Json.parse(platform.get(slug + ".localhost", "/api/v1/tenant").body()).get("branding");
        assertThat(branded.get("logo").asText()).isEqualTo("/assets/tenant/" + slug + "/logo");
        assertThat(branded.get("colors").get("primary").asText()).isEqualTo("#1a4d8f");
        assertThat(branded.get("colors").get("accent").asText()).isEqualTo("#f2a900");

        // Posting the same bundle again changes nothing and points at the same record.
        HttpResponse<String> again = post(operatorToken, PLATFORM_HOST, "/api/v1/operator/tenants",
                Bundles.zip(slug, Bundles.files(slug)));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
        assertThat(again.headers().firstValue("Location")).hasValue(location);
    }

    @Test
    void aFailedStepIsResumedFromWhereItFailedWhenTheSameBundleIsPostedAgain() {
        String slug = Bundles.freshSlug("reanuda");
        Map<String, byte[]> files = Bundles.files(slug);
        String email = "admin@" + slug + ".example.invalid";
        // The cause: the realm already holds someone else with the first admin's email (Keycloak refuses duplicates).
        RealmRepresentation realm = new RealmRepresentation();
        realm.setRealm(slug);
        realm.setEnabled(true);
        TestRealms.admin().realms().create(realm);
        UserRepresentation squatter = new UserRepresentation();
        squatter.setUsername("otra-persona");
        squatter.setEmail(email);
        squatter.setEnabled(true);
        TestRealms.admin().realm(slug).users().create(squatter).close();

        byte[] bundle = Bundles.zip(slug, files);
        HttpResponse<String> first = post(operatorToken, PLATFORM_HOST, "/api/v1/operator/tenants", bundle);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        String location = first.headers().firstValue("Location").orElseThrow();
        JsonNode failed = Json.parse(first.body());
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        Map<String, JsonNode> before = steps(failed);
        assertThat(before.get("import").get("outcome").asText()).isEqualTo("done");
        assertThat(before.get("realm").get("outcome").asText()).isEqualTo("done");
        assertThat(before.get("first-admin").get("outcome").asText()).isEqualTo("failed");
        assertThat(before.get("first-admin").get("message").asText()).isNotBlank();
        assertThat(before.get("branding").get("outcome").asText()).isEqualTo("pending");
        // Nothing half-made: the entity is served (import committed) and its record says what is left.
        assertThat(platform.get(slug + ".localhost", "/api/v1/tenant").statusCode()).isEqualTo(200);

        // Fix the cause, post the very same bundle: resumed from first-admin, same Location.
        String squatterId = TestRealms.admin().realm(slug).users().searchByUsername("otra-persona", true).get(0).getId();
        TestRealms.admin().realm(slug).users().get(squatterId).remove();
        HttpResponse<String> resumed = post(operatorToken, PLATFORM_HOST, "/api/v1/operator/tenants", bundle);
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(202);
        assertThat(resumed.headers().firstValue("Location")).hasValue(location);
        JsonNode done = Json.parse(resumed.body());
        assertThat(done.get("status").asText()).isEqualTo("done");
        Map<String, JsonNode> after = steps(done);
        after.values().forEach(s -> assertThat(s.get("outcome").asText()).as(s.toString()).isEqualTo("done"));
        // Steps done before were not run again: their timestamps did not move.
        assertThat(after.get("import").get("finishedAt")).isEqualTo(before.get("import").get("finishedAt"));
        assertThat(after.get("realm").get("finishedAt")).isEqualTo(before.get("realm").get("finishedAt"));
        assertThat(Instant.parse(after.get("first-admin").get("finishedAt").asText()))
                .isAfter(Instant.parse(before.get("first-admin").get("finishedAt").asText()));
        assertThat(TestRealms.admin().realm(slug).users().searchByUsername("admin-" + slug, true)).hasSize(1);
    }

    @Test
    void aDifferentBundleForAnExistingSlugIsAConflict() {
        String slug = Bundles.freshSlug("conflicto");
        assertThat(post(operatorToken, PLATFORM_HOST, "/api/v1/operator/tenants", Bundles.zip(slug, Bundles.files(slug)))
                .statusCode()).isEqualTo(202);
        Map<String, byte[]> other = Bundles.files(slug);
        other.put("onboarding.yaml", ("username: otra-admin\nemail: otra@" + slug + ".example.invalid\n"
                + "firstName: Otra\nlastName: Persona\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = post(operatorToken, PLATFORM_HOST, "/api/v1/operator/tenants", Bundles.zip(slug, other));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
        assertThat(Json.parse(r.body()).get("type").asText()).endsWith("/tenant-exists");

        // A folder tenant's slug, host or realm cannot be taken either (422, each named).
        Map<String, byte[]> clash = Bundles.files("funcion-publica");
        String tenantYaml = new String(clash.get("tenant.yaml"), StandardCharsets.UTF_8);
        String hostClash = Bundles.freshSlug("choque");
        clash = Bundles.files(hostClash);
        clash.put("tenant.yaml", new String(clash.get("tenant.yaml"), StandardCharsets.UTF_8)
                .replace("hosts: [" + hostClash + ".localhost]", "hosts: [funcion-publica.localhost]")
                .replace("realm: " + hostClash, "realm: prosperidad-social").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> taken = post(operatorToken, PLATFORM_HOST, "/api/v1/operator/tenants", Bundles.zip(hostClash, clash));
        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(422);
        assertThat(taken.body()).contains("\"" + hostClash + "/tenant.yaml#/hosts/0\"", "\"" + hostClash + "/tenant.yaml#/realm\"");
        assertThat(tenantYaml).contains("slug: funcion-publica");
        HttpResponse<String> slugTaken = post(operatorToken, PLATFORM_HOST, "/api/v1/operator/tenants",
                Bundles.zip("funcion-publica", Bundles.files("funcion-publica")));
        assertThat(slugTaken.statusCode()).as(slugTaken.body()).isEqualTo(422);
        assertThat(slugTaken.body()).contains("\"funcion-publica/tenant.yaml#/slug\"");
    }

    @Test
    void onlyOperatorsOnThePlatformHostMayOnboard() {
        String slug = Bundles.freshSlug("acceso");
        byte[] bundle = Bundles.zip(slug, Bundles.files(slug));
        assertThat(post(null, PLATFORM_HOST, "/api/v1/operator/tenants", bundle).statusCode()).isEqualTo(401);

        TestRealms.ensureUser(PlatformRealm.DEFAULT_REALM, "no-op-test", "Nora", "Sinrol", List.of());
        String notOperator = TestRealms.accessToken(PlatformRealm.DEFAULT_REALM, TestRealms.DIRECT_CLIENT, "no-op-test");
        HttpResponse<String> forbidden = post(notOperator, PLATFORM_HOST, "/api/v1/operator/tenants", bundle);
        assertThat(forbidden.statusCode()).as(forbidden.body()).isEqualTo(403);
        assertThat(forbidden.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));

        // On a tenant's host: its own tenant-admin is not an operator, and an operator token is not of that realm.
        String audience = platform.bean(RealmKeys.class).audience();
        platform.bean(co.mesa.identity.RealmProvisioner.class)
                .provision(platform.bean(TenantRegistry.class).bySlug("funcion-publica").orElseThrow().config());
        TestRealms.ensureTestClients("funcion-publica", audience);
        TestRealms.ensureUser("funcion-publica", "ob-admin", "Teo", "Admin", List.of(Roles.TENANT_ADMIN));
        String tenantAdmin = TestRealms.accessToken("funcion-publica", TestRealms.DIRECT_CLIENT, "ob-admin");
        assertThat(post(tenantAdmin, "funcion-publica.localhost", "/api/v1/operator/tenants", bundle).statusCode())
                .isIn(403, 404);
        assertThat(post(operatorToken, "funcion-publica.localhost", "/api/v1/operator/tenants", bundle).statusCode())
                .isIn(401, 403, 404);
        assertThat(platform.bean(TenantRegistry.class).bySlug(slug)).isEmpty();
    }

    @Test
    void aSuspendedEntityAnswers403AndASpanishPageUntilResumedAndEveryPeriodIsKept() {
        String slug = Bundles.freshSlug("suspende");
        String host = slug + ".localhost";
        assertThat(post(operatorToken, PLATFORM_HOST, "/api/v1/operator/tenants", Bundles.zip(slug, Bundles.files(slug)))
                .statusCode()).isEqualTo(202);
        assertThat(platform.get(host, "/api/v1/catalog").statusCode()).isEqualTo(200);

        HttpResponse<String> suspend = operatorPost("/api/v1/operator/tenants/" + slug + "/suspend");
        assertThat(suspend.statusCode()).as(suspend.body()).isEqualTo(200);
        assertThat(Json.parse(suspend.body()).get("suspended").asBoolean()).isTrue();

        HttpResponse<String> api = platform.get(host, "/api/v1/catalog");
        assertThat(api.statusCode()).isEqualTo(403);
        assertThat(api.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode problem = Json.parse(api.body());
        assertThat(problem.get("type").asText()).endsWith("/tenant-suspended");
        assertThat(problem.get("title").asText()).isEqualTo("Entidad suspendida");
        assertThat(problem.get("detail").asText()).contains("Entidad mínima de prueba", "suspendida");

        HttpResponse<String> page = platform.get(host, "/", "Accept", "text/html");
        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/html"));
        assertThat(page.body()).contains("lang=\"es-CO\"", "Entidad suspendida");

        // The public profile stays readable (the portal can still say who is suspended).
        HttpResponse<String> profile = platform.get(host, "/api/v1/tenant");
        assertThat(profile.statusCode()).isEqualTo(200);
        assertThat(profile.headers().firstValue("Mesa-Tenant-Suspended")).hasValue("true");
        // Suspending twice opens no second period.
        assertThat(operatorPost("/api/v1/operator/tenants/" + slug + "/suspend").statusCode()).isEqualTo(200);

        HttpResponse<String> resume = operatorPost("/api/v1/operator/tenants/" + slug + "/resume");
        assertThat(resume.statusCode()).as(resume.body()).isEqualTo(200);
        assertThat(Json.parse(resume.body()).get("suspended").asBoolean()).isFalse();
        assertThat(platform.get(host, "/api/v1/catalog").statusCode()).isEqualTo(200);
        assertThat(platform.get(host, "/api/v1/tenant").headers().firstValue("Mesa-Tenant-Suspended")).isEmpty();

        operatorPost("/api/v1/operator/tenants/" + slug + "/suspend");
        operatorPost("/api/v1/operator/tenants/" + slug + "/resume");
        JsonNode status = Json.parse(operatorGet("/api/v1/operator/tenants/" + slug + "/suspensions").body());
        assertThat(status.get("periods")).hasSize(2);
        status.get("periods").forEach(p -> {
            Instant start = Instant.parse(p.get("start").asText());
            Instant end = Instant.parse(p.get("end").asText());
            assertThat(end).isAfterOrEqualTo(start);
            assertThat(p.get("startedBy").asText()).isEqualTo("op-test");
        });
        assertThat(platform.get(host, "/api/v1/catalog").statusCode()).isEqualTo(200);
    }

    static long count(java.sql.Connection c, String sql) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String text(java.sql.Connection c, String sql) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
