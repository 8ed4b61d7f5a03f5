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
    static String admin2;
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
        TestRealms.ensureUser(slug, "ta-admin2", "Tania", "Administradora", List.of(Roles.TENANT_ADMIN));
        admin = TestRealms.accessToken(slug, TestRealms.DIRECT_CLIENT, "ta-admin");
        admin2 = TestRealms.accessToken(slug, TestRealms.DIRECT_CLIENT, "ta-admin2");
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

        HttpResponse<String> saved = put("/api/v1/admin/config/calendars", admin, content.toString(), "\"" + before + "\"");

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

        HttpResponse<String> r = put("/api/v1/admin/config/sla", admin, content.toString(),
                "\"" + live.get("version").asInt() + "\"");

        assertThat(r.statusCode()).isEqualTo(422);
        JsonNode problem = Json.parse(r.body());
        assertThat(problem.get("title").asText()).isEqualTo("Datos de la entidad inválidos");
        assertThat(problem.get("invalidParams").get(0).get("name").asText()).isEqualTo(slug + "/sla.yaml#/policies/0/calendar");
        assertThat(problem.get("invalidParams").get(0).get("reason").asText()).contains("'nocturno' does not exist");
        assertThat(Json.parse(call("GET", "/api/v1/admin/config/sla", admin, null).body()).get("version").asInt())
                .isEqualTo(live.get("version").asInt());
    }

    @Test
    void twoAdministratorsEditingAtOnceTheSecondGetsAConflictNamingTheFirstsChangeAndNothingIsLost() {
        HttpResponse<String> read1 = call("GET", "/api/v1/admin/config/calendars", admin, null);
        HttpResponse<String> read2 = call("GET", "/api/v1/admin/config/calendars", admin2, null);
        String etag = read1.headers().firstValue("ETag").orElseThrow();
        int version = Json.parse(read1.body()).get("version").asInt();
        assertThat(etag).isEqualTo("\"" + version + "\"");
        assertThat(read2.headers().firstValue("ETag")).contains(etag);
        ObjectNode first = (ObjectNode) Json.parse(read1.body()).get("content");
        ((ObjectNode) first.get("calendars").get(0)).putArray("extraClosedDays").add("2026-12-31");
        ObjectNode second = (ObjectNode) Json.parse(read2.body()).get("content");
        ((ObjectNode) second.get("calendars").get(0)).putArray("extraClosedDays").add("2026-12-30");

        HttpResponse<String> saved = put("/api/v1/admin/config/calendars", admin, first.toString(), etag);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        assertThat(saved.headers().firstValue("ETag")).contains("\"" + (version + 1) + "\"");

        HttpResponse<String> stale = put("/api/v1/admin/config/calendars", admin2, second.toString(), etag);
        assertThat(stale.statusCode()).as(stale.body()).isEqualTo(412);
        assertThat(stale.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = Json.parse(stale.body());
        assertThat(problem.get("detail").asText()).contains("versión " + version).contains(String.valueOf(version + 1));
        assertThat(problem.get("changesSince")).hasSize(1);
        assertThat(problem.get("changesSince").get(0).get("version").asInt()).isEqualTo(version + 1);
        assertThat(problem.get("changesSince").get(0).get("changedBy").asText()).startsWith("ta-admin ");
        assertThat(problem.get("changesSince").get(0).get("changes").toString()).contains("/calendars/0/extraClosedDays");
        // Nothing lost: the first one's change is live; the second, re-read, applies on top of it.
        HttpResponse<String> again = call("GET", "/api/v1/admin/config/calendars", admin2, null);
        JsonNode live = Json.parse(again.body()).get("content");
        assertThat(live.get("calendars").get(0).get("extraClosedDays").toString()).contains("2026-12-31")
                .doesNotContain("2026-12-30");
        ((ArrayNode) live.get("calendars").get(0).get("extraClosedDays")).add("2026-12-30");
        HttpResponse<String> retried = put("/api/v1/admin/config/calendars", admin2, live.toString(),
                again.headers().firstValue("ETag").orElseThrow());
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(Json.parse(retried.body()).get("content").get("calendars").get(0).get("extraClosedDays").toString())
                .contains("2026-12-31", "2026-12-30");
    }

    @Test
    void aWriteWithoutTheVersionItEditedIsA428AndAnUnreadableOneA412AndNeitherChangesAnything() {
        HttpResponse<String> read = call("GET", "/api/v1/admin/config/sla", admin, null);
        int version = Json.parse(read.body()).get("version").asInt();
        String body = Json.parse(read.body()).get("content").toString();
        HttpResponse<String> none = call("PUT", "/api/v1/admin/config/sla", admin, body);
        assertThat(none.statusCode()).isEqualTo(428);
        assertThat(Json.parse(none.body()).get("detail").asText()).contains("If-Match");
        assertThat(put("/api/v1/admin/config/sla", admin, body, "*").statusCode()).isEqualTo(428);
        assertThat(put("/api/v1/admin/config/sla", admin, body, "la-ultima").statusCode()).isEqualTo(412);
        assertThat(Json.parse(call("GET", "/api/v1/admin/config/sla", admin, null).body()).get("version").asInt())
                .isEqualTo(version);
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

    private static HttpResponse<String> put(String path, String token, String json, String ifMatch) {
        return platform.send(platform.request(host, path).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").header("If-Match", ifMatch)
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
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
