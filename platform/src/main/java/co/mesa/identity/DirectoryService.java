package co.mesa.identity;

import co.mesa.identity.internal.RealmWriter;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import jakarta.inject.Singleton;
import jakarta.ws.rs.WebApplicationException;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.SynchronizationResultRepresentation;
import org.keycloak.representations.idm.TestLdapConnectionRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state of an entity's directory federation as Keycloak holds it (last sync, users and groups imported)
 * and "sync now": a full user sync and the group mapper's import, on the admin's request. Results are
 * kept per replica in memory (Keycloak keeps the last sync time itself). Never returns a secret.
 */
@Singleton
public class DirectoryService {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryService.class);
    /** Users counted page by page; a directory larger than this shows "more than". */
    static final int COUNT_LIMIT = 20_000;

    /** Why the directory cannot be read, as a message key the admin page shows in the entity's language. */
    public enum Problem {
        NO_SECRET("admin.federation.error.no-secret"),
        UNREACHABLE("admin.federation.error.unreachable"),
        BIND_REFUSED("admin.federation.error.bind"),
        NOT_PROVISIONED("admin.federation.error.not-provisioned"),
        IDENTITY_DOWN("admin.federation.error.identity-down"),
        OTHER("admin.federation.error.other");

        public final String messageKey;

        Problem(String messageKey) {
            this.messageKey = messageKey;
        }
    }

    public record SyncResult(Instant at, int added, int updated, int removed, int failed, Problem problem) {
    }

    public record Status(boolean configured, boolean enabled, boolean kerberos, boolean localAccounts, String connectionUrl,
                         String usersDn, String secretName, boolean secretSet, Instant lastSync, long users, long groups,
                         Problem problem, SyncResult lastResult) {
    }

    private final RealmProvisioner provisioner;
    private final Map<String, SyncResult> results = new ConcurrentHashMap<>();

    public DirectoryService(RealmProvisioner provisioner) {
        this.provisioner = provisioner;
    }

    public Status status(TenantContext tenant) {
        TenantConfig.Identity identity = tenant.config().tenant().identity();
        TenantConfig.Directory d = identity.directory();
        SyncResult last = results.get(tenant.slug());
        if (d == null || !d.isEnabled()) {
            return new Status(d != null, false, false, identity.localAccounts(), null, null, null, false, null, 0, 0,
                    null, last);
        }
        boolean secretSet = provisioner.secret(d.bindCredentialSecret()) != null;
        Instant lastSync = null;
        long users = 0;
        long groups = 0;
        Problem problem = secretSet ? null : Problem.NO_SECRET;
        try {
            RealmResource realm = realm(tenant);
            Optional<ComponentRepresentation> c = component(realm);
            if (c.isEmpty()) {
                problem = Problem.NOT_PROVISIONED;
            } else {
                String seconds = c.get().getConfig().getFirst("lastSync");
                if (seconds != null && !seconds.isBlank() && !"0".equals(seconds)) {
                    lastSync = Instant.ofEpochSecond(Long.parseLong(seconds));
                }
                users = countUsers(realm, c.get().getId());
                groups = realm.groups().count().getOrDefault("count", 0L);
            }
        } catch (RuntimeException e) {
            provisioner.admin().reset();
            LOG.warn("Directory state of {} unavailable: {}", tenant.slug(), e.toString());
            problem = Problem.IDENTITY_DOWN;
        }
        if (problem == null && last != null) {
            problem = last.problem();
        }
        return new Status(true, true, d.kerberosEnabled(), identity.localAccounts(), d.connectionUrl(), d.usersDn(),
                d.bindCredentialSecret(), secretSet, lastSync, users, groups, problem, last);
    }

    /** A full sync of users, then of the directory's groups; the outcome is kept for the admin page. */
    public SyncResult syncNow(TenantContext tenant) {
        TenantConfig.Directory d = tenant.config().tenant().identity().directory();
        if (d == null || !d.isEnabled()) {
            throw new IllegalStateException("tenant " + tenant.slug() + " has no directory");
        }
        SyncResult result;
        RealmResource realm = null;
        Optional<ComponentRepresentation> c = Optional.empty();
        try {
            RealmResource kc = realm(tenant);
            realm = kc;
            c = component(kc);
            if (c.isEmpty()) {
                result = new SyncResult(Instant.now(), 0, 0, 0, 0, Problem.NOT_PROVISIONED);
            } else {
                String id = c.get().getId();
                SynchronizationResultRepresentation r = kc.userStorage().syncUsers(id, "triggerFullSync");
                kc.components().query(id, RealmWriter.LDAP_MAPPER).stream()
                        .filter(m -> "group-ldap-mapper".equals(m.getProviderId()))
                        .forEach(m -> kc.userStorage().syncMapperData(id, m.getId(), "fedToKeycloak"));
                Problem problem = r.getFailed() > 0 ? Problem.OTHER : null;
                result = new SyncResult(Instant.now(), r.getAdded(), r.getUpdated(), r.getRemoved(), r.getFailed(), problem);
                LOG.info("Directory of {} synced: {} added, {} updated, {} removed, {} failed", tenant.slug(),
                        r.getAdded(), r.getUpdated(), r.getRemoved(), r.getFailed());
            }
        } catch (WebApplicationException e) {
            String body = body(e);
            LOG.warn("Directory sync of {} failed: HTTP {} {}", tenant.slug(), e.getResponse().getStatus(), body);
            result = new SyncResult(Instant.now(), 0, 0, 0, 0, c.isPresent() ? diagnose(realm, c.get()) : classify(body));
        } catch (RuntimeException e) {
            provisioner.admin().reset();
            LOG.warn("Directory sync of {} failed: {}", tenant.slug(), e.toString());
            result = new SyncResult(Instant.now(), 0, 0, 0, 0, Problem.IDENTITY_DOWN);
        }
        if (result.problem() == null && provisioner.secret(d.bindCredentialSecret()) == null) {
            result = new SyncResult(result.at(), result.added(), result.updated(), result.removed(), result.failed(),
                    Problem.NO_SECRET);
        }
        results.put(tenant.slug(), result);
        return result;
    }

    /**
     * Why a sync failed, asked of Keycloak's own connection test (its sync errors are terse codes): the
     * server does not answer, or it refuses the bind account, or something else.
     */
    private static Problem diagnose(RealmResource realm, ComponentRepresentation c) {
        try {
            TestLdapConnectionRepresentation test = new TestLdapConnectionRepresentation();
            test.setComponentId(c.getId());
            test.setConnectionUrl(c.getConfig().getFirst("connectionUrl"));
            test.setBindDn(c.getConfig().getFirst("bindDn"));
            // The masked value Keycloak shows: with the component id it tests the stored credential.
            test.setBindCredential(c.getConfig().getFirst("bindCredential"));
            test.setUseTruststoreSpi(c.getConfig().getFirst("useTruststoreSpi"));
            test.setConnectionTimeout(c.getConfig().getFirst("connectionTimeout"));
            test.setStartTls(c.getConfig().getFirst("startTls"));
            test.setAuthType("simple");
            test.setAction("testConnection");
            if (!succeeded(realm, test)) {
                return Problem.UNREACHABLE;
            }
            test.setAction("testAuthentication");
            if (!succeeded(realm, test)) {
                return Problem.BIND_REFUSED;
            }
            return Problem.OTHER;
        } catch (RuntimeException e) {
            LOG.debug("LDAP connection test failed: {}", e.toString());
            return Problem.OTHER;
        }
    }

    private static boolean succeeded(RealmResource realm, TestLdapConnectionRepresentation test) {
        try (jakarta.ws.rs.core.Response r = realm.testLDAPConnection(test)) {
            return r.getStatus() / 100 == 2;
        } catch (WebApplicationException e) {
            return false;
        }
    }

    /** Keycloak's error text for a failed LDAP operation, reduced to what the admin can act on. */
    static Problem classify(String body) {
        String b = body == null ? "" : body.toLowerCase(java.util.Locale.ROOT);
        if (b.contains("invalid credentials") || b.contains("error code 49") || b.contains("authentication")) {
            return Problem.BIND_REFUSED;
        }
        if (b.contains("connect") || b.contains("unknownhost") || b.contains("communication") || b.contains("timed out")) {
            return Problem.UNREACHABLE;
        }
        return Problem.OTHER;
    }

    private static String body(WebApplicationException e) {
        try {
            return e.getResponse().readEntity(String.class);
        } catch (RuntimeException ignored) {
            return e.getMessage();
        }
    }

    private RealmResource realm(TenantContext tenant) {
        return provisioner.admin().client().realm(tenant.config().tenant().realm());
    }

    private static Optional<ComponentRepresentation> component(RealmResource realm) {
        String realmId = realm.toRepresentation().getId();
        return realm.components().query(realmId, RealmWriter.USER_STORAGE).stream()
                .filter(c -> "ldap".equals(c.getProviderId()) && RealmProvisioner.DIRECTORY_COMPONENT.equals(c.getName()))
                .findFirst();
    }

    private static long countUsers(RealmResource realm, String componentId) {
        long count = 0;
        for (int first = 0; first < COUNT_LIMIT; first += 200) {
            List<UserRepresentation> page = realm.users().search(null, first, 200, true);
            count += page.stream().filter(u -> componentId.equals(u.getFederationLink())).count();
            if (page.size() < 200) {
                break;
            }
        }
        return count;
    }
}
