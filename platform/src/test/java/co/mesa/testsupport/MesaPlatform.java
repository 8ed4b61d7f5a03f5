package co.mesa.testsupport;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One platform per test run, on a real PostgreSQL, shared by every test class: started on first
 * use, stopped when the JVM ends. Requests go to 127.0.0.1 with the tenant's Host header, because
 * {@code *.localhost} does not resolve through the system resolver here.
 *
 * <p>Keycloak is not started with it: the platform is given the address Keycloak will have
 * ({@link TestKeycloak#planned()}) and copes with nothing answering there, as it does in production.
 * A class that needs Keycloak says so with {@link NeedsKeycloak}, which starts it before the class's
 * set-up ({@link #withKeycloak()}); one that needs only the platform is {@link NeedsServices}.
 *
 * <h2>The rule: no test depends on another's data</h2>
 * The database, the platform, Keycloak and GreenMail are shared by every class of the run, in whatever
 * order surefire picks, and nothing resets them between classes. So a test
 * <ul>
 *   <li>creates what it counts, picks or routes among: its own people (usernames with a prefix of its
 *   class, e.g. {@code rt-}), its own groups or tenant (an imported copy of a fixture under a slug of its
 *   own) when it asserts who routing picks or how many of something there are;</li>
 *   <li>never asserts an exact count of shared data (the launch tenants' cases, people, queue counters,
 *   mail) — it asserts the difference its own action made, or filters by what it created (a case code,
 *   a unique subject or address);</li>
 *   <li>puts back what it changes in shared tenant data (live config, an agent's availability, the
 *   {@link TestClock}) before it ends, in a {@code finally} or try-with-resources;</li>
 *   <li>gives the platform's background work explicit instants instead of waiting for it, and polls
 *   ({@link Eventually}) only for what it cannot control.</li>
 * </ul>
 * Run a class alone and the affected classes in reverse or random order
 * ({@code -Dsurefire.runOrder=reversealphabetical}) to check.
 */
public final class MesaPlatform {

    /** Realm name that tests use for a tenant whose Keycloak does not answer. */
    public static final String KEYCLOAK_DOWN_REALM = "keycloak-down";

    private static MesaPlatform instance;

    private final EmbeddedServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    private boolean realmsInStep; // guarded by this

    private MesaPlatform() {
        TestPostgres pg = TestPostgres.get();
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.server.port", -1);
        props.put("micronaut.server.host", "127.0.0.1");
        props.put("datasources.default.url", pg.jdbcUrl());
        props.put("datasources.default.username", pg.appUser());
        props.put("datasources.default.password", pg.appPassword());
        props.put("datasources.owner.url", pg.jdbcUrl());
        props.put("datasources.owner.username", pg.ownerUser());
        props.put("datasources.owner.password", pg.ownerPassword());
        props.put("mesa.tenant-config.dir", repoRoot().resolve("tenant-config").toString());
        // Where Keycloak will answer once a class needs it (NeedsKeycloak); until then the platform retries.
        TestKeycloak.Address keycloak = TestKeycloak.planned();
        props.put("mesa.keycloak.url", keycloak.baseUrl());
        props.put("mesa.keycloak.admin-username", keycloak.adminUsername());
        props.put("mesa.keycloak.admin-password", keycloak.adminPassword());
        // A realm whose Keycloak is unreachable, for the "identity service down" tests.
        props.put("mesa.keycloak.realm-urls." + KEYCLOAK_DOWN_REALM, "http://127.0.0.1:1");
        // Tests import on purpose; the periodic rescan would race them.
        props.put("mesa.tenant-config.rescan-interval", "1h");
        props.put("mesa.tenant-config.registry-refresh-interval", "1h");
        // Notifications go to GreenMail's real SMTP server.
        TestMail mail = TestMail.get();
        props.put("mesa.mail.smtp.host", "127.0.0.1");
        props.put("mesa.mail.smtp.port", mail.smtpPort());
        // A generous SMTP timeout: a busy machine must not turn a slow delivery into a failed one (a stopped
        // GreenMail refuses connections at once, so the "relay down" tests do not wait for it).
        props.put("mesa.mail.smtp.timeout-ms", 30_000);
        props.put("mesa.mail.imap.host", "127.0.0.1");
        props.put("mesa.mail.imap.port", mail.imapPort());
        // The scrape's own port (GET /metrics): Micronaut binds it only for a fixed number.
        managementPort = freePort();
        props.put("mesa.management.port", managementPort);
        // Secrets named in tenant data (directory bind passwords) as files, and where Keycloak reads keytabs.
        props.put("mesa.secrets.dir", TestDirectory.secretsDir().toString());
        props.put("mesa.identity.keytab-dir", TestDirectory.keytabDir().toString());
        server = ApplicationContext.run(EmbeddedServer.class, props, "test", "migrate");
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "mesa-platform-stop"));
    }

    private final int managementPort;

    /** The port that serves {@code GET /metrics} (and nothing else). */
    public int managementPort() {
        return managementPort;
    }

    /** A port free right now on loopback. */
    public static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static synchronized MesaPlatform get() {
        FastTests.refuse("the platform (PostgreSQL)");
        if (instance == null) {
            instance = new MesaPlatform();
        }
        return instance;
    }

    /**
     * The platform with the run's Keycloak started (on the address the platform was given) and the realms
     * in step: the platform realm and every tenant's realm provisioned, as the platform's start-up sync does
     * when Keycloak answers. Called for {@link NeedsKeycloak} classes; cheap after the first call.
     */
    public static MesaPlatform withKeycloak() {
        MesaPlatform platform = get();
        platform.realmsInStep();
        return platform;
    }

    private synchronized void realmsInStep() {
        if (realmsInStep) {
            return;
        }
        TestKeycloak.get();
        // Without waiting for the platform's next 15 s retry. A realm whose Keycloak is down on purpose
        // (KEYCLOAK_DOWN_REALM) stays out of step; that is expected.
        bean(co.mesa.identity.RealmSync.class).sync();
        realmsInStep = true;
    }

    public ApplicationContext context() {
        return server.getApplicationContext();
    }

    public <T> T bean(Class<T> type) {
        return context().getBean(type);
    }

    /** The bean of that type named so (the "default" data source, say). */
    public <T> T bean(Class<T> type, String name) {
        return context().getBean(type, io.micronaut.inject.qualifiers.Qualifiers.byName(name));
    }

    public int port() {
        return server.getPort();
    }

    /** A request to this platform as if it arrived on {@code host}. */
    public HttpRequest.Builder request(String host, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .header("Host", host)
                .timeout(Duration.ofSeconds(30));
    }

    public HttpResponse<String> get(String host, String path, String... headers) {
        HttpRequest.Builder b = request(host, path).GET();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<byte[]> sendBytes(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static Path repoRoot() {
        String root = System.getProperty("mesa.repo.root");
        return (root != null ? Path.of(root) : Path.of("..")).toAbsolutePath().normalize();
    }
}
