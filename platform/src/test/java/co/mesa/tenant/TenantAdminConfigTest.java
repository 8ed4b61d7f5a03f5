package co.mesa.tenant;

import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.identity.RealmKeys;
import co.mesa.identity.RealmProvisioner;
import co.mesa.identity.Roles;
import co.mesa.testsupport.Json;
import co.mesa.testsupport.MesaPlatform;
import co.mesa.testsupport.TestRealms;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenant administrators edit live data through the API with tenant-config's validation, each edit a
 * version with who and when — on a tenant of its own (from the minimal fixture), with a real realm.
 */
@NeedsKeycloak
class TenantAdminConfigTest {

    static MesaPlatform platform;
    static String slug;
    static String host;
    static String admin;
    static String agent;

    @BeforeAll
    static void tenantWithRealm() throws Exception {
        platform = MesaPlatform.get();
        slug = "admin-" + ProcessHandle.current().pid();
        host = slug + ".localhost";
        Path folder = Files.createTempDirectory("admin-tenant").resolve(slug);
        Files.createDirectories(folder);
        try (Stream<Path> files = Files.list(MesaPlatform.repoRoot().resolve("tenant-config/fixtures/valid/minimal"))) {
            for (Path f : files.toList()) {
                Files.copy(f, folder.resolve(f.getFileName()));
            }
        }
        Path tenantYaml = folder.resolve("tenant.yaml");
        Files.writeString(tenantYaml, Files.readString(tenantYaml).replace("slug: minimal", "slug: " + slug)
                .replace("hosts: [minimal.localhost]", "hosts: [" + host + "]").replace("realm: minimal", "realm: " + slug));
        assertThat(platform.bean(TenantConfigService.class).importFolder(folder, "test").outcome())
                .isEqualTo(ImportReport.Outcome.IMPORTED);
        platform.bean(RealmProvisioner.class).provision(platform.bean(TenantRegistry.class).bySlug(slug).orElseThrow().config());
        TestRealms.ensureTestClients(slug, platform.bean(RealmKeys.class).audience());
        // The cross-tenant check below needs Función Pública's realm to exist, whatever ran before.
        platform.bean(RealmProvisioner.class).provision(
                platform.bean(TenantRegistry.class).bySlug("funcion-publica").orElseThrow().config());
        TestRealms.ensureUser(slug, "ta-admin", "Teresa", "Administradora", List.of(Roles.TENANT_ADMIN));
        TestRealms.ensureUser(slug, "ta-agent", "Tomás", "Agente", List.of(Roles.AGENT));
        admin = TestRealms.accessToken(slug, TestRealms.DIRECT_CLIENT, "ta-admin");
        agent = TestRealms.accessToken(slug, TestRealms.DIRECT_CLIENT, "ta-agent");
    }

    @Test
    void anAdministratorAddsAClosureAndThePublicCalendarShowsItAtOnce() {
        JsonNode live = Json.parse(call("GET", "/api/v1/admin/config/calendars", admin, null).body());
        assertThat(live.get("content").get("kind").asText()).isEqualTo("Calendars");
        int before = live.get("version").asInt();
        ObjectNode content = (ObjectNode) live.get("content");
        ArrayNode closed = ((ObjectNode) content.get("calendars").get(0)).putArray("extraClosedDays");
        closed.add("2026-12-24"); // a día cívico the entity decreed

        HttpResponse<String> saved = call("PUT", "/api/v1/admin/config/calendars", admin, content.toString());

        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        assertThat(Json.parse(saved.body()).get("version").asInt()).isEqualTo(before + 1);
        JsonNode holidays = Json.parse(platform.get(host, "/api/v1/calendar/holidays?year=2026").body());
        assertThat(holidays.get("dates").toString()).contains("2026-12-24");
        JsonNode others = Json.parse(platform.get("prosperidad-social.localhost", "/api/v1/calendar/holidays?year=2026").body());
        assertThat(others.get("dates").toString()).doesNotContain("2026-12-24");

        JsonNode versions = Json.parse(call("GET", "/api/v1/admin/config/calendars/versions", admin, null).body());
        assertThat(versions.get(0).get("version").asInt()).isEqualTo(before + 1);
        assertThat(versions.get(0).get("source").asText()).isEqualTo("admin");
        assertThat(versions.get(0).get("changedBy").asText()).startsWith("ta-admin");
        assertThat(versions.get(0).get("changes").toString()).contains("/calendars/0/extraClosedDays");
    }

    @Test
    void anInvalidEditIsA422ListingEachProblemAndChangesNothing() {
        JsonNode live = Json.parse(call("GET", "/api/v1/admin/config/sla", admin, null).body());
        ObjectNode content = (ObjectNode) live.get("content");
        ((ObjectNode) content.get("policies").get(0)).put("calendar", "nocturno");

        HttpResponse<String> r = call("PUT", "/api/v1/admin/config/sla", admin, content.toString());

        assertThat(r.statusCode()).isEqualTo(422);
        JsonNode problem = Json.parse(r.body());
        assertThat(problem.get("title").asText()).isEqualTo("Datos de la entidad inválidos");
        assertThat(problem.get("invalidParams").get(0).get("name").asText()).isEqualTo(slug + "/sla.yaml#/policies/0/calendar");
        assertThat(problem.get("invalidParams").get(0).get("reason").asText()).contains("'nocturno' does not exist");
        assertThat(Json.parse(call("GET", "/api/v1/admin/config/sla", admin, null).body()).get("version").asInt())
                .isEqualTo(live.get("version").asInt());
    }

    @Test
    void theProfileIsForOperatorsAndOtherRolesCannotEdit() {
        assertThat(call("GET", "/api/v1/admin/config/tenant", admin, null).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/v1/admin/config/calendars", agent, null).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/v1/admin/config/nada", admin, null).statusCode()).isEqualTo(404);
        // The administrator's token is worth nothing on another entity's host.
        assertThat(platform.send(platform.request("funcion-publica.localhost", "/api/v1/admin/config/calendars")
                .header("Authorization", "Bearer " + admin).GET().build()).statusCode()).isEqualTo(401);
    }

    private static HttpResponse<String> call(String method, String path, String token, String json) {
        HttpRequest.Builder b = platform.request(host, path).header("Authorization", "Bearer " + token);
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return platform.send(b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)).build());
    }
}
