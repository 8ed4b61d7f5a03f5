package co.mesa.knowledge.internal;

import co.mesa.knowledge.Article;
import co.mesa.knowledge.Reader;
import co.mesa.shared.Jdbc;
import co.mesa.shared.TenantId;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * SQL of the knowledge base; callers own the tenant-bound transaction. Every query names the tenant
 * besides row level security (the second wall).
 */
@Singleton
public class ArticleStore {

    /** Marks around highlighted words in {@code ts_headline}'s output: private-use characters no author types. */
    public static final char MARK_START = '\uE000';
    public static final char MARK_END = '\uE001';

    private static final String COLUMNS = "id, state, title, summary, body, keywords, services, categories, audience, "
            + "audience_groups, author_id, reviewer_id, version, source, created_at, updated_at, published_at";

    /** The published articles a reader may read: the audience rules in SQL ({@link Reader#mayRead} in Java). */
    private static final String READABLE = "a.state = 'published' AND (a.audience = 'public' OR (a.audience = 'staff' AND ?) "
            + "OR (a.audience = 'agents' AND ?)) AND (cardinality(a.audience_groups) = 0 OR ? OR a.audience_groups && ?)";

    private static final String HEADLINE_OPTIONS = "StartSel=" + MARK_START + ", StopSel=" + MARK_END
            + ", MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=\" … \"";

    public Optional<Article> find(Connection c, TenantId tenant, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM kb_article WHERE tenant_id = ? AND id = ?")) {
            ps.setObject(1, tenant.value());
            ps.setObject(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(article(rs)) : Optional.empty();
            }
        }
    }

    public Optional<Article> forUpdate(Connection c, TenantId tenant, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM kb_article WHERE tenant_id = ? AND id = ? FOR UPDATE")) {
            ps.setObject(1, tenant.value());
            ps.setObject(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(article(rs)) : Optional.empty();
            }
        }
    }

    public Optional<Article> bySource(Connection c, TenantId tenant, String source) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM kb_article WHERE tenant_id = ? AND source = ?")) {
            ps.setObject(1, tenant.value());
            ps.setString(2, source);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(article(rs)) : Optional.empty();
            }
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

    /** Adds the folded words of an article to the entity's word list (for typo-tolerant search). */
    public void addWords(Connection c, TenantId tenant, Collection<String> words) throws SQLException {
        if (words.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO kb_word (tenant_id, word) "
                + "SELECT ?, w FROM unnest(?::text[]) AS w ON CONFLICT DO NOTHING")) {
            ps.setObject(1, tenant.value());
            ps.setArray(2, texts(c, List.copyOf(words)));
            ps.executeUpdate();
        }
    }

    /** How many equally near words a misspelt word may stand for. */
    static final int MAX_ALTERNATIVES = 3;

    /** A query word's nearest words of the entity (space-separated in {@link #nearestWords}'s values). */
    private static List<String> alternatives(Map.Entry<String, String> word) {
        return Arrays.stream(word.getValue().split(" ")).filter(a -> !a.isEmpty()).toList();
    }

    /**
     * For each folded query word, the nearest word of the entity's articles by trigram similarity (the word
     * itself when it occurs); a word with no near neighbour maps to itself.
     */
    public Map<String, String> nearestWords(Connection c, TenantId tenant, List<String> words) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        if (words.isEmpty()) {
            return out;
        }
        // A word that occurs is itself (one index probe); only the others pay the trigram search. Words tied at the
        // best similarity are all kept (at most three, space-separated): "impresroa" is as near to "impresion" as
        // to "impresora", and picking one by its spelling would make the search depend on what else was written.
        try (PreparedStatement ps = c.prepareStatement("SELECT q.w, CASE WHEN EXISTS (SELECT 1 FROM kb_word e "
                + "WHERE e.tenant_id = ? AND e.word = q.w) THEN q.w ELSE (SELECT string_agg(t.word, ' ' ORDER BY t.word) "
                + "FROM (SELECT k.word, similarity(k.word, q.w) AS s, max(similarity(k.word, q.w)) OVER () AS best "
                + "FROM kb_word k WHERE k.tenant_id = ? AND k.word % q.w ORDER BY s DESC, k.word LIMIT " + MAX_ALTERNATIVES
                + ") t WHERE t.s = t.best) END FROM unnest(?::text[]) AS q(w)")) {
            ps.setObject(1, tenant.value());
            ps.setObject(2, tenant.value());
            ps.setArray(3, texts(c, words));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String near = rs.getString(2);
                    out.put(rs.getString(1), near == null ? rs.getString(1) : near);
                }
            }
        }
        return out;
    }

    /**
     * A page of the readable published articles: matching {@code words} (each word or its nearest neighbour;
     * all words, or any when {@code anyWord}) ranked by relevance with highlights, or newest first without words.
     */
    public List<Article.Hit> search(Connection c, TenantId tenant, Reader reader, List<Map.Entry<String, String>> words,
                                    boolean anyWord, @Nullable String service, int limit, int offset) throws SQLException {
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < words.size(); i++) {
            if (i > 0) {
                query.append(anyWord ? " || " : " && ");
            }
            query.append("(plainto_tsquery('mesa_spanish', ?)");
            for (int a = 0; a < alternatives(words.get(i)).size(); a++) {
                query.append(" || plainto_tsquery('mesa_spanish', ?)");
            }
            query.append(')');
        }
        boolean searching = !words.isEmpty();
        String filter = " WHERE a.tenant_id = ? AND " + READABLE + (service == null ? "" : " AND ? = ANY (a.services)");
        String sql;
        if (searching) {
            sql = "WITH q AS (SELECT " + query + " AS query), hits AS (SELECT a.id, a.title, a.summary, a.services, a.updated_at, "
                    + "ts_rank(a.rank_terms, q.query) AS rank FROM kb_article a, q" + filter + " AND a.search @@ q.query "
                    + "ORDER BY rank DESC, a.updated_at DESC, a.id LIMIT ? OFFSET ?) "
                    + "SELECT h.id, h.title, h.summary, h.services, h.updated_at, "
                    + "ts_headline('mesa_spanish', h.title, q.query, 'HighlightAll=true, StartSel=" + MARK_START
                    + ", StopSel=" + MARK_END + "'), ts_headline('mesa_spanish', h.summary, q.query, '" + HEADLINE_OPTIONS
                    + "') FROM hits h, q ORDER BY h.rank DESC, h.updated_at DESC, h.id";
        } else {
            sql = "SELECT a.id, a.title, a.summary, a.services, a.updated_at, NULL, NULL FROM kb_article a" + filter
                    + " ORDER BY a.published_at DESC, a.id DESC LIMIT ? OFFSET ?";
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (Map.Entry<String, String> w : words) {
                ps.setString(i++, w.getKey());
                for (String alternative : alternatives(w)) {
                    ps.setString(i++, alternative);
                }
            }
            ps.setObject(i++, tenant.value());
            ps.setBoolean(i++, reader.signedIn());
            ps.setBoolean(i++, reader.agent());
            ps.setBoolean(i++, reader.agent());
            ps.setArray(i++, texts(c, List.copyOf(reader.audiences())));
            if (service != null) {
                ps.setString(i++, service);
            }
            ps.setInt(i++, limit);
            ps.setInt(i, offset);
            List<Article.Hit> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String title = rs.getString(2);
                    String summary = rs.getString(3);
                    String titleHl = rs.getString(6);
                    String summaryHl = rs.getString(7);
                    out.add(new Article.Hit(rs.getObject(1, UUID.class), title, summary,
                            marked(titleHl == null ? title : titleHl), marked(summaryHl == null ? summary : summaryHl),
                            list(rs.getArray(4)), Jdbc.instant(rs.getTimestamp(5))));
                }
            }
            return out;
        }
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
            List<Article> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(article(rs));
                }
            }
            return out;
        }
    }

    /** Published articles created or changed since {@code since}, newest first (the console's recent topics). */
    public List<Article> changedSince(Connection c, TenantId tenant, Instant since, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM kb_article WHERE tenant_id = ? "
                + "AND state = 'published' AND updated_at >= ? ORDER BY updated_at DESC, id DESC LIMIT ?")) {
            ps.setObject(1, tenant.value());
            Jdbc.setInstant(ps, 2, since);
            ps.setInt(3, limit);
            List<Article> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(article(rs));
                }
            }
            return out;
        }
    }

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
            List<Article> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(article(rs));
                }
            }
            return out;
        }
    }

    private static String prefixed(String alias) {
        return Arrays.stream(COLUMNS.split(", ")).map(col -> alias + "." + col).reduce((a, b) -> a + ", " + b).orElseThrow();
    }

    private static Article article(ResultSet rs) throws SQLException {
        return new Article(rs.getObject(1, UUID.class), Article.ArticleState.of(rs.getString(2)), rs.getString(3),
                rs.getString(4), rs.getString(5), words(rs.getString(6)), list(rs.getArray(7)), list(rs.getArray(8)),
                Article.Audience.of(rs.getString(9)).orElseThrow(), list(rs.getArray(10)), rs.getObject(11, UUID.class),
                rs.getObject(12, UUID.class), rs.getInt(13), rs.getString(14), Jdbc.instant(rs.getTimestamp(15)),
                Jdbc.instant(rs.getTimestamp(16)), Jdbc.instant(rs.getTimestamp(17)));
    }

    private static List<String> words(@Nullable String s) {
        return s == null || s.isBlank() ? List.of() : List.of(s.strip().split("\\s*,\\s*"));
    }

    private static List<String> list(@Nullable Array a) throws SQLException {
        return a == null ? List.of() : List.of((String[]) a.getArray());
    }

    private static Array texts(Connection c, List<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray());
    }

    /** {@code ts_headline} output as HTML: everything escaped, the marks as {@code <mark>}. */
    static String marked(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case MARK_START -> out.append("<mark>");
                case MARK_END -> out.append("</mark>");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
