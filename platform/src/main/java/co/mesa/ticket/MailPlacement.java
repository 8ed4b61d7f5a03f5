package co.mesa.ticket;

import co.mesa.identity.PeopleService;
import co.mesa.shared.ProblemException;
import co.mesa.shared.ProblemException.ParamError;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.ticket.internal.CaseRow;
import co.mesa.ticket.internal.CaseStore;
import co.mesa.workflow.WorkflowEngine;
import io.micronaut.http.HttpStatus;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What an agent does with a quarantined message (decision 0034), with the intake's own steps ({@link EmailIntake}):
 * open a case for its sender, as mail without a code does, or add it to a case the agent works as an e-mail comment.
 * Runs in the caller's transaction; every refusal is a 422 naming its field ({@code sender}, {@code mailbox},
 * {@code code}) before anything is written.
 */
@Singleton
public class MailPlacement {

    /** The quarantined message as stored: the mailbox's key, the sender's address, subject and text. */
    public record Mail(long id, String mailbox, String sender, String subject, String body) {
    }

    /** The case the message went to. */
    public record Placed(UUID caseId, String code) {
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/uuuu HH:mm");

    private final EmailIntake intake;
    private final CaseStore store;
    private final PeopleService people;

    public MailPlacement(EmailIntake intake, CaseStore store, PeopleService people) {
        this.intake = intake;
        this.store = store;
        this.people = people;
    }

    /** The agent's person id (registered on first use, as every action does). */
    public UUID agent(Connection c, TenantContext tenant, Authentication auth) throws SQLException {
        return people.caller(c, tenant, auth).id();
    }

    /**
     * A case for the sender: a person of the entity's directory or a contact registered outside it (issue 20);
     * in the mailbox's service and case type, origin e-mail.
     */
    public Placed open(Connection c, TenantContext tenant, Mail mail, Instant now) throws SQLException {
        Optional<TenantConfig.Mailbox> mailbox = tenant.config().settings().mailboxes().stream()
                .filter(m -> m.key().equals(mail.mailbox())).findFirst();
        if (mailbox.isEmpty()) {
            throw refused(new ParamError("mailbox", "mail.param.mailbox-gone", mail.mailbox()));
        }
        Optional<EmailIntake.Person> sender = EmailIntake.person(c, mail.sender());
        if (sender.isEmpty()) {
            throw refused(new ParamError("sender", "mail.param.sender-unknown", mail.sender()));
        }
        CaseRow filed = intake.open(c, tenant, mailbox.get(), sender.get(),
                new EmailIntake.Inbound(mail.sender(), mail.subject(), mail.body()), now);
        return new Placed(filed.id(), filed.code());
    }

    /** The message's text as an e-mail comment on the open case of that code, which the agent must work. */
    public Placed addTo(Connection c, TenantContext tenant, Authentication auth, String typedCode, Mail mail,
                        List<Locale> languages, Instant now) throws SQLException {
        String typed = typedCode == null ? "" : typedCode.strip();
        if (typed.isEmpty()) {
            throw refused(new ParamError("code", "mail.param.code-required"));
        }
        TenantConfig.CaseCode format = tenant.config().tenant().caseCode();
        Optional<String> code = EmailIntake.findCode(format, typed).filter(found -> found.equalsIgnoreCase(typed));
        if (code.isEmpty()) {
            throw refused(new ParamError("code", "mail.param.code-format", typed));
        }
        Optional<CaseRow> found = store.findByCode(c, code.get());
        if (found.isEmpty()) {
            throw refused(new ParamError("code", "mail.param.code-unknown", code.get()));
        }
        CaseRow row = store.find(c, found.get().id(), true).orElseThrow();
        Caller caller = Caller.of(people.caller(c, tenant, auth), auth.getName(), tenant.config());
        if (!CaseService.asAgent(caller, row)) {
            throw refused(new ParamError("code", "mail.param.code-not-yours", row.code()));
        }
        if (row.closedAt() != null) {
            String state = WorkflowEngine.of(tenant.config()).stateOf(row.state()).name().resolve(languages);
            throw refused(new ParamError("code", "mail.param.code-closed", row.code(), state,
                    DAY.format(row.closedAt().atZone(tenant.zone()))));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("channel", "email");
        data.put("subject", mail.subject());
        data.put("from", mail.sender());
        data.put("quarantined", mail.id());
        CaseRow after = intake.comment(c, tenant, row, new CaseActor(caller.personId(), "agent"), false,
                mail.body().isBlank() ? mail.subject() : mail.body(), data, now);
        return new Placed(after.id(), after.code());
    }

    /** The one problem of this class: 422, the field named; nothing was written. */
    public static ProblemException refused(ParamError error) {
        return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, "mail.refused", "problem.mail.refused.title",
                "problem.mail.refused.detail").withParamErrors(List.of(error));
    }
}
