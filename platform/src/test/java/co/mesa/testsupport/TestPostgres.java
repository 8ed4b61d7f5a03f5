package co.mesa.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One real PostgreSQL server per JVM (per test run), shared by every test that calls {@link #get()}.
 *
 * <p>JUnit-agnostic. On first use it finds the PostgreSQL server binaries, runs {@code initdb}
 * into a fresh temporary folder (as the {@code postgres} user through {@code runuser} when the
 * JVM runs as root, because PostgreSQL refuses to run as root), starts the server on a free
 * 127.0.0.1 port with durability switched off (fast, throwaway), runs {@code .ci/bootstrap-db.sql}
 * as superuser (database {@code mesa}, roles {@code mesa_owner} and {@code mesa_app}) and registers a
 * shutdown hook that stops the server and deletes the folder. Servers left behind by a JVM that was
 * killed are stopped and removed on the next start.
 *
 * <p>Instead of starting a server, it uses a running one when the environment variable
 * {@code MESA_TEST_PG_URL} is set (for example {@code jdbc:postgresql://127.0.0.1:5432/mesa_test};
 * the path names the database, default {@code mesa}), with {@code MESA_TEST_PG_SUPERUSER} (default
 * {@code postgres}) and {@code MESA_TEST_PG_SUPERUSER_PASSWORD}. Without a superuser password the
 * bootstrap is skipped and the database must already be bootstrapped (as {@code .ci/dev} does).
 *
 * <p>Knobs (system property, else environment variable): {@code mesa.test.pg.bindir} /
 * {@code MESA_TEST_PG_BINDIR} (folder with initdb, pg_ctl, psql), {@code mesa.test.pg.tmpdir} /
 * {@code MESA_TEST_PG_TMPDIR} (parent of the data folder; default {@code /tmp} as root, else
 * {@code java.io.tmpdir}), {@code mesa.bootstrap.sql} (path of the bootstrap file; default
 * {@code <mesa.repo.root>/.ci/bootstrap-db.sql}, else found by walking up from the working folder).
 */
public final class TestPostgres {

    public static final String DATABASE = "mesa";
    public static final String HOST = "127.0.0.1";

    // Throwaway dev/test secrets: .ci/bootstrap-db.sql gives the roles these passwords on local,
    // loopback-only servers. They are not (and must not be) used anywhere else.
    public static final String OWNER_USER = "mesa_owner";
    public static final String OWNER_PASSWORD = "mesa_owner_dev";
    public static final String APP_USER = "mesa_app";
    public static final String APP_PASSWORD = "mesa_app_dev";
    /** Superuser password of the throwaway server this class starts (throwaway test secret). */
    private static final String LOCAL_SUPERUSER_PASSWORD = "mesa_test_superuser";

    private static final String DIR_PREFIX = "mesa-test-pg-";
    private static final String OWNER_PID_FILE = "jvm.pid";

    private static volatile TestPostgres instance;

    private final String host;
    private final int port;
    private final String database;
    private final String superuser;
    private final String superuserPassword; // null: unknown (external server without password)
    private final Path psql;                // null when psql is not available (external server)
    private final Path bootstrapSql;
    private final Path root;                // data root of a server we started; null if external
    private final long startupMillis;

    private TestPostgres(String host, int port, String database, String superuser, String superuserPassword,
                         Path psql, Path bootstrapSql, Path root, long startupMillis) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.superuser = superuser;
        this.superuserPassword = superuserPassword;
        this.psql = psql;
        this.bootstrapSql = bootstrapSql;
        this.root = root;
        this.startupMillis = startupMillis;
    }

    /** The shared server, started (or connected to) on first call. */
    public static TestPostgres get() {
        FastTests.refuse("PostgreSQL");
        TestPostgres result = instance;
        if (result == null) {
            synchronized (TestPostgres.class) {
                result = instance;
                if (result == null) {
                    result = Optional.ofNullable(System.getenv("MESA_TEST_PG_URL"))
                            .filter(s -> !s.isBlank())
                            .map(TestPostgres::external)
                            .orElseGet(TestPostgres::startLocal);
                    instance = result;
                }
            }
        }
        return result;
    }

    // ------------------------------------------------------------------ API

    /** JDBC URL of the {@code mesa} database (or the database named by MESA_TEST_PG_URL). */
    public String jdbcUrl() {
        return jdbcUrl(database);
    }

    /** JDBC URL of another database on the same server. */
    public String jdbcUrl(String databaseName) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + databaseName;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String databaseName() {
        return database;
    }

    public String ownerUser() {
        return OWNER_USER;
    }

    public String ownerPassword() {
        return OWNER_PASSWORD;
    }

    public String appUser() {
        return APP_USER;
    }

    public String appPassword() {
        return APP_PASSWORD;
    }

    public String superuser() {
        return superuser;
    }

    /** True when this JVM started the server (false when MESA_TEST_PG_URL points at a running one). */
    public boolean startedHere() {
        return root != null;
    }

    /** How long initdb + start + bootstrap took (0 for an external server). */
    public long startupMillis() {
        return startupMillis;
    }

    /** A new connection to the {@code mesa} database as {@code mesa_owner} (owns the tables; runs Flyway). */
    public Connection ownerConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), OWNER_USER, OWNER_PASSWORD);
    }

    /** A new connection to the {@code mesa} database as {@code mesa_app} (bound by row level security). */
    public Connection appConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), APP_USER, APP_PASSWORD);
    }

    /** A new superuser connection to the {@code mesa} database. */
    public Connection superuserConnection() throws SQLException {
        return superuserConnection(database);
    }

    /** A new superuser connection to the given database. */
    public Connection superuserConnection(String databaseName) throws SQLException {
        if (superuserPassword == null) {
            throw new IllegalStateException("No superuser password for the server at MESA_TEST_PG_URL: "
                    + "set MESA_TEST_PG_SUPERUSER_PASSWORD");
        }
        return DriverManager.getConnection(jdbcUrl(databaseName), superuser, superuserPassword);
    }

    /**
     * Creates (idempotently) another database bootstrapped exactly like {@code mesa} (owner
     * {@code mesa_owner}, same grants and default privileges), for tests that need one of their own.
     * Returns its JDBC URL.
     */
    public synchronized String createDatabase(String databaseName) {
        if (!databaseName.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Database name must match [a-z_][a-z0-9_]*: " + databaseName);
        }
        runBootstrap(databaseName);
        return jdbcUrl(databaseName);
    }

    /**
     * Micronaut configuration for both datasources of the platform: {@code default} (the application,
     * {@code mesa_app}) and {@code owner} ({@code mesa_owner}, Flyway). For a TestPropertyProvider.
     */
    public Map<String, String> micronautProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("datasources.default.url", jdbcUrl());
        props.put("datasources.default.username", APP_USER);
        props.put("datasources.default.password", APP_PASSWORD);
        props.put("datasources.owner.url", jdbcUrl());
        props.put("datasources.owner.username", OWNER_USER);
        props.put("datasources.owner.password", OWNER_PASSWORD);
        return props;
    }

    @Override
    public String toString() {
        return "TestPostgres[" + jdbcUrl() + (root != null ? ", data " + root : ", external") + "]";
    }

    // ------------------------------------------------------------------ external server

    private static TestPostgres external(String url) {
        URI uri = URI.create(url.startsWith("jdbc:") ? url.substring(5) : url);
        if (uri.getHost() == null) {
            throw new IllegalStateException("MESA_TEST_PG_URL must look like jdbc:postgresql://HOST:PORT/DATABASE, got " + url);
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 5432;
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        String db = path.isBlank() ? DATABASE : path;
        String superuser = Optional.ofNullable(System.getenv("MESA_TEST_PG_SUPERUSER")).filter(s -> !s.isBlank()).orElse("postgres");
        String password = Optional.ofNullable(System.getenv("MESA_TEST_PG_SUPERUSER_PASSWORD")).filter(s -> !s.isBlank()).orElse(null);
        Path psql = findPsql(findBinDir().orElse(null));
        TestPostgres pg = new TestPostgres(uri.getHost(), port, db, superuser, password, psql, findBootstrapSql(), null, 0);
        if (password != null) {
            pg.runBootstrap(db);
        } else {
            try (Connection c = pg.ownerConnection(); Connection a = pg.appConnection()) {
                // both roles can log in: bootstrapped already
            } catch (SQLException e) {
                throw new IllegalStateException("MESA_TEST_PG_URL=" + url + ": cannot log in as " + OWNER_USER + " and "
                        + APP_USER + " (" + e.getMessage() + "). Run .ci/bootstrap-db.sql as superuser on that server"
                        + " (-v db=" + db + ") or set MESA_TEST_PG_SUPERUSER_PASSWORD so the tests can.", e);
            }
        }
        log("using the PostgreSQL server at " + pg.jdbcUrl());
        return pg;
    }

    // ------------------------------------------------------------------ local throwaway server

    private static TestPostgres startLocal() {
        long t0 = System.nanoTime();
        Path binDir = findBinDir().orElseThrow(() -> new IllegalStateException(
                "PostgreSQL binaries not found (looked for initdb and pg_ctl in mesa.test.pg.bindir/MESA_TEST_PG_BINDIR, "
                        + "/usr/lib/postgresql/<version>/bin, `pg_config --bindir` and PATH): "
                        + "apt-get install postgresql, or set MESA_TEST_PG_URL to use a running server"));
        Path psql = findPsql(binDir);
        if (psql == null) {
            throw new IllegalStateException("psql not found next to " + binDir + " nor on PATH: apt-get install postgresql-client");
        }
        Path bootstrapSql = findBootstrapSql();
        boolean root = isRoot();
        if (root) {
            requireRunuser();
        }

        Path parent = Path.of(setting("mesa.test.pg.tmpdir", "MESA_TEST_PG_TMPDIR")
                .orElse(root ? "/tmp" : System.getProperty("java.io.tmpdir")));
        cleanStale(parent, binDir, root);

        Path dir;
        try {
            Files.createDirectories(parent);
            dir = Files.createTempDirectory(parent, DIR_PREFIX, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.writeString(dir.resolve(OWNER_PID_FILE), Long.toString(ProcessHandle.current().pid()));
            Files.createDirectories(dir.resolve("sock"));
            Files.writeString(dir.resolve("pwfile"), LOCAL_SUPERUSER_PASSWORD + "\n");
            if (root) {
                chownTree(dir, "postgres");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare a PostgreSQL data folder under " + parent, e);
        }
        Path data = dir.resolve("data");
        Path logFile = dir.resolve("postgres.log");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAndDelete(dir, binDir, root), "TestPostgres-stop"));

        List<String> initdb = new ArrayList<>(asPostgres(root));
        initdb.addAll(List.of(binDir.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
                "--pwfile=" + dir.resolve("pwfile"), "--auth=scram-sha-256", "--encoding=UTF8",
                "--locale=" + pickLocale(), "--no-sync", "--no-instructions"));
        exec(initdb, dir, Map.of(), Duration.ofMinutes(2), "initdb");
        try {
            Files.deleteIfExists(dir.resolve("pwfile"));
        } catch (IOException ignored) {
            // harmless
        }

        int port = -1;
        String lastFailure = null;
        for (int attempt = 1; attempt <= 3 && port < 0; attempt++) {
            int candidate = LocalProcesses.freePort(HOST);
            List<String> start = new ArrayList<>(asPostgres(root));
            start.addAll(List.of(binDir.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", logFile.toString(),
                    "-w", "-t", "60", "-o",
                    "-p " + candidate + " -k " + dir.resolve("sock") + " -c listen_addresses=" + HOST
                            + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                            + " -c max_connections=300 -c log_min_messages=warning",
                    "start"));
            try {
                exec(start, dir, Map.of(), Duration.ofSeconds(90), "pg_ctl start");
                port = candidate;
            } catch (IllegalStateException e) {
                lastFailure = e.getMessage() + "\n--- " + logFile + " ---\n" + LocalProcesses.tail(logFile, 40);
                if (!lastFailure.contains("already in use") && !lastFailure.contains("could not create any TCP/IP sockets")) {
                    break;
                }
            }
        }
        if (port < 0) {
            throw new IllegalStateException("PostgreSQL did not start: " + lastFailure);
        }

        TestPostgres pg = new TestPostgres(HOST, port, DATABASE, "postgres", LOCAL_SUPERUSER_PASSWORD, psql,
                bootstrapSql, dir, 0);
        pg.runBootstrap(DATABASE);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        log("PostgreSQL (" + binDir + ") ready on " + HOST + ":" + port + " in " + millis + " ms; data " + dir);
        return new TestPostgres(HOST, port, DATABASE, "postgres", LOCAL_SUPERUSER_PASSWORD, psql, bootstrapSql, dir, millis);
    }

    private void runBootstrap(String databaseName) {
        if (psql == null) {
            throw new IllegalStateException("psql not found (needed to run " + bootstrapSql + "): apt-get install postgresql-client");
        }
        if (superuserPassword == null) {
            throw new IllegalStateException("Cannot run " + bootstrapSql + " without a superuser password: set MESA_TEST_PG_SUPERUSER_PASSWORD");
        }
        List<String> cmd = List.of(psql.toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-v", "db=" + databaseName,
                "-h", host, "-p", Integer.toString(port), "-U", superuser, "-d", "postgres", "-f", bootstrapSql.toString());
        exec(cmd, null, Map.of("PGPASSWORD", superuserPassword, "PGCONNECT_TIMEOUT", "30"), Duration.ofMinutes(2),
                "psql -f " + bootstrapSql);
    }

    private static void stopAndDelete(Path dir, Path binDir, boolean root) {
        Path data = dir.resolve("data");
        if (Files.exists(data.resolve("postmaster.pid"))) {
            List<String> stop = new ArrayList<>(asPostgres(root));
            stop.addAll(List.of(binDir.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "-t", "30", "stop"));
            try {
                exec(stop, dir, Map.of(), Duration.ofSeconds(40), "pg_ctl stop");
            } catch (RuntimeException e) {
                killMatching(data.toString());
            }
        }
        LocalProcesses.deleteTree(dir);
    }

    /** Stops and removes servers whose JVM is gone (killed before its shutdown hook ran). */
    private static void cleanStale(Path parent, Path binDir, boolean root) {
        if (!Files.isDirectory(parent)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(parent)) {
            dirs.filter(d -> d.getFileName().toString().startsWith(DIR_PREFIX) && Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS))
                .filter(d -> {
                    try {
                        long pid = Long.parseLong(Files.readString(d.resolve(OWNER_PID_FILE)).trim());
                        return ProcessHandle.of(pid).map(ph -> !ph.isAlive()).orElse(true);
                    } catch (IOException | NumberFormatException e) {
                        // no readable pid file: only stale if old (a JVM may be creating it right now)
                        try {
                            return Files.getLastModifiedTime(d).toMillis() < System.currentTimeMillis() - 3_600_000L;
                        } catch (IOException ex) {
                            return false;
                        }
                    }
                })
                .forEach(d -> {
                    log("removing stale PostgreSQL folder " + d);
                    stopAndDelete(d, binDir, root);
                });
        } catch (IOException | RuntimeException e) {
            log("could not clean stale PostgreSQL folders under " + parent + ": " + e);
        }
    }

    // ------------------------------------------------------------------ discovery

    private static Optional<Path> findBinDir() {
        Optional<String> configured = setting("mesa.test.pg.bindir", "MESA_TEST_PG_BINDIR");
        if (configured.isPresent()) {
            Path p = Path.of(configured.get());
            if (!hasServerBinaries(p)) {
                throw new IllegalStateException("mesa.test.pg.bindir/MESA_TEST_PG_BINDIR=" + p + " has no initdb and pg_ctl");
            }
            return Optional.of(p);
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Optional<Path> newest = versions
                        .filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                        .sorted(Comparator.comparingDouble((Path v) -> Double.parseDouble(v.getFileName().toString())).reversed())
                        .map(v -> v.resolve("bin"))
                        .filter(TestPostgres::hasServerBinaries)
                        .findFirst();
                if (newest.isPresent()) {
                    return newest;
                }
            } catch (IOException ignored) {
                // fall through
            }
        }
        try {
            Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0 && hasServerBinaries(Path.of(out))) {
                return Optional.of(Path.of(out));
            }
        } catch (IOException | InterruptedException ignored) {
            // no pg_config
        }
        return onPath("initdb").map(initdb -> {
            try {
                return initdb.toRealPath().getParent();
            } catch (IOException e) {
                return initdb.getParent();
            }
        }).filter(TestPostgres::hasServerBinaries);
    }

    private static boolean hasServerBinaries(Path dir) {
        return dir != null && Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl"));
    }

    private static Path findPsql(Path binDir) {
        if (binDir != null && Files.isExecutable(binDir.resolve("psql"))) {
            return binDir.resolve("psql");
        }
        return onPath("psql").orElse(null);
    }

    private static Path findBootstrapSql() {
        Optional<String> configured = setting("mesa.bootstrap.sql", "MESA_BOOTSTRAP_SQL");
        if (configured.isPresent()) {
            return requireFile(Path.of(configured.get()));
        }
        String repoRoot = System.getProperty("mesa.repo.root");
        if (repoRoot != null && Files.isRegularFile(Path.of(repoRoot, ".ci", "bootstrap-db.sql"))) {
            return Path.of(repoRoot, ".ci", "bootstrap-db.sql").normalize();
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve(".ci").resolve("bootstrap-db.sql");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(".ci/bootstrap-db.sql not found (system property mesa.repo.root="
                + repoRoot + ", working folder " + Path.of("").toAbsolutePath() + ")");
    }

    private static Path requireFile(Path p) {
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("File not found: " + p);
        }
        return p;
    }

    private static String pickLocale() {
        // C.UTF-8 keeps Unicode case mapping (lower('Á') = 'á') while staying independent of installed locales.
        try {
            Process p = new ProcessBuilder("locale", "-a").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            if (out.lines().anyMatch(l -> l.equalsIgnoreCase("C.UTF-8") || l.equalsIgnoreCase("C.utf8"))) {
                return "C.UTF-8";
            }
        } catch (IOException | InterruptedException ignored) {
            // fall back
        }
        return "C";
    }

    // ------------------------------------------------------------------ helpers

    private static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static void requireRunuser() {
        if (onPath("runuser").isEmpty() && !Files.isExecutable(Path.of("/usr/sbin/runuser")) && !Files.isExecutable(Path.of("/sbin/runuser"))) {
            throw new IllegalStateException("Running as root, PostgreSQL must run as user postgres, but runuser is missing: apt-get install util-linux");
        }
        try {
            java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
        } catch (IOException e) {
            throw new IllegalStateException("Running as root, PostgreSQL must run as user postgres, which does not exist: "
                    + "apt-get install postgresql creates it (or run the tests as a non-root user)", e);
        }
    }

    private static List<String> asPostgres(boolean root) {
        return root ? List.of("runuser", "-u", "postgres", "--") : List.of();
    }

    private static void chownTree(Path dir, String user) throws IOException {
        UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Files.setOwner(p, owner);
            }
        }
    }

    private static Optional<Path> onPath(String name) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
        for (String d : path.split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) {
                return Optional.of(Path.of(d, name));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> setting(String property, String env) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(env);
        }
        return Optional.ofNullable(v).filter(s -> !s.isBlank());
    }

    /** Runs a command, output to a file (a daemon child must not hold our pipe); fails with its output. */
    private static String exec(List<String> cmd, Path cwd, Map<String, String> env, Duration timeout, String what) {
        Path out = null;
        try {
            out = Files.createTempFile("mesa-test-pg-cmd", ".log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
            pb.directory(cwd != null ? cwd.toFile() : Path.of("/").toFile());
            pb.environment().putAll(env);
            // a developer's PG* variables must not redirect the tools
            pb.environment().keySet().removeIf(k -> k.startsWith("PG") && !env.containsKey(k));
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IllegalStateException(what + " timed out after " + timeout.toSeconds() + " s: " + String.join(" ", cmd)
                        + "\n" + Files.readString(out));
            }
            String output = Files.readString(out);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(what + " failed (exit " + p.exitValue() + "): " + String.join(" ", cmd) + "\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(what + " could not run: " + String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // temp file
                }
            }
        }
    }

    private static void killMatching(String needle) {
        ProcessHandle.allProcesses()
                .filter(ph -> ph.info().commandLine().map(c -> c.contains(needle)).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }

    private static void log(String message) {
        System.err.println("[TestPostgres] " + message);
    }
}
