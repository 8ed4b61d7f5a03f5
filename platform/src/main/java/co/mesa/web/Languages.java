package co.mesa.web;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;

import java.util.List;
import java.util.Locale;

/** The caller's languages from {@code Accept-Language}, best first; es-CO when absent or unreadable. */
public final class Languages {

    private static final List<Locale> DEFAULT = List.of(Locale.forLanguageTag("es-CO"));

    private Languages() {
    }

    public static List<Locale> preferred(HttpRequest<?> request) {
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
