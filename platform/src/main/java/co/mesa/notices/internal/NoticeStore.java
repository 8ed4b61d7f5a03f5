package co.mesa.notices.internal;

import co.mesa.notices.Notice;
import co.mesa.shared.Jdbc;
import co.mesa.shared.TenantId;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** SQL of the agents' notices; callers own the tenant-bound transaction. Every query names the tenant besides RLS. */
@Singleton
public class NoticeStore {

    private static final String SELECT = "SELECT n.id, n.body, n.importance, n.valid_from, n.valid_until, p.name, n.posted_at, "
            + "n.withdrawn_at FROM agent_notice n JOIN person p ON p.tenant_id = n.tenant_id AND p.id = n.posted_by ";

    public void insert(Connection c, TenantId tenant, UUID id, Notice.Draft d, UUID by, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO agent_notice (tenant_id, id, body, importance, valid_from, "
                + "valid_until, posted_by, posted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, tenant.value());
            ps.setObject(2, id);
            ps.setString(3, d.body());
            ps.setString(4, d.importance().key());
            Jdbc.setInstant(ps, 5, d.validFrom());
            Jdbc.setInstant(ps, 6, d.validUntil());
            ps.setObject(7, by);
            Jdbc.setInstant(ps, 8, at);
            ps.executeUpdate();
        }
    }

    /** Notices valid at {@code at}, not withdrawn: the most important first, then the newest. */
    public List<Notice> shownAt(Connection c, TenantId tenant, Instant at, int limit) throws SQLException {
        return list(c, SELECT + "WHERE n.tenant_id = ? AND n.withdrawn_at IS NULL AND n.valid_from <= ? AND n.valid_until > ? "
                + "ORDER BY CASE n.importance WHEN 'critical' THEN 0 WHEN 'important' THEN 1 ELSE 2 END, n.valid_from DESC, n.id "
                + "LIMIT ?", tenant, at, at, limit);
    }

    /** Notices still current or to come at {@code at} (withdrawn ones too, marked), for those who post them. */
    public List<Notice> notExpired(Connection c, TenantId tenant, Instant at, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + "WHERE n.tenant_id = ? AND n.valid_until > ? "
                + "ORDER BY n.valid_from, n.id LIMIT ?")) {
            ps.setObject(1, tenant.value());
            Jdbc.setInstant(ps, 2, at);
            ps.setInt(3, limit);
            return read(ps);
        }
    }

    public boolean withdraw(Connection c, TenantId tenant, UUID id, UUID by, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE agent_notice SET withdrawn_by = ?, withdrawn_at = ? "
                + "WHERE tenant_id = ? AND id = ? AND withdrawn_at IS NULL")) {
            ps.setObject(1, by);
            Jdbc.setInstant(ps, 2, at);
            ps.setObject(3, tenant.value());
            ps.setObject(4, id);
            return ps.executeUpdate() == 1;
        }
    }

    private static List<Notice> list(Connection c, String sql, TenantId tenant, Instant from, Instant until, int limit)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, tenant.value());
            Jdbc.setInstant(ps, 2, from);
            Jdbc.setInstant(ps, 3, until);
            ps.setInt(4, limit);
            return read(ps);
        }
    }

    private static List<Notice> read(PreparedStatement ps) throws SQLException {
        List<Notice> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Notice(rs.getObject(1, UUID.class), rs.getString(2), Notice.Importance.of(rs.getString(3)).orElseThrow(),
                        Jdbc.instant(rs.getTimestamp(4)), Jdbc.instant(rs.getTimestamp(5)), rs.getString(6),
                        Jdbc.instant(rs.getTimestamp(7)), rs.getTimestamp(8) == null ? null : Jdbc.instant(rs.getTimestamp(8))));
            }
        }
        return out;
    }
}
