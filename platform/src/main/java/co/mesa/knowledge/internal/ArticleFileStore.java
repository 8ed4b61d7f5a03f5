package co.mesa.knowledge.internal;

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
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL of the articles' images and files; callers own the tenant-bound transaction. */
@Singleton
public class ArticleFileStore {

    /** A stored file without its bytes. */
    public record FileRow(UUID id, UUID articleId, String fileName, String mediaType, int size, Instant uploadedAt) {
    }

    public void insert(Connection c, TenantId tenant, FileRow row, String sha256, @Nullable UUID by, byte[] content)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO kb_article_file (tenant_id, id, article_id, file_name, "
                + "media_type, size_bytes, sha256, uploaded_by, uploaded_at, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, tenant.value());
            ps.setObject(2, row.id());
            ps.setObject(3, row.articleId());
            ps.setString(4, row.fileName());
            ps.setString(5, row.mediaType());
            ps.setInt(6, row.size());
            ps.setString(7, sha256);
            ps.setObject(8, by);
            Jdbc.setInstant(ps, 9, row.uploadedAt());
            ps.setBytes(10, content);
            ps.executeUpdate();
        }
    }

    public List<FileRow> list(Connection c, TenantId tenant, UUID articleId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, article_id, file_name, media_type, size_bytes, uploaded_at "
                + "FROM kb_article_file WHERE tenant_id = ? AND article_id = ? ORDER BY uploaded_at, id")) {
            ps.setObject(1, tenant.value());
            ps.setObject(2, articleId);
            List<FileRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new FileRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getString(4), rs.getInt(5), Jdbc.instant(rs.getTimestamp(6))));
                }
            }
            return rows;
        }
    }

    /** The file's name, type and bytes, when it belongs to that article. */
    public Optional<Stored> content(Connection c, TenantId tenant, UUID articleId, UUID fileId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT file_name, media_type, content FROM kb_article_file "
                + "WHERE tenant_id = ? AND article_id = ? AND id = ?")) {
            ps.setObject(1, tenant.value());
            ps.setObject(2, articleId);
            ps.setObject(3, fileId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Stored(rs.getString(1), rs.getString(2), rs.getBytes(3))) : Optional.empty();
            }
        }
    }

    /** What a download needs. */
    public record Stored(String fileName, String mediaType, byte[] content) {
    }

    public boolean delete(Connection c, TenantId tenant, UUID articleId, UUID fileId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM kb_article_file WHERE tenant_id = ? AND article_id = ? AND id = ?")) {
            ps.setObject(1, tenant.value());
            ps.setObject(2, articleId);
            ps.setObject(3, fileId);
            return ps.executeUpdate() == 1;
        }
    }

    /** How many files an article has (the per-article limit). */
    public int count(Connection c, TenantId tenant, UUID articleId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM kb_article_file WHERE tenant_id = ? AND article_id = ?")) {
            ps.setObject(1, tenant.value());
            ps.setObject(2, articleId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
