package co.mesa.ticket;

import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.ticket.CaseRecorder.Happening;
import co.mesa.ticket.internal.CaseRow;
import co.mesa.ticket.internal.CaseStore;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an incoming email does to the tenant's cases (002 §14.3, §15.1): a message carrying one of
 * the tenant's case codes becomes a comment on that case when its sender takes part in it (and the
 * requester's reply to an open question is their answer); otherwise it is quarantined for an agent.
 * A message without a code opens a case with origin "email" in the mailbox's service, when the
 * mailbox allows it and the sender is in the tenant's directory. Runs in the caller's transaction.
 */
@Singleton
public class EmailIntake {

    /** What became of a message. */
    public enum Outcome { COMMENT, ANSWER, CREATED, QUARANTINED }

    /** A message as read, with its attached files. */
    public record Inbound(String sender, String subject, String body, List<File> files) {
        public Inbound(String sender, String subject, String body) {
            this(sender, subject, body, List.of());
        }
    }

    /**
     * An attached file. {@code whole} marks the message itself, kept as a file when its comment was trimmed
     * (quoted replies) or read from HTML: the entity's type list does not apply to it, its size limit does.
     */
    public record File(String name, String mediaType, byte[] content, boolean whole) {
        public File(String name, String mediaType, byte[] content) {
            this(name, mediaType, content, false);
        }
    }

    /** The result: outcome, the case touched (if any) and why it was quarantined. */
    public record Result(Outcome outcome, @Nullable UUID caseId, @Nullable String reason) {
    }

    static final int NOTE_MAX = 20_000;

    private final CaseStore store;
    private final CaseRecorder recorder;
    private final CaseSlaWork slaWork;
    private final CaseService cases;

    public EmailIntake(CaseStore store, CaseRecorder recorder, CaseSlaWork slaWork, CaseService cases) {
        this.store = store;
        this.recorder = recorder;
        this.slaWork = slaWork;
        this.cases = cases;
    }

    public Result take(Connection c, TenantContext tenant, TenantConfig.Mailbox mailbox, Inbound mail, Instant now)
            throws SQLException {
        Optional<String> code = findCode(tenant.config().tenant().caseCode(), mail.subject() + "\n" + mail.body());
        Optional<Person> sender = person(c, mail.sender());
        String text = mail.body().length() > NOTE_MAX ? mail.body().substring(0, NOTE_MAX) : mail.body();
        if (code.isPresent()) {
            Optional<CaseRow> found = store.findByCode(c, code.get());
            if (found.isEmpty()) {
                return new Result(Outcome.QUARANTINED, null, "unknown-code " + code.get());
            }
            CaseRow row = store.find(c, found.get().id(), true).orElseThrow();
            if (sender.isEmpty() || !participants(c, row).contains(sender.get().id())) {
                return new Result(Outcome.QUARANTINED, row.id(), "not-a-participant");
            }
            if (row.closedAt() != null) {
                return new Result(Outcome.QUARANTINED, row.id(), "case-closed");
            }
            boolean requester = sender.get().id().equals(row.requesterId()) || sender.get().id().equals(row.registeredById());
            boolean answers = requester && waitingForTheUser(tenant, row);
            CaseActor actor = new CaseActor(sender.get().id(), requester ? "requester" : "agent");
            comment(c, tenant, row, actor, answers, text, Map.of("channel", "email", "subject", mail.subject()), now);
            attach(c, tenant, row.id(), sender.get().id(), mail.files(), now);
            return new Result(answers ? Outcome.ANSWER : Outcome.COMMENT, row.id(), null);
        }
        if (!mailbox.createCases()) {
            return new Result(Outcome.QUARANTINED, null, "no-code");
        }
        if (sender.isEmpty()) {
            return new Result(Outcome.QUARANTINED, null, "unknown-sender");
        }
        Person p = sender.get();
        CaseRow filed = open(c, tenant, mailbox, p, mail, now);
        attach(c, tenant, filed.id(), p.id(), mail.files(), now);
        return new Result(Outcome.CREATED, filed.id(), null);
    }

    /**
     * A case for the sender from the message, as a message without a code opens one: title = subject, description
     * = body, origin email, the mailbox's service and case type. Also what an agent does with quarantined mail.
     */
    CaseRow open(Connection c, TenantContext tenant, TenantConfig.Mailbox mailbox, Person p, Inbound mail, Instant now)
            throws SQLException {
        String text = mail.body().length() > NOTE_MAX ? mail.body().substring(0, NOTE_MAX) : mail.body();
        Caller caller = new Caller(p.id(), "email:" + mail.sender(), p.name(), p.roles(), p.groups());
        String title = mail.subject().isBlank() ? "(sin asunto)" : mail.subject().strip();
        CaseRequests.NewCase request = new CaseRequests.NewCase("email", mailbox.caseType(), mailbox.service(), null, null,
                null, title.length() > CaseService.TITLE_MAX ? title.substring(0, CaseService.TITLE_MAX) : title,
                text.isBlank() ? title : text, null, null, null, null, null, null, null, null);
        return cases.file(c, tenant, caller, request, UUID.randomUUID(), now, true);
    }

    /** The message's text as an e-mail comment (or the requester's answer) on an open case, stored with its SLA. */
    CaseRow comment(Connection c, TenantContext tenant, CaseRow row, CaseActor actor, boolean answers, String text,
                    Map<String, Object> data, Instant now) throws SQLException {
        String note = text.length() > NOTE_MAX ? text.substring(0, NOTE_MAX) : text;
        CaseRow after = recorder.record(c, tenant, row, row, actor, new Happening(answers ? "answer" : "emailComment",
                answers ? "answer" : null, true, note, Map.of(), data), now);
        store.update(c, after, row.version(), slaWork.refresh(c, tenant, after, false, now));
        return after;
    }

    /** Files that come with the mail join the case, within the tenant's size and type limits; the rest is dropped. */
    private void attach(Connection c, TenantContext tenant, UUID caseId, UUID sender, List<File> files, Instant now)
            throws SQLException {
        TenantConfig.Attachments limits = tenant.config().settings().attachments();
        long max = (long) limits.maxSizeMb() * 1024 * 1024;
        for (File f : files) {
            String type = f.mediaType().split(";")[0].trim().toLowerCase(Locale.ROOT);
            if (f.content().length == 0 || f.content().length > max || !f.whole() && (!AttachmentService.accepts(limits.allowedTypes(), type)
                    || FileTypes.contradiction(type, f.content()).isPresent())) {
                continue;
            }
            store.insertAttachment(c, tenant.id(), new CaseStore.AttachmentRow(UUID.randomUUID(), caseId, null,
                    AttachmentService.sanitize(f.name()), type, f.content().length, sha256(f.content()), sender, now),
                    f.content());
        }
    }

    private static String sha256(byte[] b) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the case waits for the user: in a substate or state the question event leads to. */
    private static boolean waitingForTheUser(TenantContext tenant, CaseRow row) {
        TenantConfig.Workflow w = tenant.config().workflow();
        boolean substate = row.substate() != null && w.substates().stream()
                .anyMatch(s -> s.key().equals(row.substate()) && "question".equals(s.automaticOn()));
        boolean state = w.transitions().stream().anyMatch(t -> "question".equals(t.automaticOn()) && t.to().equals(row.state()));
        return substate || state;
    }

    /** Requester, registrant, informed people, the assignee and the group's agents. */
    private Set<UUID> participants(Connection c, CaseRow row) throws SQLException {
        Set<UUID> out = new HashSet<>();
        out.add(row.requesterId());
        out.add(row.registeredById());
        if (row.assignedAgentId() != null) {
            out.add(row.assignedAgentId());
        }
        row.informed().forEach(i -> out.add(UUID.fromString(String.valueOf(i.get("personId")))));
        return out;
    }

    /** The first of the tenant's case codes in the text, whatever the case of its letters. */
    static Optional<String> findCode(TenantConfig.CaseCode format, String text) {
        String regex = Pattern.quote(format.pattern())
                .replace("{prefix}", "\\E" + Pattern.quote(format.prefix()) + "\\Q")
                .replace("{year}", "\\E\\d{4}\\Q")
                .replaceAll("\\{seq:(\\d+)}", "\\\\E\\\\d{$1,}\\\\Q");
        Matcher m = Pattern.compile(regex, Pattern.CASE_INSENSITIVE).matcher(text);
        return m.find() ? Optional.of(m.group().toUpperCase(Locale.ROOT)) : Optional.empty();
    }

    record Person(UUID id, String name, Set<String> roles, Set<String> groups) {
    }

    static Optional<Person> person(Connection c, String email) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, name, roles, groups FROM person WHERE lower(email) = lower(?) ORDER BY last_seen DESC LIMIT 1")) {
            ps.setString(1, email);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Person(rs.getObject(1, UUID.class), rs.getString(2),
                        new HashSet<>(List.of((String[]) rs.getArray(3).getArray())),
                        new HashSet<>(List.of((String[]) rs.getArray(4).getArray()))));
            }
        }
    }
}
