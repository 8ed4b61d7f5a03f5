package co.mesa.identity.internal;

import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * SQL of pending logins and page sessions of the platform's own host (operators): the platform
 * tables of V14, with no tenant and no row level security. Callers own the (platform) transaction.
 * Same records, row mapping and cookie hashing as the tenants' {@link SessionStore}, never the same tables.
 */
@Singleton
public class PlatformSessionStore {

    public void saveAttempt(Connection c, SessionStore.Attempt a) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO platform_login_attempt (state, nonce, verifier, return_to) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, a.state());
            ps.setString(2, a.nonce());
            ps.setString(3, a.verifier());
            ps.setString(4, a.returnTo());
            ps.executeUpdate();
        }
        // Abandoned logins and ended sessions do not pile up.
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM platform_login_attempt WHERE created_at < now() - interval '1 hour'")) {
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM platform_web_session WHERE expires_at < now()")) {
            ps.executeUpdate();
        }
    }

    /** Takes (reads and deletes) an attempt: a state is good for one callback only. */
    public Optional<SessionStore.Attempt> takeAttempt(Connection c, String state) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM platform_login_attempt WHERE state = ? AND created_at > now() - interval '15 minutes' "
                        + "RETURNING state, nonce, verifier, return_to, created_at")) {
            ps.setString(1, state);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(SessionStore.attempt(rs));
            }
        }
    }

    public void saveSession(Connection c, String token, SessionStore.Session s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO platform_web_session (token_hash, subject, username, roles, attributes, id_token, csrf, expires_at) "
                        + "VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?)")) {
            SessionStore.bindSession(c, ps, 1, token, s);
            ps.executeUpdate();
        }
    }

    public Optional<SessionStore.Session> findSession(Connection c, String token) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT subject, username, roles, attributes::text, id_token, csrf, expires_at FROM platform_web_session "
                        + "WHERE token_hash = ? AND expires_at > now()")) {
            ps.setString(1, SessionStore.hash(token));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(SessionStore.session(rs)) : Optional.empty();
            }
        }
    }

    public void deleteSession(Connection c, String token) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM platform_web_session WHERE token_hash = ?")) {
            ps.setString(1, SessionStore.hash(token));
            ps.executeUpdate();
        }
    }
}
