package co.mesa.identity;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The Spanish texts the platform sets in every realm it provisions so that Keycloak's mails and sign-in pages speak
 * to people as "usted" (issue 20): Keycloak's own Spanish bundles mix "tú" and "usted". Realm localization texts
 * override a theme's messages for the login and e-mail themes alike, so no theme copy has to follow Keycloak's
 * releases. Read once from {@code identity/keycloak-usted_es.properties}.
 */
public final class KeycloakUsted {

    private static final Map<String, String> SPANISH = load();

    private KeycloakUsted() {
    }

    /** Keycloak message key → its Spanish text in "usted". */
    public static Map<String, String> spanish() {
        return SPANISH;
    }

    private static Map<String, String> load() {
        try (InputStream in = KeycloakUsted.class.getResourceAsStream("/identity/keycloak-usted_es.properties")) {
            if (in == null) {
                throw new IllegalStateException("identity/keycloak-usted_es.properties is missing");
            }
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> out = new TreeMap<>();
            p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
            return Map.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
