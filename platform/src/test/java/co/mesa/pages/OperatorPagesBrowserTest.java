package co.mesa.pages;

import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.identity.PlatformRealm;
import co.mesa.identity.RealmKeys;
import co.mesa.identity.RealmProvisioner;
import co.mesa.identity.Roles;
import co.mesa.onboarding.TestBundles;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.MesaPlatform;
import co.mesa.testsupport.TestBrowser;
import co.mesa.testsupport.TestRealms;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.FilePayload;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operators' pages on the platform host, in a real browser. Operators authenticate here as on
 * the operator API: the browser context sends a platform-realm bearer token (there is no browser
 * sign-in against the platform realm yet). The list shows both launch tenants; a tenant onboarded
 * from a bundle through the upload form is suspended and resumed from the list, with a reason.
 */
@NeedsKeycloak
class OperatorPagesBrowserTest {

    static final String PLATFORM_HOST = "mesa.localhost";
    static MesaPlatform platform;

    @BeforeAll
    static void operator() {
        platform = MesaPlatform.get();
        platform.bean(PlatformRealm.class).provision();
        TestRealms.ensureTestClients(PlatformRealm.DEFAULT_REALM, platform.bean(RealmKeys.class).audience());
        TestRealms.ensureUser(PlatformRealm.DEFAULT_REALM, "opp-operator", "Octavio", "Operador", List.of(Roles.OPERATOR));
        TestRealms.ensureUser(PlatformRealm.DEFAULT_REALM, "opp-other", "Olivia", "Otra", List.of());
        for (String slug : List.of("funcion-publica", "prosperidad-social")) {
            TenantContext t = platform.bean(TenantRegistry.class).bySlug(slug).orElseThrow();
            platform.bean(RealmProvisioner.class).provision(t.config());
        }
    }

    static String origin() {
        return "http://" + PLATFORM_HOST + ":" + platform.port();
    }

    static Page operatorPage(String user) {
        String token = TestRealms.accessToken(PlatformRealm.DEFAULT_REALM, TestRealms.DIRECT_CLIENT, user);
        Page page = TestBrowser.get().newPage();
        page.context().setExtraHTTPHeaders(Map.of("Authorization", "Bearer " + token));
        return page;
    }

    @Test
    void theListShowsBothLaunchTenantsAndPassesAxe() {
        Page page = operatorPage("opp-operator");
        Response r = page.navigate(origin() + "/operador");
        assertThat(r.status()).isEqualTo(200);
        assertThat(page.locator("h1").innerText()).isEqualTo("Entidades de la plataforma");
        assertThat(page.title()).contains("Mesa · Operación de la plataforma");
        Locator fp = page.locator("tr[data-slug=funcion-publica]");
        Locator ps = page.locator("tr[data-slug=prosperidad-social]");
        assertThat(fp.innerText()).contains("funcion-publica.localhost");
        assertThat(ps.innerText()).contains("prosperidad-social.localhost");
        assertThat(fp.locator(".tenant-state").innerText()).isEqualTo("Activa");
        assertThat(page.locator(".main-nav a[aria-current=page]").innerText()).isEqualTo("Entidades");
        TestBrowser.assertAccessible(page, "plataforma-operador-entidades");

        page.navigate(origin() + "/operador/altas/nueva");
        TestBrowser.assertAccessible(page, "plataforma-operador-alta");
        page.context().close();
    }

    @Test
    void onboardFromTheFormThenSuspendAndResumeFromTheList() {
        String slug = TestBundles.freshSlug("opp");
        Page page = operatorPage("opp-operator");
        page.navigate(origin() + "/operador/altas/nueva");

        // Nothing chosen: the message sits next to the file input.
        page.locator("form button[type=submit]").click();
        assertThat(page.locator("#paquete-error").innerText()).isEqualTo("Elija el archivo zip del paquete de la entidad.");

        // A broken bundle: every problem listed, nothing created.
        page.locator("#paquete").setInputFiles(new FilePayload("roto.zip", "application/zip",
                "no es un zip".getBytes(StandardCharsets.UTF_8)));
        page.locator("form button[type=submit]").click();
        assertThat(page.locator(".error-summary").innerText()).contains("bundle");
        TestBrowser.assertAccessible(page, "plataforma-operador-alta-errores");

        // A valid bundle: the progress page shows each step done.
        page.locator("#paquete").setInputFiles(new FilePayload(slug + ".zip", "application/zip", TestBundles.zip(slug)));
        // The steps (realm, first admin) run in the request: longer than a click waits for its navigation.
        page.locator("form button[type=submit]").click(new Locator.ClickOptions().setNoWaitAfter(true));
        page.waitForURL(u -> u.contains("/operador/altas/") && !u.endsWith("/nueva"), new Page.WaitForURLOptions().setTimeout(90_000));
        assertThat(page.locator("h1").innerText()).isEqualTo("Alta de " + slug);
        assertThat(page.locator(".onboarding-status-text").innerText()).isEqualTo("Terminado");
        assertThat(page.locator(".step-outcome").allInnerTexts()).containsExactly("Terminado", "Terminado", "Terminado", "Terminado");
        assertThat(page.locator("#onboarding-status").getAttribute("aria-live")).isEqualTo("polite");
        assertThat(page.locator(".actions-row a").first().innerText()).isEqualTo("Actualizar el estado");
        TestBrowser.assertAccessible(page, "plataforma-operador-progreso");
        assertThat(platform.bean(TenantRegistry.class).bySlug(slug)).isPresent();

        // Suspend: a reason is required.
        page.navigate(origin() + "/operador");
        Locator row = page.locator("tr[data-slug=" + slug + "]");
        assertThat(row.locator(".tenant-state").innerText()).isEqualTo("Activa");
        row.locator("button").click();
        assertThat(page.locator("#motivo-suspender-" + slug + "-error").innerText()).isEqualTo("Escriba el motivo de la suspensión.");
        assertThat(platform.bean(TenantRegistry.class).isSuspended(slug)).isFalse();

        page.locator("#motivo-suspender-" + slug).fill("Prueba de suspensión");
        page.locator("tr[data-slug=" + slug + "] button").click();
        page.waitForURL(u -> u.contains("hecho=suspendida-" + slug));
        row = page.locator("tr[data-slug=" + slug + "]");
        assertThat(row.locator(".tenant-state").innerText()).contains("Suspendida").contains("opp-operator")
                .contains("Prueba de suspensión");
        assertThat(page.locator(".notice-success").innerText()).contains("quedó suspendida");
        assertThat(platform.bean(TenantRegistry.class).isSuspended(slug)).isTrue();
        assertThat(platform.get(slug + ".localhost", "/api/v1/catalog").statusCode()).isEqualTo(403);
        TestBrowser.assertAccessible(page, "plataforma-operador-suspendida");

        page.locator("#motivo-reanudar-" + slug).fill("Fin de la prueba");
        page.locator("tr[data-slug=" + slug + "] button").click();
        page.waitForURL(u -> u.contains("hecho=reanudada-" + slug));
        assertThat(page.locator("tr[data-slug=" + slug + "] .tenant-state").innerText()).isEqualTo("Activa");
        assertThat(platform.bean(TenantRegistry.class).isSuspended(slug)).isFalse();
        assertThat(platform.get(slug + ".localhost", "/api/v1/catalog").statusCode()).isEqualTo(200);
        page.context().close();
    }

    @Test
    void withoutAnOperatorTokenOrOffThePlatformHostThereIsNothing() {
        Page anonymous = TestBrowser.get().newPage();
        Response r = anonymous.navigate(origin() + "/operador");
        assertThat(r.status()).isEqualTo(401);
        assertThat(anonymous.locator("h1").innerText()).isEqualTo("Ingreso de operadores");
        TestBrowser.assertAccessible(anonymous, "plataforma-operador-sin-credencial");
        anonymous.context().close();

        Page notOperator = operatorPage("opp-other");
        assertThat(notOperator.navigate(origin() + "/operador").status()).isEqualTo(403);
        notOperator.context().close();

        // On a tenant's host the operator pages do not exist, even with an operator token.
        Page tenantHost = operatorPage("opp-operator");
        assertThat(tenantHost.navigate(TestBrowser.origin("funcion-publica") + "/operador").status()).isIn(401, 404);
        tenantHost.context().close();

        // A form post with no bearer token (what another site could make a browser send) changes nothing.
        java.net.http.HttpResponse<String> post = platform.send(platform.request(PLATFORM_HOST,
                        "/operador/entidades/funcion-publica/suspender")
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("motivo=ataque")).build());
        assertThat(post.statusCode()).isEqualTo(401);
        assertThat(platform.bean(TenantRegistry.class).isSuspended("funcion-publica")).isFalse();
    }
}
