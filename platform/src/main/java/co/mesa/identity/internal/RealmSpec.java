package co.mesa.identity.internal;

import java.util.List;
import java.util.Map;

/**
 * Everything one realm is provisioned with, already resolved from tenant data (or from platform
 * config for the operators' realm), so the writer knows nothing about where it came from.
 */
public record RealmSpec(
        String realm,
        String displayName,
        String displayNameHtml,
        List<String> locales,
        String defaultLocale,
        Map<String, Map<String, String>> localizationTexts,
        String loginTheme,
        boolean resetPasswordAllowed,
        boolean registrationAllowed,
        String passwordPolicy,
        int ssoSessionIdleSeconds,
        int ssoSessionMaxSeconds,
        int accessTokenLifespanSeconds,
        BruteForce bruteForce,
        Map<String, String> smtpServer,
        List<Role> roles,
        String defaultRole,
        Client portal,
        String audienceClientId,
        Ldap ldap) {

    public record BruteForce(boolean enabled, int maxFailures, int waitIncrementSeconds, int maxWaitSeconds) {
    }

    public record Role(String name, String description) {
    }

    public record Client(String clientId, String name, String baseUrl, List<String> redirectUris, List<String> webOrigins) {
    }

    /** LDAP federation; {@code bindCredential} null means "keep whatever Keycloak holds". */
    public record Ldap(String name, String vendor, String connectionUrl, String usersDn, String bindDn,
                       String bindCredential, String usernameAttribute, String editMode, String groupsDn,
                       Map<String, String> attributes, String customFilter, int fullSyncSeconds,
                       int changedSyncSeconds, List<GroupMapping> groupMappings, Kerberos kerberos) {
        public Ldap {
            groupMappings = groupMappings == null ? List.of() : List.copyOf(groupMappings);
        }

        public Ldap(String name, String vendor, String connectionUrl, String usersDn, String bindDn,
                    String bindCredential, String usernameAttribute, String editMode, String groupsDn,
                    Map<String, String> attributes) {
            this(name, vendor, connectionUrl, usersDn, bindDn, bindCredential, usernameAttribute, editMode, groupsDn,
                    attributes, null, -1, -1, List.of(), null);
        }
    }

    /** A directory group (by name) and the realm roles and platform groups ({@code mesaGroups}) it carries. */
    public record GroupMapping(String group, List<String> roles, List<String> platformGroups) {
    }

    /** Kerberos (SPNEGO) on the LDAP provider: realm, service principal and the keytab's path on Keycloak's host. */
    public record Kerberos(String realm, String servicePrincipal, String keytabPath) {
    }
}
