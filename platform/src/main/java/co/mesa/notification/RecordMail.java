package co.mesa.notification;

import co.mesa.notification.internal.OutboxStore;
import co.mesa.record.RecordMailFacts;
import co.mesa.shared.Themes;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.ticket.CaseMailFacts.Person;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import jakarta.mail.MessagingException;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Delivers the outbox entries of records (problems, changes): entries without a case whose payload names a
 * {@code recordId}. Recipients come from the payload — {@code recipientId} (a person) and the roles in
 * {@code recipients}: {@code assignee} (the assigned agent, else the assigned group's agents) and
 * {@code creator}. Each recipient once per entry, by the dispatcher's delivery rows; everything read in the
 * entry's tenant-bound transaction, so a name from another entity reaches nobody.
 */
@Singleton
class RecordMail {

    /** The record topics that have templates; other record entries are marked delivered without a message. */
    static final Set<String> TOPICS = Set.of("recordSlaWarning", "recordSlaBreached", "changeDecided");

    private final OutboxStore store;
    private final RecordMailFacts records;
    private final EmailTemplates templates;
    private final MailSender sender;
    private final Themes themes;
    private final String linkBase;

    RecordMail(OutboxStore store, RecordMailFacts records, EmailTemplates templates, MailSender sender, Themes themes,
               @Value("${mesa.mail.link-base:`https://%host%`}") String linkBase) {
        this.store = store;
        this.records = records;
        this.templates = templates;
        this.sender = sender;
        this.themes = themes;
        this.linkBase = linkBase;
    }

    /** Whether this entry is a record's (no case, a record id in the payload). */
    static boolean isRecord(OutboxStore.Entry e) {
        return e.caseId() == null && e.payload().get("recordId") != null;
    }

    void deliver(Connection c, TenantContext tenant, OutboxStore.Entry e, Instant now) throws SQLException, MessagingException {
        UUID id;
        try {
            id = UUID.fromString(String.valueOf(e.payload().get("recordId")));
        } catch (IllegalArgumentException bad) {
            return;
        }
        Optional<RecordMailFacts.Facts> found = records.facts(c, tenant, id);
        if (found.isEmpty()) {
            return; // not this entity's record (or gone): nobody is told
        }
        RecordMailFacts.Facts f = found.get();
        Map<String, Person> to = new LinkedHashMap<>();
        Object recipientId = e.payload().get("recipientId");
        if (recipientId != null) {
            try {
                records.person(c, UUID.fromString(String.valueOf(recipientId))).ifPresent(p -> add(to, p));
            } catch (IllegalArgumentException bad) {
                // not a person id: nobody by id
            }
        }
        @SuppressWarnings("unchecked")
        List<String> roles = e.payload().get("recipients") instanceof List<?> l ? (List<String>) l : List.of();
        for (String role : roles) {
            switch (role) {
                case "assignee" -> {
                    if (f.assignee() != null) {
                        add(to, f.assignee());
                    } else {
                        f.groupMembers().forEach(p -> add(to, p));
                    }
                }
                case "creator" -> add(to, f.creator());
                default -> { }
            }
        }
        TenantConfig config = tenant.config();
        TenantConfig.Notifications n = config.settings().notifications();
        String lang = config.tenant().locale();
        Locale locale = Locale.forLanguageTag(lang);
        List<String> chain = themes.theme(config.tenant().theme()).chain();
        List<String> languages = List.of(lang, "es-CO");
        String domain = n.fromAddress().substring(n.fromAddress().indexOf('@') + 1);
        String link = linkBase.replace("%host%", config.tenant().hosts().get(0))
                + ("cambio".equals(f.kind()) ? "/consola/cambios/" : "/consola/problemas/") + f.id();
        for (Map.Entry<String, Person> r : to.entrySet()) {
            String address = r.getKey();
            if (store.delivered(c, e.id(), address)) {
                continue;
            }
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("tenantName", config.tenant().name().resolve(locale));
            model.put("repliesRead", !config.settings().mailboxes().isEmpty());
            model.put("kindName", RecordMailFacts.kindName(tenant, f.kind()));
            model.put("code", f.code());
            model.put("title", f.title());
            model.put("state", f.state());
            model.put("link", link);
            model.put("recipientName", r.getValue().name());
            model.put("approved", Boolean.TRUE.equals(e.payload().get("approved")));
            Object due = e.payload().get("dueAt");
            if (due != null) {
                model.put("dueAt", DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", locale)
                        .format(Instant.parse(String.valueOf(due)).atZone(ZoneId.of(config.tenant().timeZone()))));
            }
            EmailTemplates.Rendered mail = templates.render(chain, languages, e.topic(), model);
            String messageId = "<mesa." + e.id() + "." + OutboxDispatcher.hash(address) + "@" + domain + ">";
            sender.send(n.smtp(), new MailSender.Mail(n.fromAddress(), n.fromName().resolve(locale), n.replyTo(), address,
                    mail.subject(), mail.html(), mail.text(), messageId, "<record." + f.id() + "@" + domain + ">", null));
            store.recordDelivery(c, tenant.id(), e.id(), address, messageId, mail.subject(), now);
        }
    }

    private static void add(Map<String, Person> out, @Nullable Person p) {
        if (p != null && p.email() != null && !p.email().isBlank()) {
            out.putIfAbsent(p.email().toLowerCase(Locale.ROOT), p);
        }
    }
}
