package co.mesa.notification;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which language an e-mail is written in: the tenant's locale as given, then its bare language, then
 * the fallback; the base theme has es-CO and en templates.
 */
class EmailTemplatesTest {

    private final EmailTemplates templates = new EmailTemplates();
    private final List<String> chain = List.of("funcion-publica", "base");

    @Test
    void aTaggedLocaleFindsTheTemplatesOfItsBareLanguage() {
        assertThat(EmailTemplates.candidates(List.of("en-US", "es-CO"))).containsExactly("en-US", "en", "es-CO", "es");
        assertThat(templates.language(chain, List.of("en-US", "es-CO"), "actionPublished")).isEqualTo("en");
        assertThat(templates.language(chain, List.of("es-CO"), "actionPublished")).isEqualTo("es-CO");
        // A language without templates falls back to the next one given.
        assertThat(templates.language(chain, List.of("fr-CA", "es-CO"), "actionPublished")).isEqualTo("es-CO");
    }

    @Test
    void theMessageIsRenderedInTheLanguageItNames() {
        EmailTemplates.Rendered english = templates.render(chain, List.of("en-US", "es-CO"), "actionPublished", Map.of());
        EmailTemplates.Rendered spanish = templates.render(chain, List.of("es-CO"), "actionPublished", Map.of());
        assertThat(english.subject()).contains("Update on case").isNotEqualTo(spanish.subject());
        assertThat(spanish.subject()).contains("Novedad en el caso");
        assertThat(english.text()).isNotEqualTo(spanish.text());
    }
}
