package co.mesa.shared;

import java.time.Duration;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Theme chains (tenant → base) from {@code themes/<name>/theme.properties} on the classpath: a
 * tenant theme overrides only the properties and files it declares.
 */
@Singleton
public class Themes {

    static final String BASE = "base";

    /** A theme resolved through its parents: merged properties and the chain, most specific first. */
    public record Theme(String name, List<String> chain, Map<String, String> properties) {

        public Map<String, String> colors() {
            Map<String, String> colors = new LinkedHashMap<>();
            properties.forEach((k, v) -> {
                if (k.startsWith("color.")) {
                    colors.put(k.substring("color.".length()), v);
                }
            });
            return colors;
        }

        /** The bytes of a theme file (e.g. {@code logo}), from the first theme in the chain that declares it. */
        public Optional<byte[]> asset(String property) {
            String file = properties.get(property);
            if (file == null) {
                return Optional.empty();
            }
            try (InputStream in = Themes.class.getClassLoader().getResourceAsStream(
                    "themes/" + properties.get("source." + property) + "/" + file)) {
                return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** URL of a theme file, from the first theme in the chain that declares it. */
        public String assetUrl(String property) {
            return "/assets/" + properties.get("source." + property) + "/" + properties.get(property);
        }
    }

    /** Theme chains read from the classpath once; names come from tenant data, so bounded. */
    private final Cache<String, Theme> cache = Caffeine.newBuilder()
            .maximumSize(1_000).expireAfterAccess(Duration.ofHours(1)).build();

    public Theme theme(String name) {
        return cache.get(name, this::load);
    }

    private Theme load(String name) {
        List<String> chain = new ArrayList<>();
        List<Properties> layers = new ArrayList<>();
        String current = name;
        while (current != null && !chain.contains(current)) {
            Properties p = read(current);
            if (p == null) {
                current = BASE.equals(current) ? null : BASE; // an unknown theme falls back to base
                continue;
            }
            chain.add(current);
            layers.add(p);
            current = p.getProperty("parent", BASE.equals(current) ? null : BASE);
        }
        Map<String, String> merged = new LinkedHashMap<>();
        for (int i = layers.size() - 1; i >= 0; i--) {
            String layer = chain.get(i);
            layers.get(i).forEach((k, v) -> {
                merged.put((String) k, (String) v);
                merged.put("source." + k, layer);
            });
        }
        return new Theme(chain.isEmpty() ? BASE : chain.get(0), List.copyOf(chain), Map.copyOf(merged));
    }

    private static Properties read(String name) {
        try (InputStream in = Themes.class.getClassLoader().getResourceAsStream("themes/" + name + "/theme.properties")) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
