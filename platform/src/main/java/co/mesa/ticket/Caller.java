package co.mesa.ticket;

import co.mesa.identity.PersonView;
import co.mesa.identity.Roles;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/** Who is calling, as the tenant's directory knows them. */
public record Caller(UUID personId, String subject, String name, Set<String> roles, Set<String> groups) {

    public static Caller of(PersonView p, String subject) {
        return new Caller(p.id(), subject, p.name(), new HashSet<>(p.roles()), new HashSet<>(p.groups()));
    }

    /** Works cases: agents and supervisors. */
    public boolean agent() {
        return roles.contains(Roles.AGENT) || roles.contains(Roles.SUPERVISOR);
    }

    /** Realm roles and directory groups: what template audiences are matched against. */
    public Set<String> audiences() {
        Set<String> all = new HashSet<>(roles);
        all.addAll(groups);
        return all;
    }
}
