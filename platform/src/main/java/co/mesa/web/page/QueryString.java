package co.mesa.web.page;

import io.micronaut.core.annotation.Nullable;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A page link's query string: name/value pairs in the order added, each URL-encoded as UTF-8. The one
 * way page controllers build links and redirects, so no value reaches a URL unencoded.
 */
public final class QueryString {

    private final List<String[]> pairs;

    private QueryString(List<String[]> pairs) {
        this.pairs = pairs;
    }

    public static QueryString of() {
        return new QueryString(new ArrayList<>());
    }

    /** Adds the pair; a null value adds nothing. */
    public QueryString add(String name, @Nullable String value) {
        if (value != null) {
            pairs.add(new String[] {name, value});
        }
        return this;
    }

    /** Another query string starting with these pairs. */
    public QueryString copy() {
        return new QueryString(new ArrayList<>(pairs));
    }

    public boolean isEmpty() {
        return pairs.isEmpty();
    }

    /** {@code path?query} ({@code path?} when empty, as the pages have always written it). */
    public String on(String path) {
        return path + "?" + this;
    }

    /** The encoded query, without {@code ?}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (String[] p : pairs) {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(encode(p[0])).append('=').append(encode(p[1]));
        }
        return sb.toString();
    }

    /** One value or path segment, URL-encoded as UTF-8. */
    public static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
