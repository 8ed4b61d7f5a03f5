package co.mesa.notification;

import co.mesa.shared.ProblemException;
import co.mesa.shared.ProblemException.ParamError;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.ticket.MailPlacement;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Quarantined incoming mail and what an agent does with it (decision 0034): the list, newest first, its count, one
 * message, and the three actions — open a case, add to a case, dismiss with a reason. Each action locks the row,
 * refuses mail already handled (409) and writes the case and the row's new outcome, who and when, in one
 * transaction; the row itself is never deleted. Row-level security keeps each entity to its own mail.
 */
@Singleton
public class MailQuarantine {

    /** A dismissal's reason: a few words (spam, duplicate, …). */
    public static final int REASON_MAX = 200;

    /** A stored message and, once handled, what became of it. */
    public record Item(long id, String mailbox, String sender, String subject, String body, Instant receivedAt,
                       @Nullable UUID caseId, @Nullable String caseCode, @Nullable String reason, String outcome,
                       @Nullable String handledBy, @Nullable Instant handledAt, @Nullable String dismissReason) {

        public boolean waiting() {
            return "quarantined".equals(outcome);
        }
    }

    private static final String SELECT = "SELECT m.id, m.mailbox, m.sender, m.subject, m.body, m.received_at, m.case_id, "
            + "sc.code, m.reason, m.outcome, p.name, m.handled_at, m.dismiss_reason FROM inbound_mail m "
            + "LEFT JOIN service_case sc ON sc.tenant_id = m.tenant_id AND sc.id = m.case_id "
            + "LEFT JOIN person p ON p.tenant_id = m.tenant_id AND p.id = m.handled_by ";

    private final TenantTransactions tx;
    private final MailPlacement placement;
    private final Clock clock;

    public MailQuarantine(TenantTransactions tx, MailPlacement placement, Clock clock) {
        this.tx = tx;
        this.placement = placement;
        this.clock = clock;
    }

    /** How many messages wait; the same condition as {@link #waiting}. */
    public long count(TenantContext tenant) {
        return tx.read(tenant.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM inbound_mail WHERE outcome = 'quarantined'")) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** The waiting messages, newest first, from {@code offset}. */
    public List<Item> waiting(TenantContext tenant, int offset, int limit) {
        return tx.read(tenant.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + "WHERE m.outcome = 'quarantined' "
                    + "ORDER BY m.received_at DESC, m.id DESC OFFSET ? LIMIT ?")) {
                ps.setInt(1, Math.max(0, offset));
                ps.setInt(2, limit);
                List<Item> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(item(rs));
                    }
                }
                return out;
            }
        });
    }

    /** One message of the entity's, waiting or handled. */
    public Optional<Item> find(TenantContext tenant, long id) {
        return tx.read(tenant.id(), c -> find(c, id, false));
    }

    /** Opens a case for the sender from the message; returns the case. */
    public MailPlacement.Placed createCase(TenantContext tenant, Authentication auth, long id) {
        Instant now = now();
        return tx.write(tenant.id(), c -> {
            Item mail = lockWaiting(c, id);
            MailPlacement.Placed placed = placement.open(c, tenant, mail(mail), now);
            handled(c, id, "created", placed.caseId(), placement.agent(c, tenant, auth), now, null);
            return placed;
        });
    }

    /** Adds the message to the case of that code as an e-mail comment; returns the case. */
    public MailPlacement.Placed addToCase(TenantContext tenant, Authentication auth, long id, @Nullable String code,
                                          List<Locale> languages) {
        Instant now = now();
        return tx.write(tenant.id(), c -> {
            Item mail = lockWaiting(c, id);
            MailPlacement.Placed placed = placement.addTo(c, tenant, auth, code, mail(mail), languages, now);
            handled(c, id, "comment", placed.caseId(), placement.agent(c, tenant, auth), now, null);
            return placed;
        });
    }

    /** Sets the message aside with a short reason; it stays stored. */
    public void dismiss(TenantContext tenant, Authentication auth, long id, @Nullable String reason) {
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty()) {
            throw MailPlacement.refused(new ParamError("reason", "mail.param.reason-required"));
        }
        if (why.length() > REASON_MAX || co.mesa.shared.Text.forbiddenControl(why).isPresent()) {
            throw MailPlacement.refused(new ParamError("reason", "mail.param.reason-long", REASON_MAX));
        }
        Instant now = now();
        tx.write(tenant.id(), c -> {
            Item mail = lockWaiting(c, id);
            handled(c, id, "dismissed", mail.caseId(), placement.agent(c, tenant, auth), now, why);
            return null;
        });
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static MailPlacement.Mail mail(Item i) {
        return new MailPlacement.Mail(i.id(), i.mailbox(), i.sender(), i.subject(), i.body());
    }

    /** The row, locked: 404 when the entity has no such message, 409 when an agent already handled it. */
    private static Item lockWaiting(Connection c, long id) throws SQLException {
        Item mail = find(c, id, true).orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND, "mail.not-found",
                "problem.not-found.title", "problem.mail.not-found.detail"));
        if (!mail.waiting()) {
            throw new ProblemException(HttpStatus.CONFLICT, "mail.handled", "problem.mail.handled.title",
                    "problem.mail.handled.detail", mail.handledBy() == null ? "" : mail.handledBy());
        }
        return mail;
    }

    private static Optional<Item> find(Connection c, long id, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + "WHERE m.id = ?" + (lock ? " FOR UPDATE OF m" : ""))) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(item(rs)) : Optional.empty();
            }
        }
    }

    private static void handled(Connection c, long id, String outcome, @Nullable UUID caseId, UUID by, Instant now,
                                @Nullable String reason) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE inbound_mail SET outcome = ?, case_id = ?, handled_by = ?, "
                + "handled_at = ?, dismiss_reason = ? WHERE id = ? AND outcome = 'quarantined'")) {
            ps.setString(1, outcome);
            ps.setObject(2, caseId);
            ps.setObject(3, by);
            ps.setTimestamp(4, Timestamp.from(now));
            ps.setString(5, reason);
            ps.setLong(6, id);
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("quarantined mail " + id + " changed under its lock");
            }
        }
    }

    private static Item item(ResultSet rs) throws SQLException {
        Timestamp handledAt = rs.getTimestamp(12);
        return new Item(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getTimestamp(6).toInstant(), rs.getObject(7, UUID.class), rs.getString(8), rs.getString(9),
                rs.getString(10), rs.getString(11), handledAt == null ? null : handledAt.toInstant(), rs.getString(13));
    }
}
