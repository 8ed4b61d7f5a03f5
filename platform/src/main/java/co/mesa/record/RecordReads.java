package co.mesa.record;

import co.mesa.identity.PeopleService;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.ticket.CaseNotices;
import co.mesa.ticket.Caller;
import co.mesa.workflow.WorkflowEngine;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static co.mesa.record.RecordRules.engine;
import static co.mesa.record.RecordRules.kind;
import static co.mesa.record.RecordRules.maySee;
import static co.mesa.record.RecordStore.COLUMNS;
import static co.mesa.record.RecordStore.query;

/**
 * Reading records of any kind within the caller's read scope ({@link RecordRules#maySee}): one record with its
 * cases and history, keyset lists, the counters that equal those lists, and a case's records. Also who the caller
 * is and a record locked for writing, which the writing classes share.
 *
 * <p>Reads run in a write transaction, as the case API's do: a caller seen for the first time is recorded.
 */
@Singleton
public class RecordReads {

    private final TenantTransactions tx;
    private final PeopleService people;
    private final CaseNotices cases;

    public RecordReads(TenantTransactions tx, PeopleService people, CaseNotices cases) {
        this.tx = tx;
        this.people = people;
        this.cases = cases;
    }

    public Optional<RecordView> get(TenantContext tenant, Authentication auth, String kind, UUID id, Locale lang) {
        TenantConfig.RecordKind rk = kind(tenant, kind);
        return tx.write(tenant.id(), c -> {
            Caller caller = caller(c, tenant, auth);
            return RecordStore.find(c, id, false).filter(r -> r.kind().equals(kind) && maySee(caller, r))
                    .map(r -> view(c, rk, r, lang));
        });
    }

    /**
     * A keyset page of the kind's records the caller may see: {@code view} all | mine | groups, optionally one
     * state. The counters count with the same filter, so each counter equals its list.
     */
    public RecordView.Page list(TenantContext tenant, Authentication auth, String kind, @Nullable String view,
                                @Nullable String state, @Nullable String after, Locale lang) {
        TenantConfig.RecordKind rk = kind(tenant, kind);
        String v = view == null ? "all" : view;
        if (!RecordRules.VIEWS.contains(v) && !(RecordService.CHANGE.equals(kind) && RecordRules.TEAM_VIEWS.contains(v))) {
            throw RecordProblems.invalid("view", "case.param.unknown", v);
        }
        if (state != null && rk.states().stream().noneMatch(s -> s.key().equals(state))) {
            throw RecordProblems.invalid("state", "case.param.unknown", state);
        }
        RecordStore.Cursor cursor = after == null ? null : RecordStore.Cursor.parse(after).orElseThrow(
                () -> RecordProblems.invalid("after", "case.param.type"));
        return tx.write(tenant.id(), c -> {
            Caller caller = caller(c, tenant, auth);
            StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM work_record WHERE kind = ?");
            List<Object> args = new ArrayList<>(List.of(kind));
            RecordRules.scope(sql, args, caller, v);
            RecordRules.team(sql, args, rk, caller, v);
            if (state != null) {
                sql.append(" AND state = ?");
                args.add(state);
            }
            if (cursor != null) {
                sql.append(" AND (created_at, id) < (?, ?)");
                args.add(cursor.at());
                args.add(cursor.id());
            }
            sql.append(" ORDER BY created_at DESC, id DESC LIMIT ").append(RecordRules.PAGE + 1);
            List<RecordRow> rows = query(c, sql.toString(), args);
            String next = null;
            if (rows.size() > RecordRules.PAGE) {
                rows = rows.subList(0, RecordRules.PAGE);
                RecordRow last = rows.get(RecordRules.PAGE - 1);
                next = new RecordStore.Cursor(last.createdAt(), last.id()).text();
            }
            WorkflowEngine engine = engine(rk);
            return new RecordView.Page(rows.stream().map(r -> summary(engine, r, lang)).toList(), next);
        });
    }

    /** The console tab's counters (002 §11): by state, overall, assigned to me, to my groups; each with its list. */
    public RecordView.Counters counters(TenantContext tenant, Authentication auth, String kind, Locale lang) {
        TenantConfig.RecordKind rk = kind(tenant, kind);
        return tx.write(tenant.id(), c -> {
            Caller caller = caller(c, tenant, auth);
            return new RecordView.Counters(count(c, rk, caller, "all", lang), count(c, rk, caller, "mine", lang),
                    count(c, rk, caller, "groups", lang));
        });
    }

    /** The counters of the given views, in that order, one list per view (changes add the work-team views). */
    List<List<RecordView.Counter>> countersOf(TenantContext tenant, Authentication auth, String kind, List<String> views,
                                             Locale lang) {
        TenantConfig.RecordKind rk = kind(tenant, kind);
        return tx.write(tenant.id(), c -> {
            Caller caller = caller(c, tenant, auth);
            List<List<RecordView.Counter>> out = new ArrayList<>();
            for (String v : views) {
                out.add(count(c, rk, caller, v, lang));
            }
            return out;
        });
    }

    /**
     * The problems a case is linked to, with their workarounds: what agents of the case are offered. Only for those
     * who work the case (404 otherwise, as for an unknown case).
     */
    public List<RecordView.Summary> forCase(TenantContext tenant, Authentication auth, String kind, UUID caseId, Locale lang) {
        TenantConfig.RecordKind rk = kind(tenant, kind);
        return tx.write(tenant.id(), c -> {
            Caller caller = caller(c, tenant, auth);
            if (!cases.works(c, caller, caseId)) {
                throw RecordProblems.caseNotFound();
            }
            List<RecordRow> rows = query(c, "SELECT " + COLUMNS.replaceAll("(^|, )", "$1r.")
                    + " FROM work_record r JOIN work_record_case l ON l.record_id = r.id AND l.tenant_id = r.tenant_id"
                    + " WHERE r.kind = ? AND l.case_id = ? ORDER BY r.created_at DESC", List.of(kind, caseId));
            WorkflowEngine engine = engine(rk);
            return rows.stream().filter(r -> maySee(caller, r)).map(r -> summary(engine, r, lang)).toList();
        });
    }

    /** The records of the kind the caller may see that are not over (newest first, one page): what a case may join. */
    public List<RecordView.Summary> open(TenantContext tenant, Authentication auth, String kind, Locale lang) {
        TenantConfig.RecordKind rk = kind(tenant, kind);
        WorkflowEngine engine = engine(rk);
        return list(tenant, auth, kind, "all", null, null, lang).items().stream()
                .filter(s -> !engine.isFinal(new WorkflowEngine.Position(s.state(), null))).toList();
    }

    // ---- shared with the writing classes -------------------------------------------------------------

    /** The caller as an agent of the entity; anyone else is refused (403). */
    Caller caller(Connection c, TenantContext tenant, Authentication auth) throws SQLException {
        Caller caller = Caller.of(people.caller(c, tenant, auth), auth.getName(), tenant.config());
        if (!caller.agent()) {
            throw RecordProblems.agentsOnly();
        }
        return caller;
    }

    /** The record locked for an update at {@code expected} (the ETag): 404 outside the scope, 428 without, 412 stale. */
    static RecordRow writable(Connection c, Caller caller, UUID id, String kind, @Nullable Integer expected) throws SQLException {
        RecordRow r = RecordStore.find(c, id, true).filter(x -> x.kind().equals(kind) && maySee(caller, x))
                .orElseThrow(RecordProblems::notFound);
        if (expected == null) {
            throw RecordProblems.preconditionRequired();
        }
        if (expected != r.version()) {
            throw RecordProblems.stale(expected, r.version());
        }
        return r;
    }

    /** The record as an agent sees it: its facts, the transitions open to agents, its cases and history. */
    RecordView view(Connection c, TenantConfig.RecordKind rk, RecordRow r, Locale lang) {
        try {
            return RecordViews.of(c, rk, r, lang);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static RecordView.Summary summary(WorkflowEngine engine, RecordRow r, Locale lang) {
        boolean known = Boolean.TRUE.equals(r.details().get("knownError"));
        return new RecordView.Summary(r.id().toString(), r.code(), r.title(), r.state(),
                engine.stateOf(r.state()).name().resolve(List.of(lang)), r.assignedGroup(),
                r.assignedAgentId() == null ? null : r.assignedAgentId().toString(), known, r.createdAt().toString(),
                r.version(), known ? (String) r.details().get("workaround") : null);
    }

    private List<RecordView.Counter> count(Connection c, TenantConfig.RecordKind rk, Caller caller, String view, Locale lang)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT state, count(*) FROM work_record WHERE kind = ?");
        List<Object> args = new ArrayList<>(List.of(rk.key()));
        RecordRules.scope(sql, args, caller, view);
        RecordRules.team(sql, args, rk, caller, view);
        sql.append(" GROUP BY state");
        Map<String, Long> counts = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            RecordStore.bind(c, ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        String base = "/api/v1/" + (RecordService.CHANGE.equals(rk.key()) ? "changes" : "problems") + "?view=" + view
                + "&state=";
        return rk.states().stream().filter(s -> !RecordRules.TEAM_VIEWS.contains(view) || RecordRules.counted(s))
                .map(s -> new RecordView.Counter(s.key(), s.name().resolve(List.of(lang)),
                counts.getOrDefault(s.key(), 0L), base + s.key())).toList();
    }
}
