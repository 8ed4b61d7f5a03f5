package co.mesa.notification;

import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.ticket.EmailIntake;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import jakarta.mail.Address;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;


import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/**
 * Reads each tenant's IMAP mailboxes (settings.yaml {@code mailboxes}) and hands every new message
 * to {@link EmailIntake}. A UIDVALIDITY/UID checkpoint is written in the same transaction as what
 * the message did, and each Message-ID is taken once: no message is read twice or lost across
 * restarts, and a broken connection just resumes next round. Auto-replies, bounces, bulk mail and
 * our own messages are recorded and ignored.
 */
@Singleton
public class MailboxPoller {

    private static final Logger LOG = LoggerFactory.getLogger(MailboxPoller.class);

    /** What one round of one mailbox did. */
    public record Round(int read, int ignored, int quarantined) {
    }

    private final TenantRegistry registry;
    private final TenantTransactions tx;
    private final EmailIntake intake;
    private final co.mesa.shared.JobLeases leases;
    private final co.mesa.shared.Draining draining;
    private final co.mesa.shared.PlatformMetrics metrics;
    private final String host;
    private final int port;
    private final boolean tls;
    private final int timeoutMs;

    public MailboxPoller(TenantRegistry registry, TenantTransactions tx, EmailIntake intake,
                         co.mesa.shared.JobLeases leases, co.mesa.shared.Draining draining,
                         co.mesa.shared.PlatformMetrics metrics,
                         @Value("${mesa.mail.imap.host:127.0.0.1}") String host,
                         @Value("${mesa.mail.imap.port:3143}") int port,
                         @Value("${mesa.mail.imap.tls:false}") boolean tls,
                         @Value("${mesa.mail.smtp.timeout-ms:5000}") int timeoutMs) {
        this.registry = registry;
        this.tx = tx;
        this.intake = intake;
        this.leases = leases;
        this.draining = draining;
        this.metrics = metrics;
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.timeoutMs = timeoutMs;
    }

    @Scheduled(fixedDelay = "${mesa.mail.poll-interval:1m}", initialDelay = "${mesa.mail.poll-initial-delay:20s}")
    void run() {
        // One replica reads the mailboxes at a time (decision 0021); the others skip the round.
        leases.once("mailbox-poll", LEASE, this::round);
    }

    /** A lease longer than any round: slow servers time out after mesa.mail.smtp.timeout-ms per step. */
    static final java.time.Duration LEASE = java.time.Duration.ofMinutes(10);

    private void round() {
        for (TenantContext tenant : registry.all()) {
            for (TenantConfig.Mailbox mailbox : tenant.config().settings().mailboxes()) {
                if (draining.isDraining()) {
                    return; // stopping: the checkpoint keeps what the next replica resumes from
                }
                try (org.slf4j.MDC.MDCCloseable ignored = org.slf4j.MDC.putCloseable("tenant", tenant.slug())) {
                    poll(tenant, mailbox);
                    lastRead.computeIfAbsent(tenant.slug() + "/" + mailbox.key(), k -> {
                        java.util.concurrent.atomic.AtomicLong at = new java.util.concurrent.atomic.AtomicLong();
                        io.micrometer.core.instrument.Gauge.builder("mesa.mailbox.lag", at,
                                        a -> (System.currentTimeMillis() - a.get()) / 1000.0)
                                .description("Seconds since this replica last read the mailbox completely")
                                .baseUnit("seconds")
                                .tags("tenant", tenant.slug(), "mailbox", mailbox.key())
                                .register(metrics.registry());
                        return at;
                    }).set(System.currentTimeMillis());
                } catch (MessagingException | RuntimeException e) {
                    LOG.warn("Mailbox {} of {} not read this round", mailbox.key(), tenant.slug(), e);
                }
            }
        }
    }

    private final java.util.Map<String, java.util.concurrent.atomic.AtomicLong> lastRead =
            new java.util.concurrent.ConcurrentHashMap<>();

    public Round poll(TenantContext tenant, TenantConfig.Mailbox mailbox) throws MessagingException {
        Properties props = new Properties();
        // A mailbox's own server says its own TLS; the platform's default server uses MESA_IMAP_TLS.
        boolean ssl = mailbox.imap() == null ? tls : mailbox.imap().ssl();
        String protocol = ssl ? "imaps" : "imap";
        props.put("mail." + protocol + ".connectiontimeout", String.valueOf(timeoutMs));
        props.put("mail." + protocol + ".timeout", String.valueOf(timeoutMs));
        Session session = Session.getInstance(props);
        String h = mailbox.imap() == null ? host : mailbox.imap().host();
        int p = mailbox.imap() == null ? port : mailbox.imap().port();
        String user = mailbox.imap() != null && mailbox.imap().username() != null ? mailbox.imap().username() : mailbox.address();
        String passwordEnv = mailbox.imap() == null ? null : mailbox.imap().passwordEnv();
        String password = passwordEnv == null ? "" : System.getenv().getOrDefault(passwordEnv, "");
        int read = 0;
        int ignored = 0;
        int quarantined = 0;
        try (Store store = session.getStore(protocol)) {
            store.connect(h, p, user, password);
            Folder folder = store.getFolder(mailbox.folderOrInbox());
            folder.open(Folder.READ_ONLY);
            try {
                UIDFolder uids = (UIDFolder) folder;
                long validity = uids.getUIDValidity();
                long last = tx.read(tenant.id(), c -> checkpoint(c, mailbox.key(), validity));
                for (Message m : uids.getMessagesByUID(last + 1, UIDFolder.MAXUID)) {
                    if (draining.isDraining()) {
                        break; // stopping: each message is checkpointed in its own transaction, the rest waits
                    }
                    long uid = uids.getUID(m);
                    if (uid <= last) {
                        // "UID n:*" answers the newest message even when it is older than n.
                        continue;
                    }
                    String outcome = take(tenant, mailbox, (MimeMessage) m, validity, uid);
                    read++;
                    if ("ignored".equals(outcome)) {
                        ignored++;
                    } else if ("quarantined".equals(outcome)) {
                        quarantined++;
                    }
                }
            } finally {
                folder.close(false);
            }
        }
        return new Round(read, ignored, quarantined);
    }

    private String take(TenantContext tenant, TenantConfig.Mailbox mailbox, MimeMessage m, long validity, long uid)
            throws MessagingException {
        String messageId = m.getMessageID() == null ? "<uid." + validity + "." + uid + "@" + mailbox.key() + ">" : m.getMessageID();
        String sender = sender(m);
        String subject = m.getSubject() == null ? "" : m.getSubject();
        String full = text(m);
        String body = MailText.trimQuoted(full);
        List<EmailIntake.File> files = new java.util.ArrayList<>();
        files(m, files);
        if (!body.equals(full) || !hasPlainText(m)) {
            // The comment holds what the person wrote; the whole message stays with the case as a file.
            files.add(new EmailIntake.File("mensaje-original.eml", "message/rfc822", raw(m), true));
        }
        String loop = loopReason(tenant, m, sender);
        String toRecord = recordReply(m);
        Instant now = Instant.now();
        return tx.write(tenant.id(), c -> {
            String outcome;
            java.util.UUID caseId = null;
            String reason = loop;
            if (seen(c, mailbox.key(), messageId)) {
                outcome = null;
            } else if (loop != null) {
                outcome = "ignored";
            } else if (toRecord != null) {
                // A reply to a problem's or change's mail: not a new case; it waits in the quarantine for an agent.
                outcome = "quarantined";
                reason = toRecord;
            } else {
                EmailIntake.Result r = intake.take(c, tenant, mailbox, new EmailIntake.Inbound(sender, subject, body, files), now);
                outcome = r.outcome().name().toLowerCase(Locale.ROOT);
                caseId = r.caseId();
                reason = r.reason();
            }
            if (outcome != null) {
                record(c, tenant, mailbox.key(), messageId, uid, sender, subject, body, now, outcome, caseId, reason);
            }
            saveCheckpoint(c, tenant, mailbox.key(), validity, uid);
            return outcome == null ? "duplicate" : outcome;
        });
    }

    /** Why a message must not be answered or turned into a case, or null. */
    static String loopReason(TenantContext tenant, MimeMessage m, String sender) throws MessagingException {
        String auto = header(m, "Auto-Submitted");
        if (auto != null && !auto.trim().equalsIgnoreCase("no")) {
            return "auto-submitted";
        }
        String precedence = header(m, "Precedence");
        if (precedence != null && Set.of("bulk", "junk", "list", "auto_reply").contains(precedence.trim().toLowerCase(Locale.ROOT))) {
            return "precedence-" + precedence.trim().toLowerCase(Locale.ROOT);
        }
        if (header(m, "X-Autoreply") != null || header(m, "X-Autorespond") != null) {
            return "auto-reply";
        }
        if (m.isMimeType("multipart/report")) {
            return "bounce";
        }
        String local = sender.contains("@") ? sender.substring(0, sender.indexOf('@')) : sender;
        if (Set.of("mailer-daemon", "postmaster").contains(local)) {
            return "bounce";
        }
        TenantConfig.Notifications n = tenant.config().settings().notifications();
        if (sender.equalsIgnoreCase(n.fromAddress()) || tenant.config().settings().mailboxes().stream()
                .anyMatch(b -> b.address().equalsIgnoreCase(sender))) {
            return "own-sender";
        }
        return null;
    }

    /** "record-reply" when the message answers a record's mail (its thread is {@code <record.…>}), else null. */
    static String recordReply(MimeMessage m) throws MessagingException {
        String thread = header(m, "References") + " " + header(m, "In-Reply-To");
        return thread.contains("<record.") ? "record-reply" : null;
    }

    private static String header(MimeMessage m, String name) throws MessagingException {
        String[] v = m.getHeader(name);
        return v == null || v.length == 0 ? null : v[0];
    }

    private static String sender(MimeMessage m) throws MessagingException {
        Address[] from = m.getFrom();
        if (from == null || from.length == 0) {
            return "";
        }
        return from[0] instanceof InternetAddress a ? a.getAddress().toLowerCase(Locale.ROOT) : from[0].toString();
    }

    /** The message's text: its text/plain part, else its HTML without tags. */
    static String text(Part p) throws MessagingException {
        try {
            if (p.isMimeType("text/plain")) {
                return String.valueOf(p.getContent()).strip();
            }
            if (p.isMimeType("multipart/*")) {
                Multipart mp = (Multipart) p.getContent();
                String html = null;
                for (int i = 0; i < mp.getCount(); i++) {
                    Part part = mp.getBodyPart(i);
                    if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
                        continue;
                    }
                    String t = text(part);
                    if (part.isMimeType("text/plain") || part.isMimeType("multipart/*")) {
                        if (!t.isBlank()) {
                            return t;
                        }
                    } else if (html == null && !t.isBlank()) {
                        html = t;
                    }
                }
                return html == null ? "" : html;
            }
            if (p.isMimeType("text/html")) {
                return MailText.fromHtml(String.valueOf(p.getContent()));
            }
            return "";
        } catch (IOException e) {
            throw new MessagingException("unreadable message part", e);
        }
    }

    /** Whether the message has a text/plain body part (not an attachment). */
    static boolean hasPlainText(Part p) throws MessagingException {
        try {
            if (p.isMimeType("text/plain")) {
                return !Part.ATTACHMENT.equalsIgnoreCase(p.getDisposition());
            }
            if (p.isMimeType("multipart/*")) {
                Multipart mp = (Multipart) p.getContent();
                for (int i = 0; i < mp.getCount(); i++) {
                    if (hasPlainText(mp.getBodyPart(i))) {
                        return true;
                    }
                }
            }
            return false;
        } catch (IOException e) {
            throw new MessagingException("unreadable message part", e);
        }
    }

    private static byte[] raw(MimeMessage m) throws MessagingException {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            m.writeTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new MessagingException("unreadable message", e);
        }
    }

    /** The attached files of a message (parts with a file name). */
    static void files(Part p, List<EmailIntake.File> out) throws MessagingException {
        try {
            if (p.isMimeType("multipart/*")) {
                Multipart mp = (Multipart) p.getContent();
                for (int i = 0; i < mp.getCount(); i++) {
                    files(mp.getBodyPart(i), out);
                }
            } else if (p.getFileName() != null) {
                out.add(new EmailIntake.File(p.getFileName(), p.getContentType(), p.getInputStream().readAllBytes()));
            }
        } catch (IOException e) {
            throw new MessagingException("unreadable attachment", e);
        }
    }

    private static long checkpoint(Connection c, String mailbox, long validity) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT uid_validity, last_uid FROM mailbox_checkpoint WHERE mailbox = ?")) {
            ps.setString(1, mailbox);
            try (ResultSet rs = ps.executeQuery()) {
                // A new UIDVALIDITY renumbers the folder: read it again (Message-IDs stop repeats).
                return rs.next() && rs.getLong(1) == validity ? rs.getLong(2) : 0;
            }
        }
    }

    private static void saveCheckpoint(Connection c, TenantContext tenant, String mailbox, long validity, long uid)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO mailbox_checkpoint (tenant_id, mailbox, uid_validity, "
                + "last_uid) VALUES (?, ?, ?, ?) ON CONFLICT (tenant_id, mailbox) DO UPDATE SET uid_validity = excluded.uid_validity, "
                + "last_uid = excluded.last_uid")) {
            ps.setObject(1, tenant.id().value());
            ps.setString(2, mailbox);
            ps.setLong(3, validity);
            ps.setLong(4, uid);
            ps.executeUpdate();
        }
    }

    private static boolean seen(Connection c, String mailbox, String messageId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM inbound_mail WHERE mailbox = ? AND message_id = ?")) {
            ps.setString(1, mailbox);
            ps.setString(2, messageId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void record(Connection c, TenantContext tenant, String mailbox, String messageId, long uid, String sender,
                               String subject, String body, Instant at, String outcome, java.util.UUID caseId,
                               String reason) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO inbound_mail (tenant_id, mailbox, message_id, uid, sender, "
                + "subject, body, received_at, outcome, case_id, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, tenant.id().value());
            ps.setString(2, mailbox);
            ps.setString(3, messageId);
            ps.setLong(4, uid);
            ps.setString(5, sender);
            ps.setString(6, subject);
            ps.setString(7, body.length() > 20_000 ? body.substring(0, 20_000) : body);
            co.mesa.shared.Jdbc.setInstant(ps, 8, at);
            ps.setString(9, outcome);
            ps.setObject(10, caseId);
            ps.setString(11, reason);
            ps.executeUpdate();
        }
    }
}
