package co.mesa.pages;

import co.mesa.identity.Roles;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestRealms;
import co.mesa.testsupport.TestBrowser;
import com.microsoft.playwright.Page;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

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

    @ParameterizedTest
    @ValueSource(strings = {"funcion-publica", "prosperidad-social"})
    void theReportAndTheSupervisorsDashboardPassAxe(String slug) {
        String group = slug.equals("funcion-publica") ? "mesa-servicio-primer-nivel" : "soporte-primer-nivel";
        TestRealms.ensureUser(slug, "ax-supervisora", "Ana", "Supervisora",
                List.of(Roles.REQUESTER, Roles.AGENT, Roles.SUPERVISOR), List.of(group));
        Page page = TestBrowser.get().newPage();
        TestBrowser.signIn(page, slug, "ax-supervisora", "/consola");
        assertThat(page.locator("#tablero h2").innerText()).isEqualTo("Tablero de supervisión");
        TestBrowser.assertAccessible(page, slug + "-tablero-supervision");
        page.locator("#tablero a[href='/consola/informe']").click();
        page.waitForURL(u -> u.endsWith("/consola/informe"));
        assertThat(page.locator("h1").innerText()).isEqualTo("Informe de ANS");
        assertThat(page.locator("svg[role=img] title").first().textContent()).isEqualTo("Casos registrados y cerrados por mes");
        TestBrowser.assertAccessible(page, slug + "-informe-ans");
        // A figure's cases (issue 24): the list behind the total of filed cases.
        page.locator("#by-type tfoot a").first().click();
        page.waitForURL(u -> u.contains("/consola/informe/casos?"));
        assertThat(page.locator("h1").innerText()).isEqualTo("Casos registrados: los casos");
        TestBrowser.assertAccessible(page, slug + "-informe-casos");
        page.context().close();
    }
}
