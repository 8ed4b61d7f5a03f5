package co.mesa.notification.internal;

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

import java.time.Instant;


import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** SQL of the outbox and of email deliveries; callers own the tenant-bound transaction. */
@Singleton
public class OutboxStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One outbox entry. */
    public record Entry(long id, String topic, UUID caseId, Map<String, Object> payload, Instant createdAt, int attempts,
                        Instant nextAttemptAt, String lastError, Instant deliveredAt, Instant deadAt) {
    }

    private static final String COLUMNS = "id, topic, case_id, payload, created_at, attempts, next_attempt_at, last_error, "
            + "delivered_at, dead_at";

    /** Entries due now, oldest first, locked; another replica skips them. */
    public List<Entry> due(Connection c, Instant now, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM outbox WHERE delivered_at IS NULL "
                + "AND dead_at IS NULL AND coalesce(next_attempt_at, created_at) <= ? ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")) {
            Jdbc.setInstant(ps, 1, now);
            ps.setInt(2, limit);
            return list(ps);
        }
    }

    public List<Entry> dead(Connection c, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM outbox WHERE dead_at IS NOT NULL "
                + "ORDER BY dead_at DESC LIMIT ?")) {
            ps.setInt(1, limit);
            return list(ps);
        }
    }

    public boolean delivered(Connection c, long outboxId, String recipient) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM email_delivery WHERE outbox_id = ? AND recipient = ?")) {
            ps.setLong(1, outboxId);
            ps.setString(2, recipient);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public void recordDelivery(Connection c, TenantId tenant, long outboxId, String recipient, String messageId,
                               String subject, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO email_delivery (tenant_id, outbox_id, recipient, "
                + "message_id, subject, sent_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setObject(1, tenant.value());
            ps.setLong(2, outboxId);
            ps.setString(3, recipient);
            ps.setString(4, messageId);
            ps.setString(5, subject);
            Jdbc.setInstant(ps, 6, at);
            ps.executeUpdate();
        }
    }

    public void markDelivered(Connection c, long id, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE outbox SET delivered_at = ?, last_error = NULL WHERE id = ?")) {
            Jdbc.setInstant(ps, 1, at);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    public void markFailed(Connection c, long id, int attempts, Instant next, String error, Instant deadAt)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET attempts = ?, next_attempt_at = ?, "
                + "last_error = ?, dead_at = ? WHERE id = ?")) {
            ps.setInt(1, attempts);
            Jdbc.setInstant(ps, 2, next);
            ps.setString(3, error);
            Jdbc.setInstant(ps, 4, deadAt);
            ps.setLong(5, id);
            ps.executeUpdate();
        }
    }

    /** Puts a dead entry back in line; false when there is no such dead entry here. */
    public boolean retry(Connection c, long id, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET dead_at = NULL, attempts = 0, "
                + "next_attempt_at = ? WHERE id = ? AND dead_at IS NOT NULL")) {
            Jdbc.setInstant(ps, 1, now);
            ps.setLong(2, id);
            return ps.executeUpdate() == 1;
        }
    }

    private static List<Entry> list(PreparedStatement ps) throws SQLException {
        List<Entry> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Map<String, Object> payload;
                try {
                    payload = JSON.readValue(rs.getString(4), new TypeReference<>() { });
                } catch (JsonProcessingException e) {
                    throw new SQLException("unreadable outbox payload " + rs.getLong(1), e);
                }
                out.add(new Entry(rs.getLong(1), rs.getString(2), rs.getObject(3, UUID.class), payload,
                        Jdbc.instant(rs.getTimestamp(5)), rs.getInt(6), Jdbc.instant(rs.getTimestamp(7)), rs.getString(8),
                        Jdbc.instant(rs.getTimestamp(9)), Jdbc.instant(rs.getTimestamp(10))));
            }
        }
        return out;
    }

}
