package co.mesa.record;

import co.mesa.shared.Jdbc;
import co.mesa.tenant.TenantContext;
import co.mesa.ticket.CaseCodes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.core.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The record tables in SQL: {@code work_record} rows, their append-only {@code work_record_event} history and
 * their {@code work_record_case} links. Every statement runs in the caller's tenant transaction (row level
 * security), so nothing here filters by tenant.
 */
final class RecordStore {

    static final String COLUMNS = "id, kind, code, title, description, details::text, state, substate, assigned_group, "
            + "assigned_agent_id, created_by_id, due_at, closed_at, created_at, updated_at, version";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordStore() {
    }

    static Optional<RecordRow> find(Connection c, UUID id, boolean lock) throws SQLException {
        List<RecordRow> rows = query(c, "SELECT " + COLUMNS + " FROM work_record WHERE id = ?" + (lock ? " FOR UPDATE" : ""),
                List.of(id));
        return rows.stream().findFirst();
    }

    static List<UUID> linkedCases(Connection c, UUID id) throws SQLException {
        List<UUID> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT case_id FROM work_record_case WHERE record_id = ? ORDER BY linked_at")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return out;
    }

    static boolean personExists(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM person WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static List<RecordRow> query(Connection c, String sql, List<Object> args) throws SQLException {
        List<RecordRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
        }
        return out;
    }

    static void bind(Connection c, PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof String[] array) {
                ps.setArray(i + 1, c.createArrayOf("text", array));
            } else if (a instanceof Instant at) {
                Jdbc.setInstant(ps, i + 1, at);
            } else {
                ps.setObject(i + 1, a);
            }
        }
    }

    static RecordRow row(ResultSet rs) throws SQLException {
        Map<String, Object> details;
        try {
            details = JSON.readValue(rs.getString(6), new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable record details", e);
        }
        return new RecordRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                details, rs.getString(7), rs.getString(8), rs.getString(9), rs.getObject(10, UUID.class),
                rs.getObject(11, UUID.class), Jdbc.instant(rs.getTimestamp(12)), Jdbc.instant(rs.getTimestamp(13)), Jdbc.instant(rs.getTimestamp(14)),
                Jdbc.instant(rs.getTimestamp(15)), rs.getInt(16));
    }

    static String json(Map<String, Object> m) {
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void insert(Connection c, TenantContext tenant, RecordRow r, CaseCodes.Issued code) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO work_record (tenant_id, id, kind, code, code_year, code_sequence, "
                + "title, description, details, state, substate, assigned_group, assigned_agent_id, created_by_id, due_at, "
                + "closed_at, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, tenant.id().value());
            ps.setObject(2, r.id());
            ps.setString(3, r.kind());
            ps.setString(4, r.code());
            ps.setInt(5, code.year());
            ps.setLong(6, code.sequence());
            ps.setString(7, r.title());
            ps.setString(8, r.description());
            ps.setString(9, json(r.details()));
            ps.setString(10, r.state());
            ps.setString(11, r.substate());
            ps.setString(12, r.assignedGroup());
            ps.setObject(13, r.assignedAgentId());
            ps.setObject(14, r.createdById());
            Jdbc.setInstant(ps, 15, r.dueAt());
            Jdbc.setInstant(ps, 16, r.closedAt());
            Jdbc.setInstant(ps, 17, r.createdAt());
            Jdbc.setInstant(ps, 18, r.updatedAt());
            ps.setInt(19, r.version());
            ps.executeUpdate();
        }
    }

    static void update(Connection c, RecordRow r, int previous) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE work_record SET title = ?, description = ?, details = ?::jsonb, "
                + "state = ?, substate = ?, assigned_group = ?, assigned_agent_id = ?, closed_at = ?, updated_at = ?, version = ? "
                + "WHERE id = ? AND version = ?")) {
            ps.setString(1, r.title());
            ps.setString(2, r.description());
            ps.setString(3, json(r.details()));
            ps.setString(4, r.state());
            ps.setString(5, r.substate());
            ps.setString(6, r.assignedGroup());
            ps.setObject(7, r.assignedAgentId());
            Jdbc.setInstant(ps, 8, r.closedAt());
            Jdbc.setInstant(ps, 9, r.updatedAt());
            ps.setInt(10, r.version());
            ps.setObject(11, r.id());
            ps.setInt(12, previous);
            if (ps.executeUpdate() != 1) {
                throw RecordProblems.stale(previous, previous + 1);
            }
        }
    }

    static void link(Connection c, TenantContext tenant, UUID record, UUID caseId, UUID by, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO work_record_case (tenant_id, record_id, case_id, linked_by, linked_at) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setObject(1, tenant.id().value());
            ps.setObject(2, record);
            ps.setObject(3, caseId);
            ps.setObject(4, by);
            Jdbc.setInstant(ps, 5, at);
            ps.executeUpdate();
        }
    }

    static void event(Connection c, TenantContext tenant, UUID record, String kind, @Nullable UUID actor,
                              @Nullable String from, @Nullable String to, @Nullable String note, Map<String, Object> data,
                              Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO work_record_event (tenant_id, record_id, seq, kind, actor_id, "
                + "from_state, to_state, note, data, at) VALUES (?, ?, (SELECT coalesce(max(seq), 0) + 1 FROM work_record_event "
                + "WHERE tenant_id = ? AND record_id = ?), ?, ?, ?, ?, ?, ?::jsonb, ?)")) {
            ps.setObject(1, tenant.id().value());
            ps.setObject(2, record);
            ps.setObject(3, tenant.id().value());
            ps.setObject(4, record);
            ps.setString(5, kind);
            ps.setObject(6, actor);
            ps.setString(7, from);
            ps.setString(8, to);
            ps.setString(9, note);
            ps.setString(10, json(data));
            Jdbc.setInstant(ps, 11, at);
            ps.executeUpdate();
        }
    }

    /** A keyset position: the last row's creation time and id, as opaque text. */
    record Cursor(Instant at, UUID id) {
        String text() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString((at + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Optional<Cursor> parse(String text) {
            try {
                String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
                int bar = plain.indexOf('|');
                return Optional.of(new Cursor(Instant.parse(plain.substring(0, bar)), UUID.fromString(plain.substring(bar + 1))));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
    }
}
