package co.mesa.notification;

import co.mesa.notification.internal.OutboxStore;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.ticket.CaseMailFacts;
import co.mesa.shared.Themes;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import jakarta.mail.MessagingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Delivers the outbox as email: at least once, each event to each recipient once. A delivery row
 * per (event, recipient) is written in the same transaction as the send is recorded, and each
 * message has a stable Message-ID — so restarts and replicas (rows taken with SKIP LOCKED) never
 * send twice; only a crash between the SMTP server's acceptance and the commit may resend, with the
 * same Message-ID. Failures back off (30 s doubling, at most an hour); after {@value #MAX_ATTEMPTS}
 * attempts the entry goes to the dead-letter list tenant admins see and retry.
 */
@Singleton
public class OutboxDispatcher {

    static final int MAX_ATTEMPTS = 8;
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);
    private static final Set<String> TOPICS = Set.of("caseCreated", "caseAssigned", "caseEscalated", "questionAsked",
            "userAnswered", "actionPublished", "caseResolved", "caseClosed", "caseRejected", "caseReopened",
            "slaWarning", "slaBreached", "caseNotify", "surveyInvitation", "caseMajor");

    private final TenantRegistry registry;
    private final TenantTransactions tx;
    private final OutboxStore store;
    private final CaseMailFacts cases;
    private final EmailTemplates templates;
    private final MailSender sender;
    private final Themes themes;
    private final co.mesa.ticket.CaseRecordPdf pdfs;
    private final co.mesa.ticket.CaseSurveys surveys;
    private final String linkBase;
    private final co.mesa.shared.Draining draining;
    private final int batch;
    private final Duration budget;
    @jakarta.inject.Inject
    RecordMail records; // entries of records (RecordMail.isRecord); a field, so the constructor stays as it was

    public OutboxDispatcher(TenantRegistry registry, TenantTransactions tx, OutboxStore store, CaseMailFacts cases,
                            EmailTemplates templates, MailSender sender, Themes themes, co.mesa.ticket.CaseRecordPdf pdfs,
                            co.mesa.ticket.CaseSurveys surveys,
                            @Value("${mesa.mail.link-base:`https://%host%`}") String linkBase,
                            co.mesa.shared.Draining draining,
                            @Value("${mesa.mail.dispatch-batch:50}") int batch,
                            @Value("${mesa.mail.dispatch-budget:50s}") Duration budget) {
        this.draining = draining;
        this.batch = Math.max(1, batch);
        this.budget = budget;
        this.pdfs = pdfs;
        this.surveys = surveys;
        this.registry = registry;
        this.tx = tx;
        this.store = store;
        this.cases = cases;
        this.templates = templates;
        this.sender = sender;
        this.themes = themes;
        this.linkBase = linkBase;
    }

    @Scheduled(fixedDelay = "${mesa.mail.dispatch-interval:5s}", initialDelay = "${mesa.mail.dispatch-initial-delay:15s}")
    void run() {
        drain(registry.all(), Instant.now().plus(budget));
    }

    /**
     * Drains the backlog rather than one batch per tick: the tenants take turns, a batch each (each
     * batch its own transaction, rows taken with SKIP LOCKED so other replicas take other rows), until
     * every tenant's batch comes back short or failed, or the time budget is spent. One batch per
     * tick (20 rows every 5 s, about 240 a minute) left 6,162 messages pending for 15–25 minutes after
     * a filing drill. Returns how many entries were delivered.
     */
    int drain(java.util.Collection<TenantContext> tenants, Instant deadline) {
        List<TenantContext> busy = new java.util.ArrayList<>(tenants);
        int delivered = 0;
        while (!busy.isEmpty() && Instant.now().isBefore(deadline)) {
            java.util.Iterator<TenantContext> it = busy.iterator();
            while (it.hasNext()) {
                if (draining.isDraining()) {
                    return delivered; // stopping: undelivered rows stay for the other replicas (SKIP LOCKED)
                }
                TenantContext tenant = it.next();
                try (org.slf4j.MDC.MDCCloseable ignored = org.slf4j.MDC.putCloseable("tenant", tenant.slug());
                     co.mesa.shared.Draining.Unit unit = draining.begin()) {
                    Round r = round(tenant, Instant.now());
                    delivered += r.delivered();
                    if (r.taken() < batch || r.failed()) {
                        it.remove();
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Mail dispatch failed for tenant {}", tenant.slug(), e);
                    it.remove();
                }
            }
        }
        return delivered;
    }

    /** One batch of a tenant: rows taken, entries delivered, and whether the relay refused (the rest waits). */
    private record Round(int taken, int delivered, boolean failed) {
    }

    /** Delivers one batch of what is due for one tenant; returns how many entries were delivered. */
    public int dispatch(TenantContext tenant, Instant now) {
        return round(tenant, now).delivered();
    }

    private Round round(TenantContext tenant, Instant now) {
        return tx.write(tenant.id(), c -> {
            try (MailSender.Connections ignored = sender.reuse()) { // one SMTP connection for the batch
                return deliverDue(c, tenant, now);
            }
        });
    }

    private Round deliverDue(Connection c, TenantContext tenant, Instant now) throws SQLException {
        int delivered = 0;
        List<OutboxStore.Entry> due = store.due(c, now, batch);
        for (OutboxStore.Entry e : due) {
            boolean record = RecordMail.isRecord(e);
            if (!(record ? RecordMail.TOPICS : TOPICS).contains(e.topic())) {
                store.markDelivered(c, e.id(), now);
                continue;
            }
            try {
                if (record) { records.deliver(c, tenant, e, now); } else { deliver(c, tenant, e, now); }
                store.markDelivered(c, e.id(), now);
                delivered++;
            } catch (MessagingException ex) {
                int attempts = e.attempts() + 1;
                Duration wait = Duration.ofSeconds(Math.min(3600, 30L << Math.min(attempts - 1, 7)));
                String why = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
                store.markFailed(c, e.id(), attempts, now.plus(wait), why, attempts >= MAX_ATTEMPTS ? now : null);
                LOG.info("Mail for outbox entry {} of {} failed (attempt {}): {}", e.id(), tenant.slug(), attempts, why);
                // The relay is down or refusing: the rest waits for the next round.
                return new Round(due.size(), delivered, true);
            }
        }
        return new Round(due.size(), delivered, false);
    }

    private void deliver(Connection c, TenantContext tenant, OutboxStore.Entry e, Instant now)
            throws SQLException, MessagingException {
        int version = ((Number) e.payload().getOrDefault("version", 0)).intValue();
        Optional<CaseMailFacts.Facts> found = cases.facts(c, tenant, e.caseId(), version);
        if (found.isEmpty()) {
            return;
        }
        CaseMailFacts.Facts f = found.get();
        TenantConfig config = tenant.config();
        TenantConfig.Notifications n = config.settings().notifications();
        @SuppressWarnings("unchecked")
        List<String> roles = (List<String>) e.payload().getOrDefault("recipients", List.of());
        Map<String, CaseMailFacts.Person> to = CaseMailRecipients.of(e.topic(), roles, f);
        // One language for every recipient: the tenant's, else the platform's (the templates' fallback).
        String lang = config.tenant().locale();
        Locale locale = Locale.forLanguageTag(lang);
        List<String> chain = themes.theme(config.tenant().theme()).chain();
        List<String> languages = List.of(lang, "es-CO");
        MailSender.Attachment pdf = null;
        boolean notify = "caseNotify".equals(e.topic());
        // A case marked major (issue 20): the entity's process managers, as the marking found them.
        boolean major = "caseMajor".equals(e.topic());
        if (notify || major) {
            // "Notificar": the addresses the agent chose, and the record's PDF if asked.
            @SuppressWarnings("unchecked")
            List<String> explicit = (List<String>) e.payload().getOrDefault("to", List.of());
            explicit.forEach(a -> to.putIfAbsent(a.toLowerCase(Locale.ROOT), new CaseMailFacts.Person(null, null, a)));
        }
        // Who may read what the requester side may not: the entity's agents, as the directory says now.
        Set<String> agents = cases.agentAddresses(c, tenant, to.keySet());
        if (notify && Boolean.TRUE.equals(e.payload().get("includePdf"))) {
            // The internal record only if asked and every recipient is (still) an agent; else the requester's.
            boolean internal = Boolean.TRUE.equals(e.payload().get("includeInternal")) && agents.containsAll(to.keySet());
            // In the language the message is written in.
            Locale written = Locale.forLanguageTag(templates.language(chain, languages, e.topic()));
            pdf = pdfs.render(c, tenant, f.id(), written, internal ? co.mesa.ticket.CaseRecordPdf.Scope.INTERNAL
                            : co.mesa.ticket.CaseRecordPdf.Scope.REQUESTER)
                    .map(b -> new MailSender.Attachment("caso-" + f.code().replaceAll("[^A-Za-z0-9-]+", "-") + ".pdf",
                            "application/pdf", b)).orElse(null);
        }
        String domain = n.fromAddress().substring(n.fromAddress().indexOf('@') + 1);
        String host = config.tenant().hosts().get(0);
        String link = linkBase.replace("%host%", host) + "/casos/" + f.id();
        String surveyLink = null;
        Map<String, String> invitation = Map.of();
        if ("surveyInvitation".equals(e.topic()) && e.payload().get("survey") != null) {
            // The link's token exists only in this message: a fresh one per sending, only its hash stored.
            surveyLink = linkBase.replace("%host%", host) + "/encuesta/"
                    + surveys.issueLink(c, java.util.UUID.fromString(String.valueOf(e.payload().get("survey"))));
            invitation = co.mesa.ticket.CaseSurveys.invitation(config, locale);
        }
        for (Map.Entry<String, CaseMailFacts.Person> r : to.entrySet()) {
            String address = r.getKey();
            if (store.delivered(c, e.id(), address)) {
                continue;
            }
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("tenantName", config.tenant().name().resolve(locale));
            // Replies come back as comments only where the entity has a mailbox the platform reads; an entity
            // without one (Prosperidad Social: no-reply, 003 §4.3 Nota 2) does not invite them (issue 20).
            model.put("repliesRead", !config.settings().mailboxes().isEmpty());
            model.put("code", f.code());
            model.put("title", f.title());
            model.put("state", f.state());
            model.put("link", link);
            // An internal event's note reaches agents only; "Notificar"'s message is written for its recipients.
            model.put("note", notify || major || f.notePublished() || agents.contains(address) ? f.note() : null);
            model.put("major", Boolean.TRUE.equals(e.payload().get("major")));
            model.put("recipientName", r.getValue().name());
            model.put("subject", e.payload().get("subject"));
            if ("caseResolved".equals(e.topic()) && f.requester().id().equals(r.getValue().id())) {
                model.put("confirmLink", link + "?accion=confirmar");
                model.put("refuseLink", link + "?accion=rechazar");
            }
            if (surveyLink != null) {
                model.put("surveyLink", surveyLink);
                model.put("invitationSubject", invitation.get("subject"));
                model.put("invitationText", invitation.get("text"));
            }
            Object due = e.payload().get("dueAt");
            if (due != null) {
                model.put("dueAt", DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", locale)
                        .format(Instant.parse(String.valueOf(due)).atZone(ZoneId.of(config.tenant().timeZone()))));
                model.put("target", "response".equals(e.payload().get("target"))
                        ? (lang.startsWith("es") ? "primera respuesta" : "first response")
                        : (lang.startsWith("es") ? "solución" : "resolution"));
            }
            EmailTemplates.Rendered mail = templates.render(chain, languages, e.topic(), model);
            String messageId = "<mesa." + e.id() + "." + hash(address) + "@" + domain + ">";
            sender.send(n.smtp(), new MailSender.Mail(n.fromAddress(), n.fromName().resolve(locale), n.replyTo(), address,
                    mail.subject(), mail.html(), mail.text(), messageId, "<case." + f.id() + "@" + domain + ">", pdf));
            store.recordDelivery(c, tenant.id(), e.id(), address, messageId, mail.subject(), now);
        }
    }

    static String hash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
