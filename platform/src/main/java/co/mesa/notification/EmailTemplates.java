package co.mesa.notification;

import java.time.Duration;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.jknack.handlebars.Handlebars;
import com.github.jknack.handlebars.Template;
import com.github.jknack.handlebars.io.ClassPathTemplateLoader;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Email templates per theme and language, {@code themes/<theme>/emails/<lang>/<topic>.<part>.hbs}
 * with part subject, html or txt: the first theme of the chain (tenant → base) that has the file
 * wins. Compiled once and cached (the stock renderer recompiles on every render).
 */
@Singleton
public class EmailTemplates {

    /** The three parts of a message. */
    public record Rendered(String subject, String html, String text) {
    }

    private final Handlebars handlebars = new Handlebars(new ClassPathTemplateLoader("/themes", ""));
    /** Mail templates compiled once per path (or known missing); paths come from theme chains and topics. */
    private final Cache<String, Optional<Template>> cache = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterAccess(Duration.ofHours(1)).build();

    /**
     * @param chain the theme chain, most specific first (e.g. [funcion-publica, base])
     * @param languages languages to try in order (e.g. [es-CO])
     */
    public Rendered render(List<String> chain, List<String> languages, String topic, Map<String, Object> model) {
        return new Rendered(part(chain, languages, topic, "subject", model).strip().replaceAll("\\s+", " "),
                part(chain, languages, topic, "html", model), part(chain, languages, topic, "txt", model));
    }

    /**
     * The language {@link #render} writes this topic's message in: the first of {@code languages}
     * that a theme of the chain has the message in (what goes with the message, the record's PDF,
     * is written in it too).
     */
    public String language(List<String> chain, List<String> languages, String topic) {
        for (String lang : candidates(languages)) {
            for (String theme : chain) {
                if (template(theme + "/emails/" + lang + "/" + topic + ".subject.hbs").isPresent()) {
                    return lang;
                }
            }
        }
        throw new IllegalStateException("no email template " + topic + " in " + chain + " for " + languages);
    }

    /**
     * The languages to look for, in order: each as given, then its bare language when it is tagged, so a
     * tenant whose locale is {@code en-US} gets the {@code en} templates rather than the fallback.
     */
    static List<String> candidates(List<String> languages) {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        for (String lang : languages) {
            out.add(lang);
            int dash = lang.indexOf('-');
            if (dash > 0) {
                out.add(lang.substring(0, dash));
            }
        }
        return List.copyOf(out);
    }

    private String part(List<String> chain, List<String> languages, String topic, String part, Map<String, Object> model) {
        for (String lang : candidates(languages)) {
            for (String theme : chain) {
                Optional<Template> t = template(theme + "/emails/" + lang + "/" + topic + "." + part + ".hbs");
                if (t.isPresent()) {
                    try {
                        return t.get().apply(model);
                    } catch (IOException e) {
                        throw new IllegalStateException("cannot render " + topic + "." + part, e);
                    }
                }
            }
        }
        throw new IllegalStateException("no email template " + topic + "." + part + " in " + chain + " for " + languages);
    }

    private Optional<Template> template(String path) {
        return cache.get(path, p -> {
            if (EmailTemplates.class.getResource("/themes/" + p) == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(handlebars.compile(p.substring(0, p.length() - ".hbs".length()) + ".hbs"));
            } catch (IOException e) {
                throw new IllegalStateException("cannot compile /themes/" + p, e);
            }
        });
    }
}
