package co.mesa.testsupport;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;

/** GreenMail's real SMTP and IMAP servers on free loopback ports, one per test JVM; stoppable to play "SMTP down". */
public final class TestMail {

    private static TestMail instance;

    private final int smtpPort;
    private final int imapPort;
    private GreenMail greenMail;

    private TestMail() {
        smtpPort = freePort();
        imapPort = freePort();
        start();
    }

    public static synchronized TestMail get() {
        FastTests.refuse("GreenMail");
        if (instance == null) {
            instance = new TestMail();
        }
        return instance;
    }

    public int smtpPort() {
        return smtpPort;
    }

    public int imapPort() {
        return imapPort;
    }

    public synchronized void start() {
        greenMail = new GreenMail(new ServerSetup[] {new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)})
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        greenMail.start();
    }

    /** Stops the servers (and forgets what they received): the relay is down. */
    public synchronized void stop() {
        greenMail.stop();
    }

    /** Every message received since the last start, for one recipient. */
    public synchronized List<MimeMessage> to(String address) {
        return Arrays.stream(greenMail.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equalsIgnoreCase(address));
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).toList();
    }

    public synchronized List<MimeMessage> all() {
        return List.of(greenMail.getReceivedMessages());
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
