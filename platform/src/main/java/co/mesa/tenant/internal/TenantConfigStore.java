package co.mesa.tenant.internal;

import co.mesa.shared.TenantId;
import co.mesa.tenantconfig.ConfigKind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** SQL for the tenant registry and the versions of tenant data. Callers own the transaction. */
@Singleton
public class TenantConfigStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A row of the tenant registry. */
    public record TenantRow(TenantId id, String slug, String realm, String source, long revision) {
    }

    /** The live (newest) version of one kind. */
    public record Version(ConfigKind kind, int version, JsonNode content, String hash, String source,
                          String changedBy, Instant changedAt) {
    }

    public List<TenantRow> tenants(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, slug, realm, source, config_revision FROM tenant ORDER BY slug");
             ResultSet rs = ps.executeQuery()) {
            List<TenantRow> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(row(rs));
            }
            return rows;
        }
    }

    public Optional<TenantRow> tenantBySlug(Connection c, String slug) throws SQLException {
        return tenantWhere(c, "slug", slug);
    }

    public TenantRow insertTenant(Connection c, String slug, String realm, String source) throws SQLException {
        TenantId id = TenantId.random();
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO tenant (id, slug, realm, source) VALUES (?, ?, ?, ?)")) {
            ps.setObject(1, id.value());
            ps.setString(2, slug);
            ps.setString(3, realm);
            ps.setString(4, source);
            ps.executeUpdate();
        }
        return new TenantRow(id, slug, realm, source, 0);
    }

    /**
     * The tenant's revision and the live version of one kind (0 when none), read in one statement so that
     * both are of the same moment (issue 21: a form's version must not be newer than what it shows).
     */
    public long[] revisionAndVersion(Connection c, TenantId tenant, ConfigKind kind) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT t.config_revision, (SELECT coalesce(max(v.version), 0) FROM tenant_config_version v "
                        + "WHERE v.tenant_id = t.id AND v.kind = ?) FROM tenant t WHERE t.id = ?")) {
            ps.setString(1, kind.name());
            ps.setObject(2, tenant.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new long[]{rs.getLong(1), rs.getLong(2)} : new long[]{-1, 0};
            }
        }
    }

    /** Marks a change of the tenant's data so every replica reloads it; returns the new revision. */
    public long bumpRevision(Connection c, TenantId tenant, String realm) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE tenant SET config_revision = config_revision + 1, realm = ? WHERE id = ? RETURNING config_revision")) {
            ps.setString(1, realm);
            ps.setObject(2, tenant.value());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Makes the tenant's host list exactly {@code hosts}. A host already served by another tenant
     * fails the transaction with a clear message rather than stealing it.
     */
    public void replaceHosts(Connection c, TenantId tenant, String slug, List<String> hosts) throws SQLException {
        for (Map.Entry<String, String> owner : hostOwners(c, hosts).entrySet()) {
            if (!owner.getValue().equals(slug)) {
                throw new SQLException("host '" + owner.getKey() + "' of tenant '" + slug
                        + "' is already served by tenant '" + owner.getValue() + "'");
            }
        }
        try (PreparedStatement del = c.prepareStatement("DELETE FROM tenant_host WHERE tenant_id = ? AND NOT host = ANY (?)")) {
            del.setObject(1, tenant.value());
            del.setArray(2, c.createArrayOf("text", hosts.toArray()));
            del.executeUpdate();
        }
        try (PreparedStatement ins = c.prepareStatement(
                "INSERT INTO tenant_host (host, tenant_id) VALUES (?, ?) ON CONFLICT (host) DO NOTHING")) {
            for (String host : hosts) {
                ins.setString(1, host);
                ins.setObject(2, tenant.value());
                ins.addBatch();
            }
            ins.executeBatch();
        }
    }

    /** The newest version of each kind for the tenant bound to this transaction. */
    public Map<ConfigKind, Version> liveVersions(Connection c) throws SQLException {
        Map<ConfigKind, Version> out = new EnumMap<>(ConfigKind.class);
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT DISTINCT ON (kind) kind, version, content::text, content_hash, source, changed_by, changed_at "
                        + "FROM tenant_config_version ORDER BY kind, version DESC");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ConfigKind kind = ConfigKind.valueOf(rs.getString(1));
                out.put(kind, new Version(kind, rs.getInt(2), parse(rs.getString(3)), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getTimestamp(7).toInstant()));
            }
        }
        return out;
    }

    /** The hash each kind had when the folder last imported it (kinds never imported are absent). */
    public Map<ConfigKind, String> lastImportedHashes(Connection c) throws SQLException {
        Map<ConfigKind, String> out = new EnumMap<>(ConfigKind.class);
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT DISTINCT ON (kind) kind, content_hash FROM tenant_config_version "
                        + "WHERE source = 'import' ORDER BY kind, version DESC");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(ConfigKind.valueOf(rs.getString(1)), rs.getString(2));
            }
        }
        return out;
    }

    public Optional<String> lastFolderHash(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT folder_hash FROM tenant_config_import ORDER BY id DESC LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    public long insertImport(Connection c, TenantId tenant, String folderHash, String actor, List<ConfigKind> applied,
                             Map<ConfigKind, String> refused, String report) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO tenant_config_import (tenant_id, folder_hash, imported_by, applied_kinds, refused_kinds, report) "
                        + "VALUES (?, ?, ?, ?, ?, ?) RETURNING id")) {
            ps.setObject(1, tenant.value());
            ps.setString(2, folderHash);
            ps.setString(3, actor);
            ps.setArray(4, names(c, applied));
            ps.setArray(5, names(c, new ArrayList<>(refused.keySet())));
            ps.setString(6, report);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public int insertVersion(Connection c, TenantId tenant, ConfigKind kind, JsonNode content, String hash,
                             String source, Long importId, String actor, List<String> changes) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO tenant_config_version (tenant_id, kind, version, content, content_hash, source, import_id, "
                        + "changed_by, changes) "
                        + "SELECT ?, ?, coalesce(max(version), 0) + 1, ?::jsonb, ?, ?, ?, ?, ?::jsonb "
                        + "FROM tenant_config_version WHERE kind = ? RETURNING version")) {
            ps.setObject(1, tenant.value());
            ps.setString(2, kind.name());
            ps.setString(3, content.toString());
            ps.setString(4, hash);
            ps.setString(5, source);
            ps.setObject(6, importId);
            ps.setString(7, actor);
            ps.setString(8, JSON.valueToTree(changes).toString());
            ps.setString(9, kind.name());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Serialises concurrent importers of one tenant (replicas starting together) until commit. */
    public void lockTenantImport(Connection c, String slug) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            ps.setString(1, "mesa:tenant-config:" + slug);
            ps.execute();
        }
    }

    private static Array names(Connection c, List<ConfigKind> kinds) throws SQLException {
        return c.createArrayOf("text", kinds.stream().map(Enum::name).toArray());
    }

    private static TenantRow row(ResultSet rs) throws SQLException {
        return new TenantRow(new TenantId((UUID) rs.getObject(1)), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getLong(5));
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException("stored tenant document is not JSON", e);
        }
    }

    // ---- operator onboarding and suspension (decision 0008) ---------------------------------

    /** Tenants (slug) already serving any of these hosts, by host. */
    public Map<String, String> hostOwners(Connection c, List<String> hosts) throws SQLException {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT h.host, t.slug FROM tenant_host h JOIN tenant t ON t.id = h.tenant_id WHERE h.host = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("text", hosts.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    public Optional<TenantRow> tenantByRealm(Connection c, String realm) throws SQLException {
        return tenantWhere(c, "realm", realm);
    }

    /** The tenant whose unique column (slug or realm: a fixed name, never the caller's) has this value. */
    private static Optional<TenantRow> tenantWhere(Connection c, String uniqueColumn, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, slug, realm, source, config_revision FROM tenant WHERE " + uniqueColumn + " = ?")) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** Slugs of the tenants with an open suspension period (platform flag, read without a tenant). */
    public java.util.Set<String> suspendedSlugs(Connection c) throws SQLException {
        java.util.Set<String> out = new java.util.HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT slug FROM tenant WHERE suspended_at IS NOT NULL");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** A suspension period; {@code end} is null while it lasts. */
    public record Suspension(long id, Instant start, String startedBy, Instant end, String endedBy) {
    }

    /** Opens a period and sets the platform flag, unless one is open; true when it opened one. */
    public boolean openSuspension(Connection c, TenantId tenant, String actor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE tenant SET suspended_at = now() WHERE id = ? AND suspended_at IS NULL")) {
            ps.setObject(1, tenant.value());
            if (ps.executeUpdate() == 0) {
                return false;
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO tenant_suspension (tenant_id, started_at, started_by) VALUES (?, now(), ?)")) {
            ps.setObject(1, tenant.value());
            ps.setString(2, actor);
            ps.executeUpdate();
        }
        return true;
    }

    /** Closes the open period and clears the flag; true when one was open. */
    public boolean closeSuspension(Connection c, TenantId tenant, String actor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE tenant SET suspended_at = NULL WHERE id = ? AND suspended_at IS NOT NULL")) {
            ps.setObject(1, tenant.value());
            if (ps.executeUpdate() == 0) {
                return false;
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE tenant_suspension SET ended_at = greatest(now(), started_at), ended_by = ? "
                        + "WHERE tenant_id = ? AND ended_at IS NULL")) {
            ps.setString(1, actor);
            ps.setObject(2, tenant.value());
            ps.executeUpdate();
        }
        return true;
    }

    /** Every suspension period of the tenant bound to this transaction, oldest first. */
    public List<Suspension> suspensions(Connection c) throws SQLException {
        List<Suspension> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, started_at, started_by, ended_at, ended_by FROM tenant_suspension ORDER BY started_at, id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                java.sql.Timestamp end = rs.getTimestamp(4);
                out.add(new Suspension(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                        end == null ? null : end.toInstant(), rs.getString(5)));
            }
        }
        return out;
    }

}
