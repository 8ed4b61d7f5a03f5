package co.mesa.knowledge.internal;

import static co.mesa.knowledge.internal.ArticleRows.COLUMNS;
import static co.mesa.knowledge.internal.ArticleRows.articles;
import static co.mesa.knowledge.internal.ArticleRows.list;
import static co.mesa.knowledge.internal.ArticleRows.texts;
import static co.mesa.knowledge.internal.ArticleRows.words;

import co.mesa.knowledge.Article;
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

/**
 * SQL of the knowledge base's articles and their versions; callers own the tenant-bound transaction. Every query
 * names the tenant besides row level security (the second wall). Search is {@link ArticleSearchStore}; votes,
 * deflections and case links are {@link ArticleFeedbackStore}.
 */
@Singleton
public class ArticleStore {

    public Optional<Article> find(Connection c, TenantId tenant, UUID id) throws SQLException {
        return one(c, tenant, id, "");
    }

    /** The article, its row locked until the transaction ends. */
    public Optional<Article> forUpdate(Connection c, TenantId tenant, UUID id) throws SQLException {
        return one(c, tenant, id, " FOR UPDATE");
    }

    private static Optional<Article> one(Connection c, TenantId tenant, UUID id, String lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM kb_article WHERE tenant_id = ? AND id = ?" + lock)) {
            ps.setObject(1, tenant.value());
            ps.setObject(2, id);
            return articles(ps).stream().findFirst();
        }
    }

    public Optional<Article> bySource(Connection c, TenantId tenant, String source) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM kb_article WHERE tenant_id = ? AND source = ?")) {
            ps.setObject(1, tenant.value());
            ps.setString(2, source);
            return articles(ps).stream().findFirst();
        }
    }

    /** The source's hash and the version the folder wrote last, for the once-only import. */
    public record SourceMark(String hash, int version) {
    }

    public Optional<SourceMark> sourceMark(Connection c, TenantId tenant, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT source_hash, source_version FROM kb_article WHERE tenant_id = ? AND id = ? AND source IS NOT NULL")) {
            ps.setObject(1, tenant.value());
            ps.setObject(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new SourceMark(rs.getString(1), rs.getInt(2))) : Optional.empty();
            }
        }
    }

    public void insert(Connection c, TenantId tenant, Article a, @Nullable String sourceHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO kb_article (tenant_id, " + COLUMNS
                + ", source_hash, source_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = bindAll(c, ps, tenant, a);
            ps.setString(i++, sourceHash);
            if (sourceHash == null) {
                ps.setNull(i, java.sql.Types.INTEGER);
            } else {
                ps.setInt(i, a.version());
            }
            ps.executeUpdate();
        }
    }

    public void update(Connection c, TenantId tenant, Article a, @Nullable String sourceHash) throws SQLException {
        String sourceSet = sourceHash == null ? "" : ", source_hash = ?, source_version = ?";
        try (PreparedStatement ps = c.prepareStatement("UPDATE kb_article SET state = ?, title = ?, summary = ?, body = ?, "
                + "keywords = ?, services = ?, categories = ?, audience = ?, audience_groups = ?, reviewer_id = ?, version = ?, "
                + "updated_at = ?, published_at = ?" + sourceSet + " WHERE tenant_id = ? AND id = ?")) {
            int i = 1;
            ps.setString(i++, a.state().key());
            ps.setString(i++, a.title());
            ps.setString(i++, a.summary());
            ps.setString(i++, a.body());
            ps.setString(i++, String.join(", ", a.keywords()));
            ps.setArray(i++, texts(c, a.services()));
            ps.setArray(i++, texts(c, a.categories()));
            ps.setString(i++, a.audience().key());
            ps.setArray(i++, texts(c, a.audienceGroups()));
            ps.setObject(i++, a.reviewerId());
            ps.setInt(i++, a.version());
            Jdbc.setInstant(ps, i++, a.updatedAt());
            Jdbc.setInstant(ps, i++, a.publishedAt());
            if (sourceHash != null) {
                ps.setString(i++, sourceHash);
                ps.setInt(i++, a.version());
            }
            ps.setObject(i++, tenant.value());
            ps.setObject(i, a.id());
            ps.executeUpdate();
        }
    }

    private static int bindAll(Connection c, PreparedStatement ps, TenantId tenant, Article a) throws SQLException {
        int i = 1;
        ps.setObject(i++, tenant.value());
        ps.setObject(i++, a.id());
        ps.setString(i++, a.state().key());
        ps.setString(i++, a.title());
        ps.setString(i++, a.summary());
        ps.setString(i++, a.body());
        ps.setString(i++, String.join(", ", a.keywords()));
        ps.setArray(i++, texts(c, a.services()));
        ps.setArray(i++, texts(c, a.categories()));
        ps.setString(i++, a.audience().key());
        ps.setArray(i++, texts(c, a.audienceGroups()));
        ps.setObject(i++, a.authorId());
        ps.setObject(i++, a.reviewerId());
        ps.setInt(i++, a.version());
        ps.setString(i++, a.source());
        Jdbc.setInstant(ps, i++, a.createdAt());
        Jdbc.setInstant(ps, i++, a.updatedAt());
        Jdbc.setInstant(ps, i++, a.publishedAt());
        return i;
    }

    public void insertVersion(Connection c, TenantId tenant, Article a, @Nullable UUID actorId, String actorName,
                              @Nullable String note) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO kb_article_version (tenant_id, article_id, version, state, "
                + "title, summary, body, keywords, services, categories, audience, audience_groups, actor_id, actor_name, note, at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = 1;
            ps.setObject(i++, tenant.value());
            ps.setObject(i++, a.id());
            ps.setInt(i++, a.version());
            ps.setString(i++, a.state().key());
            ps.setString(i++, a.title());
            ps.setString(i++, a.summary());
            ps.setString(i++, a.body());
            ps.setString(i++, String.join(", ", a.keywords()));
            ps.setArray(i++, texts(c, a.services()));
            ps.setArray(i++, texts(c, a.categories()));
            ps.setString(i++, a.audience().key());
            ps.setArray(i++, texts(c, a.audienceGroups()));
            ps.setObject(i++, actorId);
            ps.setString(i++, actorName);
            ps.setString(i++, note);
            Jdbc.setInstant(ps, i, a.updatedAt());
            ps.executeUpdate();
        }
    }

    public List<Article.Version> versions(Connection c, TenantId tenant, UUID id) throws SQLException {
        List<Article.Version> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT version, state, title, summary, body, keywords, services, "
                + "categories, audience, audience_groups, actor_id, actor_name, note, at FROM kb_article_version "
                + "WHERE tenant_id = ? AND article_id = ? ORDER BY version DESC")) {
            ps.setObject(1, tenant.value());
            ps.setObject(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Article.Draft d = new Article.Draft(rs.getString(3), rs.getString(4), rs.getString(5),
                            words(rs.getString(6)), list(rs.getArray(7)), list(rs.getArray(8)),
                            Article.Audience.of(rs.getString(9)).orElseThrow(), list(rs.getArray(10)));
                    out.add(new Article.Version(rs.getInt(1), Article.ArticleState.of(rs.getString(2)), d,
                            rs.getObject(11, UUID.class), rs.getString(12), rs.getString(13), Jdbc.instant(rs.getTimestamp(14))));
                }
            }
        }
        return out;
    }

    /** Every article of the entity for the authors' list, most recently changed first, optionally in one state. */
    public List<Article> all(Connection c, TenantId tenant, @Nullable Article.ArticleState state, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM kb_article WHERE tenant_id = ?"
                + (state == null ? "" : " AND state = ?") + " ORDER BY updated_at DESC, id DESC LIMIT ?")) {
            int i = 1;
            ps.setObject(i++, tenant.value());
            if (state != null) {
                ps.setString(i++, state.key());
            }
            ps.setInt(i, limit);
            return articles(ps);
        }
    }

    /** Published articles created or changed since {@code since}, newest first (the console's recent topics). */
    public List<Article> changedSince(Connection c, TenantId tenant, Instant since, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM kb_article WHERE tenant_id = ? "
                + "AND state = 'published' AND updated_at >= ? ORDER BY updated_at DESC, id DESC LIMIT ?")) {
            ps.setObject(1, tenant.value());
            Jdbc.setInstant(ps, 2, since);
            ps.setInt(3, limit);
            return articles(ps);
        }
    }
}
