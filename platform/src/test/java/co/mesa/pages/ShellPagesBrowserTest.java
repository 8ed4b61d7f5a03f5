package co.mesa.pages;

import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.identity.RealmProvisioner;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.MesaPlatform;
import co.mesa.testsupport.TestBrowser;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shell every page shares, in a real browser: GOV.CO bar, the entity's header and footer, the
 * language switch that persists, and axe-core (WCAG 2.1 A/AA) on the policy pages and on the
 * tenant's Keycloak sign-in page.
 */
@NeedsKeycloak
class ShellPagesBrowserTest {

    @BeforeAll
    static void realms() {
        MesaPlatform platform = MesaPlatform.get();
        for (String slug : List.of("funcion-publica", "prosperidad-social")) {
            TenantContext t = platform.bean(TenantRegistry.class).bySlug(slug).orElseThrow();
            platform.bean(RealmProvisioner.class).provision(t.config());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"funcion-publica", "prosperidad-social"})
    void policyPagesCarryTheGovCoBarTheFooterAndPassAxe(String slug) {
        Page page = TestBrowser.get().newPage();
        page.navigate(TestBrowser.origin(slug) + "/politicas/accesibilidad");
        assertThat(page.locator("html").getAttribute("lang")).isEqualTo("es-CO");
        assertThat(page.locator(".govco-bar a").first().getAttribute("href")).isEqualTo("https://www.gov.co");
        assertThat(page.locator("footer").innerText()).contains("Horario de atención")
                .contains("Política de tratamiento de datos personales");
        assertThat(page.locator("h1").innerText()).isEqualTo("Política de accesibilidad");
        if (slug.equals("funcion-publica")) {
            // Its PQRS form has no address in the tenant data: the footer does not advertise it (issue 20).
            assertThat(page.locator("#footer-channels + ul").innerText()).contains("Portal de Usuarios")
                    .doesNotContain("Formulario de Peticiones");
        }
        TestBrowser.assertAccessible(page, slug + "-politica-accesibilidad");
        page.navigate(TestBrowser.origin(slug) + "/politicas/tratamiento-de-datos");
        TestBrowser.assertAccessible(page, slug + "-politica-datos");
        page.context().close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"funcion-publica", "prosperidad-social"})
    void theLanguageSwitchPersistsAcrossPages(String slug) {
        Page page = TestBrowser.get().newPage();
        page.navigate(TestBrowser.origin(slug) + "/politicas/accesibilidad");
        page.locator(".lang-switch").click();
        page.waitForURL(u -> u.endsWith("/politicas/accesibilidad"));
        assertThat(page.locator("html").getAttribute("lang")).isEqualTo("en");
        assertThat(page.locator("h1").innerText()).isEqualTo("Accessibility policy");
        // Another page, later: still English, until switched back.
        page.navigate(TestBrowser.origin(slug) + "/politicas/tratamiento-de-datos");
        assertThat(page.locator("h1").innerText()).isEqualTo("Personal data policy");
        TestBrowser.assertAccessible(page, slug + "-politica-datos-en");
        page.locator(".lang-switch").click();
        page.waitForURL(u -> u.endsWith("/politicas/tratamiento-de-datos"));
        assertThat(page.locator("h1").innerText()).isEqualTo("Política de tratamiento de datos personales");
        page.context().close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"funcion-publica", "prosperidad-social"})
    void theKeycloakSignInPagePassesAxe(String slug) {
        Page page = TestBrowser.get().newPage();
        page.navigate(TestBrowser.origin(slug) + "/auth/login?returnTo=/");
        page.locator("#username").waitFor();
        TestBrowser.assertAccessible(page, slug + "-keycloak-ingreso");
        page.context().close();
    }
}
