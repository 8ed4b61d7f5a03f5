package co.mesa.testsupport;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.Cookie;
import co.mesa.identity.SessionCookieAuthenticationFetcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's chromium driven by Playwright (no browser download: {@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1}),
 * one per test run, against the started platform on {@code http://<slug>.localhost:<port>}.
 * {@code *.localhost} is mapped to 127.0.0.1 by a host-resolver rule, since every server here binds
 * IPv4 loopback only. Screenshots go to {@code platform/target/screenshots/} (a build artifact).
 */
public final class TestBrowser {

    /** WCAG 2.1 A and AA, as axe-core tags them. */
    public static final List<String> WCAG_21_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

    private static TestBrowser instance;
    /** "slug/username" → the platform session cookie of that user's last full sign-in. */
    private static final Map<String, Cookie> SESSIONS = new ConcurrentHashMap<>();

    private final Playwright playwright;
    private final Browser browser;

    private TestBrowser() {
        playwright = Playwright.create();
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Paths.get(executable()))
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--host-resolver-rules=MAP *.localhost 127.0.0.1")));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            browser.close();
            playwright.close();
        }, "mesa-browser-stop"));
    }

    public static synchronized TestBrowser get() {
        FastTests.refuse("the browser");
        if (instance == null) {
            instance = new TestBrowser();
        }
        return instance;
    }

    /** Debian's chromium, or what {@code MESA_CHROMIUM} names. */
    static String executable() {
        String named = System.getenv("MESA_CHROMIUM");
        if (named != null && !named.isBlank()) {
            return named;
        }
        for (String candidate : List.of("/usr/bin/chromium", "/usr/lib/chromium/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("chromium is not installed: apt-get install chromium (bash .ci/run does)");
    }

    /** The tenant's origin as a browser reaches it in tests. */
    public static String origin(String slug) {
        return "http://" + slug + ".localhost:" + MesaPlatform.get().port();
    }

    /** A fresh browser context (no cookies) and page, in Spanish unless told. */
    public Page newPage(String locale) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setLocale(locale)
                .setViewportSize(1280, 900));
        // Generous: a loaded 2-core machine may be slow, and a passing wait returns as soon as it can.
        context.setDefaultTimeout(60_000);
        return context.newPage();
    }

    public Page newPage() {
        return newPage("es-CO");
    }

    /**
     * Signs in as {@code username} and lands on {@code path}. The first time for a user (since
     * {@link TestRealms#ensureUser} last set them up) it goes through the tenant's real Keycloak login
     * page; later it reuses that sign-in's platform session: the session cookie is put into the page's
     * context, after the platform confirmed the session is still open ({@code /auth/session}), so a
     * signed-out session is never reused. Tests of the sign-in itself drive the login page themselves.
     */
    public static void signIn(Page page, String slug, String username, String path) {
        MesaPlatform platform = MesaPlatform.withKeycloak();
        String key = slug + "/" + username;
        Cookie saved = SESSIONS.get(key);
        if (saved != null && platform.get(slug + ".localhost", "/auth/session", "Cookie",
                saved.name + "=" + saved.value).statusCode() == 200) {
            page.context().addCookies(List.of(saved));
            page.navigate(origin(slug) + path);
            return;
        }
        SESSIONS.remove(key);
        page.navigate(origin(slug) + "/auth/login?returnTo=" + java.net.URLEncoder.encode(path, java.nio.charset.StandardCharsets.UTF_8));
        page.locator("#username").fill(username);
        page.locator("#password").fill(TestRealms.PASSWORD);
        page.locator("#kc-login").click();
        page.waitForURL(url -> url.startsWith(origin(slug)) && !url.contains("/auth/"));
        page.context().cookies(origin(slug)).stream()
                .filter(c -> c.name.equals(SessionCookieAuthenticationFetcher.COOKIE))
                .findFirst().ifPresent(c -> SESSIONS.put(key, c));
    }

    /** Forgets the saved sign-in of a user (their roles or groups may have changed): the next one is a full one. */
    static void forget(String slug, String username) {
        SESSIONS.remove(slug + "/" + username);
    }

    /** axe-core on the page as it stands: no WCAG 2.1 A/AA violation. Also writes the screenshot. */
    public static void assertAccessible(Page page, String name) {
        screenshot(page, name);
        AxeResults results = new AxeBuilder(page).withTags(WCAG_21_AA).analyze();
        List<String> problems = new ArrayList<>();
        for (Rule v : results.getViolations()) {
            problems.add(v.getId() + " (" + v.getImpact() + "): " + v.getHelp() + " → "
                    + v.getNodes().stream().limit(5).map(n -> String.valueOf(n.getTarget())).collect(Collectors.joining(", ")));
        }
        assertThat(problems).as("axe WCAG 2.1 A/AA violations on %s (%s)", name, page.url()).isEmpty();
    }

    /** A full-page screenshot into target/screenshots/NAME.png. */
    public static void screenshot(Page page, String name) {
        Path dir = Path.of(System.getProperty("mesa.screenshots", "target/screenshots"));
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        page.screenshot(new Page.ScreenshotOptions().setPath(dir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".png"))
                .setFullPage(true));
    }
}
