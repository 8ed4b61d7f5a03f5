package co.mesa.ticket.internal;

import co.mesa.shared.TenantId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** The tenant's "open cases' SLA fully recomputed at" mark ({@code sla_recompute_mark}, RLS). */
public final class SlaRecomputeMarks {

    private SlaRecomputeMarks() {
    }

    /** The marker (data revision and suspension) of the last full recompute, or null when none ran. */
    public static String get(Connection c, TenantId tenant) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT marker FROM sla_recompute_mark WHERE tenant_id = ?")) {
            ps.setObject(1, tenant.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    public static int put(Connection c, TenantId tenant, String marker, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sla_recompute_mark (tenant_id, marker, computed_at) "
                + "VALUES (?, ?, ?) ON CONFLICT (tenant_id) DO UPDATE SET marker = excluded.marker, "
                + "computed_at = excluded.computed_at")) {
            ps.setObject(1, tenant.value());
            ps.setString(2, marker);
            ps.setTimestamp(3, Timestamp.from(at));
            return ps.executeUpdate();
        }
    }
}
