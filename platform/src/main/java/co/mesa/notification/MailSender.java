package co.mesa.notification;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import co.mesa.tenantconfig.TenantConfig;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Sends mail over SMTP with one Jakarta Mail session per relay: the platform's, or an entity's own
 * ({@code settings.yaml notifications.smtp}) — micronaut-email's single global session cannot do
 * that. Messages carry the Message-ID they are given, so a resend is recognisable as the same.
 */
@Singleton
public class MailSender {

    /** One message: both parts, and the threading headers. */
    public record Mail(String fromAddress, String fromName, @Nullable String replyTo, String to, String subject,
                       String html, String text, String messageId, @Nullable String references,
                       @Nullable Attachment attachment) {
    }

    /** A file sent along (the PDF of a case record). */
    public record Attachment(String fileName, String mediaType, byte[] content) {
    }

    /**
     * The platform's own relay (MESA_SMTP_*): authenticated when {@code username} is set, and
     * {@code security} {@code starttls} (submission, 587), {@code tls} (implicit TLS, 465) or {@code none}.
     * {@code sslTrust}: hosts whose certificate Jakarta Mail trusts without the JVM's trust store.
     */
    public record Relay(String host, int port, @Nullable String username, @Nullable String password,
                       String security, @Nullable String sslTrust) {
        public Relay {
            security = security == null || security.isBlank() ? "none" : security.trim().toLowerCase(java.util.Locale.ROOT);
            if (!java.util.Set.of("starttls", "tls", "none").contains(security)) {
                throw new IllegalArgumentException("MESA_SMTP_SECURITY must be starttls, tls or none, not " + security);
            }
            username = username == null || username.isBlank() ? null : username;
        }
    }

    private final Relay platform;
    private final int timeoutMs;
    /** A Jakarta Mail session per relay (host, port, security, user) from tenant data; unused relays age out. */
    private final Cache<String, Session> sessions = Caffeine.newBuilder()
            .maximumSize(1_000).expireAfterAccess(java.time.Duration.ofHours(1)).build();

    @jakarta.inject.Inject
    public MailSender(@Value("${mesa.mail.smtp.host:127.0.0.1}") String host,
                      @Value("${mesa.mail.smtp.port:3025}") int port,
                      @Value("${mesa.mail.smtp.username:}") @Nullable String username,
                      @Value("${mesa.mail.smtp.password:}") @Nullable String password,
                      @Value("${mesa.mail.smtp.security:none}") String security,
                      @Value("${mesa.mail.smtp.ssl-trust:}") @Nullable String sslTrust,
                      @Value("${mesa.mail.smtp.timeout-ms:5000}") int timeoutMs) {
        this(new Relay(host, port, username, password, security, sslTrust), timeoutMs);
    }

    public MailSender(Relay platform, int timeoutMs) {
        this.platform = platform;
        this.timeoutMs = timeoutMs;
    }

    /**
     * Sends one message. Inside a {@link #reuse()} scope of the calling thread it goes over that scope's open
     * connection to the relay (opened on first use), else over a connection of its own, as {@link Transport#send}
     * does. A failed send closes the scope's connection, so the next message starts on a fresh one.
     */
    public void send(@Nullable TenantConfig.Smtp relay, Mail mail) throws MessagingException {
        Session session = session(relay);
        MimeMessage m = message(session, mail);
        Connections scope = SCOPE.get();
        if (scope == null) {
            Transport.send(m);
        } else {
            scope.send(session, m);
        }
    }

    private static final ThreadLocal<Connections> SCOPE = new ThreadLocal<>();

    /**
     * Opens a scope on the calling thread in which {@link #send} keeps one SMTP connection per relay open and sends
     * each message over it: a batch of the outbox pays one TCP (and TLS, and AUTH) handshake instead of one per
     * message. Close it (try-with-resources) on the same thread; nested scopes share the outer one.
     */
    public Connections reuse() {
        Connections outer = SCOPE.get();
        if (outer != null) {
            return new Connections(outer);
        }
        Connections scope = new Connections(null);
        SCOPE.set(scope);
        return scope;
    }

    /** The open connections of one {@link #reuse()} scope. */
    public static final class Connections implements AutoCloseable {
        /** Reconnect after this many messages: some relays cap the messages of one connection. */
        static final int MESSAGES_PER_CONNECTION = 100;
        @Nullable
        private final Connections outer;
        private final java.util.Map<Session, Transport> open = new java.util.HashMap<>();
        private final java.util.Map<Session, Integer> sent = new java.util.HashMap<>();

        private Connections(@Nullable Connections outer) {
            this.outer = outer;
        }

        private void send(Session session, MimeMessage m) throws MessagingException {
            Transport t = open.get(session);
            if (t != null && (!t.isConnected() || sent.getOrDefault(session, 0) >= MESSAGES_PER_CONNECTION)) {
                drop(session);
                t = null;
            }
            if (t == null) {
                t = session.getTransport();
                t.connect();
                open.put(session, t);
                sent.put(session, 0);
            }
            try {
                t.sendMessage(m, m.getAllRecipients());
                sent.merge(session, 1, Integer::sum);
            } catch (MessagingException | RuntimeException e) {
                drop(session);
                throw e;
            }
        }

        private void drop(Session session) {
            Transport t = open.remove(session);
            sent.remove(session);
            if (t != null) {
                try {
                    t.close();
                } catch (MessagingException ignored) {
                    // the connection is gone either way
                }
            }
        }

        @Override
        public void close() {
            if (outer != null) {
                return;
            }
            SCOPE.remove();
            for (Session s : java.util.List.copyOf(open.keySet())) {
                drop(s);
            }
        }
    }

    private MimeMessage message(Session session, Mail mail) throws MessagingException {
        MimeMessage m = new FixedIdMessage(session, mail.messageId());
        try {
            m.setFrom(new InternetAddress(mail.fromAddress(), mail.fromName(), StandardCharsets.UTF_8.name()));
        } catch (UnsupportedEncodingException e) {
            throw new MessagingException("cannot encode the sender's name", e);
        }
        if (mail.replyTo() != null) {
            m.setReplyTo(InternetAddress.parse(mail.replyTo()));
        }
        m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(mail.to()));
        m.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
        if (mail.references() != null) {
            m.setHeader("References", mail.references());
            m.setHeader("In-Reply-To", mail.references());
        }
        // Our own messages are automatic: replies from auto-responders should not loop back.
        m.setHeader("Auto-Submitted", "auto-generated");
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(mail.text(), StandardCharsets.UTF_8.name());
        MimeBodyPart html = new MimeBodyPart();
        html.setContent(mail.html(), "text/html; charset=UTF-8");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        if (mail.attachment() == null) {
            m.setContent(alternative);
        } else {
            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeBodyPart body = new MimeBodyPart();
            body.setContent(alternative);
            mixed.addBodyPart(body);
            MimeBodyPart file = new MimeBodyPart();
            file.setDataHandler(new jakarta.activation.DataHandler(
                    new jakarta.mail.util.ByteArrayDataSource(mail.attachment().content(), mail.attachment().mediaType())));
            file.setFileName(mail.attachment().fileName());
            file.setDisposition(jakarta.mail.Part.ATTACHMENT);
            mixed.addBodyPart(file);
            m.setContent(mixed);
        }
        m.saveChanges();
        return m;
    }

    private Session session(@Nullable TenantConfig.Smtp relay) {
        String h = relay == null ? platform.host() : relay.host();
        int p = relay == null ? platform.port() : relay.port();
        String security = relay == null ? platform.security() : relay.startTls() ? "starttls" : "none";
        boolean starttls = security.equals("starttls");
        boolean implicitTls = security.equals("tls");
        String user = relay == null ? platform.username() : relay.username();
        String passwordEnv = relay == null ? null : relay.passwordEnv();
        return sessions.get(h + ":" + p + ":" + security + ":" + user, k -> {
            Properties props = new Properties();
            props.put("mail.smtp.host", h);
            props.put("mail.smtp.port", String.valueOf(p));
            props.put("mail.smtp.connectiontimeout", String.valueOf(timeoutMs));
            props.put("mail.smtp.timeout", String.valueOf(timeoutMs));
            props.put("mail.smtp.writetimeout", String.valueOf(timeoutMs));
            props.put("mail.smtp.starttls.enable", String.valueOf(starttls));
            props.put("mail.smtp.starttls.required", String.valueOf(starttls));
            // Implicit TLS on the "smtp" protocol: Transport.send uses the session's default transport.
            props.put("mail.smtp.ssl.enable", String.valueOf(implicitTls));
            if (starttls || implicitTls) {
                if (relay == null && platform.sslTrust() != null && !platform.sslTrust().isBlank()) {
                    props.put("mail.smtp.ssl.trust", platform.sslTrust());
                }
            }
            if (user != null) {
                props.put("mail.smtp.auth", "true");
                String password = relay == null
                        ? (platform.password() == null ? "" : platform.password())
                        : passwordEnv == null ? "" : System.getenv().getOrDefault(passwordEnv, "");
                return Session.getInstance(props, new Authenticator() {
                    @Override
                    protected PasswordAuthentication getPasswordAuthentication() {
                        return new PasswordAuthentication(user, password);
                    }
                });
            }
            return Session.getInstance(props);
        });
    }

    /** A message whose Message-ID is ours, not one Jakarta Mail invents on each save. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String id;

        FixedIdMessage(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }
}
