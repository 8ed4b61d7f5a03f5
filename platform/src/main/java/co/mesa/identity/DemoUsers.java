package co.mesa.identity;

import co.mesa.tenantconfig.TenantConfig;
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Invented people for the dev run and for tests, with DEV-ONLY passwords (never for a real
 * deployment): five per tenant realm, one operator in the platform realm.
 */
public final class DemoUsers {

    /** DEV-ONLY password of every demo user; it satisfies the launch tenants' password policies. */
    public static final String DEV_ONLY_PASSWORD = "Demo-Mesa-2026";
    /** User attribute holding the platform group keys (groups.yaml) of an agent. */
    public static final String GROUPS_ATTRIBUTE = "mesaGroups";

    /** One demo person; {@code roles} are the realm roles assigned, {@code groups} go to {@link #GROUPS_ATTRIBUTE}. */
    public record DemoUser(String username, String password, String firstName, String lastName, String email,
                           List<String> roles, List<String> groups) {
    }

    private DemoUsers() {
    }

    /** Requester, first-line agent, second-line agent, supervisor and tenant admin of one tenant. */
    public static List<DemoUser> forTenant(TenantConfig config) {
        String domain = config.tenant().slug() + ".example.invalid";
        String firstLine = groupOfTier(config, 1);
        String secondLine = groupOfTier(config, 2);
        return List.of(
                user("solicitante", "Lucía", "Pardo Ibarra", domain, List.of(Roles.REQUESTER), List.of()),
                user("agente-primera", "Mateo", "Rincón Salazar", domain, List.of(Roles.REQUESTER, Roles.AGENT),
                        List.of(firstLine)),
                user("agente-segunda", "Valeria", "Ospina Caicedo", domain, List.of(Roles.REQUESTER, Roles.AGENT),
                        List.of(secondLine)),
                user("supervisor", "Andrés", "Quintero Lozano", domain,
                        List.of(Roles.REQUESTER, Roles.AGENT, Roles.SUPERVISOR), List.of(firstLine, secondLine)),
                user("admin-entidad", "Camila", "Duarte Mejía", domain, List.of(Roles.REQUESTER, Roles.TENANT_ADMIN),
                        List.of()));
    }

    /** The operator of the platform realm. */
    public static List<DemoUser> forPlatform() {
        return List.of(user("operador", "Tomás", "Herrera Villa", "mesa.example.invalid", List.of(Roles.OPERATOR), List.of()));
    }

    /** Ensures the tenant's demo users exist in its realm (which must be provisioned). */
    public static List<DemoUser> ensure(Keycloak admin, TenantConfig config) {
        return ensure(admin, config.tenant().realm(), forTenant(config));
    }

    /**
     * Creates missing users with their password; for existing ones sets names, email, roles and
     * groups again but leaves the password alone (the realm's password history refuses re-setting it).
     */
    public static List<DemoUser> ensure(Keycloak admin, String realm, List<DemoUser> users) {
        RealmResource r = admin.realm(realm);
        for (DemoUser u : users) {
            UserRepresentation rep = new UserRepresentation();
            rep.setUsername(u.username());
            rep.setFirstName(u.firstName());
            rep.setLastName(u.lastName());
            rep.setEmail(u.email());
            rep.setEmailVerified(true);
            rep.setEnabled(true);
            rep.setAttributes(u.groups().isEmpty() ? Map.of() : Map.of(GROUPS_ATTRIBUTE, u.groups()));
            Optional<UserRepresentation> found = r.users().searchByUsername(u.username(), true).stream().findFirst();
            String id;
            if (found.isEmpty()) {
                CredentialRepresentation password = new CredentialRepresentation();
                password.setType(CredentialRepresentation.PASSWORD);
                password.setValue(u.password());
                password.setTemporary(false);
                rep.setCredentials(List.of(password));
                try (Response response = r.users().create(rep)) {
                    id = CreatedResponseUtil.getCreatedId(response);
                }
            } else {
                id = found.get().getId();
                if (!same(found.get(), rep)) {
                    r.users().get(id).update(rep);
                }
            }
            UserResource user = r.users().get(id);
            Set<String> has = user.roles().realmLevel().listAll().stream().map(RoleRepresentation::getName)
                    .collect(Collectors.toSet());
            List<RoleRepresentation> missing = u.roles().stream().filter(role -> !has.contains(role))
                    .map(role -> r.roles().get(role).toRepresentation()).toList();
            if (!missing.isEmpty()) {
                user.roles().realmLevel().add(missing);
            }
        }
        return users;
    }

    private static boolean same(UserRepresentation existing, UserRepresentation wanted) {
        Map<String, List<String>> attributes = existing.getAttributes() == null ? Map.of() : existing.getAttributes();
        return wanted.getFirstName().equals(existing.getFirstName()) && wanted.getLastName().equals(existing.getLastName())
                && wanted.getEmail().equals(existing.getEmail()) && Boolean.TRUE.equals(existing.isEnabled())
                && Boolean.TRUE.equals(existing.isEmailVerified())
                && new HashMap<>(wanted.getAttributes()).equals(new HashMap<>(attributes.entrySet().stream()
                .filter(e -> e.getKey().equals(GROUPS_ATTRIBUTE))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))));
    }

    private static DemoUser user(String username, String first, String last, String domain, List<String> roles,
                                 List<String> groups) {
        return new DemoUser(username, DEV_ONLY_PASSWORD, first, last, username + "@" + domain, roles, groups);
    }

    /** The first group of the tier at this support level (1 = first line). */
    private static String groupOfTier(TenantConfig config, int level) {
        Set<String> tiers = config.groups().tiers().stream().filter(t -> t.level() == level)
                .map(TenantConfig.Tier::key).collect(Collectors.toSet());
        return config.groups().groups().stream().filter(g -> tiers.contains(g.tier())).map(TenantConfig.Group::key)
                .findFirst()
                .orElseGet(() -> config.groups().groups().stream().min(Comparator.comparing(TenantConfig.Group::key))
                        .orElseThrow().key());
    }
}
