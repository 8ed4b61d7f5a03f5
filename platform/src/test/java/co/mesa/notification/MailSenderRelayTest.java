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
