package co.mesa.console;

import co.mesa.notification.MailQuarantine;
import co.mesa.tenant.TenantContext;
import co.mesa.web.page.PageShell;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * "Correo por revisar" (decision 0034): the console home's section with the count of quarantined mail, and how one
 * message reads on the page — its reason in words, the received time in the entity's zone, a body excerpt.
 */
@Singleton
public class ConsoleMailQuarantine {

    /** The reasons the intake gives (an unknown code's reason carries the code after a space). */
    static final Set<String> REASONS = Set.of("unknown-code", "not-a-participant", "case-closed", "unknown-sender",
            "no-code", "record-reply");
    static final int EXCERPT = 160;

    private final MailQuarantine quarantine;

    public ConsoleMailQuarantine(MailQuarantine quarantine) {
        this.quarantine = quarantine;
    }

    /** The home's section: how many messages wait, the same condition the page lists. */
    public Map<String, Object> section(TenantContext tenant) {
        return Map.of("count", quarantine.count(tenant));
    }

    static Map<String, Object> row(PageShell.Page page, TenantContext tenant, MailQuarantine.Item m) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", m.id());
        r.put("sender", m.sender());
        r.put("subject", m.subject().isBlank() ? page.t("console.mail.no-subject") : m.subject());
        r.put("received", ConsoleNotices.format(m.receivedAt(), tenant.zone()));
        r.put("mailbox", mailbox(tenant, m.mailbox()));
        r.put("reason", reason(page, m.reason()));
        String flat = m.body().replaceAll("\\s+", " ").strip();
        r.put("excerpt", flat.length() > EXCERPT ? flat.substring(0, EXCERPT) + "…" : flat);
        r.put("body", m.body());
        r.put("caseCode", m.caseCode());
        r.put("caseId", m.caseId() == null ? null : m.caseId().toString());
        r.put("waiting", m.waiting());
        if (!m.waiting()) {
            // An agent's action names who and when; the intake's own outcomes (read before this page existed) do not.
            String key = "console.mail.outcome." + m.outcome() + (m.handledAt() == null ? "-auto" : "");
            r.put("outcome", page.t(key, m.handledBy() == null ? "" : m.handledBy(),
                    m.handledAt() == null ? "" : ConsoleNotices.format(m.handledAt(), tenant.zone()),
                    m.caseCode() == null ? "" : m.caseCode(), m.dismissReason() == null ? "" : m.dismissReason()));
        }
        return r;
    }

    /** The mailbox by its address as configured (its key when it is no longer configured). */
    static String mailbox(TenantContext tenant, String key) {
        return tenant.config().settings().mailboxes().stream().filter(b -> b.key().equals(key))
                .map(b -> b.address()).findFirst().orElse(key);
    }

    /** The intake's reason in the page's words; an unknown code's reason names the code. */
    static String reason(PageShell.Page page, String reason) {
        if (reason == null || reason.isBlank()) {
            return page.t("console.mail.reason.none");
        }
        List<String> parts = List.of(reason.strip().split(" ", 2));
        if (!REASONS.contains(parts.get(0))) {
            return reason;
        }
        return page.t("console.mail.reason." + parts.get(0), parts.size() > 1 ? parts.get(1) : "");
    }
}
