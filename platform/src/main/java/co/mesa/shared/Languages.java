package co.mesa.shared;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;

import java.util.List;
import java.util.Locale;

/**
 * The caller's languages: the pages' language switch (cookie) first, else {@code Accept-Language},
 * best first; es-CO when absent or unreadable.
 */
public final class Languages {

    private static final List<Locale> DEFAULT = List.of(Locale.forLanguageTag("es-CO"));

    private Languages() {
    }

    /** The cookie the pages' language switch sets (es or en); it wins over Accept-Language. */
    public static final String COOKIE = "mesa_lang";

    public static List<Locale> preferred(HttpRequest<?> request) {
        String chosen = request.getCookies().findCookie(COOKIE).map(c -> c.getValue()).orElse(null);
        if ("en".equals(chosen)) {
            return List.of(Locale.ENGLISH);
        }
        if ("es".equals(chosen)) {
            return DEFAULT;
        }
        String header = request.getHeaders().get(HttpHeaders.ACCEPT_LANGUAGE);
        if (header == null || header.isBlank()) {
            return DEFAULT;
        }
        try {
            List<Locale> locales = Locale.LanguageRange.parse(header).stream()
                    .filter(r -> !r.getRange().equals("*"))
                    .map(r -> Locale.forLanguageTag(r.getRange()))
                    .toList();
            return locales.isEmpty() ? DEFAULT : locales;
        } catch (IllegalArgumentException e) {
            return DEFAULT;
        }
    }
}
