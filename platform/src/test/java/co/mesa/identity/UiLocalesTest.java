package co.mesa.identity;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link PageSessions#uiLocales}: what the login asks Keycloak to speak, best first. */
class UiLocalesTest {

    @Test
    void thePersonsLanguagesComeFirstThenTheEntitysOnce() {
        assertThat(PageSessions.uiLocales(List.of(Locale.ENGLISH), "es-CO")).isEqualTo("en es-CO");
        assertThat(PageSessions.uiLocales(List.of(Locale.forLanguageTag("en-US"), Locale.forLanguageTag("es")), "es-CO"))
                .isEqualTo("en-US es es-CO");
        // The entity's own language is not repeated when the person already asked for it.
        assertThat(PageSessions.uiLocales(List.of(Locale.forLanguageTag("es-CO")), "es-CO")).isEqualTo("es-CO");
    }

    @Test
    void aLongOrOddAcceptLanguageCannotStretchTheRequest() {
        List<Locale> many = List.of("fr", "de", "it", "pt", "nl", "sv").stream().map(Locale::forLanguageTag).toList();
        assertThat(PageSessions.uiLocales(many, "es-CO")).isEqualTo("fr de it pt es-CO");
        // What Java cannot read as a language becomes "und" (undetermined): it asks for nothing.
        assertThat(PageSessions.uiLocales(List.of(Locale.forLanguageTag("e n"), Locale.ENGLISH), "es-CO"))
                .isEqualTo("en es-CO");
    }
}
