package co.mesa.identity.internal;

import co.mesa.shared.TenantId;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SQL of pending logins and page sessions; callers own the (tenant-bound) transaction. */
@Singleton
public class SessionStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A login on its way through Keycloak. */
    public record Attempt(String state, String nonce, String verifier, String returnTo, Instant createdAt) {
    }

    /** A signed-in page session. */
    public record Session(String subject, String username, List<String> roles, Map<String, Object> attributes,
                          String idToken, String csrf, Instant expiresAt) {
    }

    public void saveAttempt(Connection c, TenantId tenant, Attempt a) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO login_attempt (tenant_id, state, nonce, verifier, return_to) VALUES (?, ?, ?, ?, ?)")) {
            ps.setObject(1, tenant.value());
            ps.setString(2, a.state());
            ps.setString(3, a.nonce());
            ps.setString(4, a.verifier());
            ps.setString(5, a.returnTo());
            ps.executeUpdate();
        }
        // Abandoned logins do not pile up.
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM login_attempt WHERE created_at < now() - interval '1 hour'")) {
            ps.executeUpdate();
        }
    }

    /** Takes (reads and deletes) an attempt: a state is good for one callback only. */
    public Optional<Attempt> takeAttempt(Connection c, String state) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM login_attempt WHERE state = ? AND created_at > now() - interval '15 minutes' "
                        + "RETURNING state, nonce, verifier, return_to, created_at")) {
            ps.setString(1, state);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(attempt(rs));
            }
        }
    }

    public void saveSession(Connection c, TenantId tenant, String token, Session s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO web_session (tenant_id, token_hash, subject, username, roles, attributes, id_token, csrf, expires_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)")) {
            ps.setObject(1, tenant.value());
            bindSession(c, ps, 2, token, s);
            ps.executeUpdate();
        }
    }

    public Optional<Session> findSession(Connection c, String token) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT subject, username, roles, attributes::text, id_token, csrf, expires_at FROM web_session "
                        + "WHERE token_hash = ? AND expires_at > now()")) {
            ps.setString(1, hash(token));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(session(rs)) : Optional.empty();
            }
        }
    }

    public void deleteSession(Connection c, String token) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM web_session WHERE token_hash = ?")) {
            ps.setString(1, hash(token));
            ps.executeUpdate();
        }
    }

    /** An attempt from columns state, nonce, verifier, return_to, created_at (this order). */
    static Attempt attempt(ResultSet rs) throws SQLException {
        return new Attempt(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant());
    }

    /** Binds token_hash, subject, username, roles, attributes, id_token, csrf, expires_at from parameter {@code first}. */
    static void bindSession(Connection c, PreparedStatement ps, int first, String token, Session s) throws SQLException {
        ps.setString(first, hash(token));
        ps.setString(first + 1, s.subject());
        ps.setString(first + 2, s.username());
        ps.setArray(first + 3, c.createArrayOf("text", s.roles().toArray()));
        try {
            ps.setString(first + 4, JSON.writeValueAsString(s.attributes()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("session attributes are not JSON", e);
        }
        ps.setString(first + 5, s.idToken());
        ps.setString(first + 6, s.csrf());
        ps.setTimestamp(first + 7, Timestamp.from(s.expiresAt()));
    }

    /** A session from columns subject, username, roles, attributes::text, id_token, csrf, expires_at (this order). */
    @SuppressWarnings("unchecked")
    static Session session(ResultSet rs) throws SQLException {
        try {
            return new Session(rs.getString(1), rs.getString(2), Arrays.asList((String[]) rs.getArray(3).getArray()),
                    JSON.readValue(rs.getString(4), Map.class), rs.getString(5), rs.getString(6),
                    rs.getTimestamp(7).toInstant());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("stored session attributes are not JSON", e);
        }
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
