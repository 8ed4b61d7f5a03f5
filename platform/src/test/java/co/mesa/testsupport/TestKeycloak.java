package co.mesa.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One real Keycloak server per JVM (per test run), started lazily by the first {@link #get()} and
 * shared by every test; a run whose classes need no Keycloak never starts it (see {@link #planned()}
 * and {@link NeedsKeycloak}). JUnit-agnostic.
 *
 * <p>The build unpacks {@code org.keycloak:keycloak-quarkus-dist} into the folder named by the
 * system property {@code mesa.keycloak.home} (surefire sets it to {@code platform/target/keycloak-26.4.7}).
 * That folder is never started or written by the tests: each run gets its own small home under
 * {@code <home>/../keycloak-test/run-*} (kc.sh, conf, providers, themes and the augmented
 * {@code lib/quarkus} copied; the 150 MB {@code lib/lib} linked), so concurrent runs and the dev run
 * ({@code .ci/dev} starts Keycloak from the home itself) do not share state. Keycloak runs
 * {@code start-dev} with an in-memory H2 database ({@code --db=dev-mem}): nothing survives the run.
 * The first start re-augments Keycloak for these options (about 15 s more); the result is cached in
 * {@code keycloak-test/augmented-*} and reused by later runs.
 *
 * <p>It listens on 127.0.0.1 on a free port, with {@code --hostname=http://127.0.0.1:PORT} so the
 * {@code iss} of its tokens is stable ({@link #issuer(String)}). The bootstrap admin of the master realm
 * is {@link #adminUsername()}/{@link #adminPassword()}. Its log goes to
 * {@code keycloak-test/logs/}. A shutdown hook kills the process tree and deletes the run folder;
 * leftovers of a killed JVM are removed on the next start.
 *
 * <p>Set the environment variable {@code MESA_TEST_KEYCLOAK_URL} (with
 * {@code MESA_TEST_KEYCLOAK_ADMIN_USERNAME}/{@code MESA_TEST_KEYCLOAK_ADMIN_PASSWORD}, default
 * admin/admin as {@code .ci/dev} starts it) to use a running Keycloak instead. Knobs (system properties):
 * {@code mesa.keycloak.home}, {@code mesa.keycloak.workdir}, {@code mesa.keycloak.startTimeoutSeconds}
 * (default 300: a loaded machine starts it slowly, and a start that succeeds returns at once).
 */
public final class TestKeycloak {

    public static final String HOST = "127.0.0.1";
    public static final String ADMIN_USERNAME = "admin";
    /** Bootstrap admin password of the throwaway, loopback-only test server (a throwaway test secret). */
    private static final String LOCAL_ADMIN_PASSWORD = "mesa_kc_admin_test";

    /** Build-time options: part of the augmentation cache key, keep them stable. */
    private static final List<String> BUILD_OPTIONS = List.of("--db=dev-mem");
    private static final String RUN_PREFIX = "run-";
    private static final String OWNER_PID_FILE = "jvm.pid";

    private static volatile TestKeycloak instance;
    private static FutureTask<TestKeycloak> starting; // guarded by TestKeycloak.class
    /** Its own lock: a background start asks for the planned port while get() holds TestKeycloak.class. */
    private static final Object PLAN_LOCK = new Object();
    private static Address planned; // guarded by PLAN_LOCK

    /** Where the run's Keycloak answers (or will), and its bootstrap admin. */
    public record Address(String baseUrl, String adminUsername, String adminPassword) {
    }

    private final String baseUrl;
    private final String adminUsername;
    private final String adminPassword;
    private final Path logFile;         // null when external
    private final long startupMillis;

    private TestKeycloak(String baseUrl, String adminUsername, String adminPassword, Path logFile, long startupMillis) {
        this.baseUrl = baseUrl;
        this.adminUsername = adminUsername;
        this.adminPassword = adminPassword;
        this.logFile = logFile;
        this.startupMillis = startupMillis;
    }

    /**
     * Where the run's Keycloak will answer, without starting it: the platform is configured with this
     * address and keeps running while nothing listens there (it retries realm provisioning), so a test
     * class that needs no Keycloak never waits for one. The first {@link #get()} starts it on exactly
     * this port. With {@code MESA_TEST_KEYCLOAK_URL} it is that server's address.
     */
    public static Address planned() {
        synchronized (PLAN_LOCK) {
            if (planned == null) {
                String external = System.getenv("MESA_TEST_KEYCLOAK_URL");
                if (external != null && !external.isBlank()) {
                    planned = new Address(external.replaceAll("/+$", ""), externalUsername(), externalPassword());
                } else {
                    planned = new Address("http://" + HOST + ":" + LocalProcesses.freePort(HOST), ADMIN_USERNAME,
                            LOCAL_ADMIN_PASSWORD);
                }
            }
            return planned;
        }
    }

    /** Whether the run's Keycloak was started (or found) already; never starts it. */
    public static boolean started() {
        return instance != null;
    }

    /** The shared server, started (or found through MESA_TEST_KEYCLOAK_URL) on first call. */
    public static TestKeycloak get() {
        FastTests.refuse("Keycloak");
        TestKeycloak result = instance;
        if (result == null) {
            synchronized (TestKeycloak.class) {
                result = instance;
                if (result == null) {
                    if (starting == null) {
                        result = create();
                    } else {
                        try {
                            result = starting.get();
                        } catch (ExecutionException e) {
                            starting = null; // the next get() tries again and reports its own failure
                            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException("Interrupted while waiting for Keycloak", e);
                        }
                    }
                    instance = result;
                }
            }
        }
        return result;
    }

    /**
     * Starts Keycloak on a background (daemon) thread and returns at once, so its ~20 s start overlaps
     * other work (for example from a JUnit LauncherSessionListener); {@link #get()} then waits for it.
     */
    public static void startInBackground() {
        synchronized (TestKeycloak.class) {
            if (instance == null && starting == null) {
                FutureTask<TestKeycloak> task = new FutureTask<>(TestKeycloak::create);
                Thread thread = new Thread(task, "TestKeycloak-start");
                thread.setDaemon(true);
                thread.start();
                starting = task;
            }
        }
    }

    private static TestKeycloak create() {
        String external = System.getenv("MESA_TEST_KEYCLOAK_URL");
        return external != null && !external.isBlank() ? external(external) : startLocal();
    }

    // ------------------------------------------------------------------ API

    /** For example {@code http://127.0.0.1:41234} (no trailing slash); also Keycloak's fixed hostname. */
    public String baseUrl() {
        return baseUrl;
    }

    /** Bootstrap admin of the master realm (log in to realm {@code master} with client {@code admin-cli}). */
    public String adminUsername() {
        return adminUsername;
    }

    public String adminPassword() {
        return adminPassword;
    }

    /** The {@code iss} claim of tokens issued by the given realm. */
    public String issuer(String realm) {
        return baseUrl + "/realms/" + realm;
    }

    public int port() {
        return URI.create(baseUrl).getPort();
    }

    /** Keycloak's log file of this run (empty for an external server). */
    public Optional<Path> logFile() {
        return Optional.ofNullable(logFile);
    }

    /** How long the start took until Keycloak answered (0 for an external server). */
    public long startupMillis() {
        return startupMillis;
    }

    @Override
    public String toString() {
        return "TestKeycloak[" + baseUrl + (logFile != null ? ", log " + logFile : ", external") + "]";
    }

    // ------------------------------------------------------------------ external server

    private static String externalUsername() {
        return Optional.ofNullable(System.getenv("MESA_TEST_KEYCLOAK_ADMIN_USERNAME")).filter(s -> !s.isBlank()).orElse("admin");
    }

    private static String externalPassword() {
        return Optional.ofNullable(System.getenv("MESA_TEST_KEYCLOAK_ADMIN_PASSWORD")).filter(s -> !s.isBlank()).orElse("admin");
    }

    private static TestKeycloak external(String url) {
        String base = url.replaceAll("/+$", "");
        String user = externalUsername();
        String password = externalPassword();
        if (!answers(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(), wellKnown(base))) {
            throw new IllegalStateException("MESA_TEST_KEYCLOAK_URL=" + url + " does not answer " + wellKnown(base));
        }
        log("using the Keycloak at " + base);
        return new TestKeycloak(base, user, password, null, 0);
    }

    // ------------------------------------------------------------------ local server

    private static TestKeycloak startLocal() {
        long t0 = System.nanoTime();
        Path home = keycloakHome();
        Path work = Path.of(Optional.ofNullable(System.getProperty("mesa.keycloak.workdir"))
                .orElse(home.resolveSibling("keycloak-test").toString())).toAbsolutePath().normalize();
        Path logs = work.resolve("logs");
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        long jvmPid = ProcessHandle.current().pid();
        Path runDir;
        Path cache;
        try {
            Files.createDirectories(logs);
            try (FileChannel ch = FileChannel.open(work.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                cleanStale(work);
                pruneLogs(logs, 10);
                cache = work.resolve("augmented-" + augmentationKey(home));
                runDir = Files.createTempDirectory(work, RUN_PREFIX + stamp + "-");
                Files.writeString(runDir.resolve(OWNER_PID_FILE), Long.toString(jvmPid));
                prepareRunHome(home, runDir, cache);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare a Keycloak run folder under " + work, e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(runDir), "TestKeycloak-stop"));

        int timeoutSeconds = Integer.getInteger("mesa.keycloak.startTimeoutSeconds", 300);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String failure = null;
        // Always the port planned() hands out (the platform is configured with it, whether it started
        // before or after this server).
        int promised = URI.create(planned().baseUrl()).getPort();
        for (int attempt = 1; attempt <= 2; attempt++) {
            int port = promised;
            String base = "http://" + HOST + ":" + port;
            Path logFile = logs.resolve("keycloak-" + stamp + "-" + jvmPid + "-" + attempt + ".log");
            List<String> cmd = new ArrayList<>(List.of(runDir.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-port=" + port, "--http-host=" + HOST, "--hostname=" + base));
            cmd.addAll(BUILD_OPTIONS);
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .directory(runDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("KC_") || k.startsWith("QUARKUS_")
                    || k.equals("JAVA_OPTS") || k.equals("JAVA_OPTS_APPEND") || k.equals("DEBUG"));
            pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USERNAME);
            pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", LOCAL_ADMIN_PASSWORD);
            // C1 only: starts a little faster on small machines; a test Keycloak serves few requests.
            pb.environment().put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1 -Djava.io.tmpdir=" + runDir.resolve("data/tmp"));
            Process process;
            try {
                Files.writeString(runDir.resolve("port"), Integer.toString(port));
                process = pb.start();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start " + cmd, e);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (process.isAlive() && System.nanoTime() < deadline && !answers(http, wellKnown(base))) {
                sleep(250);
            }
            if (process.isAlive() && answers(http, wellKnown(base))) {
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                storeAugmentation(runDir, cache, logFile);
                log("Keycloak ready at " + base + " in " + millis + " ms; log " + logFile);
                return new TestKeycloak(base, ADMIN_USERNAME, LOCAL_ADMIN_PASSWORD, logFile, millis);
            }
            boolean exited = !process.isAlive();
            killTree(process.toHandle());
            String tail = LocalProcesses.tail(logFile, 60);
            failure = (exited ? "Keycloak exited (code " + exitCode(process) + ")" : "Keycloak did not answer " + wellKnown(base)
                    + " within " + timeoutSeconds + " s") + "; log " + logFile + ", last lines:\n" + tail;
            if (exited && (tail.contains("already in use") || tail.contains("BindException"))) {
                // Another process took the planned port; it may be gone in a moment: one more try on it.
                failure += "\n(port " + promised + " is the one the platform was given; another process held it)";
                sleep(2_000);
                continue;
            }
            break;
        }
        throw new IllegalStateException(failure);
    }

    private static Path keycloakHome() {
        String configured = Optional.ofNullable(System.getProperty("mesa.keycloak.home")).orElse(System.getenv("MESA_KEYCLOAK_HOME"));
        if (configured == null || configured.isBlank()) {
            throw new IllegalStateException("System property mesa.keycloak.home is not set: run the tests through Maven "
                    + "(surefire sets it to platform/target/keycloak-<version>) or set it to an unpacked "
                    + "org.keycloak:keycloak-quarkus-dist folder");
        }
        Path home = Path.of(configured).toAbsolutePath().normalize();
        if (!Files.isRegularFile(home.resolve("bin/kc.sh")) || !Files.isDirectory(home.resolve("lib/lib"))) {
            throw new IllegalStateException("Keycloak is not unpacked at " + home + " (no bin/kc.sh): the build unpacks "
                    + "org.keycloak:keycloak-quarkus-dist there in generate-test-resources; if the folder was deleted, "
                    + "delete target/dependency-maven-plugin-markers too (or mvn clean), since the unpack skips marked artifacts");
        }
        return home;
    }

    /**
     * A private Keycloak home: small parts copied (they are written: augmentation, data), the big
     * read-only library folder linked. kc.sh resolves its home from its own (real) location.
     */
    private static void prepareRunHome(Path home, Path run, Path cache) throws IOException {
        Files.createDirectories(run.resolve("bin"));
        Files.copy(home.resolve("bin/kc.sh"), run.resolve("bin/kc.sh"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.setPosixFilePermissions(run.resolve("bin/kc.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        copyTree(home.resolve("conf"), run.resolve("conf"));
        copyTree(home.resolve("providers"), run.resolve("providers"));
        copyTree(home.resolve("themes"), run.resolve("themes"));
        // Our login theme (themes/keycloak/mesa in the repository), deployed as .ci/dev deploys it:
        // realms provisioned with loginTheme=mesa render with it (decision 0006).
        copyTree(MesaPlatform.repoRoot().resolve("themes/keycloak/mesa"), run.resolve("themes/mesa"));
        Files.createDirectories(run.resolve("lib"));
        Files.copy(home.resolve("lib/quarkus-run.jar"), run.resolve("lib/quarkus-run.jar"));
        copyTree(home.resolve("lib/app"), run.resolve("lib/app"));
        Files.createSymbolicLink(run.resolve("lib/lib"), home.resolve("lib/lib"));
        copyTree(Files.isDirectory(cache) ? cache : home.resolve("lib/quarkus"), run.resolve("lib/quarkus"));
        Files.createDirectories(run.resolve("data/tmp"));
    }

    /** After a start that re-augmented Keycloak, keep its lib/quarkus so later runs skip the ~15 s build. */
    private static void storeAugmentation(Path run, Path cache, Path logFile) {
        if (Files.isDirectory(cache)) {
            return;
        }
        try {
            Path tmp = Files.createTempDirectory(cache.getParent(), ".augmenting-");
            copyTree(run.resolve("lib/quarkus"), tmp);
            try {
                Files.move(tmp, cache, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | java.nio.file.DirectoryNotEmptyException e) {
                LocalProcesses.deleteTree(tmp);
            }
        } catch (IOException e) {
            log("could not cache Keycloak's augmentation in " + cache + ": " + e);
        }
    }

    /** Cache key: the dist (its version and providers, which augmentation bakes in) and the build options. */
    private static String augmentationKey(Path home) throws IOException {
        StringBuilder sb = new StringBuilder(String.join(" ", BUILD_OPTIONS)).append('\n');
        Path version = home.resolve("version.txt");
        if (Files.isRegularFile(version)) {
            sb.append(Files.readString(version)).append('\n');
        }
        for (String sub : List.of("providers", "conf", "lib/lib/main")) {
            Path dir = home.resolve(sub);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                    sb.append(home.relativize(f)).append(' ').append(Files.size(f));
                    if (!sub.startsWith("lib")) {
                        sb.append(' ').append(Files.getLastModifiedTime(f).toMillis());
                    }
                    sb.append('\n');
                }
            }
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void stop(Path runDir) {
        // kc.sh and its java both name the run folder on their command line (-Dkc.home.dir=RUN/bin/..),
        // which also makes sure a recycled pid is never mistaken for them
        killMatching(runDir.toString());
        LocalProcesses.deleteTree(runDir);
    }

    /** Removes run folders (and kills their Keycloak) whose JVM is gone. Called under the lock. */
    private static void cleanStale(Path work) throws IOException {
        try (Stream<Path> dirs = Files.list(work)) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                String name = d.getFileName().toString();
                if (name.startsWith(".augmenting-") && Files.getLastModifiedTime(d).toMillis() < System.currentTimeMillis() - 600_000L) {
                    LocalProcesses.deleteTree(d);
                }
                if (!name.startsWith(RUN_PREFIX) || !Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                boolean ownerAlive;
                try {
                    long pid = Long.parseLong(Files.readString(d.resolve(OWNER_PID_FILE)).trim());
                    ownerAlive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                } catch (IOException | NumberFormatException e) {
                    ownerAlive = false;
                }
                if (!ownerAlive) {
                    log("removing stale Keycloak run folder " + d);
                    stop(d);
                }
            }
        }
    }

    private static void pruneLogs(Path logs, int keep) throws IOException {
        try (Stream<Path> files = Files.list(logs)) {
            List<Path> sorted = files.filter(f -> f.getFileName().toString().startsWith("keycloak-"))
                    .sorted(Comparator.comparing((Path f) -> f.getFileName().toString()).reversed()).toList();
            for (Path old : sorted.subList(Math.min(keep, sorted.size()), sorted.size())) {
                Files.deleteIfExists(old);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String wellKnown(String base) {
        return base + "/realms/master/.well-known/openid-configuration";
    }

    private static boolean answers(HttpClient http, String url) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void killTree(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>(root.descendants().toList());
        all.add(root);
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle ph : all) {
            try {
                ph.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    /** Kills processes whose command line names this run folder (the JVM of kc.sh: -Dkc.home.dir=RUN/bin/..). */
    private static void killMatching(String runDir) {
        ProcessHandle.allProcesses()
                .filter(ph -> ph.info().commandLine().map(c -> c.contains(runDir + "/")).orElse(false))
                .forEach(TestKeycloak::killTree);
    }

    private static int exitCode(Process p) {
        try {
            return p.exitValue();
        } catch (IllegalThreadStateException e) {
            return -1;
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.exists(from)) {
            Files.createDirectories(to);
            return;
        }
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Keycloak", e);
        }
    }

    private static void log(String message) {
        System.err.println("[TestKeycloak] " + message);
    }
}
