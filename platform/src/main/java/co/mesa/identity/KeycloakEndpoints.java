package co.mesa.identity;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import io.micronaut.context.env.Environment;
import io.micronaut.core.naming.conventions.StringConvention;

import java.util.HashMap;
import java.util.Map;

/**
 * Where each realm's endpoints are. {@code mesa.keycloak.url} is how the platform reaches
 * Keycloak; {@code mesa.keycloak.issuer-base} is the URL Keycloak writes into {@code iss} (its fixed
 * {@code --hostname}); {@code mesa.keycloak.realm-urls.<realm>} overrides the first for one realm.
 */
@Singleton
public class KeycloakEndpoints {

    private final String url;
    private final String issuerBase;
    private final Map<String, String> realmUrls;

    public KeycloakEndpoints(@Value("${mesa.keycloak.url}") String url,
                             @Value("${mesa.keycloak.issuer-base:}") String issuerBase,
                             Environment environment) {
        this.url = trim(url);
        this.issuerBase = issuerBase == null || issuerBase.isBlank() ? this.url : trim(issuerBase);
        // RAW: realm names keep their hyphens as keys.
        Map<String, String> overrides = new HashMap<>();
        environment.getProperties("mesa.keycloak.realm-urls", StringConvention.RAW)
                .forEach((realm, base) -> overrides.put(realm, String.valueOf(base)));
        this.realmUrls = Map.copyOf(overrides);
    }

    /** How the platform reaches the realm (server to server). */
    public String base(String realm) {
        return trim(realmUrls.getOrDefault(realm, url)) + "/realms/" + realm;
    }

    /** What the realm writes into {@code iss}; also the browser-facing base for redirects. */
    public String issuer(String realm) {
        return trim(realmUrls.getOrDefault(realm, issuerBase)) + "/realms/" + realm;
    }

    public String certs(String realm) {
        return base(realm) + "/protocol/openid-connect/certs";
    }

    public String token(String realm) {
        return base(realm) + "/protocol/openid-connect/token";
    }

    public String authorize(String realm) {
        return issuer(realm) + "/protocol/openid-connect/auth";
    }

    public String logout(String realm) {
        return issuer(realm) + "/protocol/openid-connect/logout";
    }

    public String adminUrl() {
        return url;
    }

    private static String trim(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
