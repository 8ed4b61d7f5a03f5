package co.mesa.knowledge.internal;

import static co.mesa.knowledge.internal.ArticleRows.articles;
import static co.mesa.knowledge.internal.ArticleRows.prefixed;

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
import java.util.List;
import java.util.UUID;

/** SQL of what readers and agents do with an article: votes, "resolved my problem", links to cases. */
@Singleton
public class ArticleFeedbackStore {

    /** Records a person's answer once; false when they had answered already. */
    public boolean vote(Connection c, TenantId tenant, UUID article, UUID person, boolean helpful, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO kb_vote (tenant_id, article_id, person_id, helpful, at) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setObject(1, tenant.value());
            ps.setObject(2, article);
            ps.setObject(3, person);
            ps.setBoolean(4, helpful);
            Jdbc.setInstant(ps, 5, at);
            return ps.executeUpdate() == 1;
        }
    }

    public boolean hasVoted(Connection c, TenantId tenant, UUID article, UUID person) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM kb_vote WHERE tenant_id = ? AND article_id = ? AND person_id = ?")) {
            ps.setObject(1, tenant.value());
            ps.setObject(2, article);
            ps.setObject(3, person);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public void deflection(Connection c, TenantId tenant, UUID article, UUID person, @Nullable String template, Instant at)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO kb_deflection (tenant_id, article_id, person_id, template, at) "
                + "VALUES (?, ?, ?, ?, ?)")) {
            ps.setObject(1, tenant.value());
            ps.setObject(2, article);
            ps.setObject(3, person);
            ps.setString(4, template);
            Jdbc.setInstant(ps, 5, at);
            ps.executeUpdate();
        }
    }

    public Article.Counts counts(Connection c, TenantId tenant, UUID article) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT "
                + "(SELECT count(*) FILTER (WHERE helpful) FROM kb_vote WHERE tenant_id = ? AND article_id = ?), "
                + "(SELECT count(*) FILTER (WHERE NOT helpful) FROM kb_vote WHERE tenant_id = ? AND article_id = ?), "
                + "(SELECT count(*) FROM kb_deflection WHERE tenant_id = ? AND article_id = ?), "
                + "(SELECT count(*) FROM kb_case_link WHERE tenant_id = ? AND article_id = ?)")) {
            for (int i = 0; i < 4; i++) {
                ps.setObject(2 * i + 1, tenant.value());
                ps.setObject(2 * i + 2, article);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Article.Counts(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4));
            }
        }
    }

    public boolean link(Connection c, TenantId tenant, UUID caseId, UUID article, UUID by, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO kb_case_link (tenant_id, case_id, article_id, linked_by, at) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setObject(1, tenant.value());
            ps.setObject(2, caseId);
            ps.setObject(3, article);
            ps.setObject(4, by);
            Jdbc.setInstant(ps, 5, at);
            return ps.executeUpdate() == 1;
        }
    }

    public List<Article> linked(Connection c, TenantId tenant, UUID caseId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + prefixed("a") + " FROM kb_case_link l JOIN kb_article a "
                + "ON a.tenant_id = l.tenant_id AND a.id = l.article_id WHERE l.tenant_id = ? AND l.case_id = ? ORDER BY l.at")) {
            ps.setObject(1, tenant.value());
            ps.setObject(2, caseId);
            return articles(ps);
        }
    }
}
