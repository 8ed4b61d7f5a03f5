package co.mesa.identity;

/**
 * Realm roles as permissions. First or second line is group membership in the platform, not a role.
 */
public final class Roles {

    public static final String REQUESTER = "requester";
    public static final String AGENT = "agent";
    public static final String SUPERVISOR = "supervisor";
    public static final String TENANT_ADMIN = "tenant-admin";
    /** Platform operators, in the platform realm only. */
    public static final String OPERATOR = "operator";

    private Roles() {
    }
}
