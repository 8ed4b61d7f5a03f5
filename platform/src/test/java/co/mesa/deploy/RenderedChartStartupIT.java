package co.mesa.deploy;

import co.mesa.testsupport.TestKeycloak;
import co.mesa.testsupport.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.marcnuri.helm.Helm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the packaged jar the way the chart's pod would (issue 29): the chart is rendered with
 * helm-java, the Deployment's container environment and arguments are taken as rendered, Secret
 * references are filled from throwaway secrets, container paths are mapped to local folders (the
 * tenant-config volume is written from the rendered ConfigMap and its items, {@code /tmp} to a scratch
 * folder), and only the service addresses are pointed at this JVM's PostgreSQL, Keycloak and GreenMail
 * (plus a free port instead of 8080, and the chart's all-interfaces 0.0.0.0 as 127.0.0.2, since servers
 * on this shared machine stay on loopback). The jar must then answer readiness, a tenant's catalog and
 * the sign-in redirect on 127.0.0.2: a server bound to 127.0.0.1 only (the default before the chart set
 * MESA_HTTP_HOST) refuses connections there.
 *
 * <p>The database is migrated first by {@code java -jar platform.jar migrate}, as the chart's hook Job
 * does; pods never migrate. The test PostgreSQL's roles carry dev passwords, which fail-fast refuses
 * outside dev/test, so they get throwaway ones here. Run by maven-failsafe after {@code package}.
 */
class RenderedChartStartupIT {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String LISTEN_CHECK_ADDRESS = "127.0.0.2";
    private static final String TENANT_HOST = "mesa.funcionpublica.gov.co";
    private static final String TENANT_REALM = "funcion-publica";
    private static final Duration START_DEADLINE = Duration.ofSeconds(180);
    private static final String SMTP_USER = "mesa-relay";
    private static final String SMTP_PASSWORD = "relay-" + UUID.randomUUID();

    static Path repoRoot;
    static Path work;
    static Path jar;
    static JsonNode container;
    static JsonNode configMap;
    static JsonNode deployment;
    static GreenMail mail;
    static int smtpsPort;
    static int imapPort;
    static String appPassword;
    static String ownerPassword;
    static Process service;
    static Path serviceLog;
    static int httpPort;
    static long readyMillis;

    @BeforeAll
    static void renderAndStart() throws Exception {
        String root = System.getProperty("mesa.repo.root");
        repoRoot = (root == null || root.isBlank() ? Paths.get("..") : Paths.get(root)).toAbsolutePath().normalize();
        jar = Paths.get(System.getProperty("mesa.platform.jar", "target/platform-0.1.0-SNAPSHOT.jar")).toAbsolutePath();
        assertThat(jar).as("the shaded jar built by package").isRegularFile();
        work = Files.createDirectories(repoRoot.resolve("platform/target/rendered-chart-it"));

        List<JsonNode> manifest = render();
        deployment = only(manifest, "Deployment");
        container = deployment.at("/spec/template/spec/containers/0");
        configMap = manifest.stream().filter(o -> o.at("/kind").asText().equals("ConfigMap")
                && o.at("/metadata/name").asText().endsWith("-tenant-config")).findFirst().orElseThrow();

        // Real services for this JVM; the database's dev passwords replaced with throwaway ones.
        TestPostgres pg = TestPostgres.get();
        appPassword = "app-" + UUID.randomUUID();
        ownerPassword = "owner-" + UUID.randomUUID();
        try (Connection c = pg.superuserConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER ROLE " + pg.appUser() + " PASSWORD '" + appPassword + "'");
            s.execute("ALTER ROLE " + pg.ownerUser() + " PASSWORD '" + ownerPassword + "'");
        }
        TestKeycloak.startInBackground();
        smtpsPort = freePort();
        imapPort = freePort();
        co.mesa.testsupport.TestTls.useLoopbackCertificateForGreenMail();
        mail = new GreenMail(new ServerSetup[] {
                new ServerSetup(smtpsPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS),
                new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        mail.start(); // authentication on: only the relay user may send
        mail.setUser("relay@mesa.test", SMTP_USER, SMTP_PASSWORD);

        // The hook Job's work: migrate as the owner, then exit.
        Process migrate = start(List.of("migrate"), ownerEnv(), work.resolve("migrate.log"));
        long m0 = System.nanoTime();
        boolean migrated = migrate.waitFor(START_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        if (!migrated) {
            threadDump(migrate, work.resolve("migrate.log"));
            migrate.destroyForcibly();
        }
        assertThat(migrated).as("migrate finished; log:%n%s", tail(work.resolve("migrate.log"))).isTrue();
        System.out.printf("RenderedChartStartupIT: migrate took %d ms%n", (System.nanoTime() - m0) / 1_000_000);
        assertThat(migrate.exitValue()).as("migrate exit code; log:%n%s", tail(work.resolve("migrate.log"))).isZero();

        httpPort = freePort();
        serviceLog = work.resolve("service.log");
        long t0 = System.nanoTime();
        service = start(args(container), serviceEnv(Map.of()), serviceLog);
        awaitStatus("/health/readiness", null, s -> s == 200);
        readyMillis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("RenderedChartStartupIT: jar ready on %s:%d in %d ms%n", LISTEN_CHECK_ADDRESS, httpPort, readyMillis);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (service != null) {
            service.destroy();
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
        if (mail != null) {
            mail.stop();
        }
    }

    @Test
    void theChartMakesTheServiceListenBeyondLoopback() throws IOException {
        assertThat(env(container).get("MESA_HTTP_HOST").asText()).isEqualTo("0.0.0.0");
        // The jar listens where MESA_HTTP_HOST says (127.0.0.2 here), not on its 127.0.0.1 default.
        try (Socket probe = new Socket()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> probe.connect(
                    new InetSocketAddress("127.0.0.1", httpPort), 3_000)).isInstanceOf(ConnectException.class);
        }
        // The point of 127.0.0.2: what binds 127.0.0.1 only is not reachable there.
        try (ServerSocket loopbackOnly = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             Socket probe = new Socket()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> probe.connect(
                            new InetSocketAddress(LISTEN_CHECK_ADDRESS, loopbackOnly.getLocalPort()), 3_000))
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void answersReadiness() throws Exception {
        HttpResponse<String> r = get("/health/readiness", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("UP");
    }

    @Test
    void servesATenantsCatalog() throws Exception {
        HttpResponse<String> r = awaitStatus("/api/v1/catalog", TENANT_HOST, s -> s == 200);
        JsonNode catalog = new ObjectMapper().readTree(r.body());
        assertThat(catalog.toString()).isNotBlank();
        assertThat(catalog.size()).as("catalog %s", r.body()).isPositive();
    }

    @Test
    void redirectsSignInToTheRealmsPublicUrl() throws Exception {
        // The realm is provisioned from tenant data by the service itself at start; wait for it.
        HttpResponse<String> r = awaitStatus("/auth/login", TENANT_HOST, s -> s == 303);
        String location = r.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(TestKeycloak.get().issuer(TENANT_REALM) + "/protocol/openid-connect/auth?");
        assertThat(location).contains("redirect_uri=https%3A%2F%2F" + TENANT_HOST + "%2Fauth%2Fcallback");
    }

    @Test
    void refusesToStartWithADevCredential() throws Exception {
        Path log = work.resolve("fail-fast.log");
        Process p = start(args(container), serviceEnv(Map.of("MESA_KEYCLOAK_ADMIN_PASSWORD", "admin")), log);
        assertThat(p.waitFor(START_DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(p.exitValue()).isNotZero();
        assertThat(Files.readString(log)).contains("MESA_KEYCLOAK_ADMIN_PASSWORD holds a known dev credential");
    }

    // ---------------------------------------------------------------------------------------------

    private static List<JsonNode> render() throws IOException {
        Map<String, String> files = new TreeMap<>();
        List<Map<String, Object>> tenants = new ArrayList<>();
        Path tenantConfig = repoRoot.resolve("tenant-config");
        try (Stream<Path> children = Files.list(tenantConfig)) {
            for (Path folder : children.filter(d -> Files.isRegularFile(d.resolve("tenant.yaml"))).sorted().toList()) {
                JsonNode tenant = YAML.readTree(folder.resolve("tenant.yaml").toFile());
                List<String> hosts = new ArrayList<>();
                tenant.at("/hosts").forEach(h -> hosts.add(h.asText()));
                tenants.add(Map.of("slug", tenant.at("/slug").asText(), "hosts", hosts));
                try (Stream<Path> yaml = Files.list(folder)) {
                    for (Path f : yaml.filter(f -> f.getFileName().toString().endsWith(".yaml")).toList()) {
                        files.put(folder.getFileName() + "/" + f.getFileName(), Files.readString(f));
                    }
                }
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("platformHost", "mesa.example.gov.co");
        values.put("tenants", tenants);
        values.put("tenantConfig", Map.of("files", files));
        Path valuesFile = work.resolve("values.yaml");
        YAML.writeValue(valuesFile.toFile(), values);
        String rendered = new Helm(repoRoot.resolve("helm/mesa")).template().withName("mesa").withNamespace("mesa")
                .withValuesFile(valuesFile).call();
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(rendered)) {
            while (docs.hasNext()) {
                JsonNode d = docs.next();
                if (d != null && d.isObject() && d.size() > 0) {
                    objects.add(d);
                }
            }
        }
        return objects;
    }

    /** The container's environment as the pod would see it, with the test's stand-ins. */
    private static Map<String, String> serviceEnv(Map<String, String> overrides) throws IOException {
        Map<String, String> mounts = mountFolders();
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode e : container.at("/env")) {
            String name = e.at("/name").asText();
            String value = e.has("value") ? e.at("/value").asText()
                    : e.at("/valueFrom/fieldRef/fieldPath").asText().equals("metadata.name") ? "mesa-pod-0"
                    : secret(e.at("/valueFrom/secretKeyRef/name").asText(), e.at("/valueFrom/secretKeyRef/key").asText());
            env.put(name, mapPaths(value, mounts));
        }
        TestPostgres pg = TestPostgres.get();
        TestKeycloak kc = TestKeycloak.get();
        // Only addresses change: where PostgreSQL, Keycloak, SMTP and IMAP are, and a free port.
        env.put("DATASOURCES_DEFAULT_URL", pg.jdbcUrl());
        env.put("MESA_KEYCLOAK_URL", kc.baseUrl());
        env.put("MESA_KEYCLOAK_ISSUER_BASE", kc.baseUrl());
        env.put("MESA_SMTP_HOST", "127.0.0.1");
        env.put("MESA_SMTP_PORT", String.valueOf(smtpsPort));
        env.put("MESA_SMTP_SECURITY", "tls"); // GreenMail has SMTPS, not STARTTLS
        env.put("MESA_SMTP_SSL_TRUST", "127.0.0.1"); // its certificate is self-signed
        env.put("MESA_IMAP_HOST", "127.0.0.1");
        env.put("MESA_IMAP_PORT", String.valueOf(imapPort));
        env.put("MESA_IMAP_TLS", "false");
        env.put("MESA_HTTP_PORT", String.valueOf(httpPort));
        assertThat(env.get("MESA_LOG_FORMAT")).isEqualTo("json");
        env.put("MESA_MANAGEMENT_PORT", String.valueOf(freePort()));
        // In a pod, "all interfaces" is the pod's own network; on this shared machine every server stays on
        // loopback, so the chart's 0.0.0.0 maps to 127.0.0.2 like a container path maps to a local folder.
        // The jar binding exactly what it is told is checked below: 127.0.0.1 then refuses it.
        assertThat(env.get("MESA_HTTP_HOST")).isEqualTo("0.0.0.0");
        env.put("MESA_HTTP_HOST", LISTEN_CHECK_ADDRESS);
        env.putAll(overrides);
        return env;
    }

    private static Map<String, String> ownerEnv() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MICRONAUT_ENVIRONMENTS", env(container).get("MICRONAUT_ENVIRONMENTS").asText());
        env.put("JAVA_TOOL_OPTIONS", mapPaths(env(container).get("JAVA_TOOL_OPTIONS").asText(), mountFolders()));
        env.put("DATASOURCES_OWNER_URL", TestPostgres.get().jdbcUrl());
        env.put("DATASOURCES_OWNER_USERNAME", TestPostgres.get().ownerUser());
        env.put("DATASOURCES_OWNER_PASSWORD", ownerPassword);
        return env;
    }

    /** What the Secrets named by the chart hold in this test. */
    private static String secret(String name, String key) {
        TestPostgres pg = TestPostgres.get();
        TestKeycloak kc = TestKeycloak.get();
        return switch (name + "/" + key) {
            case "mesa-database/app-username" -> pg.appUser();
            case "mesa-database/app-password" -> appPassword;
            case "mesa-keycloak/admin-username" -> kc.adminUsername();
            case "mesa-keycloak/admin-password" -> kc.adminPassword();
            case "mesa-smtp/username" -> SMTP_USER;
            case "mesa-smtp/password" -> SMTP_PASSWORD;
            default -> throw new AssertionError("the chart reads a Secret the test does not know: " + name + "/" + key);
        };
    }

    /**
     * Container path -> local folder for every volume mount: the tenant-config volume is written from
     * the rendered ConfigMap through the volume's items; emptyDirs become empty folders.
     */
    private static Map<String, String> mountFolders() throws IOException {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (JsonNode m : container.at("/volumeMounts")) {
            String volumeName = m.at("/name").asText();
            JsonNode volume = null;
            for (JsonNode v : deployment.at("/spec/template/spec/volumes")) {
                if (v.at("/name").asText().equals(volumeName)) {
                    volume = v;
                }
            }
            assertThat(volume).as("volume %s", volumeName).isNotNull();
            Path local = work.resolve("mounts").resolve(volumeName);
            Files.createDirectories(local);
            if (volume.has("configMap")) {
                for (JsonNode item : volume.at("/configMap/items")) {
                    Path target = local.resolve(item.at("/path").asText());
                    Files.createDirectories(target.getParent());
                    Files.writeString(target, configMap.at("/data").get(item.at("/key").asText()).asText(), StandardCharsets.UTF_8);
                }
            }
            mounts.put(m.at("/mountPath").asText(), local.toString());
        }
        return mounts;
    }

    /** Replaces container paths (whole path segments) in a value by their local folders. */
    /**
     * Container paths in {@code value} replaced by their local folders, in one pass: a local folder may itself
     * start with a container path (a clone under /tmp, with /tmp mounted), and must not be mapped again.
     */
    private static String mapPaths(String value, Map<String, String> mounts) {
        if (mounts.isEmpty()) {
            return value;
        }
        String any = mounts.keySet().stream().sorted(java.util.Comparator.comparingInt(String::length).reversed())
                .map(java.util.regex.Pattern::quote).collect(java.util.stream.Collectors.joining("|"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?<=^|[\\s=:])(" + any + ")(?=$|[\\s/])").matcher(value);
        StringBuilder mapped = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(mapped, java.util.regex.Matcher.quoteReplacement(mounts.get(m.group(1))));
        }
        m.appendTail(mapped);
        return mapped.toString();
    }

    private static List<String> args(JsonNode c) {
        assertThat(c.has("command")).as("the image's entrypoint runs the jar; the chart sets no command").isFalse();
        List<String> args = new ArrayList<>();
        c.at("/args").forEach(a -> args.add(a.asText()));
        return args;
    }

    /** {@code java -jar platform.jar ARGS} with exactly ENV (plus PATH and HOME), as in the image. */
    private static Process start(List<String> args, Map<String, String> env, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> processEnv = pb.environment();
        String path = System.getenv("PATH");
        String home = System.getenv("HOME");
        processEnv.clear();
        processEnv.put("PATH", path == null ? "/usr/bin:/bin" : path);
        processEnv.put("HOME", home == null ? work.toString() : home);
        processEnv.putAll(env);
        return pb.start();
    }

    /** Appends the process's threads to its log (jstack), to show why it did not finish. */
    private static void threadDump(Process p, Path log) {
        try {
            Process jstack = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "jstack").toString(),
                    String.valueOf(p.pid())).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            jstack.waitFor(60, TimeUnit.SECONDS);
        } catch (IOException e) {
            // diagnostics only
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One poll of {@link #awaitStatus}: the answer, or why there was none. */
    private record Attempt(HttpResponse<String> response, Exception error) {
        @Override
        public String toString() {
            return response == null ? String.valueOf(error) : response.statusCode() + " " + response.body();
        }
    }

    /**
     * Polls {@code path} until its status is acceptable, within {@link #START_DEADLINE}; fails at once, with the
     * service's log, when the service has exited.
     */
    private static HttpResponse<String> awaitStatus(String path, String host, Predicate<Integer> ok) {
        try {
            return co.mesa.testsupport.Eventually.until("an acceptable answer to " + path, START_DEADLINE, () -> {
                if (!service.isAlive()) {
                    throw new AssertionError("the service exited (" + service.exitValue() + "); log:\n" + tail(serviceLog));
                }
                try {
                    return new Attempt(get(path, host), null);
                } catch (Exception e) {
                    return new Attempt(null, e);
                }
            }, a -> a.response() != null && ok.test(a.response().statusCode())).response();
        } catch (AssertionError e) {
            if (!service.isAlive()) {
                throw e; // its message already carries the log
            }
            throw new AssertionError(e.getMessage() + "\nlog:\n" + tail(serviceLog), e);
        }
    }

    private static HttpResponse<String> get(String path, String host) throws Exception {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(3)).build();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + LISTEN_CHECK_ADDRESS + ":" + httpPort + path))
                .timeout(Duration.ofSeconds(20)).GET();
        if (host != null) {
            b.header("Host", host);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, JsonNode> env(JsonNode c) {
        Map<String, JsonNode> env = new LinkedHashMap<>();
        c.at("/env").forEach(e -> env.put(e.at("/name").asText(), e.has("value") ? e.at("/value") : e));
        return env;
    }

    private static JsonNode only(List<JsonNode> objects, String kind) {
        List<JsonNode> found = objects.stream().filter(o -> o.at("/kind").asText().equals(kind)).toList();
        assertThat(found).as(kind).hasSize(1);
        return found.get(0);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
