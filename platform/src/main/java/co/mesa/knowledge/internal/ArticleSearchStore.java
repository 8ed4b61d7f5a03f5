package co.mesa.knowledge.internal;

import static co.mesa.knowledge.internal.ArticleRows.list;
import static co.mesa.knowledge.internal.ArticleRows.texts;

import co.mesa.knowledge.Article;
import co.mesa.knowledge.Reader;
import co.mesa.shared.Jdbc;
import co.mesa.shared.TenantId;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** SQL of knowledge search: the entity's word list, typo correction and ranked, highlighted pages. */
@Singleton
public class ArticleSearchStore {

    /** Marks around highlighted words in {@code ts_headline}'s output: private-use characters no author types. */
    public static final char MARK_START = '\uE000';
    public static final char MARK_END = '\uE001';

    /** The published articles a reader may read: the audience rules in SQL ({@link Reader#mayRead} in Java). */
    private static final String READABLE = "a.state = 'published' AND (a.audience = 'public' OR (a.audience = 'staff' AND ?) "
            + "OR (a.audience = 'agents' AND ?)) AND (cardinality(a.audience_groups) = 0 OR ? OR a.audience_groups && ?)";

    private static final String HEADLINE_OPTIONS = "StartSel=" + MARK_START + ", StopSel=" + MARK_END
            + ", MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=\" … \"";

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
