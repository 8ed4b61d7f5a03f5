package co.mesa.web.page;

import java.time.Duration;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.jknack.handlebars.Handlebars;
import com.github.jknack.handlebars.Helper;
import com.github.jknack.handlebars.Options;
import com.github.jknack.handlebars.Template;
import com.github.jknack.handlebars.cache.ConcurrentMapTemplateCache;
import com.github.jknack.handlebars.io.ClassPathTemplateLoader;
import com.github.jknack.handlebars.io.CompositeTemplateLoader;
import com.github.jknack.handlebars.io.TemplateLoader;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Server-side pages: {@code themes/<theme>/pages/<name>.hbs}, looked up along the tenant's theme
 * chain (tenant theme → base), so a theme overrides only the templates and partials it has.
 * One Handlebars per chain, each with its own cache of compiled templates: a template is
 * compiled once per chain, never per render (the stock views renderer recompiles each time).
 *
 * <p>Model keys starting with {@code _} belong to the shell ({@link PageShell}); helpers read
 * {@code _messages}, {@code _locale} and {@code _zone} from the root model.
 */
@Singleton
public class PageRenderer {

    private final PageMessages messages;
    /** One Handlebars per theme chain, and each page compiled once per chain (the stock renderer recompiles on every render). */
    private final Cache<String, Handlebars> byChain = Caffeine.newBuilder()
            .maximumSize(1_000).expireAfterAccess(Duration.ofHours(1)).build();
    private final Cache<String, Template> compiled = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterAccess(Duration.ofHours(1)).build();

    public PageRenderer(PageMessages messages) {
        this.messages = messages;
    }

    /** Renders {@code name} (e.g. {@code portal/home}) with the model along the chain. */
    public String render(List<String> chain, String name, Map<String, Object> model) {
        String key = String.join(",", chain) + "|" + name;
        Template template = compiled.get(key, k -> compile(chain, name));
        try {
            return template.apply(model);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render page " + name, e);
        }
    }

    private Template compile(List<String> chain, String name) {
        try {
            return handlebars(chain).compile(name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compile page " + name + " for " + chain, e);
        }
    }

    private Handlebars handlebars(List<String> chain) {
        return byChain.get(String.join(",", chain), k -> {
            TemplateLoader[] loaders = chain.stream()
                    .map(theme -> new ClassPathTemplateLoader("/themes/" + theme + "/pages", ".hbs"))
                    .toArray(TemplateLoader[]::new);
            // A chain of one theme (base alone: the platform host, or a tenant without a theme) has one loader.
            Handlebars hb = new Handlebars(loaders.length == 1 ? loaders[0] : new CompositeTemplateLoader(loaders))
                    .with(new ConcurrentMapTemplateCache())
                    .with(PageRenderer::escapeHtml)
                    .prettyPrint(false);
            registerHelpers(hb);
            return hb;
        });
    }

    @SuppressWarnings("unchecked")
    private void registerHelpers(Handlebars hb) {
        // {{t "key" arg1 arg2}}: a message of the page's language, escaped by Handlebars.
        hb.registerHelper("t", (Helper<Object>) (key, options) -> {
            Map<String, String> msgs = (Map<String, String>) options.get("_messages");
            Locale locale = (Locale) options.get("_locale");
            if (msgs == null) {
                return String.valueOf(key);
            }
            return messages.get(msgs, locale == null ? Locale.ROOT : locale, String.valueOf(key), options.params);
        });
        // {{date value}} / {{date value "date"}}: an instant in the tenant's zone.
        hb.registerHelper("date", (Helper<Object>) (value, options) -> formatDate(value, options));
        hb.registerHelper("eq", (Helper<Object>) (a, options) -> Objects.equals(str(a), str(options.param(0, null))));
        hb.registerHelper("ne", (Helper<Object>) (a, options) -> !Objects.equals(str(a), str(options.param(0, null))));
        hb.registerHelper("not", (Helper<Object>) (a, options) -> !truthy(a));
        hb.registerHelper("or", (Helper<Object>) (a, options) -> {
            if (truthy(a)) {
                return true;
            }
            for (Object p : options.params) {
                if (truthy(p)) {
                    return true;
                }
            }
            return false;
        });
        hb.registerHelper("and", (Helper<Object>) (a, options) -> {
            if (!truthy(a)) {
                return false;
            }
            for (Object p : options.params) {
                if (!truthy(p)) {
                    return false;
                }
            }
            return true;
        });
        // {{selected a b}} / {{checked a b}}: the attribute when a equals b (or b is a list containing a).
        hb.registerHelper("selected", (Helper<Object>) (a, options) -> matches(a, options.param(0, null)) ? "selected" : "");
        hb.registerHelper("checked", (Helper<Object>) (a, options) -> matches(a, options.param(0, null)) ? "checked" : "");
        // {{concat a b c}}: strings joined (ids, keys).
        hb.registerHelper("concat", (Helper<Object>) (a, options) -> {
            StringBuilder sb = new StringBuilder(str(a));
            for (Object p : options.params) {
                sb.append(str(p));
            }
            return sb.toString();
        });
    }

    /**
     * HTML escaping of every {@code {{value}}}: the same characters as Handlebars' default strategy
     * ({@code & < > " ' ` =}) in one pass that copies only when something needs escaping. The
     * default goes through a generic lookup translator and was a third of a queue page's render time.
     */
    static CharSequence escapeHtml(CharSequence value) {
        if (value == null) {
            return "";
        }
        int n = value.length();
        int i = 0;
        while (i < n && replacement(value.charAt(i)) == null) {
            i++;
        }
        if (i == n) {
            return value;
        }
        StringBuilder out = new StringBuilder(n + 16);
        out.append(value, 0, i);
        for (; i < n; i++) {
            char ch = value.charAt(i);
            String r = replacement(ch);
            if (r == null) {
                out.append(ch);
            } else {
                out.append(r);
            }
        }
        return out;
    }

    private static String replacement(char ch) {
        return switch (ch) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&#x27;";
            case '`' -> "&#x60;";
            case '=' -> "&#x3D;";
            default -> null;
        };
    }

    private static boolean matches(Object a, Object b) {
        if (b instanceof java.util.Collection<?> c) {
            return c.stream().anyMatch(x -> Objects.equals(str(a), str(x)));
        }
        return Objects.equals(str(a), str(b));
    }

    static boolean truthy(Object o) {
        if (o == null) {
            return false;
        }
        if (o instanceof Boolean b) {
            return b;
        }
        if (o instanceof CharSequence s) {
            return !s.isEmpty();
        }
        if (o instanceof java.util.Collection<?> c) {
            return !c.isEmpty();
        }
        if (o instanceof Number n) {
            return n.doubleValue() != 0;
        }
        return true;
    }

    private static String str(Object o) {
        return o == null ? "" : String.valueOf(o);
    }

    private static final DateTimeFormatter ES_DATE_TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");
    private static final DateTimeFormatter EN_DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter ES_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final DateTimeFormatter EN_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");

    /** An instant as {@code {{date value}}} shows it, for models that format in Java. */
    public static String formatDateTime(@io.micronaut.core.annotation.Nullable Instant instant, String zone, Locale locale) {
        if (instant == null) {
            return "";
        }
        boolean en = locale != null && "en".equals(locale.getLanguage());
        return (en ? EN_DATE_TIME : ES_DATE_TIME).format(instant.atZone(ZoneId.of(zone)));
    }

    private static Object formatDate(Object value, Options options) {
        Instant instant = toInstant(value);
        if (instant == null) {
            return "";
        }
        Object zone = options.get("_zone");
        Locale locale = (Locale) options.get("_locale");
        boolean en = locale != null && "en".equals(locale.getLanguage());
        boolean dateOnly = "date".equals(options.param(0, ""));
        DateTimeFormatter f = dateOnly ? (en ? EN_DATE : ES_DATE) : (en ? EN_DATE_TIME : ES_DATE_TIME);
        return f.format(instant.atZone(ZoneId.of(zone == null ? "America/Bogota" : zone.toString())));
    }

    private static Instant toInstant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        try {
            return OffsetDateTime.parse(value.toString()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(value.toString());
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
