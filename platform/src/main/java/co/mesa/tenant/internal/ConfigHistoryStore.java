package co.mesa.tenant.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The version history of one kind of tenant data; callers own the (tenant-bound) transaction. */
@Singleton
public class ConfigHistoryStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One stored version: who, when, from where, and what changed against the one before. */
    public record Entry(int version, String source, String changedBy, Instant changedAt, JsonNode changes) {
    }

    /** The versions of a kind after {@code version}, oldest first: what changed since a caller read it. */
    public List<Entry> since(Connection c, String kind, int version) throws SQLException {
        List<Entry> out = new ArrayList<>(history(c, kind, 100).stream().filter(e -> e.version() > version).toList());
        java.util.Collections.reverse(out);
        return out;
    }

    public List<Entry> history(Connection c, String kind, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT version, source, changed_by, changed_at, changes::text FROM tenant_config_version "
                        + "WHERE kind = ? ORDER BY version DESC LIMIT ?")) {
            ps.setString(1, kind);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<Entry> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Entry(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
                            JSON.readTree(rs.getString(5))));
                }
                return out;
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("stored changes are not JSON", e);
        }
    }
}
