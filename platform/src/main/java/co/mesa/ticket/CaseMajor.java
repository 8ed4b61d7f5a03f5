package co.mesa.ticket;

import co.mesa.identity.PeopleService;
import co.mesa.shared.ProblemException.ParamError;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.ticket.CaseRecorder.Happening;
import co.mesa.ticket.internal.CaseRow;
import co.mesa.ticket.internal.CaseStore;
import io.micronaut.core.annotation.Nullable;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Major incidents (003 §4.9.2, issue 20): an agent or supervisor of a case marks it major, or unmarks it, with a
 * reason. The mark is an event of the case's history and a column of the case ({@code major_at},
 * {@code major_reason}) that the queue's filter and the home's count read; the entity's process managers
 * ({@code groups.yaml processManagers}) are told through the outbox in the same transaction.
 */
@Singleton
public class CaseMajor {

    /** The longest reason kept. */
    static final int MAX_REASON = 2000;

    private final TenantTransactions tx;
    private final CaseStore store;
    private final CaseViews views;
    private final CaseRecorder recorder;
    private final PeopleService people;
    private final CaseSlaWork slaWork;
    private final CaseActions actions;
    // As CaseActions: a case's events are stamped by the same clock.
    private final Clock clock = Clock.systemUTC();

    CaseMajor(TenantTransactions tx, CaseStore store, CaseViews views, CaseRecorder recorder, PeopleService people,
              CaseSlaWork slaWork, CaseActions actions) {
        this.tx = tx;
        this.store = store;
        this.views = views;
        this.recorder = recorder;
        this.people = people;
        this.slaWork = slaWork;
        this.actions = actions;
    }

    /**
     * Marks ({@code major} true) or unmarks the case, with {@code reason}; {@code If-Match} as for every action.
     * 422 without a reason, 404 when the caller may not see the case, 403 when they do not work it, 409 when
     * the case is closed or already as asked.
     */
    public CaseView mark(TenantContext tenant, Authentication auth, UUID id, @Nullable Integer ifMatch, boolean major,
                         @Nullable String reason, List<Locale> languages) {
        List<ParamError> errors = new ArrayList<>();
        CaseService.controls("reason", reason, errors);
        if (reason == null || reason.isBlank()) {
            errors.add(new ParamError("reason", "case.param.major.reason"));
        } else if (reason.strip().length() > MAX_REASON) {
            errors.add(new ParamError("reason", "case.param.too-long", MAX_REASON));
        }
        if (!errors.isEmpty()) {
            throw CaseProblems.invalid(errors);
        }
        String why = reason.strip();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return tx.write(tenant.id(), c -> {
            Caller caller = Caller.of(people.caller(c, tenant, auth), auth.getName(), tenant.config());
            CaseRow row = store.find(c, id, true).filter(r -> CaseService.maySee(caller, r))
                    .orElseThrow(CaseProblems::notFound);
            if (!CaseService.asAgent(caller, row)) {
                throw CaseProblems.forbidden("problem.case.major.agents-only.detail");
            }
            actions.requireVersion(c, tenant, row, caller, ifMatch, languages);
            if (row.closedAt() != null) {
                throw CaseProblems.conflict("problem.case.major.closed.detail", row.code());
            }
            boolean was = majorAt(c, tenant, row.id()) != null;
            if (was == major) {
                throw CaseProblems.conflict(major ? "problem.case.major.already.detail"
                        : "problem.case.major.not-major.detail", row.code());
            }
            Map<String, Object> changes = new LinkedHashMap<>();
            changes.put("major", new LinkedHashMap<>(Map.of("from", was, "to", major)));
            CaseRow after = recorder.record(c, tenant, row, row, new CaseActor(caller.personId(), "agent"),
                    new Happening(major ? "majorMarked" : "majorUnmarked", null, false, why, changes, Map.of()), now);
            store.update(c, after, row.version(), slaWork.refresh(c, tenant, after, false, now));
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE service_case SET major_at = ?, major_reason = ? WHERE tenant_id = ? AND id = ?")) {
                ps.setTimestamp(1, major ? Timestamp.from(now) : null);
                ps.setString(2, major ? why : null);
                ps.setObject(3, tenant.id().value());
                ps.setObject(4, row.id());
                ps.executeUpdate();
            }
            List<String> to = managers(c, tenant);
            if (!to.isEmpty()) {
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("version", after.version());
                payload.put("recipients", List.of("explicit"));
                payload.put("to", to);
                payload.put("major", major);
                store.emit(c, tenant.id(), "caseMajor", row.id(), payload, row.id() + ":" + after.version() + ":caseMajor",
                        now);
            }
            return views.view(c, tenant, after, caller, languages);
        });
    }

    /**
     * How many open cases marked major the caller's agent list holds: exactly what the queue's {@code major=true}
     * filter lists (their groups', their supervised groups' and their own cases), for the console home.
     */
    public long openCount(TenantContext tenant, Authentication auth) {
        return tx.write(tenant.id(), c -> {
            Caller caller = Caller.of(people.caller(c, tenant, auth), auth.getName(), tenant.config());
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM service_case WHERE tenant_id = ? "
                    + "AND major_at IS NOT NULL AND closed_at IS NULL "
                    + "AND (assigned_group = ANY (?) OR assigned_agent_id = ?)")) {
                ps.setObject(1, tenant.id().value());
                ps.setArray(2, c.createArrayOf("text", caller.caseGroups().toArray()));
                ps.setObject(3, caller.personId());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** When the case was marked major, or null when it is not (in the caller's tenant-bound transaction). */
    static @Nullable Instant majorAt(Connection c, TenantContext tenant, UUID caseId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT major_at FROM service_case WHERE tenant_id = ? AND id = ?")) {
            ps.setObject(1, tenant.id().value());
            ps.setObject(2, caseId);
            try (ResultSet rs = ps.executeQuery()) {
                Timestamp t = rs.next() ? rs.getTimestamp(1) : null;
                return t == null ? null : t.toInstant();
            }
        }
    }

    /**
     * The addresses of the entity's process managers: the active people of its directory group (by name or
     * full path, as {@link TenantConfig.Supervision} matches) or of its platform group. None when it names none.
     */
    static List<String> managers(Connection c, TenantContext tenant) throws SQLException {
        TenantConfig.Supervision who = tenant.config().groups().processManagers();
        if (who == null) {
            return List.of();
        }
        String sql = who.group() != null
                ? "SELECT email FROM person WHERE tenant_id = ? AND active AND email IS NOT NULL AND ? = ANY (groups)"
                : "SELECT email FROM person WHERE tenant_id = ? AND active AND email IS NOT NULL AND EXISTS ("
                + "SELECT 1 FROM unnest(groups) g WHERE ltrim(g, '/') = ? OR (strpos(?, '/') = 0 AND g LIKE ?))";
        try (PreparedStatement ps = c.prepareStatement(sql + " ORDER BY email")) {
            ps.setObject(1, tenant.id().value());
            if (who.group() != null) {
                ps.setString(2, who.group());
            } else {
                String name = who.directoryGroup().startsWith("/") ? who.directoryGroup().substring(1) : who.directoryGroup();
                ps.setString(2, name);
                ps.setString(3, name);
                ps.setString(4, "%/" + name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_"));
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!rs.getString(1).isBlank()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        }
    }
}
