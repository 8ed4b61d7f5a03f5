package co.mesa.ticket.internal;

import co.mesa.shared.Jdbc;
import co.mesa.shared.TenantId;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Surveys offered on cases, their answers and their reviews; every statement in the caller's tenant-bound transaction. */
@Singleton
public class SurveyStore {

    /** One offering of the survey on a case. */
    public record SurveyRow(UUID id, UUID caseId, String occasion, Instant offeredAt, Instant dueAt, UUID requesterId,
                            @Nullable UUID signedBy, @Nullable Instant answeredAt, @Nullable String answeredVia,
                            String review, @Nullable UUID reviewedBy, @Nullable Instant reviewedAt,
                            @Nullable String reviewNote) {
        public boolean answered() {
            return answeredAt != null;
        }

        /** Open: not answered and not past its time. */
        public boolean open(Instant now) {
            return answeredAt == null && now.isBefore(dueAt);
        }
    }

    private static final String COLUMNS = "id, case_id, occasion, offered_at, due_at, requester_id, signed_by, answered_at, "
            + "answered_via, review, reviewed_by, reviewed_at, review_note";

    public void insert(Connection c, TenantId tenant, SurveyRow s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO case_survey (tenant_id, id, case_id, occasion, offered_at, "
                + "due_at, requester_id, signed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, tenant.value());
            ps.setObject(2, s.id());
            ps.setObject(3, s.caseId());
            ps.setString(4, s.occasion());
            Jdbc.setInstant(ps, 5, s.offeredAt());
            Jdbc.setInstant(ps, 6, s.dueAt());
            ps.setObject(7, s.requesterId());
            ps.setObject(8, s.signedBy());
            ps.executeUpdate();
        }
    }

    /** The case's latest offering. */
    public Optional<SurveyRow> latest(Connection c, UUID caseId, boolean lock) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM case_survey WHERE case_id = ? ORDER BY offered_at DESC, id LIMIT 1"
                + (lock ? " FOR UPDATE" : ""), caseId);
    }

    public Optional<SurveyRow> find(Connection c, UUID id, boolean lock) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM case_survey WHERE id = ?" + (lock ? " FOR UPDATE" : ""), id);
    }

    /** The offering whose e-mail link carries a token with this hash. */
    public Optional<SurveyRow> byTokenHash(Connection c, byte[] hash, boolean lock) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM case_survey WHERE token_hash = ?" + (lock ? " FOR UPDATE" : ""), hash);
    }

    /** Replaces the link's token hash (a new invitation voids the previous link). */
    public void setTokenHash(Connection c, UUID id, byte[] hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE case_survey SET token_hash = ? WHERE id = ?")) {
            ps.setBytes(1, hash);
            ps.setObject(2, id);
            ps.executeUpdate();
        }
    }

    /** Records the answers and marks the offering answered (and, with a novedad, pending review). */
    public void answer(Connection c, TenantId tenant, SurveyRow s, Map<String, String> answers, String via, boolean review,
                       Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO case_survey_answer (tenant_id, survey_id, case_id, "
                + "question, value) VALUES (?, ?, ?, ?, ?)")) {
            for (Map.Entry<String, String> a : answers.entrySet()) {
                ps.setObject(1, tenant.value());
                ps.setObject(2, s.id());
                ps.setObject(3, s.caseId());
                ps.setString(4, a.getKey());
                ps.setString(5, a.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE case_survey SET answered_at = ?, answered_via = ?, "
                + "review = ? WHERE id = ? AND answered_at IS NULL")) {
            Jdbc.setInstant(ps, 1, now);
            ps.setString(2, via);
            ps.setString(3, review ? "pending" : "none");
            ps.setObject(4, s.id());
            if (ps.executeUpdate() != 1) {
                throw new SQLException("survey " + s.id() + " was already answered");
            }
        }
    }

    /** "Calificada": the case's survey was answered. */
    public void markRated(Connection c, UUID caseId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE service_case SET rated = true WHERE id = ?")) {
            ps.setObject(1, caseId);
            ps.executeUpdate();
        }
    }

    /** The answers of one offering, by question key. */
    public Map<String, String> answers(Connection c, UUID surveyId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT question, value FROM case_survey_answer WHERE survey_id = ?")) {
            ps.setObject(1, surveyId);
            Map<String, String> out = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
            return out;
        }
    }

    /** Offerings whose novedad waits for review, oldest first. */
    public List<SurveyRow> pendingReviews(Connection c, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM case_survey WHERE review = 'pending' "
                + "ORDER BY answered_at, id LIMIT ?")) {
            ps.setInt(1, limit);
            return rows(ps);
        }
    }

    /** Ends a review with its outcome; false when it was not pending any more (another reviewer was first). */
    public boolean review(Connection c, UUID id, String outcome, UUID by, String note, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE case_survey SET review = ?, reviewed_by = ?, reviewed_at = ?, "
                + "review_note = ? WHERE id = ? AND review = 'pending'")) {
            ps.setString(1, outcome);
            ps.setObject(2, by);
            Jdbc.setInstant(ps, 3, now);
            ps.setString(4, note);
            ps.setObject(5, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** Of these cases, those with an answered survey ("Calificada"). */
    public Set<UUID> answeredAmong(Connection c, Collection<UUID> caseIds) throws SQLException {
        Set<UUID> out = new java.util.HashSet<>();
        if (caseIds.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT case_id FROM case_survey "
                + "WHERE case_id = ANY (?) AND answered_at IS NOT NULL")) {
            ps.setArray(1, c.createArrayOf("uuid", caseIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return out;
    }

    private Optional<SurveyRow> one(Connection c, String sql, Object key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, key);
            List<SurveyRow> rows = rows(ps);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
        }
    }

    private static List<SurveyRow> rows(PreparedStatement ps) throws SQLException {
        List<SurveyRow> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new SurveyRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                        Jdbc.instant(rs.getTimestamp(4)), Jdbc.instant(rs.getTimestamp(5)), rs.getObject(6, UUID.class),
                        rs.getObject(7, UUID.class), Jdbc.instant(rs.getTimestamp(8)), rs.getString(9), rs.getString(10),
                        rs.getObject(11, UUID.class), Jdbc.instant(rs.getTimestamp(12)), rs.getString(13)));
            }
        }
        return out;
    }
}
