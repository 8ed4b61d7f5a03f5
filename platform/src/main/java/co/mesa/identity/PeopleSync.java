package co.mesa.identity;

import co.mesa.identity.internal.PersonStore;
import co.mesa.shared.JobLeases;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * Fills each entity's people directory from its Keycloak realm (issue 20, decision 0027): everyone in
 * the realm is a person of the platform from day one, with the roles and groups the token would carry,
 * before they ever sign in. Paged through the admin API; a person disabled in or removed from the realm
 * is marked inactive (never deleted: old cases keep their names). Runs on a schedule, one replica per
 * tenant at a time under a {@code job_lease}, and on demand (the administrator's button, the admin API).
 */
@Singleton
@Requires(notEnv = "migrate-only")
public class PeopleSync {

    private static final Logger LOG = LoggerFactory.getLogger(PeopleSync.class);

    /** Users, group members and role members read per admin API call. */
    static final int PAGE = 100;
    /** Above the slowest realm's run (tens of thousands of users at 100 a call). */
    static final Duration LEASE = Duration.ofMinutes(15);

    private final TenantRegistry registry;
    private final KeycloakAdmin admin;
    private final TenantTransactions tx;
    private final PersonStore store;
    private final JobLeases leases;

    public PeopleSync(TenantRegistry registry, KeycloakAdmin admin, TenantTransactions tx, PersonStore store,
                      JobLeases leases) {
        this.registry = registry;
        this.admin = admin;
        this.tx = tx;
        this.store = store;
        this.leases = leases;
    }

    /** What one directory sync did to a tenant's people. */
    public record SyncCounts(int seen, int added, int updated, int deactivated) {
    }

    /** A finished sync: when, and what it did. */
    public record LastSync(java.time.Instant at, SyncCounts counts) {
    }

    /** What a run did; {@code skipped} when another replica held the tenant's lease. */
    public record Outcome(boolean skipped, int seen, int added, int updated, int deactivated) {
    }

    /**
     * The schedule: every tenant in turn, each under its own lease. The period is
     * {@code mesa.identity.people-sync.interval} (15 minutes by default): a person disabled in the realm
     * stops being offered within it.
     */
    @Scheduled(fixedDelay = "${mesa.identity.people-sync.interval:15m}",
            initialDelay = "${mesa.identity.people-sync.initial-delay:1m}")
    void scheduled() {
        for (TenantContext tenant : registry.all()) {
            try (org.slf4j.MDC.MDCCloseable ignored = org.slf4j.MDC.putCloseable("tenant", tenant.slug())) {
                sync(tenant);
            } catch (RuntimeException e) {
                admin.reset();
                LOG.warn("People of realm {} not synced ({}); the next round retries", tenant.config().tenant().realm(),
                        e.toString());
            }
        }
    }

    /** Syncs one tenant's people now, unless another run holds its lease. Failures propagate. */
    public Outcome sync(TenantContext tenant) {
        return leases.once("people-sync:" + tenant.slug(), LEASE, () -> run(tenant))
                .orElse(new Outcome(true, 0, 0, 0, 0));
    }

    /** When the tenant's directory was last synced and what that did; empty if never. */
    public Optional<LastSync> last(TenantContext tenant) {
        return tx.read(tenant.id(), store::lastSync);
    }

    private Outcome run(TenantContext tenant) {
        String realmName = tenant.config().tenant().realm();
        RealmResource realm = admin.client().realm(realmName);
        Set<String> known = new HashSet<>(TenantTokenValidator.ROLES);
        tenant.config().catalog().audiences().forEach(a -> known.add(a.key()));

        // Roles: everyone holds the default roles' composites; others by direct or group membership.
        Set<String> everyone = new HashSet<>();
        String defaultRole = realm.toRepresentation().getDefaultRole() == null ? null
                : realm.toRepresentation().getDefaultRole().getName();
        if (defaultRole != null) {
            realm.roles().get(defaultRole).getRealmRoleComposites().stream().map(RoleRepresentation::getName)
                    .filter(known::contains).forEach(everyone::add);
        }
        Map<String, Set<String>> rolesOf = new HashMap<>();
        Set<String> existingRoles = new HashSet<>();
        realm.roles().list(true).forEach(r -> existingRoles.add(r.getName()));
        for (String role : known) {
            if (everyone.contains(role) || !existingRoles.contains(role)) {
                continue;
            }
            paged((first, max) -> realm.roles().get(role).getUserMembers(true, first, max))
                    .forEach(u -> rolesOf.computeIfAbsent(u.getId(), k -> new TreeSet<>()).add(role));
        }
        // Directory groups (the token's "groups" claim: names, not paths), and the roles they grant.
        Map<String, Set<String>> groupsOf = new HashMap<>();
        List<GroupRepresentation> top = paged((first, max) -> realm.groups().groups(null, first, max, false));
        walk(realm, top, known, groupsOf, rolesOf);

        List<String> listed = new ArrayList<>();
        int[] counts = new int[3];
        List<UserRepresentation> page;
        int first = 0;
        List<PendingPerson> pending = new ArrayList<>();
        do {
            page = realm.users().search((String) null, first, PAGE, false);
            for (UserRepresentation u : page) {
                if (u.getUsername() == null || u.getUsername().startsWith("service-account-")) {
                    continue; // a client's service account is no one's person
                }
                Set<String> roles = new TreeSet<>(everyone);
                roles.addAll(rolesOf.getOrDefault(u.getId(), Set.of()));
                List<String> groups = new ArrayList<>(groupsOf.getOrDefault(u.getId(), Set.of()));
                groups.addAll(attribute(u, DemoUsers.GROUPS_ATTRIBUTE));
                String username = u.getUsername();
                String name = joined(u.getFirstName(), u.getLastName(), username);
                pending.add(new PendingPerson(new PersonStore.Fields(u.getId(), username, name, blank(u.getEmail()),
                        single(u, "phone"), single(u, "jobTitle"), single(u, "dependency"),
                        List.copyOf(new LinkedHashSet<>(groups)), new ArrayList<>(roles)),
                        Boolean.TRUE.equals(u.isEnabled())));
                listed.add(u.getId());
            }
            first += PAGE;
        } while (page.size() == PAGE);

        // One transaction for the writes: a failure half-way leaves the directory as it was.
        return tx.write(tenant.id(), c -> {
            for (PendingPerson p : pending) {
                int r = store.fromDirectory(c, tenant.id(), p.fields(), p.enabled());
                if (r > 0) {
                    counts[r - 1]++;
                }
            }
            int deactivated;
            if (listed.isEmpty() && store.countActive(c) > 0) {
                // An empty realm beside a populated directory is a misconfiguration, not everyone leaving.
                LOG.warn("Realm {} lists no users; the directory's people are left as they are", realmName);
                deactivated = 0;
            } else {
                deactivated = store.deactivateMissing(c, listed);
            }
            int disabled = (int) pending.stream().filter(p -> !p.enabled()).count();
            SyncCounts result = new SyncCounts(listed.size(), counts[0], counts[1], deactivated);
            store.recordSync(c, tenant.id(), result);
            LOG.info("People of realm {} synced: {} listed ({} disabled), {} added, {} updated, {} no longer in the realm",
                    realmName, listed.size(), disabled, counts[0], counts[1], deactivated);
            return new Outcome(false, listed.size(), counts[0], counts[1], deactivated);
        });
    }

    private record PendingPerson(PersonStore.Fields fields, boolean enabled) {
    }

    private void walk(RealmResource realm, List<GroupRepresentation> groups, Set<String> known,
                      Map<String, Set<String>> groupsOf, Map<String, Set<String>> rolesOf) {
        for (GroupRepresentation g : groups) {
            var resource = realm.groups().group(g.getId());
            List<String> granted = resource.roles().realmLevel().listEffective().stream().map(RoleRepresentation::getName)
                    .filter(known::contains).toList();
            // A directory group mapped to platform groups carries them as an attribute (issue 28, decision 0032).
            List<String> platformGroups = g.getAttributes() == null ? List.of()
                    : g.getAttributes().getOrDefault(DemoUsers.GROUPS_ATTRIBUTE, List.of());
            for (UserRepresentation u : paged((first, max) -> resource.members(first, max, true))) {
                groupsOf.computeIfAbsent(u.getId(), k -> new TreeSet<>()).add(g.getName());
                groupsOf.get(u.getId()).addAll(platformGroups);
                if (!granted.isEmpty()) {
                    rolesOf.computeIfAbsent(u.getId(), k -> new TreeSet<>()).addAll(granted);
                }
            }
            if (g.getSubGroupCount() != null && g.getSubGroupCount() > 0) {
                walk(realm, paged((first, max) -> resource.getSubGroups(first, max, false)), known, groupsOf, rolesOf);
            }
        }
    }

    private static <T> List<T> paged(BiFunction<Integer, Integer, List<T>> call) {
        List<T> out = new ArrayList<>();
        int first = 0;
        List<T> page;
        do {
            page = call.apply(first, PAGE);
            out.addAll(page);
            first += PAGE;
        } while (page.size() == PAGE);
        return out;
    }

    private static List<String> attribute(UserRepresentation u, String name) {
        Map<String, List<String>> a = u.getAttributes();
        return a == null || a.get(name) == null ? List.of() : a.get(name);
    }

    private static String single(UserRepresentation u, String name) {
        List<String> v = attribute(u, name);
        return v.isEmpty() ? null : blank(v.get(0));
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String joined(String given, String family, String fallback) {
        String s = ((given == null ? "" : given) + " " + (family == null ? "" : family)).trim();
        return s.isEmpty() ? fallback : s;
    }
}
