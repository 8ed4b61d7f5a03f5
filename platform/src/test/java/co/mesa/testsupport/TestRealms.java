package co.mesa.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Test-only helpers on the run's real Keycloak: a client that allows the password grant (so tests can
 * get real tokens without a browser), users with given realm roles, and tokens for them. Realms
 * themselves come from the platform's own provisioning.
 */
public final class TestRealms {

    /** Test-only client with the password grant; its tokens carry the platform audience. */
    public static final String DIRECT_CLIENT = "mesa-test-direct";
    /** Test-only client whose tokens lack the platform audience. */
    public static final String NO_AUDIENCE_CLIENT = "mesa-test-no-audience";
    public static final String CLIENT_SECRET = "test-only-client-secret";
    /** How long the test client's access tokens live. */
    public static final int TEST_TOKEN_LIFESPAN_SECONDS = 3600;
    public static final String PASSWORD = "Test-only-Passw0rd";

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Keycloak admin;

    private TestRealms() {
    }

    public static synchronized Keycloak admin() {
        if (admin == null) {
            TestKeycloak kc = TestKeycloak.get();
            admin = KeycloakBuilder.builder().serverUrl(kc.baseUrl()).realm("master").clientId("admin-cli")
                    .username(kc.adminUsername()).password(kc.adminPassword()).build();
        }
        return admin;
    }

    /** Adds the test clients to a realm (once). */
    public static synchronized void ensureTestClients(String realm, String audience) {
        RealmResource r = admin().realm(realm);
        // An hour, not the realm's five minutes: a test class that builds its tokens once must not race the clock
        // on a loaded machine (tests of expiry move the platform's TestClock past the token's own exp instead).
        client(r, DIRECT_CLIENT, audience, Map.of("access.token.lifespan", String.valueOf(TEST_TOKEN_LIFESPAN_SECONDS)));
        client(r, NO_AUDIENCE_CLIENT, null, Map.of());
    }

    /** A user with these realm roles and {@link #PASSWORD} (created once, roles added). */
    public static synchronized void ensureUser(String realm, String username, String first, String last, List<String> roles) {
        ensureUser(realm, username, first, last, roles, List.of());
    }

    /** The same, with platform groups (the {@code mesaGroups} attribute the realm maps to {@code mesa_groups}). */
    public static synchronized void ensureUser(String realm, String username, String first, String last, List<String> roles,
                                               List<String> groups) {
        TestBrowser.forget(realm, username); // a browser sign-in saved before carries the old roles
        RealmResource r = admin().realm(realm);
        List<UserRepresentation> found = r.users().searchByUsername(username, true);
        String id;
        if (found.isEmpty()) {
            UserRepresentation u = new UserRepresentation();
            u.setUsername(username);
            u.setEnabled(true);
            u.setFirstName(first);
            u.setLastName(last);
            u.setEmail(username + "@" + realm + ".example.invalid");
            u.setEmailVerified(true);
            CredentialRepresentation pw = new CredentialRepresentation();
            pw.setType(CredentialRepresentation.PASSWORD);
            pw.setValue(PASSWORD);
            pw.setTemporary(false);
            u.setCredentials(List.of(pw));
            try (var response = r.users().create(u)) {
                if (response.getStatus() != 201) {
                    throw new IllegalStateException("cannot create user " + username + ": " + response.getStatus());
                }
            }
            id = r.users().searchByUsername(username, true).get(0).getId();
        } else {
            id = found.get(0).getId();
        }
        List<RoleRepresentation> wanted = roles.stream().map(role -> r.roles().get(role).toRepresentation()).toList();
        r.users().get(id).roles().realmLevel().add(wanted);
        if (!groups.isEmpty()) {
            UserRepresentation u = r.users().get(id).toRepresentation();
            Map<String, List<String>> attributes = new java.util.HashMap<>(u.getAttributes() == null ? Map.of() : u.getAttributes());
            attributes.put("mesaGroups", groups);
            u.setAttributes(attributes);
            r.users().get(id).update(u);
        }
    }

    /** The access token the password grant gives this user through {@code client}. */
    public static String accessToken(String realm, String client, String username) {
        TestKeycloak kc = TestKeycloak.get();
        String body = "grant_type=password&scope=openid&client_id=" + enc(client) + "&client_secret=" + enc(CLIENT_SECRET)
                + "&username=" + enc(username) + "&password=" + enc(PASSWORD);
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                            URI.create(kc.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("token for " + username + " in " + realm + ": " + r.statusCode() + " " + r.body());
            }
            JsonNode json = Json.parse(r.body());
            return json.get("access_token").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void client(RealmResource r, String clientId, String audience, Map<String, String> attributes) {
        if (!r.clients().findByClientId(clientId).isEmpty()) {
            var existing = r.clients().get(r.clients().findByClientId(clientId).get(0).getId());
            if (existing.getProtocolMappers().getMappers().stream().noneMatch(m -> "mesa groups".equals(m.getName()))) {
                existing.getProtocolMappers().createMapper(groupsMapper()).close();
            }
            return;
        }
        ClientRepresentation c = new ClientRepresentation();
        c.setClientId(clientId);
        c.setEnabled(true);
        c.setProtocol("openid-connect");
        c.setPublicClient(false);
        c.setSecret(CLIENT_SECRET);
        c.setStandardFlowEnabled(false);
        c.setDirectAccessGrantsEnabled(true);
        c.setAttributes(attributes);
        if (audience != null) {
            ProtocolMapperRepresentation m = new ProtocolMapperRepresentation();
            m.setName("platform-audience");
            m.setProtocol("openid-connect");
            m.setProtocolMapper("oidc-audience-mapper");
            m.setConfig(Map.of("included.custom.audience", audience, "access.token.claim", "true",
                    "id.token.claim", "false", "introspection.token.claim", "true"));
            c.setProtocolMappers(List.of(m, groupsMapper()));
        } else {
            c.setProtocolMappers(List.of(groupsMapper()));
        }
        try (var response = r.clients().create(c)) {
            if (response.getStatus() != 201) {
                throw new IllegalStateException("cannot create client " + clientId + ": " + response.getStatus());
            }
        }
    }

    /** The platform groups as the realm's own client maps them: attribute mesaGroups → claim mesa_groups. */
    private static ProtocolMapperRepresentation groupsMapper() {
        ProtocolMapperRepresentation m = new ProtocolMapperRepresentation();
        m.setName("mesa groups");
        m.setProtocol("openid-connect");
        m.setProtocolMapper("oidc-usermodel-attribute-mapper");
        m.setConfig(Map.of("user.attribute", "mesaGroups", "claim.name", "mesa_groups", "jsonType.label", "String",
                "multivalued", "true", "aggregate.attrs", "true", "access.token.claim", "true", "id.token.claim", "false",
                "introspection.token.claim", "true", "userinfo.token.claim", "false"));
        return m;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
