package co.mesa.notification;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The platform's relay settings (MESA_SMTP_USERNAME / _PASSWORD / _SECURITY) against a real GreenMail
 * with authentication on: plain SMTP and implicit TLS (SMTPS) with the right password deliver, a wrong
 * password or no credentials are refused, and {@code starttls} never falls back to clear text when the
 * server does not offer STARTTLS (GreenMail does not).
 */
class MailSenderRelayTest {

    private static final String USER = "mesa-relay";
    private static final String PASSWORD = "relay-" + UUID.randomUUID();

    private GreenMail greenMail;
    private int smtpPort;
    private int smtpsPort;

    @BeforeEach
    void start() {
        smtpPort = freePort();
        smtpsPort = freePort();
        co.mesa.testsupport.TestTls.useLoopbackCertificateForGreenMail();
        greenMail = new GreenMail(new ServerSetup[] {
                new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(smtpsPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS)});
        // Authentication stays on (GreenMail's default): only a known user with its password may send.
        greenMail.start();
        greenMail.setUser("relay@mesa.test", USER, PASSWORD);
    }

    @AfterEach
    void stop() {
        greenMail.stop();
    }

    @Test
    void authenticatedPlainRelayDelivers() throws Exception {
        sender(smtpPort, USER, PASSWORD, "none").send(null, mail("plain"));

        assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
        MimeMessage received = greenMail.getReceivedMessages()[0];
        assertThat(received.getSubject()).isEqualTo("plain");
    }

    @Test
    void authenticatedImplicitTlsRelayDelivers() throws Exception {
        // A self-signed certificate for 127.0.0.1: trusted by name, as MESA_SMTP_SSL_TRUST does; its identity is still checked.
        sender(smtpsPort, USER, PASSWORD, "tls", "127.0.0.1").send(null, mail("tls"));

        assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
        assertThat(greenMail.getReceivedMessages()[0].getSubject()).isEqualTo("tls");
    }

    @Test
    void wrongPasswordIsRefused() {
        assertThatThrownBy(() -> sender(smtpPort, USER, "not-the-password", "none").send(null, mail("wrong")))
                .isInstanceOf(AuthenticationFailedException.class);
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void starttlsIsRequiredNotOpportunistic() {
        assertThatThrownBy(() -> sender(smtpPort, USER, PASSWORD, "starttls").send(null, mail("starttls")))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("STARTTLS");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void aReuseScopeSendsABatchOverOneConnectionAndReconnectsWhenTheRelayDropsIt() throws Exception {
        try (CountingProxy proxy = new CountingProxy(smtpPort)) {
            MailSender sender = sender(proxy.port(), USER, PASSWORD, "none");
            try (MailSender.Connections ignored = sender.reuse()) {
                for (int i = 0; i < 5; i++) {
                    sender.send(null, mail("batch " + i));
                }
                assertThat(proxy.accepted()).isEqualTo(1);
                proxy.dropAll(); // the relay closes an idle connection: the next send opens another
                sender.send(null, mail("after the drop"));
                assertThat(proxy.accepted()).isEqualTo(2);
            }
            // Outside a scope each message has a connection of its own, as before.
            sender.send(null, mail("alone 1"));
            sender.send(null, mail("alone 2"));
            assertThat(proxy.accepted()).isEqualTo(4);
        }
        assertThat(greenMail.waitForIncomingEmail(5_000, 8)).isTrue();
        assertThat(java.util.Arrays.stream(greenMail.getReceivedMessages()).map(m -> {
            try {
                return m.getSubject();
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        })).containsExactlyInAnyOrder("batch 0", "batch 1", "batch 2", "batch 3", "batch 4", "after the drop",
                "alone 1", "alone 2");
    }

    /** A TCP forwarder to the relay that counts the connections made through it and can cut them all. */
    private static final class CountingProxy implements AutoCloseable {
        private final ServerSocket server;
        private final java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.List<java.net.Socket> open = new java.util.concurrent.CopyOnWriteArrayList<>();

        CountingProxy(int target) throws IOException {
            server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
            daemon(() -> {
                while (!server.isClosed()) {
                    try {
                        java.net.Socket in = server.accept();
                        java.net.Socket out = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), target);
                        open.add(in);
                        open.add(out);
                        accepted.incrementAndGet();
                        pipe(in, out);
                        pipe(out, in);
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            });
        }

        private static void pipe(java.net.Socket from, java.net.Socket to) {
            daemon(() -> {
                try {
                    from.getInputStream().transferTo(to.getOutputStream());
                } catch (IOException ignored) {
                    // one side closed
                }
                try {
                    to.close();
                } catch (IOException ignored) {
                    // already closed
                }
            });
        }

        private static void daemon(Runnable r) {
            Thread t = new Thread(r, "counting-proxy");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        void dropAll() throws IOException {
            for (java.net.Socket s : open) {
                s.close();
            }
            open.clear();
        }

        @Override
        public void close() throws IOException {
            server.close();
            dropAll();
        }
    }

    @Test
    void unknownSecurityIsRejected() {
        assertThatThrownBy(() -> sender(smtpPort, USER, PASSWORD, "ssl"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MESA_SMTP_SECURITY");
    }

    private static MailSender sender(int port, String user, String password, String security) {
        return sender(port, user, password, security, null);
    }

    private static MailSender sender(int port, String user, String password, String security, String trust) {
        return new MailSender(new MailSender.Relay("127.0.0.1", port, user, password, security, trust), 5_000);
    }

    private static MailSender.Mail mail(String subject) {
        return new MailSender.Mail("mesa@mesa.test", "Mesa", null, "someone@mesa.test", subject,
                "<p>" + subject + "</p>", subject, "<" + UUID.randomUUID() + "@mesa.test>", null, null);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
