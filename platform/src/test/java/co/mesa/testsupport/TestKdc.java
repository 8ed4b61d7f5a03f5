package co.mesa.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real MIT Kerberos KDC ({@code krb5kdc} from Debian's krb5-kdc) for Windows integrated sign-in tests:
 * started once per run on a free loopback port with its own database and config under {@code target/},
 * never the system daemon. Realm {@link #REALM}; principals and keytabs through {@code kadmin.local};
 * tickets through {@code kinit} into a file cache a browser is started with. Test-only passwords.
 */
public final class TestKdc {

    public static final String REALM = "MESA.TEST";
    private static final String MASTER_PASSWORD = "test-only-kdc-master-password";

    private static TestKdc instance;

    private final Path dir;
    private final int port;
    private final Process process;

    private TestKdc(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    public static synchronized TestKdc get() {
        FastTests.refuse("krb5kdc");
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    /** The krb5.conf clients (kinit, the browser's GSSAPI library) use: this realm only, no DNS games. */
    public Path krb5Conf() {
        return dir.resolve("krb5.conf");
    }

    /** The environment a Kerberos client of this KDC runs with. */
    public Map<String, String> clientEnv(Path ccache) {
        return Map.of("KRB5_CONFIG", krb5Conf().toString(), "KRB5CCNAME", "FILE:" + ccache);
    }

    /** A user principal with {@code password}. */
    public void addUser(String name, String password) {
        kadmin("addprinc -pw " + password + " " + name);
    }

    /** A service principal with a random key, exported to {@code keytab} (replacing it). */
    public void addService(String principal, Path keytab) {
        kadmin("addprinc -randkey " + principal);
        try {
            Files.deleteIfExists(keytab);
            Files.createDirectories(keytab.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        kadmin("ktadd -k " + keytab + " " + principal);
    }

    /** {@code kinit} of {@code user} into a fresh file cache; returns the cache. */
    public Path kinit(String user, String password) {
        Path ccache = dir.resolve("cc-" + user.replaceAll("[^A-Za-z0-9]", "_"));
        run(List.of("kinit", user + "@" + REALM), clientEnv(ccache), password + "\n");
        return ccache;
    }

    /** An empty cache: a browser started with it has no ticket. */
    public Path emptyCache() {
        return dir.resolve("cc-none");
    }

    private void kadmin(String query) {
        run(List.of("kadmin.local", "-r", REALM, "-q", query), serverEnv(dir), null);
    }

    private static Map<String, String> serverEnv(Path dir) {
        return Map.of("KRB5_CONFIG", dir.resolve("krb5.conf").toString(), "KRB5_KDC_PROFILE", dir.resolve("kdc.conf").toString());
    }

    private static String run(List<String> cmd, Map<String, String> env, String stdin) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Path krb5kdc() {
        for (String candidate : List.of("/usr/sbin/krb5kdc", "/usr/local/sbin/krb5kdc")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new IllegalStateException("krb5kdc is not installed: `apt-get install krb5-kdc krb5-admin-server krb5-user` "
                + "(.ci/run installs them; see shared/STACK.md)");
    }

    /** Whether a KDC can be started here (tests of Windows sign-in are skipped with a reason otherwise). */
    public static boolean installed() {
        return Files.isExecutable(Path.of("/usr/sbin/krb5kdc")) && Files.isExecutable(Path.of("/usr/bin/kinit"));
    }

    private static TestKdc start() {
        Path kdc = krb5kdc();
        Path dir = Path.of("target", "kdc-test").toAbsolutePath();
        LocalProcesses.deleteTree(dir);
        int port = freeUdpAndTcpPort();
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("krb5.conf"), String.join("\n",
                    "[libdefaults]",
                    "  default_realm = " + REALM,
                    "  dns_lookup_kdc = false",
                    "  dns_lookup_realm = false",
                    "  dns_canonicalize_hostname = false",
                    "  rdns = false",
                    "  udp_preference_limit = 1",
                    "  default_ccache_name = FILE:" + dir.resolve("cc-default"),
                    "[realms]",
                    "  " + REALM + " = {",
                    "    kdc = 127.0.0.1:" + port,
                    "  }",
                    "[domain_realm]",
                    "  localhost = " + REALM,
                    "  127.0.0.1 = " + REALM,
                    ""));
            Files.writeString(dir.resolve("kdc.conf"), String.join("\n",
                    "[kdcdefaults]",
                    "  kdc_listen = 127.0.0.1:" + port,
                    "  kdc_tcp_listen = 127.0.0.1:" + port,
                    "[realms]",
                    "  " + REALM + " = {",
                    "    database_name = " + dir.resolve("principal"),
                    "    key_stash_file = " + dir.resolve("stash"),
                    "    acl_file = " + dir.resolve("kadm5.acl"),
                    "    max_life = 10h 0m 0s",
                    "    supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal",
                    "  }",
                    "[logging]",
                    "  kdc = FILE:" + dir.resolve("krb5kdc.log"),
                    ""));
            Files.writeString(dir.resolve("kadm5.acl"), "");
            run(List.of(kdc.resolveSibling("kdb5_util").toString(), "-r", REALM, "-P", MASTER_PASSWORD, "create", "-s"),
                    serverEnv(dir), null);
            Path log = dir.resolve("krb5kdc-run.log");
            // -n: stay in the foreground (the test JVM owns the process).
            ProcessBuilder pb = new ProcessBuilder(kdc.toString(), "-n", "-r", REALM)
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(serverEnv(dir));
            Process p = pb.start();
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroy, "krb5kdc-stop"));
            Eventually.until("krb5kdc answering on port " + port, () -> {
                if (!p.isAlive()) {
                    throw new IllegalStateException("krb5kdc exited: " + LocalProcesses.tail(log, 20)
                            + "\n" + LocalProcesses.tail(dir.resolve("krb5kdc.log"), 20));
                }
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
            return new TestKdc(dir, port, p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port free on loopback for both TCP and UDP (the KDC listens on both). */
    private static int freeUdpAndTcpPort() {
        List<Integer> tried = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int port = LocalProcesses.freePort("127.0.0.1");
            try (DatagramSocket udp = new DatagramSocket(port, InetAddress.getByName("127.0.0.1"))) {
                return port;
            } catch (IOException e) {
                tried.add(port);
            }
        }
        throw new IllegalStateException("no port free for TCP and UDP on loopback; tried " + tried);
    }

    public Process process() {
        return process;
    }
}
