package co.mesa.identity.internal;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.RoleResource;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes a {@link RealmSpec} into Keycloak through the admin API. Every step looks up what exists
 * first (by client id, mapper name, role name, mapped attribute) and updates it in place, so a
 * second run creates nothing and a changed spec changes the existing objects.
 */
public final class RealmWriter {

    public static final String USER_STORAGE = "org.keycloak.storage.UserStorageProvider";
    public static final String LDAP_MAPPER = "org.keycloak.storage.ldap.mappers.LDAPStorageMapper";
    public static final String AUDIENCE_MAPPER_NAME = "platform-audience";
    /** The user (or group) attribute holding platform groups; the token carries it as {@code mesa_groups}. */
    public static final String PLATFORM_GROUPS_ATTRIBUTE = "mesaGroups";
    /** Realm-specific texts we own start with this; other keys an administrator set are left alone. */
    public static final String TEXT_PREFIX = "mesa";

    private static final Logger LOG = LoggerFactory.getLogger(RealmWriter.class);

    private final Keycloak kc;

    public RealmWriter(Keycloak kc) {
        this.kc = kc;
    }

    public void apply(RealmSpec spec) {
        RealmResource realm = upsertRealm(spec);
        allowAdminManagedAttributes(realm);
        upsertRoles(realm, spec);
        upsertLocalization(realm, spec);
        upsertAudienceClient(realm, spec.audienceClientId());
        String portalId = upsertPortalClient(realm, spec.portal());
        upsertPortalMappers(realm.clients().get(portalId), spec.audienceClientId());
        if (spec.ldap() != null) {
            upsertLdap(realm, spec.ldap());
        }
    }

    // ---- realm -----------------------------------------------------------------------------

    private RealmResource upsertRealm(RealmSpec spec) {
        RealmRepresentation rep = new RealmRepresentation();
        rep.setRealm(spec.realm());
        rep.setEnabled(true);
        rep.setDisplayName(spec.displayName());
        rep.setDisplayNameHtml(spec.displayNameHtml());
        rep.setInternationalizationEnabled(true);
        rep.setSupportedLocales(new HashSet<>(spec.locales()));
        rep.setDefaultLocale(spec.defaultLocale());
        rep.setLoginTheme(spec.loginTheme());
        rep.setResetPasswordAllowed(spec.resetPasswordAllowed());
        rep.setRegistrationAllowed(spec.registrationAllowed());
        rep.setLoginWithEmailAllowed(true);
        rep.setDuplicateEmailsAllowed(false);
        rep.setPasswordPolicy(spec.passwordPolicy());
        rep.setSsoSessionIdleTimeout(spec.ssoSessionIdleSeconds());
        rep.setSsoSessionMaxLifespan(spec.ssoSessionMaxSeconds());
        rep.setAccessTokenLifespan(spec.accessTokenLifespanSeconds());
        rep.setBruteForceProtected(spec.bruteForce().enabled());
        rep.setPermanentLockout(false);
        rep.setFailureFactor(spec.bruteForce().maxFailures());
        rep.setWaitIncrementSeconds(spec.bruteForce().waitIncrementSeconds());
        rep.setMaxFailureWaitSeconds(spec.bruteForce().maxWaitSeconds());
        rep.setSmtpServer(spec.smtpServer());
        RealmResource realm = kc.realm(spec.realm());
        if (exists(realm)) {
            realm.update(rep);
        } else {
            kc.realms().create(rep);
            LOG.info("Created Keycloak realm {}", spec.realm());
        }
        return realm;
    }

    private static boolean exists(RealmResource realm) {
        try {
            realm.toRepresentation();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /**
     * Keycloak 26's user profile drops attributes it does not declare. Ours (phone, job title,
     * dependency from the directory; mesaGroups set by administrators) must be kept, but never be
     * editable by the user: mesaGroups decides what an agent may see.
     */
    private static void allowAdminManagedAttributes(RealmResource realm) {
        UPConfig config = realm.users().userProfile().getConfiguration();
        if (config.getUnmanagedAttributePolicy() != UPConfig.UnmanagedAttributePolicy.ADMIN_EDIT) {
            config.setUnmanagedAttributePolicy(UPConfig.UnmanagedAttributePolicy.ADMIN_EDIT);
            realm.users().userProfile().update(config);
        }
    }

    // ---- roles -----------------------------------------------------------------------------

    private static void upsertRoles(RealmResource realm, RealmSpec spec) {
        Map<String, RoleRepresentation> existing = new HashMap<>();
        realm.roles().list().forEach(r -> existing.put(r.getName(), r));
        for (RealmSpec.Role role : spec.roles()) {
            RoleRepresentation found = existing.get(role.name());
            if (found == null) {
                RoleRepresentation rep = new RoleRepresentation();
                rep.setName(role.name());
                rep.setDescription(role.description());
                realm.roles().create(rep);
            } else if (!Objects.equals(found.getDescription(), role.description())) {
                found.setDescription(role.description());
                realm.roles().get(role.name()).update(found);
            }
        }
        if (spec.defaultRole() != null) {
            String defaultRoles = realm.toRepresentation().getDefaultRole().getName();
            RoleResource composite = realm.roles().get(defaultRoles);
            boolean present = composite.getRealmRoleComposites().stream().anyMatch(r -> r.getName().equals(spec.defaultRole()));
            if (!present) {
                composite.addComposites(List.of(realm.roles().get(spec.defaultRole()).toRepresentation()));
            }
        }
    }

    // ---- localization ----------------------------------------------------------------------

    private static void upsertLocalization(RealmResource realm, RealmSpec spec) {
        for (Map.Entry<String, Map<String, String>> perLocale : spec.localizationTexts().entrySet()) {
            String locale = perLocale.getKey();
            Map<String, String> wanted = perLocale.getValue();
            Map<String, String> current = realm.localization().getRealmLocalizationTexts(locale);
            if (!current.entrySet().containsAll(wanted.entrySet())) {
                realm.localization().createOrUpdateRealmLocalizationTexts(locale, wanted);
            }
            for (String key : current.keySet()) {
                if (key.startsWith(TEXT_PREFIX) && !wanted.containsKey(key)) {
                    realm.localization().deleteRealmLocalizationText(locale, key);
                }
            }
        }
    }

    // ---- clients ---------------------------------------------------------------------------

    /** The platform API as a client of its own, so the audience mapper names a client that exists. */
    private static void upsertAudienceClient(RealmResource realm, String clientId) {
        ClientRepresentation rep = new ClientRepresentation();
        rep.setClientId(clientId);
        rep.setName("Mesa platform API");
        rep.setEnabled(true);
        rep.setProtocol("openid-connect");
        rep.setBearerOnly(true);
        rep.setPublicClient(false);
        rep.setStandardFlowEnabled(false);
        rep.setImplicitFlowEnabled(false);
        rep.setDirectAccessGrantsEnabled(false);
        rep.setServiceAccountsEnabled(false);
        upsertClient(realm, rep);
    }

    private static String upsertPortalClient(RealmResource realm, RealmSpec.Client client) {
        ClientRepresentation rep = new ClientRepresentation();
        rep.setClientId(client.clientId());
        rep.setName(client.name());
        rep.setEnabled(true);
        rep.setProtocol("openid-connect");
        rep.setPublicClient(false);
        rep.setBearerOnly(false);
        rep.setClientAuthenticatorType("client-secret");
        rep.setStandardFlowEnabled(true);
        rep.setImplicitFlowEnabled(false);
        rep.setDirectAccessGrantsEnabled(false);
        rep.setServiceAccountsEnabled(false);
        rep.setFrontchannelLogout(true);
        rep.setBaseUrl(client.baseUrl());
        rep.setRedirectUris(client.redirectUris());
        rep.setWebOrigins(client.webOrigins());
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("pkce.code.challenge.method", "S256");
        // "+": the redirect URIs above, so the two lists cannot drift apart.
        attributes.put("post.logout.redirect.uris", "+");
        rep.setAttributes(attributes);
        return upsertClient(realm, rep);
    }

    /** Creates or updates by client id; the secret is never sent, so Keycloak's generated one stays. */
    private static String upsertClient(RealmResource realm, ClientRepresentation rep) {
        List<ClientRepresentation> found = realm.clients().findByClientId(rep.getClientId());
        if (found.isEmpty()) {
            try (Response response = realm.clients().create(rep)) {
                return CreatedResponseUtil.getCreatedId(response);
            }
        }
        String id = found.get(0).getId();
        rep.setId(id);
        realm.clients().get(id).update(rep);
        return id;
    }

    private static void upsertPortalMappers(ClientResource client, String audience) {
        Map<String, String> audienceConfig = new LinkedHashMap<>();
        audienceConfig.put("included.client.audience", audience);
        audienceConfig.put("id.token.claim", "false");
        audienceConfig.put("access.token.claim", "true");
        audienceConfig.put("introspection.token.claim", "true");
        upsertMapper(client, AUDIENCE_MAPPER_NAME, "oidc-audience-mapper", audienceConfig);
        // What the people directory reads on sign-in: attributes from the directory or set by administrators.
        upsertMapper(client, "phone", "oidc-usermodel-attribute-mapper", attributeClaim("phone", "phone_number", false));
        upsertMapper(client, "job title", "oidc-usermodel-attribute-mapper", attributeClaim("jobTitle", "job_title", false));
        upsertMapper(client, "dependency", "oidc-usermodel-attribute-mapper", attributeClaim("dependency", "dependency", false));
        Map<String, String> platformGroups = attributeClaim(PLATFORM_GROUPS_ATTRIBUTE, "mesa_groups", true);
        // A directory group mapped to platform groups holds them as a group attribute: merge them with the user's.
        platformGroups.put("aggregate.attrs", "true");
        upsertMapper(client, "mesa groups", "oidc-usermodel-attribute-mapper", platformGroups);
        // Directory people carry their entry's id (Keycloak's LDAP_ID): where an entity allows no local
        // accounts, the platform admits tokens with it only.
        upsertMapper(client, "directory id", "oidc-usermodel-attribute-mapper", attributeClaim("LDAP_ID", "directory_id", false));
        Map<String, String> groups = tokenClaims();
        groups.put("claim.name", "groups");
        groups.put("full.path", "false");
        upsertMapper(client, "directory groups", "oidc-group-membership-mapper", groups);
    }

    private static Map<String, String> attributeClaim(String attribute, String claim, boolean multivalued) {
        Map<String, String> config = tokenClaims();
        config.put("user.attribute", attribute);
        config.put("claim.name", claim);
        config.put("jsonType.label", "String");
        config.put("multivalued", Boolean.toString(multivalued));
        return config;
    }

    private static Map<String, String> tokenClaims() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("id.token.claim", "true");
        config.put("access.token.claim", "true");
        config.put("userinfo.token.claim", "true");
        config.put("introspection.token.claim", "true");
        return config;
    }

    private static void upsertMapper(ClientResource client, String name, String type, Map<String, String> config) {
        Optional<ProtocolMapperRepresentation> found = client.getProtocolMappers().getMappers().stream()
                .filter(m -> name.equals(m.getName())).findFirst();
        ProtocolMapperRepresentation rep = new ProtocolMapperRepresentation();
        rep.setName(name);
        rep.setProtocol("openid-connect");
        rep.setProtocolMapper(type);
        rep.setConfig(config);
        if (found.isEmpty()) {
            try (Response response = client.getProtocolMappers().createMapper(rep)) {
                expectCreated(response, "protocol mapper " + name);
            }
        } else if (!type.equals(found.get().getProtocolMapper()) || !found.get().getConfig().entrySet().containsAll(config.entrySet())) {
            rep.setId(found.get().getId());
            client.getProtocolMappers().update(rep.getId(), rep);
        }
    }

    // ---- LDAP federation -------------------------------------------------------------------

    private static void upsertLdap(RealmResource realm, RealmSpec.Ldap ldap) {
        String realmId = realm.toRepresentation().getId();
        boolean ad = "ad".equals(ldap.vendor());
        Map<String, String> wanted = new LinkedHashMap<>();
        wanted.put("enabled", "true");
        wanted.put("priority", "0");
        wanted.put("vendor", ad ? "ad" : "other");
        wanted.put("connectionUrl", ldap.connectionUrl());
        wanted.put("usersDn", ldap.usersDn());
        wanted.put("authType", "simple");
        wanted.put("bindDn", ldap.bindDn());
        if (ldap.bindCredential() != null) {
            wanted.put("bindCredential", ldap.bindCredential());
        }
        wanted.put("usernameLDAPAttribute", ldap.usernameAttribute());
        wanted.put("rdnLDAPAttribute", ad ? "cn" : ldap.usernameAttribute());
        wanted.put("uuidLDAPAttribute", ad ? "objectGUID" : "entryUUID");
        wanted.put("userObjectClasses", ad ? "person, organizationalPerson, user" : "inetOrgPerson, organizationalPerson");
        wanted.put("editMode", ldap.editMode());
        wanted.put("searchScope", "2");
        wanted.put("importEnabled", "true");
        wanted.put("syncRegistrations", "false");
        wanted.put("pagination", "true");
        wanted.put("useTruststoreSpi", "always");
        wanted.put("connectionPooling", "true");
        wanted.put("trustEmail", "false");
        wanted.put("cachePolicy", "DEFAULT");
        // Keycloak's own periodic syncs (seconds; -1 off): all users, and those changed since the last one.
        wanted.put("fullSyncPeriod", Integer.toString(ldap.fullSyncSeconds()));
        wanted.put("changedSyncPeriod", Integer.toString(ldap.changedSyncSeconds()));
        // Who the directory treats as active: nobody outside the filter is found, so nobody outside it signs in.
        wanted.put("customUserSearchFilter", ldap.customFilter() == null ? "" : ldap.customFilter());
        // A user the directory no longer has (or no longer finds) is removed from the realm when met.
        wanted.put("removeInvalidUsersEnabled", "true");
        RealmSpec.Kerberos krb = ldap.kerberos();
        wanted.put("allowKerberosAuthentication", Boolean.toString(krb != null));
        wanted.put("useKerberosForPasswordAuthentication", "false");
        if (krb != null) {
            wanted.put("kerberosRealm", krb.realm());
            wanted.put("serverPrincipal", krb.servicePrincipal());
            wanted.put("keyTab", krb.keytabPath());
        }

        Optional<ComponentRepresentation> found = realm.components().query(realmId, USER_STORAGE).stream()
                .filter(c -> "ldap".equals(c.getProviderId()) && ldap.name().equals(c.getName())).findFirst();
        String ldapId = upsertComponent(realm, found, ldap.name(), "ldap", USER_STORAGE, realmId, wanted);

        List<ComponentRepresentation> mappers = realm.components().query(ldapId, LDAP_MAPPER);
        boolean readOnly = "READ_ONLY".equals(ldap.editMode());
        for (Map.Entry<String, String> a : ldap.attributes().entrySet()) {
            Map<String, String> config = new LinkedHashMap<>();
            config.put("user.model.attribute", a.getKey());
            config.put("ldap.attribute", a.getValue());
            config.put("read.only", Boolean.toString(readOnly));
            config.put("always.read.value.from.ldap", "true");
            config.put("is.mandatory.in.ldap", "false");
            config.put("is.binary.attribute", "false");
            config.put("attribute.force.default", "false");
            // Keycloak creates default mappers (first name, last name, email) with the LDAP provider:
            // match on the model attribute so ours updates them instead of adding a second one.
            Optional<ComponentRepresentation> existing = mappers.stream()
                    .filter(m -> "user-attribute-ldap-mapper".equals(m.getProviderId())
                            && a.getKey().equals(m.getConfig().getFirst("user.model.attribute")))
                    .findFirst();
            upsertComponent(realm, existing, a.getKey(), "user-attribute-ldap-mapper", LDAP_MAPPER, ldapId, config);
        }
        if (ldap.groupsDn() != null) {
            Map<String, String> config = new LinkedHashMap<>();
            config.put("groups.dn", ldap.groupsDn());
            config.put("group.name.ldap.attribute", "cn");
            config.put("group.object.classes", ad ? "group" : "groupOfNames");
            config.put("preserve.group.inheritance", "false");
            config.put("ignore.missing.groups", "true");
            config.put("membership.ldap.attribute", "member");
            config.put("membership.attribute.type", "DN");
            config.put("membership.user.ldap.attribute", ldap.usernameAttribute());
            config.put("mode", "READ_ONLY");
            config.put("user.roles.retrieve.strategy",
                    ad ? "GET_GROUPS_FROM_USER_MEMBEROF_ATTRIBUTE" : "LOAD_GROUPS_BY_MEMBER_ATTRIBUTE");
            config.put("memberof.ldap.attribute", "memberOf");
            config.put("drop.non.existing.groups.during.sync", "false");
            Optional<ComponentRepresentation> existing = mappers.stream()
                    .filter(m -> "group-ldap-mapper".equals(m.getProviderId())).findFirst();
            upsertComponent(realm, existing, "directory groups", "group-ldap-mapper", LDAP_MAPPER, ldapId, config);
        }
        for (RealmSpec.GroupMapping mapping : ldap.groupMappings()) {
            upsertMappedGroup(realm, mapping);
        }
        setSpnego(realm, krb != null);
    }

    /**
     * The realm group a directory group is imported as (same name, top level): created ahead of the first
     * sync so its realm roles and platform groups ({@code mesaGroups}, aggregated into the token) are in
     * place when its members first sign in. Roles are set exactly: a role taken out of the mapping goes.
     */
    private static void upsertMappedGroup(RealmResource realm, RealmSpec.GroupMapping mapping) {
        GroupRepresentation group = realm.groups().groups(mapping.group(), true, 0, 10, false).stream()
                .filter(g -> mapping.group().equals(g.getName())).findFirst().orElse(null);
        String id;
        if (group == null) {
            GroupRepresentation rep = new GroupRepresentation();
            rep.setName(mapping.group());
            rep.setAttributes(Map.of(PLATFORM_GROUPS_ATTRIBUTE, mapping.platformGroups()));
            try (Response response = realm.groups().add(rep)) {
                id = CreatedResponseUtil.getCreatedId(response);
            }
        } else {
            id = group.getId();
            GroupRepresentation rep = realm.groups().group(id).toRepresentation();
            Map<String, List<String>> attributes = new HashMap<>(rep.getAttributes() == null ? Map.of() : rep.getAttributes());
            if (!mapping.platformGroups().equals(attributes.getOrDefault(PLATFORM_GROUPS_ATTRIBUTE, List.of()))) {
                attributes.put(PLATFORM_GROUPS_ATTRIBUTE, mapping.platformGroups());
                rep.setAttributes(attributes);
                realm.groups().group(id).update(rep);
            }
        }
        var roleScope = realm.groups().group(id).roles().realmLevel();
        List<RoleRepresentation> current = roleScope.listAll();
        List<RoleRepresentation> extra = current.stream().filter(r -> !mapping.roles().contains(r.getName())).toList();
        if (!extra.isEmpty()) {
            roleScope.remove(extra);
        }
        List<RoleRepresentation> missing = mapping.roles().stream()
                .filter(name -> current.stream().noneMatch(r -> r.getName().equals(name)))
                .map(name -> realm.roles().get(name).toRepresentation()).toList();
        if (!missing.isEmpty()) {
            roleScope.add(missing);
        }
    }

    /** The browser flow's Kerberos step: an alternative to the form where the entity turned it on, off elsewhere. */
    private static void setSpnego(RealmResource realm, boolean on) {
        String wanted = on ? "ALTERNATIVE" : "DISABLED";
        for (AuthenticationExecutionInfoRepresentation e : realm.flows().getExecutions("browser")) {
            if ("auth-spnego".equals(e.getProviderId()) && !wanted.equals(e.getRequirement())) {
                e.setRequirement(wanted);
                realm.flows().updateExecutions("browser", e);
            }
        }
    }

    private static String upsertComponent(RealmResource realm, Optional<ComponentRepresentation> found, String name,
                                          String providerId, String providerType, String parentId,
                                          Map<String, String> wanted) {
        if (found.isEmpty()) {
            ComponentRepresentation rep = new ComponentRepresentation();
            rep.setName(name);
            rep.setProviderId(providerId);
            rep.setProviderType(providerType);
            rep.setParentId(parentId);
            MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
            wanted.forEach(config::putSingle);
            rep.setConfig(config);
            try (Response response = realm.components().add(rep)) {
                return CreatedResponseUtil.getCreatedId(response);
            }
        }
        ComponentRepresentation rep = found.get();
        boolean same = wanted.entrySet().stream()
                .allMatch(e -> Objects.equals(e.getValue(), rep.getConfig().getFirst(e.getKey())));
        if (!same) {
            // The stored config (including the masked bind credential, which Keycloak keeps as is)
            // is sent back with our keys changed.
            wanted.forEach(rep.getConfig()::putSingle);
            realm.components().component(rep.getId()).update(rep);
        }
        return rep.getId();
    }

    private static void expectCreated(Response response, String what) {
        if (response.getStatus() != 201) {
            throw new IllegalStateException("Keycloak refused " + what + ": HTTP " + response.getStatus() + " "
                    + response.readEntity(String.class));
        }
    }
}
