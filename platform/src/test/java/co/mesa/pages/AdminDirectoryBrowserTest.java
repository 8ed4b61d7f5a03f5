package co.mesa.pages;

import co.mesa.identity.Roles;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestBrowser;
import co.mesa.testsupport.TestRealms;
import co.mesa.testsupport.TestTenants;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The administrator's "Directorio de personas" (issue 20, decision 0027) in a real browser: the last sync and
 * "Sincronizar ahora", on the tenant copy PeopleSyncTest uses (a sync marks inactive whoever the realm does
 * not list, so it never runs on the launch tenants in tests). Axe on the page.
 */
@NeedsKeycloak
class AdminDirectoryBrowserTest {

    static final String SLUG = "directorio-sync";

    @Test
    void theAdministratorsPageShowsTheLastSyncAndSyncsOnDemand() {
        TestTenants.copyOf("funcion-publica", SLUG);
        TestRealms.ensureUser(SLUG, "dsync-admin-pagina", "Adela", "Administradora", List.of(Roles.TENANT_ADMIN));
        Page page = TestBrowser.get().newPage();
        try {
            TestBrowser.signIn(page, SLUG, "dsync-admin-pagina", "/admin/directorio");
            TestBrowser.assertAccessible(page, "admin-directorio");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sincronizar ahora")).click();
            page.waitForURL(url -> url.contains("sincronizado=1"));
            assertThat(page.locator("[role=status]").textContent()).contains("El directorio se sincronizó");
            assertThat(page.locator("dl.facts").textContent()).contains("Personas en el directorio");
            TestBrowser.assertAccessible(page, "admin-directorio-sincronizado");
        } finally {
            page.context().close();
        }
    }
}
