package co.mesa.ticket;

import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Hands out case codes: consecutive per tenant and — where the tenant's codes restart every year —
 * per calendar year in the tenant's zone (a case filed 31 Dec 23:30 in Bogotá belongs to that year,
 * though it is already January in UTC). Called inside the transaction that creates the case: the
 * counter row stays locked until it commits, and a rollback gives the number back.
 */
@Singleton
public class CaseCodes {

    /** A code and the parts it was made of. */
    public record Issued(String code, int year, long sequence) {
    }

    public Issued next(Connection c, TenantContext tenant, Instant filedAt) throws SQLException {
        return next(c, tenant, tenant.config().tenant().caseCode(), "", filedAt);
    }

    /**
     * A code of another record kind (a problem, a change): the same counter table and rules, in a scope of
     * its own ({@code problema:2026}), so each kind counts on its own without gaps.
     */
    public Issued next(Connection c, TenantContext tenant, TenantConfig.CaseCode format, String kind, Instant filedAt)
            throws SQLException {
        int year = filedAt.atZone(tenant.zone()).getYear();
        String scope = (kind.isEmpty() ? "" : kind + ":") + ("year".equals(format.resetsEvery()) ? String.valueOf(year) : "all");
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO case_code_sequence (tenant_id, scope, last_value) VALUES (?, ?, 1) "
                        + "ON CONFLICT (tenant_id, scope) DO UPDATE SET last_value = case_code_sequence.last_value + 1 "
                        + "RETURNING last_value")) {
            ps.setObject(1, tenant.id().value());
            ps.setString(2, scope);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long seq = rs.getLong(1);
                return new Issued(CaseCodeFormat.format(format, year, seq), year, seq);
            }
        }
    }
}
