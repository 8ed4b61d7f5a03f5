package co.mesa.notices;

import co.mesa.identity.PeopleService;
import co.mesa.identity.Roles;
import co.mesa.notices.internal.NoticeStore;
import co.mesa.shared.ProblemException;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The agents' notices (issue 27, 002 §11 "Avisos / alertas para técnicos"): a tenant administrator or a supervisor
 * posts one with its text, importance and validity window; every agent of the entity sees it on the console's home
 * from its start until it ends or is withdrawn. Refusals name each field; nothing is written then.
 */
@Singleton
public class NoticeService {

    public static final int MAX_BODY = 1000;
    /** A notice longer than this is a policy, not a notice: write it in the knowledge base. */
    public static final Duration MAX_WINDOW = Duration.ofDays(90);
    /** The home shows at most this many at once. */
    public static final int MAX_SHOWN = 10;

    private final TenantTransactions tx;
    private final NoticeStore store;
    private final PeopleService people;
    private final Clock clock;

    public NoticeService(TenantTransactions tx, NoticeStore store, PeopleService people, Clock clock) {
        this.tx = tx;
        this.store = store;
        this.people = people;
        this.clock = clock;
    }

    /** Who posts and withdraws notices: the entity's supervisors and administrators. */
    public static boolean poster(@Nullable Authentication auth) {
        return auth != null && (auth.getRoles().contains(Roles.SUPERVISOR) || auth.getRoles().contains(Roles.TENANT_ADMIN));
    }

    public Notice post(TenantContext tenant, Authentication auth, Notice.Draft draft) {
        requirePoster(auth);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Notice.Draft d = validate(draft, now);
        UUID id = UUID.randomUUID();
        return tx.write(tenant.id(), c -> {
            var me = people.caller(c, tenant, auth);
            store.insert(c, tenant.id(), id, d, me.id(), now);
            return new Notice(id, d.body(), d.importance(), d.validFrom(), d.validUntil(), me.name(), now, null);
        });
    }

    /** Withdraws a notice of the entity; false when there is none (another entity's included) or it was withdrawn. */
    public boolean withdraw(TenantContext tenant, Authentication auth, UUID id) {
        requirePoster(auth);
        Instant now = clock.instant();
        return tx.write(tenant.id(), c -> store.withdraw(c, tenant.id(), id, people.caller(c, tenant, auth).id(), now));
    }

    /** What the entity's agents see now. */
    public List<Notice> shown(TenantContext tenant) {
        return shownAt(tenant, clock.instant());
    }

    /** What the entity's agents see at {@code at}. */
    public List<Notice> shownAt(TenantContext tenant, Instant at) {
        return tx.read(tenant.id(), c -> store.shownAt(c, tenant.id(), at, MAX_SHOWN));
    }

    /** Current and coming notices (withdrawn ones marked), for those who post them. */
    public List<Notice> managed(TenantContext tenant, Authentication auth) {
        requirePoster(auth);
        return tx.read(tenant.id(), c -> store.notExpired(c, tenant.id(), clock.instant(), 200));
    }

    public Instant now() {
        return clock.instant();
    }

    static Notice.Draft validate(Notice.Draft d, Instant now) {
        List<ProblemException.ParamError> errors = new ArrayList<>();
        String body = d.body() == null ? "" : d.body().strip();
        if (body.isEmpty()) {
            errors.add(new ProblemException.ParamError("body", "notice.param.body.required"));
        } else if (body.length() > MAX_BODY) {
            errors.add(new ProblemException.ParamError("body", "notice.param.body.too-long", MAX_BODY));
        }
        if (d.importance() == null) {
            errors.add(new ProblemException.ParamError("importance", "notice.param.importance"));
        }
        if (d.validFrom() == null) {
            errors.add(new ProblemException.ParamError("validFrom", "notice.param.date"));
        }
        if (d.validUntil() == null) {
            errors.add(new ProblemException.ParamError("validUntil", "notice.param.date"));
        } else if (!d.validUntil().isAfter(now)) {
            errors.add(new ProblemException.ParamError("validUntil", "notice.param.until.past"));
        } else if (d.validFrom() != null && !d.validUntil().isAfter(d.validFrom())) {
            errors.add(new ProblemException.ParamError("validUntil", "notice.param.until.before"));
        } else if (d.validFrom() != null && Duration.between(d.validFrom(), d.validUntil()).compareTo(MAX_WINDOW) > 0) {
            errors.add(new ProblemException.ParamError("validUntil", "notice.param.until.too-long", MAX_WINDOW.toDays()));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, "notice.invalid", "problem.notice.invalid.title",
                    "problem.notice.invalid.detail").withParamErrors(errors);
        }
        return new Notice.Draft(body, d.importance(), d.validFrom().truncatedTo(ChronoUnit.MICROS),
                d.validUntil().truncatedTo(ChronoUnit.MICROS));
    }

    private static void requirePoster(@Nullable Authentication auth) {
        if (!poster(auth)) {
            throw new ProblemException(HttpStatus.FORBIDDEN, "notice.forbidden", "problem.forbidden.title",
                    "problem.notice.forbidden.detail");
        }
    }
}
