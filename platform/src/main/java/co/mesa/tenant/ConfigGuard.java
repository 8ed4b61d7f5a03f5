package co.mesa.tenant;

import co.mesa.tenantconfig.TenantConfig;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A feature's veto on new tenant data that would break what it stores (e.g. dropping a workflow
 * state cases are in). Asked inside the import's transaction, bound to the tenant.
 */
public interface ConfigGuard {

    /** Why the proposed data cannot be applied; empty when it can. */
    List<String> refusals(Connection c, TenantConfig proposed) throws SQLException;
}
