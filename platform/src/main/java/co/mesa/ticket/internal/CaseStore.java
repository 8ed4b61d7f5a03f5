package co.mesa.ticket.internal;

import co.mesa.shared.Jdbc;

import co.mesa.shared.TenantId;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** SQL of cases, their events, links, attachments and idempotency keys; callers own the tenant-bound transaction. */
@Singleton
public class CaseStore {

    private final CaseCountChanges countChanges;

    public CaseStore(CaseCountChanges countChanges) {
        this.countChanges = countChanges;
    }

    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private static final String COLUMNS = "id, code, code_year, code_sequence, case_type, origin, service_line, service, "
            + "category, template, site, title, description, impact, urgency, priority, requester_id, registered_by_id, "
            + "contact, fields, informed, state, substate, assigned_group, assigned_agent_id, first_response_at, "
            + "resolved_at, closed_at, created_at, updated_at, version";
    /** The same, of service_case aliased {@code c}, for a join. */
    private static final String C_COLUMNS = "c." + COLUMNS.replace(", ", ", c.");

    /** An attachment's metadata. */
    public record AttachmentRow(UUID id, UUID caseId, String slot, String fileName, String mediaType, long sizeBytes,
                                String sha256, UUID uploadedBy, Instant uploadedAt) {
    }

    /** The SLA columns of a case row; {@code frozen} is written once, when the case closes. */
    public record SlaColumns(Instant responseDueAt, Instant resolutionDueAt, boolean paused, boolean expired,
                             Instant checkAt, String frozen) {
    }

    /** A stored idempotency key. */
    public record IdempotencyRow(String requestHash, UUID caseId, String response) {
    }

    /** A related case. */
    public record LinkRow(UUID relatedId, String code, String relation) {
    }

    public void insertCase(Connection c, TenantId tenant, CaseRow r, SlaColumns sla) throws SQLException {
        countChanges.changed();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO service_case (tenant_id, " + COLUMNS
                + ", response_due_at, resolution_due_at, sla_paused, expired, sla_check_at, sla_final) VALUES "
                + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + "?, ?, ?, ?, ?, ?)")) {
            int i = 1;
            ps.setObject(i++, tenant.value());
            ps.setObject(i++, r.id());
            ps.setString(i++, r.code());
            ps.setInt(i++, r.codeYear());
            ps.setLong(i++, r.codeSequence());
            ps.setString(i++, r.caseType());
            ps.setString(i++, r.origin());
            ps.setString(i++, r.serviceLine());
            ps.setString(i++, r.service());
            ps.setString(i++, r.category());
            ps.setString(i++, r.template());
            ps.setString(i++, r.site());
            ps.setString(i++, r.title());
            ps.setString(i++, r.description());
            ps.setString(i++, r.impact());
            ps.setString(i++, r.urgency());
            ps.setString(i++, r.priority());
            ps.setObject(i++, r.requesterId());
            ps.setObject(i++, r.registeredById());
            ps.setString(i++, json(r.contact()));
            ps.setString(i++, json(r.fields()));
            ps.setString(i++, json(r.informed()));
            ps.setString(i++, r.state());
            ps.setString(i++, r.substate());
            ps.setString(i++, r.assignedGroup());
            ps.setObject(i++, r.assignedAgentId());
            Jdbc.setInstant(ps, i++, r.firstResponseAt());
            Jdbc.setInstant(ps, i++, r.resolvedAt());
            Jdbc.setInstant(ps, i++, r.closedAt());
            Jdbc.setInstant(ps, i++, r.createdAt());
            Jdbc.setInstant(ps, i++, r.updatedAt());
            ps.setInt(i++, r.version());
            setSla(ps, i, sla);
            ps.executeUpdate();
        }
    }

    private static int setSla(PreparedStatement ps, int i, SlaColumns sla) throws SQLException {
        Jdbc.setInstant(ps, i++, sla.responseDueAt());
        Jdbc.setInstant(ps, i++, sla.resolutionDueAt());
        ps.setBoolean(i++, sla.paused());
        ps.setBoolean(i++, sla.expired());
        Jdbc.setInstant(ps, i++, sla.checkAt());
        ps.setString(i++, sla.frozen());
        return i;
    }

    /** Only the SLA columns (the sweep's recomputation: derived data, no event); the frozen outcome is never replaced. */
    public void updateSla(Connection c, UUID id, SlaColumns sla) throws SQLException {
        countChanges.changed();
        try (PreparedStatement ps = c.prepareStatement("UPDATE service_case SET response_due_at = ?, resolution_due_at = ?, "
                + "sla_paused = ?, expired = ?, sla_check_at = ?, sla_final = coalesce(sla_final, ?) WHERE id = ?")) {
            int i = setSla(ps, 1, sla);
            ps.setObject(i, id);
            ps.executeUpdate();
        }
    }

    /** One case's recomputed SLA columns, for the version of the row they were computed from. */
    public record SlaUpdate(UUID id, int version, SlaColumns sla) {
    }

    /**
     * Open cases with ids in ({@code after}, {@code upTo}] (ids ordered as PostgreSQL orders uuid), read
     * without locking: the recompute writes with a version check instead (locking 500 rows per batch dirtied
     * every page it touched even when nothing changed), and splits an entity's cases into such ranges.
     */
    public List<CaseRow> openInRangeUnlocked(Connection c, TenantId tenant, UUID after, UUID upTo, int limit)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM service_case "
                + "WHERE tenant_id = ? AND closed_at IS NULL AND id > ? AND id <= ? ORDER BY id LIMIT ?")) {
            ps.setObject(1, tenant.value());
            ps.setObject(2, after);
            ps.setObject(3, upTo);
            ps.setInt(4, limit);
            return rows(ps);
        }
    }

    /** The logs of many cases in one query, each oldest first (a recompute's batch). */
    public Map<UUID, List<EventRow>> events(Connection c, TenantId tenant, Collection<UUID> caseIds) throws SQLException {
        Map<UUID, List<EventRow>> out = new java.util.HashMap<>();
        if (caseIds.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT case_id, version, at, actor_id, actor_kind, kind, published, "
                + "note, changes, data FROM case_event WHERE tenant_id = ? AND case_id = ANY (?) AND version > 0 "
                + "ORDER BY case_id, version")) {
            ps.setObject(1, tenant.value());
            ps.setArray(2, c.createArrayOf("uuid", caseIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    EventRow e = new EventRow(rs.getObject(1, UUID.class), rs.getInt(2), rs.getTimestamp(3).toInstant(),
                            rs.getObject(4, UUID.class), rs.getString(5), rs.getString(6), rs.getBoolean(7),
                            rs.getString(8), map(rs.getString(9)), map(rs.getString(10)));
                    out.computeIfAbsent(e.caseId(), k -> new ArrayList<>()).add(e);
                }
            }
        }
        return out;
    }

    public void setSolution(Connection c, UUID id, String solution) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE service_case SET solution = ? WHERE id = ?")) {
            ps.setString(1, solution);
            ps.setObject(2, id);
            ps.executeUpdate();
        }
    }

    /** The SLA outcome a closed case was closed with, if any. */
    /** A case reopened after its end: its frozen SLA is dropped, to be frozen again at the next end. */
    public void reopenSla(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE service_case SET sla_final = NULL WHERE id = ?")) {
            ps.setObject(1, id);
            ps.executeUpdate();
        }
    }

    public Optional<String> frozenSla(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT sla_final FROM service_case WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Open cases whose next SLA instant has come, locked, skipping those another replica holds. */
    public List<CaseRow> slaDue(Connection c, Instant now, int limit) throws SQLException {
        // open_case_sla holds each open case's sla_check_at, indexed (V61_1): service_case's copy is not, so that
        // a recompute's write can be HOT.
        try (PreparedStatement ps = c.prepareStatement("SELECT " + C_COLUMNS + " FROM service_case c JOIN open_case_sla s "
                + "ON s.tenant_id = c.tenant_id AND s.case_id = c.id WHERE s.check_at <= ? AND c.closed_at IS NULL "
                + "ORDER BY s.check_at LIMIT ? FOR UPDATE OF c SKIP LOCKED")) {
            Jdbc.setInstant(ps, 1, now);
            ps.setInt(2, limit);
            return rows(ps);
        }
    }

    /** Open cases left to their group with nobody on them, oldest first, locked, skipping those another replica holds. */
    public List<CaseRow> waitingForAnAgent(Connection c, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM service_case WHERE closed_at IS NULL "
                + "AND assigned_agent_id IS NULL AND assigned_group IS NOT NULL ORDER BY created_at LIMIT ? "
                + "FOR UPDATE SKIP LOCKED")) {
            ps.setInt(1, limit);
            return rows(ps);
        }
    }

    /** Open cases after {@code after} by id (keyset), locked, skipping those another replica holds. */
    public List<CaseRow> openAfter(Connection c, UUID after, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM service_case "
                + "WHERE closed_at IS NULL AND id > ? ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")) {
            ps.setObject(1, after);
            ps.setInt(2, limit);
            return rows(ps);
        }
    }

    private static List<CaseRow> rows(PreparedStatement ps) throws SQLException {
        List<CaseRow> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(row(rs));
            }
        }
        return out;
    }

    /** The mutable part of a case, written only if the version is still the one read (the row is locked anyway). */
    public void update(Connection c, CaseRow r, int previousVersion, SlaColumns sla) throws SQLException {
        countChanges.changed();
        try (PreparedStatement ps = c.prepareStatement("UPDATE service_case SET service_line = ?, service = ?, category = ?, "
                + "impact = ?, urgency = ?, priority = ?, state = ?, substate = ?, assigned_group = ?, assigned_agent_id = ?, first_response_at = ?, "
                + "resolved_at = ?, closed_at = ?, updated_at = ?, version = ?, response_due_at = ?, resolution_due_at = ?, "
                + "sla_paused = ?, expired = ?, sla_check_at = ?, sla_final = coalesce(sla_final, ?) "
                + "WHERE id = ? AND version = ?")) {
            int i = 1;
            ps.setString(i++, r.serviceLine());
            ps.setString(i++, r.service());
            ps.setString(i++, r.category());
            ps.setString(i++, r.impact());
            ps.setString(i++, r.urgency());
            ps.setString(i++, r.priority());
            ps.setString(i++, r.state());
            ps.setString(i++, r.substate());
            ps.setString(i++, r.assignedGroup());
            ps.setObject(i++, r.assignedAgentId());
            Jdbc.setInstant(ps, i++, r.firstResponseAt());
            Jdbc.setInstant(ps, i++, r.resolvedAt());
            Jdbc.setInstant(ps, i++, r.closedAt());
            Jdbc.setInstant(ps, i++, r.updatedAt());
            ps.setInt(i++, r.version());
            i = setSla(ps, i, sla);
            ps.setObject(i++, r.id());
            ps.setInt(i, previousVersion);
            if (ps.executeUpdate() != 1) {
                throw new SQLException("case " + r.id() + " is not at version " + previousVersion);
            }
        }
    }

    public Optional<CaseRow> find(Connection c, UUID id, boolean lock) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM service_case WHERE id = ?" + (lock ? " FOR UPDATE" : ""), id);
    }

    public Optional<CaseRow> findByCode(Connection c, String code) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM service_case WHERE code = ?", code);
    }

    /** Open cases in these states, oldest change first, locked, skipping those another replica holds. */
    public List<CaseRow> inStates(Connection c, Collection<String> states, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM service_case "
                + "WHERE closed_at IS NULL AND state = ANY (?) ORDER BY updated_at LIMIT ? FOR UPDATE SKIP LOCKED")) {
            ps.setArray(1, c.createArrayOf("text", states.toArray()));
            ps.setInt(2, limit);
            return rows(ps);
        }
    }

    public void insertEvent(Connection c, TenantId tenant, EventRow e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO case_event (tenant_id, case_id, version, at, actor_id, "
                + "actor_kind, kind, published, note, changes, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)")) {
            ps.setObject(1, tenant.value());
            ps.setObject(2, e.caseId());
            ps.setInt(3, e.version());
            Jdbc.setInstant(ps, 4, e.at());
            ps.setObject(5, e.actorId());
            ps.setString(6, e.actorKind());
            ps.setString(7, e.kind());
            ps.setBoolean(8, e.published());
            ps.setString(9, e.note());
            ps.setString(10, json(e.changes()));
            ps.setString(11, json(e.data()));
            ps.executeUpdate();
        }
    }

    /** Events after {@code afterVersion}, oldest first. */
    public List<EventRow> events(Connection c, UUID caseId, int afterVersion) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT case_id, version, at, actor_id, actor_kind, kind, published, "
                + "note, changes, data FROM case_event WHERE case_id = ? AND version > ? ORDER BY version")) {
            ps.setObject(1, caseId);
            ps.setInt(2, afterVersion);
            List<EventRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new EventRow(rs.getObject(1, UUID.class), rs.getInt(2), rs.getTimestamp(3).toInstant(),
                            rs.getObject(4, UUID.class), rs.getString(5), rs.getString(6), rs.getBoolean(7),
                            rs.getString(8), map(rs.getString(9)), map(rs.getString(10))));
                }
            }
            return out;
        }
    }

    public void insertLink(Connection c, TenantId tenant, UUID caseId, UUID relatedId, String relation, Instant at)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO case_link (tenant_id, case_id, related_id, relation, "
                + "created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant_id, case_id, related_id) DO UPDATE SET relation = excluded.relation")) {
            ps.setObject(1, tenant.value());
            ps.setObject(2, caseId);
            ps.setObject(3, relatedId);
            ps.setString(4, relation);
            Jdbc.setInstant(ps, 5, at);
            ps.executeUpdate();
        }
    }

    /** Links in both directions; the code is the other case's. */
    public List<LinkRow> links(Connection c, UUID caseId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT l.related_id, s.code, l.relation FROM case_link l "
                + "JOIN service_case s ON s.tenant_id = l.tenant_id AND s.id = l.related_id WHERE l.case_id = ? "
                + "UNION ALL SELECT l.case_id, s.code, CASE l.relation WHEN 'duplicate-of' THEN 'duplicated-by' ELSE l.relation END "
                + "FROM case_link l JOIN service_case s ON s.tenant_id = l.tenant_id AND s.id = l.case_id WHERE l.related_id = ? "
                + "ORDER BY 2")) {
            ps.setObject(1, caseId);
            ps.setObject(2, caseId);
            List<LinkRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new LinkRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)));
                }
            }
            return out;
        }
    }

    // ---- attachments ------------------------------------------------------------------------

    public void insertAttachment(Connection c, TenantId tenant, AttachmentRow a, byte[] content) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO case_attachment (tenant_id, id, case_id, slot, file_name, "
                + "media_type, size_bytes, sha256, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, tenant.value());
            ps.setObject(2, a.id());
            ps.setObject(3, a.caseId());
            ps.setString(4, a.slot());
            ps.setString(5, a.fileName());
            ps.setString(6, a.mediaType());
            ps.setLong(7, a.sizeBytes());
            ps.setString(8, a.sha256());
            ps.setObject(9, a.uploadedBy());
            Jdbc.setInstant(ps, 10, a.uploadedAt());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO case_attachment_content (tenant_id, id, content) VALUES (?, ?, ?)")) {
            ps.setObject(1, tenant.value());
            ps.setObject(2, a.id());
            ps.setBytes(3, content);
            ps.executeUpdate();
        }
    }

    public Optional<AttachmentRow> attachment(Connection c, UUID id, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, case_id, slot, file_name, media_type, size_bytes, sha256, "
                + "uploaded_by, uploaded_at FROM case_attachment WHERE id = ?" + (lock ? " FOR UPDATE" : ""))) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(attachmentRow(rs)) : Optional.empty();
            }
        }
    }

    public List<AttachmentRow> attachments(Connection c, UUID caseId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, case_id, slot, file_name, media_type, size_bytes, sha256, "
                + "uploaded_by, uploaded_at FROM case_attachment WHERE case_id = ? ORDER BY uploaded_at, id")) {
            ps.setObject(1, caseId);
            List<AttachmentRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(attachmentRow(rs));
                }
            }
            return out;
        }
    }

    public void linkAttachment(Connection c, UUID attachment, UUID caseId, String slot) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE case_attachment SET case_id = ?, slot = ? WHERE id = ? AND case_id IS NULL")) {
            ps.setObject(1, caseId);
            ps.setString(2, slot);
            ps.setObject(3, attachment);
            if (ps.executeUpdate() != 1) {
                throw new SQLException("attachment " + attachment + " is already linked");
            }
        }
    }

    public Optional<byte[]> content(Connection c, UUID attachment) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT content FROM case_attachment_content WHERE id = ?")) {
            ps.setObject(1, attachment);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        }
    }

    /** One upload of this person that no case holds: removed with its bytes. */
    public boolean deleteUnlinkedAttachment(Connection c, UUID id, UUID uploadedBy) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM case_attachment WHERE id = ? AND uploaded_by = ? AND case_id IS NULL")) {
            ps.setObject(1, id);
            ps.setObject(2, uploadedBy);
            return ps.executeUpdate() == 1;
        }
    }

    /** Uploads never linked to a case and older than the cutoff: removed with their bytes. */
    public int deleteUnlinkedAttachments(Connection c, Instant before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM case_attachment WHERE case_id IS NULL AND uploaded_at < ?")) {
            Jdbc.setInstant(ps, 1, before);
            return ps.executeUpdate();
        }
    }

    // ---- idempotency -------------------------------------------------------------------------

    /**
     * Claims a key for a new case. Empty when claimed now; the stored row when the key was used
     * before (a concurrent first use is waited for by the unique index).
     */
    public Optional<IdempotencyRow> claim(Connection c, TenantId tenant, String caller, String key, String hash,
                                          UUID caseId, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO idempotency_key (tenant_id, caller, key, request_hash, "
                + "case_id, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, caller, key) DO NOTHING")) {
            ps.setObject(1, tenant.value());
            ps.setString(2, caller);
            ps.setString(3, key);
            ps.setString(4, hash);
            ps.setObject(5, caseId);
            Jdbc.setInstant(ps, 6, at);
            if (ps.executeUpdate() == 1) {
                return Optional.empty();
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT request_hash, case_id, response FROM idempotency_key WHERE caller = ? AND key = ?")) {
            ps.setString(1, caller);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Optional.of(new IdempotencyRow(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3)));
            }
        }
    }

    public void saveResponse(Connection c, String caller, String key, String response) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE idempotency_key SET response = ? WHERE caller = ? AND key = ?")) {
            ps.setString(1, response);
            ps.setString(2, caller);
            ps.setString(3, key);
            ps.executeUpdate();
        }
    }

    public int deleteIdempotencyKeys(Connection c, Instant before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM idempotency_key WHERE created_at < ?")) {
            Jdbc.setInstant(ps, 1, before);
            return ps.executeUpdate();
        }
    }

    // ---- outbox --------------------------------------------------------------------------------

    /** Records a side effect in the change's transaction; the same dedupe key twice is one entry. */
    /** Writes an outbox entry; true when written, false when its dedupe key was already there. */
    public boolean emit(Connection c, TenantId tenant, String topic, UUID caseId, Map<String, Object> payload,
                     String dedupeKey, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (tenant_id, topic, case_id, payload, dedupe_key, "
                + "created_at) VALUES (?, ?, ?, ?::jsonb, ?, ?) ON CONFLICT (tenant_id, dedupe_key) DO NOTHING")) {
            ps.setObject(1, tenant.value());
            ps.setString(2, topic);
            ps.setObject(3, caseId);
            ps.setString(4, json(payload));
            ps.setString(5, dedupeKey);
            Jdbc.setInstant(ps, 6, at);
            return ps.executeUpdate() > 0;
        }
    }

    // ---- people ----------------------------------------------------------------------------------

    /** Names of people by id (only this tenant's: row level security). */
    public Map<UUID, String> names(Connection c, Collection<UUID> ids) throws SQLException {
        Map<UUID, String> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name FROM person WHERE id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getObject(1, UUID.class), rs.getString(2));
                }
            }
        }
        return out;
    }

    /**
     * Of these e-mail addresses (any case), those that belong to agents or supervisors of this tenant's
     * directory, lowercased. An address that also belongs to someone who is not an agent is not one.
     */
    public java.util.Set<String> agentAddresses(Connection c, java.util.UUID tenantId, Collection<String> addresses)
            throws SQLException {
        java.util.Set<String> out = new java.util.HashSet<>();
        if (addresses.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT lower(email) FROM person WHERE tenant_id = ? "
                + "AND lower(email) = ANY (?) GROUP BY lower(email) "
                + "HAVING bool_and(roles && ARRAY['agent', 'supervisor']::text[])")) {
            ps.setObject(1, tenantId);
            ps.setArray(2, c.createArrayOf("text", addresses.stream().map(a -> a.toLowerCase(java.util.Locale.ROOT)).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** A person's directory groups and realm roles (what routing rules and template audiences match). */
    public java.util.Set<String> audiences(Connection c, UUID person) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT groups, roles FROM person WHERE id = ?")) {
            ps.setObject(1, person);
            try (ResultSet rs = ps.executeQuery()) {
                java.util.Set<String> out = new java.util.HashSet<>();
                if (rs.next()) {
                    out.addAll(List.of((String[]) rs.getArray(1).getArray()));
                    out.addAll(List.of((String[]) rs.getArray(2).getArray()));
                }
                return out;
            }
        }
    }

    /** Realm roles of a person of this tenant, as last seen; empty when there is no such person. */
    public Optional<List<String>> roles(Connection c, UUID person) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT roles FROM person WHERE id = ?")) {
            ps.setObject(1, person);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(List.of((String[]) rs.getArray(1).getArray()));
            }
        }
    }

    // ---- mapping ---------------------------------------------------------------------------------

    private Optional<CaseRow> one(Connection c, String sql, Object key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private static CaseRow row(ResultSet rs) throws SQLException {
        return new CaseRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15), rs.getString(16),
                rs.getObject(17, UUID.class), rs.getObject(18, UUID.class), stringMap(rs.getString(19)),
                map(rs.getString(20)), list(rs.getString(21)), rs.getString(22), rs.getString(23), rs.getString(24),
                rs.getObject(25, UUID.class), instant(rs, 26), instant(rs, 27), instant(rs, 28), instant(rs, 29),
                instant(rs, 30), rs.getInt(31));
    }

    private static AttachmentRow attachmentRow(ResultSet rs) throws SQLException {
        return new AttachmentRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getLong(6), rs.getString(7), rs.getObject(8, UUID.class),
                rs.getTimestamp(9).toInstant());
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }


    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> map(String json) throws SQLException {
        return parse(json, new TypeReference<>() { });
    }

    private static Map<String, String> stringMap(String json) throws SQLException {
        return parse(json, new TypeReference<>() { });
    }

    private static List<Map<String, Object>> list(String json) throws SQLException {
        return parse(json, new TypeReference<>() { });
    }

    private static <T> T parse(String json, TypeReference<T> type) throws SQLException {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable JSON column: " + e.getOriginalMessage(), e);
        }
    }
}
