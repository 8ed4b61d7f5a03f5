package co.mesa.web.page;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Templates and messages along a theme chain, helpers, and the compiled-template cache. */
class PageRendererTest {

    private final PageMessages messages = new PageMessages();
    private final PageRenderer renderer = new PageRenderer(messages);

    private Map<String, Object> model(List<String> chain, Locale locale) {
        Map<String, Object> m = new HashMap<>();
        m.put("_messages", messages.of(chain, locale));
        m.put("_locale", locale);
        m.put("_zone", "America/Bogota");
        return m;
    }

    @Test
    void aThemeOverridesOnlyThePartialsAndMessagesItHas() {
        List<String> chain = List.of("test-override", "base");
        String bar = renderer.render(chain, "shell/govco-bar", model(chain, Locale.forLanguageTag("es-CO")));
        assertThat(bar).contains("id=\"overridden-bar\"").contains("Barra de prueba del tema");
        // Not overridden: base's template, with base's messages.
        String footer = renderer.render(chain, "shell/error", withTitle(model(chain, Locale.forLanguageTag("es-CO"))));
        assertThat(footer).contains("<h1>Un título</h1>").contains("Volver al inicio");
        // The base chain alone (an entity with no theme folder) renders base's partial.
        List<String> base = List.of("base");
        assertThat(renderer.render(base, "shell/govco-bar", model(base, Locale.forLanguageTag("es-CO"))))
                .contains("https://www.gov.co").doesNotContain("overridden-bar");
    }

    @Test
    void englishReadersGetEnglishBeforeAThemesSpanishOverride() {
        List<String> chain = List.of("test-override", "base");
        Map<String, String> en = messages.of(chain, Locale.ENGLISH);
        assertThat(en.get("shell.signin")).isEqualTo("Sign in");
        // The theme overrides the key in Spanish only: English readers keep base's English, Spanish readers the theme's.
        assertThat(en.get("shell.govco.tagline")).isEqualTo("Colombian State portal");
        assertThat(messages.of(chain, Locale.forLanguageTag("es-CO")).get("shell.govco.tagline")).isEqualTo("Barra de prueba del tema");
    }

    @Test
    void textIsEscapedAndTheCachedTemplateRendersTheSame() {
        List<String> chain = List.of("base");
        Map<String, Object> m = withTitle(model(chain, Locale.forLanguageTag("es-CO")));
        m.put("title", "<script>x</script>");
        String html = renderer.render(chain, "shell/error", m);
        assertThat(html).contains("&lt;script&gt;x&lt;/script&gt;").doesNotContain("<script>x");
        assertThat(renderer.render(chain, "shell/error", m)).isEqualTo(html); // the cached template renders the same
    }

    @Test
    void theEscaperCoversWhatHandlebarsDefaultCoversAndKeepsCleanTextAsIs() {
        assertThat(PageRenderer.escapeHtml("a<b>&\"c'd`e=f").toString())
                .isEqualTo("a&lt;b&gt;&amp;&quot;c&#x27;d&#x60;e&#x3D;f");
        String clean = "Función Pública — sin caracteres especiales";
        assertThat(PageRenderer.escapeHtml(clean)).isSameAs(clean);
        assertThat(PageRenderer.escapeHtml(null).toString()).isEmpty();
    }

    private static Map<String, Object> withTitle(Map<String, Object> m) {
        m.put("title", "Un título");
        m.put("detail", "Un detalle");
        return m;
    }
}
