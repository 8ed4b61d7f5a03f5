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
 */
public final class MesaPlatform {

    /** Realm name that tests use for a tenant whose Keycloak does not answer. */
    public static final String KEYCLOAK_DOWN_REALM = "keycloak-down";

    private static MesaPlatform instance;

    private final EmbeddedServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private MesaPlatform() {
        // Keycloak takes the longest to start: let it boot while PostgreSQL and the platform do.
        TestKeycloak.startInBackground();
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
        TestKeycloak keycloak = TestKeycloak.get();
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
        props.put("mesa.mail.smtp.timeout-ms", 2000);
        props.put("mesa.mail.imap.host", "127.0.0.1");
        props.put("mesa.mail.imap.port", mail.imapPort());
        server = ApplicationContext.run(EmbeddedServer.class, props, "test", "migrate");
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "mesa-platform-stop"));
    }

    public static synchronized MesaPlatform get() {
        if (instance == null) {
            instance = new MesaPlatform();
        }
        return instance;
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
