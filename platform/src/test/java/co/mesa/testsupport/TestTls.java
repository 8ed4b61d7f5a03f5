package co.mesa.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway self-signed certificate for 127.0.0.1/localhost (with subject alternative names, so
 * that Jakarta Mail's server identity check passes), made by the JDK's keytool and handed to
 * GreenMail's SMTPS/IMAPS servers. GreenMail's own certificate names no host, so a client that
 * checks the server's identity (as the platform does) refuses it. Clients trust it by host name
 * ({@code mail.smtp.ssl.trust}, the platform's MESA_SMTP_SSL_TRUST).
 */
public final class TestTls {

    /** Throwaway keystore password of a loopback-only test server. */
    private static final String PASSWORD = "mesa-test-tls";
    private static Path keystore;

    private TestTls() {
    }

    /** Creates the keystore once per JVM and points GreenMail at it; call before starting GreenMail. */
    public static synchronized void useLoopbackCertificateForGreenMail() {
        if (keystore == null) {
            try {
                Path dir = Files.createTempDirectory("mesa-test-tls-");
                Path file = dir.resolve("loopback.p12");
                Process p = new ProcessBuilder(List.of(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString(),
                        "-genkeypair", "-alias", "greenmail", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                        "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                        "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD))
                        .redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException("keytool failed: " + out);
                }
                file.toFile().deleteOnExit();
                dir.toFile().deleteOnExit();
                keystore = file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        System.setProperty("greenmail.tls.keystore.file", keystore.toString());
        System.setProperty("greenmail.tls.keystore.password", PASSWORD);
        System.setProperty("greenmail.tls.key.password", PASSWORD);
    }
}
