package co.mesa.identity;

import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.tenant.TenantRegistry;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.tenantconfig.TenantConfigValidator;
import co.mesa.tenantconfig.TenantFolders;
import co.mesa.testsupport.MesaPlatform;
import co.mesa.testsupport.TestKeycloak;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import io.micronaut.inject.qualifiers.Qualifiers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.representations.userprofile.config.UPConfig;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Realm provisioning against the run's real Keycloak: what each launch realm, the platform realm and
 * the demo users look like after {@link RealmProvisioner}, and that running it again duplicates nothing.
 */
@NeedsKeycloak
class RealmProvisionerTest {

    static final List<String> SLUGS = List.of("funcion-publica", "prosperidad-social");

    static RealmProvisioner provisioner;
    static PlatformRealm platformRealm;
    static KeycloakAdmin check;
    static Keycloak kc;

    @BeforeAll
    static void provisionBothTenantsAndThePlatform() throws IOException {
        MesaPlatform platform = MesaPlatform.get();
        // The platform's own beans: its background sync writes the same realms through the same lock.
        provisioner = platform.bean(RealmProvisioner.class);
        platformRealm = platform.bean(PlatformRealm.class);
        assertThat(provisioner.admin().url()).isEqualTo(TestKeycloak.get().baseUrl());
        for (String slug : SLUGS) {
            provisioner.provision(config(slug));
        }
        platformRealm.provision();
        TestKeycloak k = TestKeycloak.get();
        check = KeycloakAdmin.connect(k.baseUrl(), k.adminUsername(), k.adminPassword());
        kc = check.client();
    }

    @AfterAll
    static void closeAdminSession() {
        check.close();
    }

    static TenantConfig config(String slug) throws IOException {
        var read = TenantFolders.read(MesaPlatform.repoRoot().resolve("tenant-config/" + slug));
        assertThat(read.problems()).isEmpty();
        return new TenantConfigValidator().validate(read.bundle());
    }

    // ---- realm -----------------------------------------------------------------------------

    @Test
    void eachLaunchRealmCarriesTheEntityNameSpanishByDefaultWithEnglishAndItsLoginTexts() throws IOException {
        for (String slug : SLUGS) {
            TenantConfig config = config(slug);
            RealmRepresentation realm = kc.realm(config.tenant().realm()).toRepresentation();
            assertThat(realm.isEnabled()).isTrue();
            assertThat(realm.getDisplayName()).isEqualTo(config.tenant().name().texts().get("es-CO"));
            assertThat(realm.getDisplayNameHtml()).contains(config.tenant().name().texts().get("es-CO"))
                    .contains("/assets/" + config.tenant().theme() + "/img/logo.svg");
            assertThat(realm.isInternationalizationEnabled()).isTrue();
            assertThat(realm.getSupportedLocales()).containsExactlyInAnyOrder("es", "en");
            assertThat(realm.getDefaultLocale()).isEqualTo("es");
            assertThat(realm.getLoginTheme()).isEqualTo("mesa");

            Map<String, String> es = kc.realm(config.tenant().realm()).localization().getRealmLocalizationTexts("es");
            Map<String, String> en = kc.realm(config.tenant().realm()).localization().getRealmLocalizationTexts("en");
            assertThat(es).containsEntry("mesaEntityName", config.tenant().name().texts().get("es-CO"))
                    .containsEntry("mesaEntityShortName", config.tenant().shortName().texts().get("es-CO"));
            assertThat(es.get("mesaLoginHelp")).startsWith("¿Necesita ayuda?");
            assertThat(en).containsEntry("mesaEntityName", config.tenant().name().texts().get("en"));
            assertThat(en.get("mesaLoginHelp")).startsWith("Need help?");
        }
        assertThat(kc.realm("prosperidad-social").localization().getRealmLocalizationTexts("es").get("mesaLoginHelp"))
                .contains("Extensión 1000");
    }

    @Test
    void bruteForceSessionsTokenLifespanAndPasswordPolicyComeFromTheIdentityBlock() throws IOException {
        for (String slug : SLUGS) {
            TenantConfig.Identity identity = config(slug).tenant().identity();
            RealmRepresentation realm = kc.realm(slug).toRepresentation();
            assertThat(realm.isBruteForceProtected()).isTrue();
            assertThat(realm.getFailureFactor()).isEqualTo(5);
            assertThat(realm.getWaitIncrementSeconds()).isEqualTo(60);
            assertThat(realm.getMaxFailureWaitSeconds()).isEqualTo(15 * 60);
            assertThat(realm.getSsoSessionIdleTimeout()).isEqualTo(30 * 60);
            assertThat(realm.getSsoSessionMaxLifespan()).isEqualTo((int) Duration.parse(identity.sessionMax()).getSeconds());
            assertThat(realm.getAccessTokenLifespan()).isEqualTo(5 * 60);
            assertThat(realm.getPasswordPolicy()).isEqualTo(identity.passwordPolicy());
            assertThat(realm.isResetPasswordAllowed()).isTrue();
            assertThat(realm.isRegistrationAllowed()).isFalse();
        }
        // the two launch tenants differ here (PT10H and PT9H): each realm got its own value
        assertThat(kc.realm("funcion-publica").toRepresentation().getSsoSessionMaxLifespan()).isEqualTo(10 * 3600);
        assertThat(kc.realm("prosperidad-social").toRepresentation().getSsoSessionMaxLifespan()).isEqualTo(9 * 3600);
    }

    @Test
    void realmMailGoesThroughThePlatformSmtpServerFromTheTenantsSender() throws IOException {
        TenantConfig config = config("prosperidad-social");
        Map<String, String> smtp = kc.realm("prosperidad-social").toRepresentation().getSmtpServer();
        assertThat(smtp).containsEntry("host", provisioner.settings().smtpHost())
                .containsEntry("port", Integer.toString(provisioner.settings().smtpPort()))
                .containsEntry("from", config.settings().notifications().fromAddress())
                .containsEntry("fromDisplayName", config.settings().notifications().fromName().texts().get("es-CO"));
    }

    @Test
    void permissionRolesExistAndNewUsersAreRequesters() throws IOException {
        for (String slug : SLUGS) {
            RealmResource realm = kc.realm(slug);
            Set<String> roles = realm.roles().list().stream().map(RoleRepresentation::getName).collect(Collectors.toSet());
            assertThat(roles).contains("requester", "agent", "supervisor", "tenant-admin");
            String defaultRoles = realm.toRepresentation().getDefaultRole().getName();
            assertThat(realm.roles().get(defaultRoles).getRealmRoleComposites())
                    .extracting(RoleRepresentation::getName).contains("requester");
        }
        // catalog.yaml audiences of restricted templates become realm roles
        List<String> audiences = config("funcion-publica").catalog().audiences().stream().map(TenantConfig.Audience::key).toList();
        assertThat(audiences).isNotEmpty();
        assertThat(kc.realm("funcion-publica").roles().list()).extracting(RoleRepresentation::getName).containsAll(audiences);
    }

    // ---- clients ---------------------------------------------------------------------------

    @Test
    void portalClientIsConfidentialCodeFlowOnlyWithPkceS256AndRedirectsForEveryHost() throws IOException {
        for (String slug : SLUGS) {
            TenantConfig config = config(slug);
            ClientRepresentation portal = client(kc.realm(slug), RealmProvisioner.PORTAL_CLIENT).toRepresentation();
            assertThat(portal.isPublicClient()).isFalse();
            assertThat(portal.isBearerOnly()).isFalse();
            assertThat(portal.isStandardFlowEnabled()).isTrue();
            assertThat(portal.isImplicitFlowEnabled()).isFalse();
            assertThat(portal.isDirectAccessGrantsEnabled()).isFalse();
            assertThat(portal.isServiceAccountsEnabled()).isFalse();
            assertThat(portal.getAttributes()).containsEntry("pkce.code.challenge.method", "S256")
                    .containsEntry("post.logout.redirect.uris", "+");
            for (String host : config.tenant().hosts()) {
                if (host.endsWith(".localhost")) {
                    assertThat(portal.getRedirectUris()).contains("http://" + host + "/*", "http://" + host + ":8080/*");
                    assertThat(portal.getWebOrigins()).contains("http://" + host, "http://" + host + ":8080");
                } else {
                    assertThat(portal.getRedirectUris()).contains("https://" + host + "/*");
                    assertThat(portal.getWebOrigins()).contains("https://" + host);
                }
            }
            // the platform (its login flow) reads the generated secret back through the admin API
            assertThat(provisioner.portalClientSecret(slug)).isNotBlank()
                    .isEqualTo(client(kc.realm(slug), RealmProvisioner.PORTAL_CLIENT).getSecret().getValue());
        }
    }

    @Test
    void portalTokensCarryThePlatformApiInTheirAudience() {
        for (String slug : SLUGS) {
            RealmResource realm = kc.realm(slug);
            ProtocolMapperRepresentation audience = client(realm, RealmProvisioner.PORTAL_CLIENT).getProtocolMappers()
                    .getMappers().stream().filter(m -> m.getProtocolMapper().equals("oidc-audience-mapper"))
                    .collect(onlyOne());
            assertThat(audience.getConfig()).containsEntry("included.client.audience", "mesa-platform-api")
                    .containsEntry("access.token.claim", "true");
            ClientRepresentation api = client(realm, "mesa-platform-api").toRepresentation();
            assertThat(api.isBearerOnly()).isTrue();
            assertThat(api.isStandardFlowEnabled()).isFalse();
            assertThat(api.isDirectAccessGrantsEnabled()).isFalse();
        }
    }

    @Test
    void provisioningAgainDuplicatesNothing() throws IOException {
        Map<String, Snapshot> before = SLUGS.stream().collect(Collectors.toMap(s -> s, s -> snapshot(kc.realm(s))));
        String secretBefore = provisioner.portalClientSecret("funcion-publica");
        for (String slug : SLUGS) {
            provisioner.provision(config(slug));
            provisioner.provision(config(slug));
        }
        platformRealm.provision();
        for (String slug : SLUGS) {
            Snapshot after = snapshot(kc.realm(slug));
            assertThat(after).isEqualTo(before.get(slug));
            assertThat(after.portalClients()).isEqualTo(1);
            assertThat(after.apiClients()).isEqualTo(1);
            assertThat(after.portalMapperNames()).doesNotHaveDuplicates();
        }
        assertThat(client(kc.realm("mesa-platform"), RealmProvisioner.PORTAL_CLIENT).getProtocolMappers().getMappers())
                .extracting(ProtocolMapperRepresentation::getName).doesNotHaveDuplicates();
        assertThat(provisioner.portalClientSecret("funcion-publica")).isEqualTo(secretBefore);
    }

    record Snapshot(int realms, long portalClients, long apiClients, int clients, List<String> portalMapperNames,
                    Set<String> roles, int components, Map<String, String> esTexts) {
    }

    static Snapshot snapshot(RealmResource realm) {
        List<ClientRepresentation> clients = realm.clients().findAll();
        return new Snapshot(
                (int) kc.realms().findAll().stream().filter(r -> r.getRealm().equals(realm.toRepresentation().getRealm())).count(),
                clients.stream().filter(c -> c.getClientId().equals(RealmProvisioner.PORTAL_CLIENT)).count(),
                clients.stream().filter(c -> c.getClientId().equals("mesa-platform-api")).count(),
                clients.size(),
                client(realm, RealmProvisioner.PORTAL_CLIENT).getProtocolMappers().getMappers().stream()
                        .map(ProtocolMapperRepresentation::getName).sorted().toList(),
                realm.roles().list().stream().map(RoleRepresentation::getName).collect(Collectors.toSet()),
                realm.components().query().size(),
                realm.localization().getRealmLocalizationTexts("es"));
    }

    // ---- directory federation --------------------------------------------------------------

    @Test
    void anEnabledDirectoryBecomesOneLdapComponentWithItsMappersUpdatedInPlace() throws IOException {
        TenantConfig base = config("funcion-publica");
        // Its own realm: an LDAP provider on a closed port would answer "error" for unknown users in
        // the launch realms that the login-flow tests use.
        TenantConfig probe = withDirectory(base, "ldap-probe", "ldap://127.0.0.1:1", "sAMAccountName");
        provisioner.provision(probe);
        provisioner.provision(probe);

        RealmResource realm = kc.realm("ldap-probe");
        String realmId = realm.toRepresentation().getId();
        List<ComponentRepresentation> ldap = realm.components().query(realmId, "org.keycloak.storage.UserStorageProvider");
        assertThat(ldap).hasSize(1);
        ComponentRepresentation c = ldap.get(0);
        assertThat(c.getProviderId()).isEqualTo("ldap");
        TenantConfig.Directory d = probe.tenant().identity().directory();
        assertThat(c.getConfig().getFirst("connectionUrl")).isEqualTo("ldap://127.0.0.1:1");
        assertThat(c.getConfig().getFirst("usersDn")).isEqualTo(d.usersDn());
        assertThat(c.getConfig().getFirst("bindDn")).isEqualTo(d.bindDn());
        assertThat(c.getConfig().getFirst("vendor")).isEqualTo("ad");
        assertThat(c.getConfig().getFirst("usernameLDAPAttribute")).isEqualTo("sAMAccountName");
        assertThat(c.getConfig().getFirst("editMode")).isEqualTo("READ_ONLY");

        List<ComponentRepresentation> mappers = realm.components().query(c.getId(), "org.keycloak.storage.ldap.mappers.LDAPStorageMapper");
        Map<String, List<String>> byModelAttribute = mappers.stream()
                .filter(m -> m.getProviderId().equals("user-attribute-ldap-mapper"))
                .collect(Collectors.groupingBy(m -> m.getConfig().getFirst("user.model.attribute"),
                        Collectors.mapping(m -> m.getConfig().getFirst("ldap.attribute"), Collectors.toList())));
        assertThat(byModelAttribute).containsEntry("firstName", List.of("givenName")).containsEntry("lastName", List.of("sn"))
                .containsEntry("email", List.of("mail")).containsEntry("phone", List.of("telephoneNumber"))
                .containsEntry("jobTitle", List.of("title")).containsEntry("dependency", List.of("department"));
        List<ComponentRepresentation> groups = mappers.stream().filter(m -> m.getProviderId().equals("group-ldap-mapper")).toList();
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).getConfig().getFirst("groups.dn")).isEqualTo(d.groupsDn());

        // a changed directory updates the same component and mappers
        int mapperCount = mappers.size();
        provisioner.provision(withDirectory(base, "ldap-probe", "ldap://127.0.0.1:2", "userPrincipalName"));
        List<ComponentRepresentation> again = realm.components().query(realmId, "org.keycloak.storage.UserStorageProvider");
        assertThat(again).extracting(ComponentRepresentation::getId).containsExactly(c.getId());
        assertThat(again.get(0).getConfig().getFirst("connectionUrl")).isEqualTo("ldap://127.0.0.1:2");
        assertThat(again.get(0).getConfig().getFirst("usernameLDAPAttribute")).isEqualTo("userPrincipalName");
        assertThat(realm.components().query(c.getId(), "org.keycloak.storage.ldap.mappers.LDAPStorageMapper")).hasSize(mapperCount);
    }

    @Test
    void aDisabledDirectoryCreatesNoLdapComponent() {
        for (String slug : SLUGS) {
            RealmResource realm = kc.realm(slug);
            assertThat(realm.components().query(realm.toRepresentation().getId(), "org.keycloak.storage.UserStorageProvider")).isEmpty();
        }
    }

    static TenantConfig withDirectory(TenantConfig c, String realm, String url, String usernameAttribute) {
        TenantConfig.Tenant t = c.tenant();
        TenantConfig.Identity i = t.identity();
        TenantConfig.Directory d = i.directory();
        TenantConfig.Directory enabled = new TenantConfig.Directory(true, d.vendor(), url, d.usersDn(), d.bindDn(),
                "MESA_TEST_LDAP_BIND_PASSWORD_NOT_SET", usernameAttribute, d.editMode(), d.groupsDn(), d.attributes());
        TenantConfig.Identity identity = new TenantConfig.Identity(i.loginTheme(), i.localAccounts(), i.resetPasswordByEmail(),
                i.registrationAllowed(), i.passwordPolicy(), i.sessionIdle(), i.sessionMax(), i.accessTokenLifespan(),
                i.bruteForce(), enabled);
        TenantConfig.Tenant tenant = new TenantConfig.Tenant(realm, t.name(), t.shortName(), List.of(realm + ".localhost"),
                realm, t.locale(), t.languages(), t.timeZone(), t.theme(), t.attentionCalendar(), t.portalAvailability(),
                t.channels(), t.caseCode(), t.defaultPriority(), identity);
        return new TenantConfig(tenant, c.calendars(), c.sites(), c.workflow(), c.catalog(), c.priorities(), c.groups(),
                c.routing(), c.sla(), c.settings());
    }

    // ---- demo users and the platform realm -------------------------------------------------

    @Test
    void demoUsersExistOnceWithTheirRolesAndGroupKeys() throws IOException {
        for (String slug : SLUGS) {
            TenantConfig config = config(slug);
            DemoUsers.ensure(kc, config);
            List<DemoUsers.DemoUser> users = DemoUsers.ensure(kc, config); // again: nothing new
            assertThat(users).extracting(DemoUsers.DemoUser::username)
                    .containsExactly("solicitante", "agente-primera", "agente-segunda", "supervisor", "admin-entidad");
            Set<String> groupKeys = config.groups().groups().stream().map(TenantConfig.Group::key).collect(Collectors.toSet());
            for (DemoUsers.DemoUser u : users) {
                List<UserRepresentation> found = kc.realm(slug).users().searchByUsername(u.username(), true);
                assertThat(found).hasSize(1);
                assertThat(found.get(0).getEmail()).endsWith("@" + slug + ".example.invalid");
                List<String> roles = kc.realm(slug).users().get(found.get(0).getId()).roles().realmLevel().listEffective()
                        .stream().map(RoleRepresentation::getName).toList();
                assertThat(roles).containsAll(u.roles());
                List<String> groups = found.get(0).getAttributes() == null ? List.of()
                        : found.get(0).getAttributes().getOrDefault(DemoUsers.GROUPS_ATTRIBUTE, List.of());
                assertThat(groups).containsExactlyInAnyOrderElementsOf(u.groups());
                assertThat(groupKeys).containsAll(u.groups());
            }
            assertThat(users.get(1).groups()).hasSize(1);
            assertThat(users.get(1).roles()).contains("agent");
            assertThat(users.get(2).groups()).hasSize(1).doesNotContainAnyElementsOf(users.get(1).groups());
            assertThat(users.get(3).roles()).contains("supervisor");
            assertThat(users.get(4).roles()).contains("tenant-admin");
        }
        UPConfig profile = kc.realm("funcion-publica").users().userProfile().getConfiguration();
        assertThat(profile.getUnmanagedAttributePolicy()).isEqualTo(UPConfig.UnmanagedAttributePolicy.ADMIN_EDIT);
    }

    @Test
    void platformRealmHasTheOperatorRoleAPortalClientForThePlatformHostAndAnOperator() {
        RealmResource realm = kc.realm("mesa-platform");
        assertThat(realm.roles().list()).extracting(RoleRepresentation::getName).contains("operator")
                .doesNotContain("requester", "agent");
        ClientRepresentation portal = client(realm, RealmProvisioner.PORTAL_CLIENT).toRepresentation();
        assertThat(portal.getRedirectUris()).contains("http://mesa.localhost/*", "http://mesa.localhost:8080/*");
        assertThat(portal.getAttributes()).containsEntry("pkce.code.challenge.method", "S256");
        assertThat(client(realm, RealmProvisioner.PORTAL_CLIENT).getProtocolMappers().getMappers())
                .anySatisfy(m -> assertThat(m.getConfig()).containsEntry("included.client.audience", "mesa-platform-api"));

        DemoUsers.ensure(kc, "mesa-platform", DemoUsers.forPlatform());
        UserRepresentation operator = realm.users().searchByUsername("operador", true).get(0);
        assertThat(realm.users().get(operator.getId()).roles().realmLevel().listEffective())
                .extracting(RoleRepresentation::getName).contains("operator");
    }

    // ---- the login page --------------------------------------------------------------------

    @Test
    void loginPageWearsTheEntityNameAndHelpFromTheRealmThroughTheMesaTheme() throws Exception {
        HttpResponse<String> page = authorize("prosperidad-social", "http://prosperidad-social.localhost/auth/callback", "es");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Departamento Administrativo para la Prosperidad Social")
                .contains("mesa-login-help").contains("Extensión 1000")
                .contains("Ingrese a la Mesa de Servicio").contains("kc-form-login")
                .contains("/resources/").contains("css/mesa.css")
                // the logo in displayNameHtml survives Keycloak's sanitizer
                .contains("http://prosperidad-social.localhost:8080/assets/prosperidad-social/img/logo.svg");

        HttpResponse<String> english = authorize("funcion-publica", "http://funcion-publica.localhost:8080/auth/callback", "en");
        assertThat(english.statusCode()).isEqualTo(200);
        assertThat(english.body()).contains("Departamento Administrativo de la Función Pública").contains("Need help?");
    }

    @Test
    void keycloakRefusesARedirectToAnotherTenantsHost() throws Exception {
        HttpResponse<String> page = authorize("funcion-publica", "http://prosperidad-social.localhost/auth/callback", "es");
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("redirect_uri").doesNotContain("kc-form-login");
    }

    static HttpResponse<String> authorize(String realm, String redirectUri, String language) throws Exception {
        String url = TestKeycloak.get().baseUrl() + "/realms/" + realm + "/protocol/openid-connect/auth?response_type=code"
                + "&client_id=" + RealmProvisioner.PORTAL_CLIENT + "&scope=openid&state=s1&nonce=n1"
                + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"
                + "&ui_locales=" + language + "&redirect_uri=" + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    // ---- Keycloak down ---------------------------------------------------------------------

    @Test
    void keycloakDownMakesTheSyncReportFailureWithoutThrowing() {
        MesaPlatform platform = MesaPlatform.get();
        RealmProvisioner down = new RealmProvisioner(KeycloakAdmin.connect("http://127.0.0.1:1", "admin", "x"),
                provisioner.settings());
        RealmSync sync = new RealmSync(platform.bean(TenantRegistry.class), down, new PlatformRealm(down), event -> { },
                platform.context().getBean(TaskScheduler.class, Qualifiers.byName(TaskExecutors.SCHEDULED)), Duration.ofSeconds(15), platform.bean(co.mesa.shared.JobLeases.class));
        assertThat(platform.bean(TenantRegistry.class).all()).isNotEmpty();
        assertThatCode(() -> assertThat(sync.sync()).isFalse()).doesNotThrowAnyException();
        assertThat(sync.sync()).isFalse(); // and again, quietly
    }

    // ---- helpers ---------------------------------------------------------------------------

    static ClientResource client(RealmResource realm, String clientId) {
        List<ClientRepresentation> found = realm.clients().findByClientId(clientId);
        assertThat(found).as("client %s", clientId).hasSize(1);
        return realm.clients().get(found.get(0).getId());
    }

    static <T> java.util.stream.Collector<T, ?, T> onlyOne() {
        return Collectors.collectingAndThen(Collectors.toList(), list -> {
            assertThat(list).hasSize(1);
            return list.get(0);
        });
    }
}
