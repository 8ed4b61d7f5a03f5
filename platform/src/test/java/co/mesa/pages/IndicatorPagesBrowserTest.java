package co.mesa.pages;

import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestBrowser;
import com.microsoft.playwright.Page;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The indicators' definitions and open data dictionary (issue 24) in a real browser: reachable from the footer, axe-clean. */
@NeedsKeycloak
class IndicatorPagesBrowserTest {

    @ParameterizedTest
    @ValueSource(strings = {"funcion-publica", "prosperidad-social"})
    void theDefinitionsPageIsLinkedFromTheFooterAndPassesAxe(String slug) {
        Page page = TestBrowser.get().newPage();
        page.navigate(TestBrowser.origin(slug) + "/politicas/accesibilidad");
        page.locator("footer a[href='/indicadores/definiciones']").click();
        page.waitForURL(u -> u.endsWith("/indicadores/definiciones"));
        assertThat(page.locator("h1").innerText()).isEqualTo("Indicadores: definiciones y diccionario de datos");
        assertThat(page.locator("table tbody tr").count()).isEqualTo(12);
        TestBrowser.assertAccessible(page, slug + "-indicadores-definiciones");
        page.navigate(TestBrowser.origin(slug) + "/idioma?lang=en&volver=/indicadores/definiciones");
        page.waitForURL(u -> u.endsWith("/indicadores/definiciones"));
        assertThat(page.locator("h1").innerText()).isEqualTo("Indicators: definitions and data dictionary");
        TestBrowser.assertAccessible(page, slug + "-indicators-definitions-en");
        page.context().close();
    }
}
