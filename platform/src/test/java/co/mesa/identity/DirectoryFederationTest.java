package co.mesa.identity;

import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.Json;
import co.mesa.testsupport.MesaPlatform;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestDirectory;
import co.mesa.testsupport.TestRealms;
import co.mesa.testsupport.TestSessions;
import co.mesa.testsupport.TestTenants;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An entity's directory federation against a real OpenLDAP ({@link TestDirectory}): who the directory treats
 * as active signs in with the directory's password, nobody else does; directory groups give the entity's roles
 * and platform groups; a change in the directory shows after a sync; and one entity's directory users never
 * sign in on another entity's host.
 */
@NeedsKeycloak
class DirectoryFederationTest {

    static final String ENTITY = "dir-a";
    static final String OTHER = "dir-b";
    static final String MAPPINGS = "    groupMappings:\n"
            + "      - {directoryGroup: GG-Mesa-Agentes, roles: [agent], groups: [mesa-servicio-primer-nivel]}\n"
            + "      - {directoryGroup: GG-Mesa-Supervisores, roles: [agent, supervisor], groups: [sigep-mesa]}\n";

    static TestDirectory directory;
    static String host;
    static String otherHost;
    static TenantContext tenant;
    static DirectoryService service;
    static String suffix;

    @BeforeAll
    static void entityWithDirectory() {
        directory = TestDirectory.get();
        directory.ensureEntity(ENTITY);
        suffix = UUID.randomUUID().toString().substring(0, 6);
        directory.addUser(ENTITY, "ana" + suffix, "Ana", "Directorio", true);
        directory.addUser(ENTITY, "beto" + suffix, "Beto", "Directorio", true);
        directory.addUser(ENTITY, "ciro" + suffix, "Ciro", "Inactivo", false);
        directory.addGroup(ENTITY, "GG-Mesa-Agentes", List.of("ana" + suffix, "ciro" + suffix));
        directory.addGroup(ENTITY, "GG-Mesa-Supervisores", List.of("beto" + suffix));
        host = TestTenants.copyOf("funcion-publica", ENTITY, yaml -> withDirectory(yaml, directory.tenantBlock(ENTITY, MAPPINGS)));
        otherHost = TestTenants.copyOf("funcion-publica", OTHER);
        MesaPlatform platform = MesaPlatform.withKeycloak();
        tenant = platform.bean(TenantRegistry.class).bySlug(ENTITY).orElseThrow();
        service = platform.bean(DirectoryService.class);
    }

    /** Replaces the copied tenant's (disabled, placeholder) directory block with {@code block}. */
    static String withDirectory(String tenantYaml, String block) {
        return tenantYaml.replaceFirst("(?s)  directory:\\n(    .*?\\n|    #.*?\\n)+(?=\\S|\\z)", java.util.regex.Matcher.quoteReplacement(block));
    }

    @Test
    void anActiveDirectoryUserSignsInWithTheDirectorysPasswordAndGetsTheMappedRolesAndGroups() {
        String token = TestRealms.accessToken(ENTITY, TestRealms.DIRECT_CLIENT, "ana" + suffix);
        JsonNode claims = claims(token);
        assertThat(strings(claims.path("realm_access").path("roles"))).contains(Roles.AGENT).doesNotContain(Roles.SUPERVISOR);
        assertThat(strings(claims.path("mesa_groups"))).containsExactly("mesa-servicio-primer-nivel");
        assertThat(claims.path("email").asText()).isEqualTo("ana" + suffix + "@" + ENTITY + ".example.invalid");
        // The portal's real sign-in (Keycloak's form, the platform's callback) works for a directory user too.
        assertThat(TestSessions.signIn(host, "ana" + suffix)).isNotBlank();
    }

    @Test
    void aPersonOutsideTheActiveFilterCannotSignInEvenWithTheRightPassword() {
        assertThatThrownBy(() -> TestRealms.accessToken(ENTITY, TestRealms.DIRECT_CLIENT, "ciro" + suffix))
                .hasMessageContaining("401");
        assertThatThrownBy(() -> TestSessions.signIn(host, "ciro" + suffix)).hasMessageContaining("Keycloak refused");
    }

    @Test
    void aPersonTheDirectoryMakesInactiveCannotSignInAnyMore() {
        String uid = "dina" + suffix;
        directory.addUser(ENTITY, uid, "Dina", "Pronto Inactiva", true);
        assertThat(TestRealms.accessToken(ENTITY, TestRealms.DIRECT_CLIENT, uid)).isNotBlank();
        directory.setActive(ENTITY, uid, false);
        assertThatThrownBy(() -> TestRealms.accessToken(ENTITY, TestRealms.DIRECT_CLIENT, uid)).hasMessageContaining("401");
        service.syncNow(tenant);
        assertThatThrownBy(() -> TestRealms.accessToken(ENTITY, TestRealms.DIRECT_CLIENT, uid)).hasMessageContaining("401");
    }

    @Test
    void aGroupChangeInTheDirectoryMovesRolesAndPlatformGroupsAfterASync() {
        String uid = "eva" + suffix;
        directory.addUser(ENTITY, uid, "Eva", "Cambia Grupo", true);
        directory.addMember(ENTITY, "GG-Mesa-Agentes", uid);
        JsonNode before = claims(TestRealms.accessToken(ENTITY, TestRealms.DIRECT_CLIENT, uid));
        assertThat(strings(before.path("realm_access").path("roles"))).contains(Roles.AGENT).doesNotContain(Roles.SUPERVISOR);
        assertThat(strings(before.path("mesa_groups"))).containsExactly("mesa-servicio-primer-nivel");

        directory.removeMember(ENTITY, "GG-Mesa-Agentes", uid);
        directory.addMember(ENTITY, "GG-Mesa-Supervisores", uid);
        service.syncNow(tenant);
        JsonNode after = claims(TestRealms.accessToken(ENTITY, TestRealms.DIRECT_CLIENT, uid));
        assertThat(strings(after.path("realm_access").path("roles"))).contains(Roles.AGENT, Roles.SUPERVISOR);
        assertThat(strings(after.path("mesa_groups"))).containsExactly("sigep-mesa");
    }

    @Test
    void aSyncImportsNewDirectoryUsersAndTheAdminStateCountsThem() {
        directory.addUser(ENTITY, "fabio" + suffix, "Fabio", "Nuevo", true);
        DirectoryService.SyncResult result = service.syncNow(tenant);
        assertThat(result.problem()).isNull();
        assertThat(result.added() + result.updated()).isGreaterThanOrEqualTo(1);
        var users = TestRealms.admin().realm(ENTITY).users().searchByUsername("fabio" + suffix, true);
        assertThat(users).hasSize(1);
        assertThat(users.get(0).getFederationLink()).isNotBlank();
        DirectoryService.Status status = service.status(tenant);
        assertThat(status.problem()).isNull();
        assertThat(status.lastSync()).isNotNull();
        assertThat(status.users()).isGreaterThanOrEqualTo(1);
        assertThat(status.groups()).isGreaterThanOrEqualTo(2);
        assertThat(status.secretSet()).isTrue();
    }

    @Test
    void oneEntitysDirectoryUsersNeverSignInOnAnotherEntitysHost() {
        // ana exists and signs in on her entity's host (the first test); the other realm does not know her.
        assertThat(TestRealms.accessToken(ENTITY, TestRealms.DIRECT_CLIENT, "ana" + suffix)).isNotBlank();
        assertThatThrownBy(() -> TestRealms.accessToken(OTHER, TestRealms.DIRECT_CLIENT, "ana" + suffix))
                .hasMessageContaining("401");
        assertThatThrownBy(() -> TestSessions.signIn(otherHost, "ana" + suffix)).hasMessageContaining("Keycloak refused");
        assertThat(TestRealms.admin().realm(OTHER).users().searchByUsername("ana" + suffix, true)).isEmpty();
    }

    @Test
    void whereTheEntityAllowsNoLocalAccountsOnlyItsDirectoryPeopleSignIn() {
        String entity = "dir-c";
        directory.ensureEntity(entity);
        directory.addUser(entity, "gala" + suffix, "Gala", "Directorio", true);
        String directoryOnly = TestTenants.copyOf("funcion-publica", entity, yaml -> withDirectory(yaml,
                directory.tenantBlock(entity, "")).replace("  localAccounts: true\n", "  localAccounts: false\n"));
        TestRealms.ensureUser(entity, "local" + suffix, "Cuenta", "Local", List.of(Roles.REQUESTER));
        TestRealms.ensureUser(ENTITY, "local" + suffix, "Cuenta", "Local", List.of(Roles.REQUESTER));

        assertThat(TestSessions.signIn(directoryOnly, "gala" + suffix)).isNotBlank();
        assertThatThrownBy(() -> TestSessions.signIn(directoryOnly, "local" + suffix))
                .hasMessageContaining("403").hasMessageContaining("local-account-refused");
        // Where local accounts are allowed (the other entity), the same kind of account signs in.
        assertThat(TestSessions.signIn(host, "local" + suffix)).isNotBlank();
    }

    @Test
    void theAdminPageShowsTheDirectorysStateWithoutItsSecretAndSyncsOnRequest() {
        MesaPlatform platform = MesaPlatform.get();
        TestRealms.ensureUser(ENTITY, "admin" + suffix, "Admin", "Entidad", List.of(Roles.REQUESTER, Roles.TENANT_ADMIN));
        String cookie = SessionCookieAuthenticationFetcher.COOKIE + "=" + TestSessions.signIn(host, "admin" + suffix);
        directory.addUser(ENTITY, "hugo" + suffix, "Hugo", "Por Sincronizar", true);

        String csrf = Json.parse(platform.get(host, "/auth/session", "Cookie", cookie).body()).get("csrf").asText();
        HttpResponse<String> synced = platform.send(platform.request(host, "/admin/directorio/sincronizar")
                .header("Cookie", cookie).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8))).build());
        assertThat(synced.statusCode()).isEqualTo(303);
        assertThat(TestRealms.admin().realm(ENTITY).users().searchByUsername("hugo" + suffix, true)).hasSize(1);

        HttpResponse<String> page = platform.get(host, "/admin/directorio?sincronizado=1", "Cookie", cookie);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Directorio", directory.url(), "Configurada (en el secreto " + TestDirectory.BIND_SECRET,
                        "Sincronizar ahora", "id=\"directory-last-result\"", "El directorio se sincronizó.")
                .doesNotContain(TestDirectory.ROOT_PASSWORD).doesNotContain("id=\"directory-problem\"");
        assertThat(users(page.body())).isGreaterThanOrEqualTo(2);

        // Without the CSRF token nothing is synced.
        assertThat(platform.send(platform.request(host, "/admin/directorio/sincronizar").header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=wrong")).build()).statusCode()).isEqualTo(403);
        // A requester may not see it.
        String requester = SessionCookieAuthenticationFetcher.COOKIE + "=" + TestSessions.signIn(host, "ana" + suffix);
        assertThat(platform.get(host, "/admin/directorio", "Cookie", requester).statusCode()).isEqualTo(403);
    }

    @Test
    void aPersonAddedToTheDirectoryIsOfferedForEscalationAfterOneSyncAndNoLongerOnceInactive() {
        MesaPlatform platform = MesaPlatform.get();
        PeopleService people = platform.bean(PeopleService.class);
        TestRealms.ensureUser(ENTITY, "admin2" + suffix, "Admin", "Dos", List.of(Roles.REQUESTER, Roles.TENANT_ADMIN));
        String cookie = SessionCookieAuthenticationFetcher.COOKIE + "=" + TestSessions.signIn(host, "admin2" + suffix);
        String uid = "ivan" + suffix;
        String name = "Ivan Escalable" + suffix;
        directory.addUser(ENTITY, uid, "Ivan", "Escalable" + suffix, true);
        directory.addMember(ENTITY, "GG-Mesa-Agentes", uid);
        assertThat(people.agents(tenant)).extracting(PeopleService.Agent::name).doesNotContain(name);

        syncFromAdminPage(platform, cookie);
        assertThat(people.agents(tenant)).filteredOn(a -> a.name().equals(name)).singleElement()
                .satisfies(a -> assertThat(a.groups()).contains("mesa-servicio-primer-nivel"));

        directory.setActive(ENTITY, uid, false);
        syncFromAdminPage(platform, cookie);
        assertThat(people.agents(tenant)).extracting(PeopleService.Agent::name).doesNotContain(name);
    }

    static void syncFromAdminPage(MesaPlatform platform, String cookie) {
        String csrf = Json.parse(platform.get(host, "/auth/session", "Cookie", cookie).body()).get("csrf").asText();
        HttpResponse<String> synced = platform.send(platform.request(host, "/admin/directorio/sincronizar")
                .header("Cookie", cookie).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8))).build());
        assertThat(synced.statusCode()).as(synced.body()).isEqualTo(303);
    }

    @Test
    void anUnreachableDirectoryIsExplainedInSpanishOnTheAdminState() {
        String entity = "dir-d";
        TestTenants.copyOf("funcion-publica", entity, yaml -> withDirectory(yaml,
                directory.tenantBlock(entity, "").replace(directory.url(), "ldap://127.0.0.1:1")));
        TenantContext broken = MesaPlatform.get().bean(TenantRegistry.class).bySlug(entity).orElseThrow();
        DirectoryService.SyncResult result = service.syncNow(broken);
        assertThat(result.problem()).isEqualTo(DirectoryService.Problem.UNREACHABLE);
        assertThat(service.status(broken).problem()).isEqualTo(DirectoryService.Problem.UNREACHABLE);
        // The other entities' directories are not affected.
        assertThat(service.status(tenant).problem()).isNull();
    }

    static long users(String html) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("id=\"directory-users\">(\\d+)<").matcher(html);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    static JsonNode claims(String jwt) {
        String payload = jwt.split("\\.")[1];
        return Json.parse(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
