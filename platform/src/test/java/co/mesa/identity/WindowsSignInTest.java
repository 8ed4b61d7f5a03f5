package co.mesa.identity;

import co.mesa.testsupport.MesaPlatform;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestBrowser;
import co.mesa.testsupport.TestDirectory;
import co.mesa.testsupport.TestKdc;
import co.mesa.testsupport.TestKeycloak;
import co.mesa.testsupport.TestTenants;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Windows integrated sign-in against real servers: an MIT KDC ({@link TestKdc}) holding the realm's service
 * principal and a person's principal, the entity's directory in slapd ({@link TestDirectory}), Keycloak's
 * Kerberos authentication with the keytab, and Debian's Chromium started with the negotiate flags. With a
 * ticket from {@code kinit} the person lands signed in on the entity's host without a password form; without
 * one the browser gets the form, and the directory password still works there.
 */
@NeedsKeycloak
class WindowsSignInTest {

    static final String ENTITY = "dir-k";
    static final String KEYTAB_SECRET = "MESA_TEST_ONLY_KERBEROS_KEYTAB";
    static final String KRB_PASSWORD = "Test-only-krb-Passw0rd";

    static TestKdc kdc;
    static String user;
    static Playwright playwright;

    @BeforeAll
    static void entityWithKerberos() {
        kdc = TestKdc.get();
        TestDirectory directory = TestDirectory.get();
        directory.ensureEntity(ENTITY);
        user = "kana" + UUID.randomUUID().toString().substring(0, 6);
        directory.addUser(ENTITY, user, "Kana", "Windows", true);
        directory.addGroup(ENTITY, "GG-Mesa-Admin", List.of(user));
        kdc.addUser(user, KRB_PASSWORD);
        // Chromium asks for HTTP/<host of the sign-in page>: Keycloak's host as the browser reaches it.
        String keycloakHost = URI.create(TestKeycloak.get().baseUrl()).getHost();
        String principal = "HTTP/" + keycloakHost + "@" + TestKdc.REALM;
        kdc.addService(principal, TestDirectory.keytabDir().resolve(KEYTAB_SECRET));
        String kerberos = "    kerberos:\n"
                + "      enabled: true\n"
                + "      realm: " + TestKdc.REALM + "\n"
                + "      servicePrincipal: \"" + principal + "\"\n"
                + "      keytabSecret: " + KEYTAB_SECRET + "\n";
        String mappings = "    groupMappings:\n      - {directoryGroup: GG-Mesa-Admin, roles: [tenant-admin]}\n";
        TestTenants.copyOf("funcion-publica", ENTITY, yaml -> DirectoryFederationTest.withDirectory(yaml,
                directory.tenantBlock(ENTITY, mappings) + kerberos));
        MesaPlatform.withKeycloak();
        playwright = Playwright.create();
    }

    @AfterAll
    static void closeBrowsers() {
        if (playwright != null) {
            playwright.close();
        }
    }

    /**
     * Chromium with the negotiate flags and the given ticket cache (see shared/STACK.md), in a persistent
     * (regular) profile: Chromium allows ambient Negotiate authentication in regular profiles only, and
     * Playwright's usual contexts are incognito-like.
     */
    static BrowserContext browser(Path ccache, String name) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(kdc.clientEnv(ccache));
        String keycloakHost = URI.create(TestKeycloak.get().baseUrl()).getHost();
        Path profile = Path.of("target", "chromium-kerberos-" + name + "-" + UUID.randomUUID()).toAbsolutePath();
        BrowserContext context = playwright.chromium().launchPersistentContext(profile,
                new BrowserType.LaunchPersistentContextOptions()
                        .setExecutablePath(Paths.get("/usr/bin/chromium"))
                        .setHeadless(true)
                        .setEnv(env)
                        .setLocale("es-CO")
                        .setViewportSize(1280, 900)
                        .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                                "--host-resolver-rules=MAP *.localhost 127.0.0.1",
                                "--auth-server-allowlist=" + keycloakHost, "--disable-auth-negotiate-cname-lookup",
                                "--auth-schemes=basic,digest,ntlm,negotiate", "--gssapi-library-name=libgssapi_krb5.so.2")));
        // Generous: a loaded 2-core machine may be slow, and a passing wait returns as soon as it can.
        context.setDefaultTimeout(60_000);
        return context;
    }

    @Test
    void withATicketThePersonIsSignedInWithoutAPasswordFormAndGetsTheMappedRole() {
        Path ccache = kdc.kinit(user, KRB_PASSWORD);
        BrowserContext browser = browser(ccache, "ticket");
        try {
            Page page = browser.pages().isEmpty() ? browser.newPage() : browser.pages().get(0);
            String origin = TestBrowser.origin(ENTITY);
            // Chromium loads its GSSAPI library on the first Negotiate challenge it meets and answers from the
            // next one on (seen here with a bare server too): the first visit primes it and gets Keycloak's form.
            page.navigate(origin + "/auth/login?returnTo=/");
            page.locator("#kc-form-login").waitFor();
            // What the sign-in exchanged, for the failure message: Keycloak's challenges and the browser's answers.
            List<String> exchange = new java.util.concurrent.CopyOnWriteArrayList<>();
            page.onResponse(r -> exchange.add(r.status() + " " + r.url().replaceAll("\\?.*", "") + " "
                    + r.headers().getOrDefault("www-authenticate", "")));
            page.navigate(origin + "/auth/login?returnTo=/admin/directorio");
            try {
                page.waitForURL(url -> url.startsWith(origin) && !url.contains("/auth/"));
            } catch (com.microsoft.playwright.TimeoutError e) {
                throw new AssertionError("not signed in by Kerberos; at " + page.url() + "; exchange: " + exchange, e);
            }
            assertThat(page.url()).isEqualTo(origin + "/admin/directorio");
            assertThat(page.locator("#kc-form-login").count()).isZero();
            // The directory's group gave the entity's admin role; the page shows the directory and Kerberos on.
            assertThat(page.locator("h1").innerText()).isEqualTo("Directorio de personas");
            assertThat(page.locator("#directory-kerberos").innerText()).isEqualTo("Activo");
            TestBrowser.assertAccessible(page, ENTITY + "-admin-directorio");
        } finally {
            browser.close();
        }
    }

    @Test
    void withoutATicketTheBrowserGetsTheFormAndTheDirectoryPasswordStillWorks() {
        BrowserContext browser = browser(kdc.emptyCache(), "no-ticket");
        try {
            Page page = browser.pages().isEmpty() ? browser.newPage() : browser.pages().get(0);
            String origin = TestBrowser.origin(ENTITY);
            page.navigate(origin + "/auth/login?returnTo=/");
            page.locator("#kc-form-login").waitFor();
            assertThat(page.url()).startsWith(TestKeycloak.get().baseUrl());
            page.locator("#username").fill(user);
            page.locator("#password").fill(TestDirectory.USER_PASSWORD);
            page.locator("#kc-login").click();
            page.waitForURL(url -> url.startsWith(origin) && !url.contains("/auth/"));
            assertThat(page.url()).isEqualTo(origin + "/");
        } finally {
            browser.close();
        }
    }
}
