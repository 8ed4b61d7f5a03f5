package co.mesa.web.page;

import java.time.Duration;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * What pages say: {@code themes/<theme>/messages/<area>.properties} (es-CO) and
 * {@code <area>_en.properties} (English), merged along the theme chain so a tenant theme overrides
 * only the keys it names. Each area (shell, portal, console, admin, operator) is its own file.
 * A key missing in English falls back to Spanish; a key missing everywhere shows as itself.
 */
@Singleton
public class PageMessages {

    static final List<String> AREAS = List.of("shell", "portal", "console", "admin", "operator");

    /** Page texts per theme chain and language, merged from the classpath once. */
    private final Cache<String, Map<String, String>> cache = Caffeine.newBuilder()
            .maximumSize(1_000).expireAfterAccess(Duration.ofHours(1)).build();

    /** All messages of a chain (most specific first) in one language. */
    public Map<String, String> of(List<String> chain, Locale language) {
        String lang = "en".equals(language.getLanguage()) ? "en" : "es";
        return cache.get(String.join(",", chain) + "|" + lang, k -> load(chain, lang));
    }

    public String get(Map<String, String> messages, Locale locale, String key, Object... args) {
        String pattern = messages.get(key);
        if (pattern == null) {
            return key;
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
    }

    private static Map<String, String> load(List<String> chain, String lang) {
        Map<String, String> merged = new HashMap<>();
        // Spanish first, English over it; base first, tenant themes over it.
        for (String suffix : "en".equals(lang) ? List.of("", "_en") : List.of("")) {
            for (int i = chain.size() - 1; i >= 0; i--) {
                for (String area : AREAS) {
                    read("themes/" + chain.get(i) + "/messages/" + area + suffix + ".properties", merged);
                }
            }
        }
        return Map.copyOf(merged);
    }

    private static void read(String path, Map<String, String> into) {
        try {
            Enumeration<URL> urls = PageMessages.class.getClassLoader().getResources(path);
            while (urls.hasMoreElements()) {
                try (InputStream in = urls.nextElement().openStream()) {
                    Properties p = new Properties();
                    p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                    p.forEach((k, v) -> into.put((String) k, (String) v));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
