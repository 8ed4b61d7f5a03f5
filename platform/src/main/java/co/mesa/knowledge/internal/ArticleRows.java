package co.mesa.knowledge.internal;

import co.mesa.knowledge.Article;
import co.mesa.shared.Jdbc;
import io.micronaut.core.annotation.Nullable;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** The article row's columns and the conversions every knowledge store shares. */
final class ArticleRows {

    static final String COLUMNS = "id, state, title, summary, body, keywords, services, categories, audience, "
            + "audience_groups, author_id, reviewer_id, version, source, created_at, updated_at, published_at";

    private ArticleRows() {
    }

    /** The article columns qualified by a table alias, for joins. */
    static String prefixed(String alias) {
        return Arrays.stream(COLUMNS.split(", ")).map(col -> alias + "." + col).reduce((a, b) -> a + ", " + b).orElseThrow();
    }

    static Article article(ResultSet rs) throws SQLException {
        return new Article(rs.getObject(1, UUID.class), Article.ArticleState.of(rs.getString(2)), rs.getString(3),
                rs.getString(4), rs.getString(5), words(rs.getString(6)), list(rs.getArray(7)), list(rs.getArray(8)),
                Article.Audience.of(rs.getString(9)).orElseThrow(), list(rs.getArray(10)), rs.getObject(11, UUID.class),
                rs.getObject(12, UUID.class), rs.getInt(13), rs.getString(14), Jdbc.instant(rs.getTimestamp(15)),
                Jdbc.instant(rs.getTimestamp(16)), Jdbc.instant(rs.getTimestamp(17)));
    }

    /** Every article a prepared statement selects (with {@link #COLUMNS} first). */
    static List<Article> articles(PreparedStatement ps) throws SQLException {
        List<Article> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(article(rs));
            }
        }
        return out;
    }

    static List<String> words(@Nullable String s) {
        return s == null || s.isBlank() ? List.of() : List.of(s.strip().split("\\s*,\\s*"));
    }

    static List<String> list(@Nullable Array a) throws SQLException {
        return a == null ? List.of() : List.of((String[]) a.getArray());
    }

    static Array texts(Connection c, List<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray());
    }
}
