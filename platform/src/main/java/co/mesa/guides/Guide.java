package co.mesa.guides;

import co.mesa.identity.Roles;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The role guides (docs/guias/, issue 22): one Markdown file per role in Spanish, and its English twin
 * under {@code en/}, with the same section ids. Who may read each one is the audience of its role.
 */
public enum Guide {
    /** Public: anyone may read how to file and follow a request, signed in or not. */
    SOLICITANTE("solicitante", List.of()),
    AGENTE("agente", List.of(Roles.AGENT, Roles.SUPERVISOR)),
    SUPERVISOR("supervisor", List.of(Roles.SUPERVISOR)),
    ADMINISTRADOR("administrador", List.of(Roles.TENANT_ADMIN)),
    /** The platform's own host only. */
    OPERADOR("operador", List.of(Roles.OPERATOR));

    private final String id;
    private final List<String> roles;

    Guide(String id, List<String> roles) {
        this.id = id;
        this.roles = roles;
    }

    /** The guide's id: its file name and the last segment of its page's path. */
    public String id() {
        return id;
    }

    /** The page's path. */
    public String path() {
        return "/ayuda/" + id;
    }

    /** True for the guide of the platform's operators (served on the platform's host, not a tenant's). */
    public boolean platform() {
        return this == OPERADOR;
    }

    /** True when a person with these roles may read the guide (the requester's guide: everyone). */
    public boolean readableBy(java.util.Collection<String> personRoles) {
        return roles.isEmpty() || roles.stream().anyMatch(personRoles::contains);
    }

    public static Optional<Guide> byId(String id) {
        return Arrays.stream(values()).filter(g -> g.id.equals(id)).findFirst();
    }
}
