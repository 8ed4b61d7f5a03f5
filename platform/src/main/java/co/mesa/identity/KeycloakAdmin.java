package co.mesa.identity;

import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.keycloak.admin.client.JacksonProvider;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.spi.ResteasyClientClassicProvider;

import java.util.concurrent.TimeUnit;

/** The platform's session on Keycloak's admin API (realm master, client admin-cli), opened on first use. */
@Singleton
public class KeycloakAdmin implements AutoCloseable {

    private final String url;
    private final String username;
    private final String password;
    private Keycloak client; // guarded by this

    @Inject
    public KeycloakAdmin(@Value("${mesa.keycloak.url}") String url,
                         @Value("${mesa.keycloak.admin-username}") String username,
                         @Value("${mesa.keycloak.admin-password}") String password) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.username = username;
        this.password = password;
    }

    /** For code outside the application context (tests): the same session against any Keycloak. */
    public static KeycloakAdmin connect(String url, String username, String password) {
        return new KeycloakAdmin(url, username, password);
    }

    public String url() {
        return url;
    }

    public synchronized Keycloak client() {
        if (client == null) {
            // Bounded timeouts: a Keycloak that accepts connections but hangs must not stall the
            // scheduler thread that provisions realms. Keycloak's own Jackson provider ignores fields
            // a newer server adds to its representations.
            var http = ResteasyClientClassicProvider.createClientBuilder()
                    .register(JacksonProvider.class, 100)
                    .connectTimeout(5, TimeUnit.SECONDS)
                    .readTimeout(60, TimeUnit.SECONDS)
                    .build();
            client = KeycloakBuilder.builder().serverUrl(url).realm("master").clientId("admin-cli")
                    .username(username).password(password).resteasyClient(http).build();
        }
        return client;
    }

    /** Drops the session after a failure, so the next call logs in afresh (Keycloak may have restarted). */
    public synchronized void reset() {
        if (client != null) {
            try {
                client.close();
            } catch (RuntimeException ignored) {
                // the connection is being discarded anyway
            }
            client = null;
        }
    }

    @Override
    @PreDestroy
    public void close() {
        reset();
    }
}
