package co.mesa.pages;

import co.mesa.identity.RealmProvisioner;
import co.mesa.identity.Roles;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.MesaPlatform;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestBrowser;
import co.mesa.testsupport.TestRealms;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The role guides in a real browser (issue 22): reached from a page's "Ayuda" link, landing on the page's
 * section, in the entity's theme, in both languages, with axe-core (WCAG 2.1 A/AA) on each guide page.
 */
@NeedsKeycloak
class GuideBrowserTest {

    @BeforeAll
    static void realms() {
        MesaPlatform platform = MesaPlatform.withKeycloak();
        for (String slug : List.of("funcion-publica", "prosperidad-social")) {
            TenantContext t = platform.bean(TenantRegistry.class).bySlug(slug).orElseThrow();
            platform.bean(RealmProvisioner.class).provision(t.config());
            TestRealms.ensureUser(slug, "guia-admin", "Gina", "Guía", List.of(Roles.REQUESTER, Roles.AGENT, Roles.TENANT_ADMIN));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"funcion-publica", "prosperidad-social"})
    void theHelpLinkOpensThePagesSectionOfTheGuideAndEveryGuidePassesAxe(String slug) {
        Page page = TestBrowser.get().newPage();
        page.navigate(TestBrowser.origin(slug) + "/");
        page.locator(".help-link").click();
        page.waitForURL(u -> u.contains("/ayuda/solicitante#ingresar"));
        assertThat(page.locator("#ingresar").innerText()).isEqualTo("Ingresar al portal");
        assertThat(page.locator(".guide-note").first().innerText()).contains("Nota de");
        TestBrowser.assertAccessible(page, slug + "-guia-solicitante");

        TestBrowser.signIn(page, slug, "guia-admin", "/admin/marca");
        page.locator(".help-link").click();
        page.waitForURL(u -> u.contains("/ayuda/administrador#marca"));
        assertThat(page.locator("#marca").innerText()).isEqualTo("Logo y colores");
        TestBrowser.assertAccessible(page, slug + "-guia-administrador");
        page.navigate(TestBrowser.origin(slug) + "/consola/cola");
        page.locator(".help-link").click();
        page.waitForURL(u -> u.contains("/ayuda/agente#cola"));
        TestBrowser.assertAccessible(page, slug + "-guia-agente");
        page.navigate(TestBrowser.origin(slug) + "/ayuda");
        TestBrowser.assertAccessible(page, slug + "-guia-indice");

        // English: the same sections, the same note in English.
        page.locator(".lang-switch").click();
        page.waitForURL(u -> u.endsWith("/ayuda"));
        page.navigate(TestBrowser.origin(slug) + "/ayuda/solicitante");
        assertThat(page.locator("h1").innerText()).isEqualTo("Requester's guide");
        assertThat(page.locator(".guide-note").first().innerText()).contains("Note from");
        TestBrowser.assertAccessible(page, slug + "-guia-solicitante-en");
        page.context().close();
    }
}
