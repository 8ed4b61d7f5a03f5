package co.mesa.ticket;

import co.mesa.identity.PersonView;
import co.mesa.identity.Roles;
import co.mesa.tenantconfig.TenantConfig;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Who is calling, as the tenant's directory knows them. {@code supervised}: the platform groups
 * they supervise (groups.yaml {@code supervisedBy}, only with the supervisor role; issue 20).
 */
public record Caller(UUID personId, String subject, String name, Set<String> roles, Set<String> groups,
                     Set<String> supervised) {

    /** Supervising no group. */
    public Caller(UUID personId, String subject, String name, Set<String> roles, Set<String> groups) {
        this(personId, subject, name, roles, groups, Set.of());
    }

    public static Caller of(PersonView p, String subject) {
        return new Caller(p.id(), subject, p.name(), new HashSet<>(p.roles()), new HashSet<>(p.groups()));
    }

    /** With the groups the person supervises under the tenant's groups.yaml. */
    public static Caller of(PersonView p, String subject, TenantConfig config) {
        Set<String> supervised = p.roles().contains(Roles.SUPERVISOR)
                ? Set.copyOf(config.groups().supervisedBy(p.groups())) : Set.of();
        return new Caller(p.id(), subject, p.name(), new HashSet<>(p.roles()), new HashSet<>(p.groups()), supervised);
    }

    /** Works cases: agents and supervisors. */
    public boolean agent() {
        return roles.contains(Roles.AGENT) || roles.contains(Roles.SUPERVISOR);
    }

    /** The groups whose cases the caller sees and works: theirs and those they supervise. */
    public Set<String> caseGroups() {
        if (supervised.isEmpty()) {
            return groups;
        }
        Set<String> all = new HashSet<>(groups);
        all.addAll(supervised);
        return all;
    }

    /** Realm roles and directory groups: what template audiences are matched against. */
    public Set<String> audiences() {
        Set<String> all = new HashSet<>(roles);
        all.addAll(groups);
        return all;
    }
}
