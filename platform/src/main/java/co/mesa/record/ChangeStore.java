package co.mesa.record;

import co.mesa.shared.Jdbc;
import co.mesa.tenant.TenantContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The SQL of changes and tasks (issue 27) over the shared record tables (decision 0031): a record read and written
 * whole, history events, committee votes and members, the outbox entry of a decision. Every query names the tenant.
 */
final class ChangeStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String COLUMNS = "id, kind, code, title, description, details::text, state, substate, assigned_group, "
            + "assigned_agent_id, created_by_id, due_at, closed_at, created_at, updated_at, version";

    private ChangeStore() {
    }

    static Optional<RecordRow> find(Connection c, TenantContext tenant, UUID id, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM work_record WHERE tenant_id = ? AND id = ?"
                + (lock ? " FOR UPDATE" : ""))) {
            ps.setObject(1, tenant.id().value());
            ps.setObject(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** The kinds of these records (those that exist), for checking links to problems. */
    static Map<UUID, String> kinds(Connection c, TenantContext tenant, List<UUID> ids) throws SQLException {
        Map<UUID, String> out = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id, kind FROM work_record WHERE tenant_id = ? AND id = ANY (?)")) {
            ps.setObject(1, tenant.id().value());
            ps.setArray(2, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getObject(1, UUID.class), rs.getString(2));
                }
            }
        }
        return out;
    }

    /** Of these people, those of this entity's directory. */
    static List<UUID> people(Connection c, TenantContext tenant, List<UUID> ids) throws SQLException {
        List<UUID> out = new ArrayList<>();
        if (ids.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM person WHERE tenant_id = ? AND id = ANY (?)")) {
            ps.setObject(1, tenant.id().value());
            ps.setArray(2, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return out;
    }

    static void update(Connection c, TenantContext tenant, RecordRow r, int previous) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE work_record SET details = ?::jsonb, state = ?, substate = ?, "
                + "assigned_group = ?, assigned_agent_id = ?, closed_at = ?, updated_at = ?, version = ? "
                + "WHERE tenant_id = ? AND id = ? AND version = ?")) {
            ps.setString(1, json(r.details()));
            ps.setString(2, r.state());
            ps.setString(3, r.substate());
            ps.setString(4, r.assignedGroup());
            ps.setObject(5, r.assignedAgentId());
            Jdbc.setInstant(ps, 6, r.closedAt());
            Jdbc.setInstant(ps, 7, r.updatedAt());
            ps.setInt(8, r.version());
            ps.setObject(9, tenant.id().value());
            ps.setObject(10, r.id());
            ps.setInt(11, previous);
            if (ps.executeUpdate() != 1) {
                throw RecordProblems.stale(previous, previous + 1);
            }
        }
    }

    // ---- committee -------------------------------------------------------------------------------------

    /** The active people of the committee's group: its members. */
    static int members(Connection c, TenantContext tenant, String group) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM person WHERE tenant_id = ? AND ? = ANY (groups) AND active")) {
            ps.setObject(1, tenant.id().value());
            ps.setString(2, group);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Records a vote; false when the member had voted already. */
    static boolean vote(Connection c, TenantContext tenant, UUID record, UUID member, boolean approve, String reason,
                        Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO change_vote (tenant_id, record_id, member_id, approve, reason, at) "
                + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setObject(1, tenant.id().value());
            ps.setObject(2, record);
            ps.setObject(3, member);
            ps.setBoolean(4, approve);
            ps.setString(5, reason);
            Jdbc.setInstant(ps, 6, at);
            return ps.executeUpdate() == 1;
        }
    }

    static List<ChangeView.Vote> votes(Connection c, TenantContext tenant, UUID record) throws SQLException {
        List<ChangeView.Vote> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT v.member_id, p.name, v.approve, v.reason, v.at FROM change_vote v "
                + "JOIN person p ON p.tenant_id = v.tenant_id AND p.id = v.member_id "
                + "WHERE v.tenant_id = ? AND v.record_id = ? ORDER BY v.at, v.member_id")) {
            ps.setObject(1, tenant.id().value());
            ps.setObject(2, record);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ChangeView.Vote(rs.getObject(1, UUID.class).toString(), rs.getString(2), rs.getBoolean(3),
                            rs.getString(4), Jdbc.instant(rs.getTimestamp(5)).toString()));
                }
            }
        }
        return out;
    }

    /** The decision for the change's requester, to the outbox in the decision's transaction (once per change). */
    static void decided(Connection c, TenantContext tenant, RecordRow r, boolean approved, Instant at) throws SQLException {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("recordId", r.id().toString());
        payload.put("code", r.code());
        payload.put("title", r.title());
        payload.put("approved", approved);
        payload.put("recipientId", r.createdById().toString());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (tenant_id, topic, case_id, payload, dedupe_key, "
                + "created_at) VALUES (?, 'changeDecided', NULL, ?::jsonb, ?, ?) ON CONFLICT (tenant_id, dedupe_key) DO NOTHING")) {
            ps.setObject(1, tenant.id().value());
            ps.setString(2, json(payload));
            ps.setString(3, "change-decided:" + r.id());
            Jdbc.setInstant(ps, 4, at);
            ps.executeUpdate();
        }
    }

    // ---- mapping ---------------------------------------------------------------------------------------

    static RecordRow row(ResultSet rs) throws SQLException {
        Map<String, Object> details;
        try {
            details = JSON.readValue(rs.getString(6), new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable record details", e);
        }
        return new RecordRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                details, rs.getString(7), rs.getString(8), rs.getString(9), rs.getObject(10, UUID.class),
                rs.getObject(11, UUID.class), Jdbc.instant(rs.getTimestamp(12)), Jdbc.instant(rs.getTimestamp(13)),
                Jdbc.instant(rs.getTimestamp(14)), Jdbc.instant(rs.getTimestamp(15)), rs.getInt(16));
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
