package co.mesa.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * The run's one Keycloak (from the Maven dist) starts, and realms are created through
 * keycloak-admin-client as onboarding will; the issuer is fixed whatever name reaches it.
 */
@NeedsServices
@org.junit.jupiter.api.Tag(NeedsKeycloak.TAG)
class TestKeycloakTest {

    @Test
    void adminClientCreatesARealmWithAStableIssuer() throws Exception {
        TestKeycloak.startInBackground();
        TestKeycloak kc = TestKeycloak.get();
        assertThat(TestKeycloak.get()).isSameAs(kc);
        try (Keycloak admin = KeycloakBuilder.builder()
                .serverUrl(kc.baseUrl()).realm("master").clientId("admin-cli")
                .username(kc.adminUsername()).password(kc.adminPassword()).build()) {
            RealmRepresentation realm = new RealmRepresentation();
            realm.setRealm("probe-tenant");
            realm.setEnabled(true);
            admin.realms().create(realm);
            List<String> names = admin.realms().findAll().stream().map(RealmRepresentation::getRealm).toList();
            assertThat(names).contains("master", "probe-tenant");
        }
        HttpResponse<String> wk = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(kc.baseUrl() + "/realms/probe-tenant/.well-known/openid-configuration")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wk.body()).contains("\"issuer\":\"" + kc.issuer("probe-tenant") + "\"");
        // reached as localhost, the issuer stays the fixed hostname
        HttpResponse<String> viaLocalhost = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + kc.port() + "/realms/probe-tenant/.well-known/openid-configuration")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(viaLocalhost.body()).contains("\"issuer\":\"" + kc.issuer("probe-tenant") + "\"");
    }
}
