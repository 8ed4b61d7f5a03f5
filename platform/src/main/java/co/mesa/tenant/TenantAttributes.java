package co.mesa.tenant;

/**
 * Names of the request attributes the edge ({@code web.TenantFilter}) sets, for the features that read
 * them: they live here, below every feature, so reading the host's tenant does not make a feature
 * depend on the web layer.
 */
public final class TenantAttributes {

    /** Request attribute holding the resolved {@link TenantContext}. */
    public static final String TENANT = "mesa.tenant";
    /** Request attribute set (to true) on the platform's own host. */
    public static final String PLATFORM = "mesa.platform";
    /** Request attribute set (to true) when the host's tenant is suspended by an operator. */
    public static final String SUSPENDED = "mesa.tenant-suspended";

    private TenantAttributes() {
    }
}
