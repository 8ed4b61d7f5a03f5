package co.mesa.record;

import co.mesa.identity.PeopleService;
import co.mesa.identity.Roles;
import co.mesa.knowledge.KnowledgeService;
import co.mesa.shared.Jdbc;
import co.mesa.shared.TenantTransactions;
import co.mesa.sla.BusinessCalendars;
import co.mesa.sla.SlaTargets;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.ticket.CaseCodes;
import co.mesa.ticket.CaseNotices;
import co.mesa.ticket.Caller;
import co.mesa.workflow.WorkflowEngine;
import co.mesa.workflow.WorkflowViolation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Records of the kinds beyond cases (problems now; changes next), on the machinery cases use: the tenant's
 * workflow for the kind run by the same {@link WorkflowEngine}, codes from {@link CaseCodes} in a scope of the
 * kind, an append-only history, links to cases, and cases told through {@link CaseNotices}. What a kind adds
 * lives in {@code details}; for a problem: impact, root cause, workaround, known error and its article.
 *
 * <p>Read scope: records are the staff's. A supervisor sees every record of the entity; an agent those
 * assigned to them or their groups, those they opened, and those nobody has taken yet. Requesters see none.
 */
@Singleton
public class RecordService {

    public static final String PROBLEM = "problema";
    /** Changes (RFC, issue 27): {@link ChangeService} adds their facts, committee and tasks. */
    public static final String CHANGE = "cambio";
    /** The views of every kind; changes add the two work-team views of 002 §11. */
    static final List<String> VIEWS = List.of("all", "mine", "groups");
    static final List<String> TEAM_VIEWS = List.of("team", "teamGroups");
    static final int TEXT_MAX = 20_000;
    static final int TITLE_MAX = 300;
    static final int MAX_CASES = 50;
    static final int PAGE = 50;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, kind, code, title, description, details::text, state, substate, assigned_group, "
            + "assigned_agent_id, created_by_id, due_at, closed_at, created_at, updated_at, version";

    private final TenantTransactions tx;
    private final PeopleService people;
    private final CaseCodes codes;
    private final CaseNotices notices;
    private final KnowledgeService knowledge;
    private final BusinessCalendars calendars;
    private final Clock clock;

    public RecordService(TenantTransactions tx, PeopleService people, CaseCodes codes,
                         CaseNotices notices, KnowledgeService knowledge, BusinessCalendars calendars) {
        this.tx = tx;
        this.people = people;
        this.codes = codes;
        this.notices = notices;
        this.knowledge = knowledge;
        this.calendars = calendars;
        this.clock = Clock.systemUTC();
    }

    /** What a create answered: the view, and whether it is a replay of an earlier identical request. */
    public record Created(RecordView view, boolean replay) {
    }

    // ---- reading -------------------------------------------------------------------------------------
    // Reads run in a write transaction, as the case API's do: a caller seen for the first time is recorded.

    public Optional<RecordView> get(TenantContext tenant, Authentication auth, String kind, UUID id, Locale lang) {
        TenantConfig.RecordKind rk = kind(tenant, kind);
        return tx.write(tenant.id(), c -> {
            Caller caller = caller(c, tenant, auth);
            return find(c, id, false).filter(r -> r.kind().equals(kind) && maySee(caller, r))
                    .map(r -> uncheckedView(c, tenant, rk, r, lang));
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
        if (!VIEWS.contains(v) && !(CHANGE.equals(kind) && TEAM_VIEWS.contains(v))) {
            throw RecordProblems.invalid("view", "case.param.unknown", v);
        }
        if (state != null && rk.states().stream().noneMatch(s -> s.key().equals(state))) {
            throw RecordProblems.invalid("state", "case.param.unknown", state);
        }
        Cursor cursor = after == null ? null : Cursor.parse(after).orElseThrow(
                () -> RecordProblems.invalid("after", "case.param.type"));
        return tx.write(tenant.id(), c -> {
            Caller caller = caller(c, tenant, auth);
            StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM work_record WHERE kind = ?");
            List<Object> args = new ArrayList<>(List.of(kind));
            scope(sql, args, caller, v);
            team(sql, args, rk, caller, v);
            if (state != null) {
                sql.append(" AND state = ?");
                args.add(state);
            }
            if (cursor != null) {
                sql.append(" AND (created_at, id) < (?, ?)");
                args.add(cursor.at());
                args.add(cursor.id());
            }
            sql.append(" ORDER BY created_at DESC, id DESC LIMIT ").append(PAGE + 1);
            List<RecordRow> rows = query(c, sql.toString(), args);
            String next = null;
            if (rows.size() > PAGE) {
                rows = rows.subList(0, PAGE);
                RecordRow last = rows.get(PAGE - 1);
                next = new Cursor(last.createdAt(), last.id()).text();
            }
            WorkflowEngine engine = engine(rk);
            List<RecordView.Summary> items = rows.stream().map(r -> new RecordView.Summary(r.id().toString(), r.code(),
                    r.title(), r.state(), engine.stateOf(r.state()).name().resolve(List.of(lang)), r.assignedGroup(),
                    r.assignedAgentId() == null ? null : r.assignedAgentId().toString(),
                    Boolean.TRUE.equals(r.details().get("knownError")), r.createdAt().toString(), r.version(),
                    Boolean.TRUE.equals(r.details().get("knownError")) ? (String) r.details().get("workaround") : null)).toList();
            return new RecordView.Page(items, next);
        });
    }

    /** The console tab's counters (002 §11): by state, overall, assigned to me, to my groups; each with its list. */
    public RecordView.Counters counters(TenantContext tenant, Authentication auth, String kind, Locale lang) {
        List<List<RecordView.Counter>> by = countersOf(tenant, auth, kind, VIEWS, lang);
        return new RecordView.Counters(by.get(0), by.get(1), by.get(2));
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

    /** The problems a case is linked to, with their workarounds: what agents of the case are offered. */
    public List<RecordView.Summary> forCase(TenantContext tenant, Authentication auth, String kind, UUID caseId, Locale lang) {
        TenantConfig.RecordKind rk = kind(tenant, kind);
        return tx.write(tenant.id(), c -> {
            Caller caller = caller(c, tenant, auth);
            if (!caller.agent()) {
                throw RecordProblems.agentsOnly();
            }
            List<RecordRow> rows = query(c, "SELECT " + COLUMNS.replaceAll("(^|, )", "$1r.").replace("r.details::text", "r.details::text")
                    + " FROM work_record r JOIN work_record_case l ON l.record_id = r.id AND l.tenant_id = r.tenant_id"
                    + " WHERE r.kind = ? AND l.case_id = ? ORDER BY r.created_at DESC", List.of(kind, caseId));
            WorkflowEngine engine = engine(rk);
            return rows.stream().filter(r -> maySee(caller, r)).map(r -> new RecordView.Summary(r.id().toString(), r.code(),
                    r.title(), r.state(), engine.stateOf(r.state()).name().resolve(List.of(lang)), r.assignedGroup(),
                    r.assignedAgentId() == null ? null : r.assignedAgentId().toString(),
                    Boolean.TRUE.equals(r.details().get("knownError")), r.createdAt().toString(), r.version(),
                    Boolean.TRUE.equals(r.details().get("knownError")) ? (String) r.details().get("workaround") : null)).toList();
        });
    }

    // ---- writing -------------------------------------------------------------------------------------

    /** Opens a problem, optionally from cases; the code is taken last so its counter row is locked briefly. */
    public Created create(TenantContext tenant, Authentication auth, RecordRequests.NewProblem r,
                          @Nullable String idempotencyKey, String requestHash, Locale lang) {
        String title = required("title", r.title(), TITLE_MAX);
        String description = required("description", r.description(), TEXT_MAX);
        String impact = optional("impact", r.impact(), TEXT_MAX);
        Map<String, Object> details = new LinkedHashMap<>();
        if (impact != null) {
            details.put("impact", impact);
        }
        return create(tenant, auth, PROBLEM, title, description, details, r.assignedGroup(), r.assignedAgentId(), r.cases(),
                c -> { }, idempotencyKey, requestHash, lang);
    }

    /** What a kind checks in the create's transaction (e.g. that a change's linked problems exist). */
    interface Check {
        void check(Connection c) throws SQLException;
    }

    /** Opens a record of the kind with the details its kind checked; optionally from cases. */
    Created create(TenantContext tenant, Authentication auth, String kind, String title, String description,
                   Map<String, Object> details, @Nullable String assignedGroup, @Nullable String assignedAgentId,
                   @Nullable List<String> caseIdsIn, Check check, @Nullable String idempotencyKey, String requestHash,
                   Locale lang) {
        TenantConfig.RecordKind rk = kind(tenant, kind);
        String group = group(tenant, assignedGroup);
        UUID agent = assignedAgentId == null ? null : uuid("assignedAgentId", assignedAgentId);
        List<UUID> cases = caseIds(caseIdsIn);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return tx.write(tenant.id(), c -> {
            Caller caller = agentCaller(c, tenant, auth);
            UUID id = UUID.randomUUID();
            if (idempotencyKey != null) {
                var prior = notices.claim(c, tenant, caller.subject(), kind + ":" + idempotencyKey, requestHash, id, now);
                if (prior.isPresent()) {
                    if (!prior.get().requestHash().equals(requestHash)) {
                        throw RecordProblems.idempotencyMismatch();
                    }
                    RecordRow earlier = find(c, prior.get().id(), false).orElseThrow(RecordProblems::idempotencyMismatch);
                    return new Created(uncheckedView(c, tenant, rk, earlier, lang), true);
                }
            }
            if (agent != null && !personExists(c, agent)) {
                throw RecordProblems.invalid("assignedAgentId", "case.param.unknown", agent.toString());
            }
            for (UUID caseId : cases) {
                if (!notices.exists(c, caseId)) {
                    throw RecordProblems.invalid("cases", "case.param.unknown", caseId.toString());
                }
            }
            check.check(c);
            Instant due = dueAt(tenant, rk, now);
            WorkflowEngine engine = engine(rk);
            CaseCodes.Issued code = codes.next(c, tenant, rk.code(), kind, now);
            RecordRow row = new RecordRow(id, kind, code.code(), title, description, details, engine.initial().state(),
                    null, group, agent, caller.personId(), due, null, now, now, 1);
            insert(c, tenant, row, code);
            event(c, tenant, id, "created", caller.personId(), null, row.state(), null, Map.of("code", code.code()), now);
            for (UUID caseId : cases) {
                link(c, tenant, id, caseId, caller.personId(), now);
                event(c, tenant, id, "case-linked", caller.personId(), null, null, null, Map.of("caseId", caseId.toString()), now);
            }
            RecordView view = uncheckedView(c, tenant, rk, row, lang);
            return new Created(view, false);
        });
    }

    /** Edits a problem's fields and assignment at {@code expected} (the ETag). Setting known error publishes its article. */
    public RecordView edit(TenantContext tenant, Authentication auth, UUID id, @Nullable Integer expected,
                           RecordRequests.ProblemEdit e, Locale lang) {
        TenantConfig.RecordKind rk = kind(tenant, PROBLEM);
        String title = e.title() == null ? null : required("title", e.title(), TITLE_MAX);
        String description = e.description() == null ? null : required("description", e.description(), TEXT_MAX);
        String impact = optional("impact", e.impact(), TEXT_MAX);
        String rootCause = optional("rootCause", e.rootCause(), TEXT_MAX);
        String workaround = optional("workaround", e.workaround(), TEXT_MAX);
        String group = group(tenant, e.assignedGroup());
        UUID agent = e.assignedAgentId() == null ? null : uuid("assignedAgentId", e.assignedAgentId());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return tx.write(tenant.id(), c -> {
            Caller caller = agentCaller(c, tenant, auth);
            RecordRow r = writable(c, caller, id, PROBLEM, expected);
            if (engine(rk).isFinal(new WorkflowEngine.Position(r.state(), r.substate()))) {
                throw RecordProblems.over(r.code());
            }
            if (agent != null && !personExists(c, agent)) {
                throw RecordProblems.invalid("assignedAgentId", "case.param.unknown", agent.toString());
            }
            Map<String, Object> details = new LinkedHashMap<>(r.details());
            Map<String, Object> changes = new LinkedHashMap<>();
            put(details, changes, "impact", impact);
            put(details, changes, "rootCause", rootCause);
            put(details, changes, "workaround", workaround);
            if (e.knownError() != null && !e.knownError().equals(Boolean.TRUE.equals(details.get("knownError")))) {
                details.put("knownError", e.knownError());
                changes.put("knownError", e.knownError());
            }
            String newTitle = title == null ? r.title() : title;
            String newDescription = description == null ? r.description() : description;
            if (!newTitle.equals(r.title())) {
                changes.put("title", newTitle);
            }
            if (!newDescription.equals(r.description())) {
                changes.put("description", "changed");
            }
            String newGroup = group == null ? r.assignedGroup() : group;
            UUID newAgent = agent == null ? r.assignedAgentId() : agent;
            boolean assigned = !java.util.Objects.equals(newGroup, r.assignedGroup())
                    || !java.util.Objects.equals(newAgent, r.assignedAgentId());
            if (Boolean.TRUE.equals(details.get("knownError"))) {
                String text = (String) details.get("workaround");
                if (text == null || text.isBlank()) {
                    throw RecordProblems.invalid("workaround", "record.param.workaround-required");
                }
                if (changes.containsKey("knownError") || changes.containsKey("workaround") || changes.containsKey("title")) {
                    String person = people.caller(c, tenant, auth).name();
                    UUID article = knowledge.publishKnownError(c, tenant, caller.personId(), person, PROBLEM + ":" + r.code(),
                            newTitle, "Error conocido " + r.code() + ": solución temporal", knownErrorBody(r.code(), details));
                    details.put("articleId", article.toString());
                }
            }
            if (changes.isEmpty() && !assigned) {
                return uncheckedView(c, tenant, rk, r, lang);
            }
            RecordRow after = new RecordRow(r.id(), r.kind(), r.code(), newTitle, newDescription, details, r.state(),
                    r.substate(), newGroup, newAgent, r.createdById(), r.dueAt(), r.closedAt(), r.createdAt(), now, r.version() + 1);
            update(c, after, r.version());
            if (!changes.isEmpty()) {
                event(c, tenant, id, "edited", caller.personId(), null, null, null, changes, now);
            }
            if (assigned) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("group", newGroup);
                data.put("agentId", newAgent == null ? null : newAgent.toString());
                event(c, tenant, id, "assigned", caller.personId(), null, null, null, data, now);
            }
            return uncheckedView(c, tenant, rk, after, lang);
        });
    }

    /**
     * Takes a transition of the kind's workflow. Closing with {@code notifyLinkedCases} publishes {@code message} on
     * each linked open case (their requesters and agents are told per the entity's notification settings).
     */
    public RecordView transition(TenantContext tenant, Authentication auth, String kind, UUID id, @Nullable Integer expected,
                                 RecordRequests.Transition t, Locale lang) {
        TenantConfig.RecordKind rk = kind(tenant, kind);
        if (t.transition() == null || t.transition().isBlank()) {
            throw RecordProblems.invalid("transition", "case.param.required");
        }
        String note = optional("note", t.note(), TEXT_MAX);
        boolean tell = Boolean.TRUE.equals(t.notifyLinkedCases());
        String message = optional("message", t.message(), TEXT_MAX);
        if (tell && message == null) {
            throw RecordProblems.invalid("message", "case.param.required");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return tx.write(tenant.id(), c -> {
            Caller caller = agentCaller(c, tenant, auth);
            RecordRow r = writable(c, caller, id, kind, expected);
            WorkflowEngine engine = engine(rk);
            WorkflowEngine.Position at = new WorkflowEngine.Position(r.state(), r.substate());
            WorkflowEngine.Step step;
            try {
                step = engine.take(at, t.transition(), WorkflowEngine.Actor.AGENT, note);
            } catch (WorkflowViolation v) {
                throw RecordProblems.of(v, engine.stateOf(r.state()).name().resolve(List.of(lang)));
            }
            boolean closing = engine.phase(step.to()) == TenantConfig.Phase.CLOSED;
            if (tell && !closing) {
                throw RecordProblems.invalid("notifyLinkedCases", "record.param.notify-only-closing");
            }
            RecordRow after = new RecordRow(r.id(), r.kind(), r.code(), r.title(), r.description(), r.details(),
                    step.to().state(), step.to().substate(), r.assignedGroup(), r.assignedAgentId(), r.createdById(), r.dueAt(),
                    engine.isFinal(step.to()) ? now : null, r.createdAt(), now, r.version() + 1);
            update(c, after, r.version());
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("transition", step.transition());
            if (tell) {
                List<String> told = new ArrayList<>();
                for (UUID caseId : linkedCases(c, id)) {
                    if (notices.publish(c, tenant, caseId, caller.personId(), message, Map.of("record", r.code()), now)) {
                        told.add(caseId.toString());
                    }
                }
                data.put("toldCases", told);
            }
            event(c, tenant, id, "transition", caller.personId(), r.state(), after.state(), note, data, now);
            return uncheckedView(c, tenant, rk, after, lang);
        });
    }

    /** Links a case to the record (from the case page or from the problem by search); linking twice changes nothing. */
    public RecordView linkCase(TenantContext tenant, Authentication auth, String kind, UUID id, @Nullable Integer expected,
                               UUID caseId, Locale lang) {
        TenantConfig.RecordKind rk = kind(tenant, kind);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return tx.write(tenant.id(), c -> {
            Caller caller = agentCaller(c, tenant, auth);
            RecordRow r = writable(c, caller, id, kind, expected);
            if (!notices.exists(c, caseId)) {
                throw RecordProblems.invalid("caseId", "case.param.unknown", caseId.toString());
            }
            if (linkedCases(c, id).contains(caseId)) {
                return uncheckedView(c, tenant, rk, r, lang);
            }
            link(c, tenant, id, caseId, caller.personId(), now);
            RecordRow after = new RecordRow(r.id(), r.kind(), r.code(), r.title(), r.description(), r.details(), r.state(),
                    r.substate(), r.assignedGroup(), r.assignedAgentId(), r.createdById(), r.dueAt(), r.closedAt(),
                    r.createdAt(), now, r.version() + 1);
            update(c, after, r.version());
            event(c, tenant, id, "case-linked", caller.personId(), null, null, null, Map.of("caseId", caseId.toString()), now);
            return uncheckedView(c, tenant, rk, after, lang);
        });
    }

    /**
     * Links a case to the record of this code (the case page's "Vincular a problema"): no If-Match, since adding a
     * link overwrites nothing; linking twice changes nothing. The record must be one the caller may see and not over.
     */
    public RecordView linkCaseByCode(TenantContext tenant, Authentication auth, String kind, String code, UUID caseId,
                                     Locale lang) {
        TenantConfig.RecordKind rk = kind(tenant, kind);
        String wanted = required("codigo", code, 60);
        UUID id = tx.write(tenant.id(), c -> {
            Caller caller = agentCaller(c, tenant, auth);
            List<RecordRow> rows = query(c, "SELECT " + COLUMNS + " FROM work_record WHERE kind = ? AND upper(code) = upper(?)",
                    List.of(kind, wanted));
            RecordRow r = rows.stream().filter(x -> maySee(caller, x)).findFirst()
                    .orElseThrow(() -> RecordProblems.invalid("codigo", "case.param.unknown", wanted));
            if (engine(rk).isFinal(new WorkflowEngine.Position(r.state(), r.substate()))) {
                throw RecordProblems.over(r.code());
            }
            return r.id();
        });
        RecordView current = get(tenant, auth, kind, id, lang).orElseThrow(RecordProblems::notFound);
        return linkCase(tenant, auth, kind, id, current.version(), caseId, lang);
    }

    /** The records of the kind the caller may see that are not over (newest first, one page): what a case may join. */
    public List<RecordView.Summary> open(TenantContext tenant, Authentication auth, String kind, Locale lang) {
        TenantConfig.RecordKind rk = kind(tenant, kind);
        WorkflowEngine engine = engine(rk);
        return list(tenant, auth, kind, "all", null, null, lang).items().stream()
                .filter(s -> !engine.isFinal(new WorkflowEngine.Position(s.state(), null))).toList();
    }

    // ---- rules ---------------------------------------------------------------------------------------

    /** Whether the caller may read the record (see the class comment). */
    static boolean maySee(Caller caller, RecordRow r) {
        if (caller.roles().contains(Roles.SUPERVISOR)) {
            return true;
        }
        if (!caller.agent()) {
            return false;
        }
        return caller.personId().equals(r.assignedAgentId()) || caller.personId().equals(r.createdById())
                || (r.assignedGroup() != null && caller.groups().contains(r.assignedGroup()))
                || (r.assignedGroup() == null && r.assignedAgentId() == null) || inTeam(caller, r);
    }

    /** A change's work team (technicians and groups) reads it too (issue 27). */
    @SuppressWarnings("unchecked")
    static boolean inTeam(Caller caller, RecordRow r) {
        if (!(r.details().get("team") instanceof Map<?, ?> team)) {
            return false;
        }
        List<String> agents = (List<String>) team.get("agents");
        List<String> groups = (List<String>) team.get("groups");
        return (agents != null && agents.contains(caller.personId().toString()))
                || (groups != null && groups.stream().anyMatch(caller.groups()::contains));
    }

    /** The same rule as {@link #maySee} in SQL, plus the view's filter, so lists and counters agree. */
    private static void scope(StringBuilder sql, List<Object> args, Caller caller, String view) {
        if (!caller.roles().contains(Roles.SUPERVISOR)) {
            sql.append(" AND (assigned_agent_id = ? OR created_by_id = ? OR assigned_group = ANY(?)"
                    + " OR (assigned_group IS NULL AND assigned_agent_id IS NULL)"
                    + " OR details -> 'team' @> jsonb_build_object('agents', jsonb_build_array(?::text))"
                    + " OR (details -> 'team' -> 'groups') ??| ?)");
            args.add(caller.personId());
            args.add(caller.personId());
            args.add(caller.groups().toArray(new String[0]));
            args.add(caller.personId().toString());
            args.add(caller.groups().toArray(new String[0]));
        }
        if ("mine".equals(view)) {
            sql.append(" AND assigned_agent_id = ?");
            args.add(caller.personId());
        } else if ("groups".equals(view)) {
            sql.append(" AND assigned_group = ANY(?)");
            args.add(caller.groups().toArray(new String[0]));
        }
    }

    private List<RecordView.Counter> count(Connection c, TenantConfig.RecordKind rk, Caller caller, String view, Locale lang)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT state, count(*) FROM work_record WHERE kind = ?");
        List<Object> args = new ArrayList<>(List.of(rk.key()));
        scope(sql, args, caller, view);
        team(sql, args, rk, caller, view);
        sql.append(" GROUP BY state");
        Map<String, Long> counts = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            bind(c, ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        String base = "/api/v1/" + (CHANGE.equals(rk.key()) ? "changes" : "problems") + "?view=" + view + "&state=";
        return rk.states().stream().filter(s -> !TEAM_VIEWS.contains(view) || counted(s)).map(s -> new RecordView.Counter(s.key(), s.name().resolve(List.of(lang)),
                counts.getOrDefault(s.key(), 0L), base + s.key())).toList();
    }

    /**
     * The work-team views of changes (002 §11): "en mi equipo de trabajo" (the caller is a technician of the change's
     * team) and "en mis grupos en equipo de trabajo" (one of the caller's groups is in it), leaving out new changes and
     * those that are over (closed, rejected, cancelled).
     */
    private static void team(StringBuilder sql, List<Object> args, TenantConfig.RecordKind rk, Caller caller, String view) {
        if (!TEAM_VIEWS.contains(view)) {
            return;
        }
        if ("team".equals(view)) {
            sql.append(" AND details -> 'team' @> jsonb_build_object('agents', jsonb_build_array(?::text))");
            args.add(caller.personId().toString());
        } else {
            sql.append(" AND (details -> 'team' -> 'groups') ??| ?");
            args.add(caller.groups().toArray(new String[0]));
        }
        sql.append(" AND state = ANY(?)");
        args.add(rk.states().stream().filter(RecordService::counted).map(TenantConfig.State::key).toArray(String[]::new));
    }

    /** The states the work-team views count: not new, not over. */
    private static boolean counted(TenantConfig.State s) {
        return s.phase() != TenantConfig.Phase.NEW && s.phase() != TenantConfig.Phase.CLOSED
                && s.phase() != TenantConfig.Phase.REJECTED;
    }

    private static TenantConfig.RecordKind kind(TenantContext tenant, String kind) {
        return tenant.config().workflow().record(kind).orElseThrow(RecordProblems::notFound);
    }

    static WorkflowEngine engine(TenantConfig.RecordKind rk) {
        return new WorkflowEngine(rk.asWorkflow(), false);
    }

    private Caller caller(Connection c, TenantContext tenant, Authentication auth) throws SQLException {
        Caller caller = Caller.of(people.caller(c, tenant, auth), auth.getName());
        if (!caller.agent()) {
            throw RecordProblems.agentsOnly();
        }
        return caller;
    }

    private Caller agentCaller(Connection c, TenantContext tenant, Authentication auth) throws SQLException {
        return caller(c, tenant, auth);
    }

    private RecordRow writable(Connection c, Caller caller, UUID id, String kind, @Nullable Integer expected) throws SQLException {
        RecordRow r = find(c, id, true).filter(x -> x.kind().equals(kind) && maySee(caller, x))
                .orElseThrow(RecordProblems::notFound);
        if (expected == null) {
            throw RecordProblems.preconditionRequired();
        }
        if (expected != r.version()) {
            throw RecordProblems.stale(expected, r.version());
        }
        return r;
    }

    @Nullable
    private Instant dueAt(TenantContext tenant, TenantConfig.RecordKind rk, Instant now) {
        if (rk.sla() == null) {
            return null;
        }
        var calendar = calendars.find(tenant, rk.sla().calendar()).orElse(null);
        var data = tenant.config().calendars().find(rk.sla().calendar()).orElse(null);
        if (calendar == null || data == null) {
            return null;
        }
        return calendar.addBusinessTime(now, rk.sla().resolution().toBusinessTime(SlaTargets.workingDay(data)), List.of());
    }

    private static String knownErrorBody(String code, Map<String, Object> details) {
        StringBuilder b = new StringBuilder();
        b.append("## Solución temporal\n\n").append(details.get("workaround")).append("\n");
        if (details.get("rootCause") != null) {
            b.append("\n## Causa raíz\n\n").append(details.get("rootCause")).append("\n");
        }
        b.append("\nProblema ").append(code).append(".\n");
        return b.toString();
    }

    private static void put(Map<String, Object> details, Map<String, Object> changes, String field, @Nullable String value) {
        if (value != null && !value.equals(details.get(field))) {
            details.put(field, value);
            changes.put(field, "changed");
        }
    }

    // ---- validation ----------------------------------------------------------------------------------

    private static String required(String field, @Nullable String value, int max) {
        String v = optional(field, value, max);
        if (v == null) {
            throw RecordProblems.invalid(field, "case.param.required");
        }
        return v;
    }

    @Nullable
    private static String optional(String field, @Nullable String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.length() > max) {
            throw RecordProblems.invalid(field, "record.param.too-long", max);
        }
        if (v.chars().anyMatch(ch -> ch == 0) || !StandardCharsets.UTF_8.newEncoder().canEncode(v)) {
            throw RecordProblems.invalid(field, "case.param.type");
        }
        return v;
    }

    @Nullable
    private static String group(TenantContext tenant, @Nullable String group) {
        if (group == null) {
            return null;
        }
        if (tenant.config().groups().groups().stream().noneMatch(g -> g.key().equals(group))) {
            throw RecordProblems.invalid("assignedGroup", "case.param.unknown", group);
        }
        return group;
    }

    private static UUID uuid(String field, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw RecordProblems.invalid(field, "case.param.type");
        }
    }

    private static List<UUID> caseIds(@Nullable List<String> ids) {
        if (ids == null) {
            return List.of();
        }
        if (ids.size() > MAX_CASES) {
            throw RecordProblems.invalid("cases", "record.param.too-many", MAX_CASES);
        }
        LinkedHashSet<UUID> out = new LinkedHashSet<>();
        for (String s : ids) {
            if (s == null) {
                throw RecordProblems.invalid("cases", "case.param.type");
            }
            out.add(uuid("cases", s));
        }
        return List.copyOf(out);
    }

    // ---- store ---------------------------------------------------------------------------------------

    private RecordView uncheckedView(Connection c, TenantContext tenant, TenantConfig.RecordKind rk, RecordRow r, Locale lang) {
        try {
            return view(c, rk, r, lang);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private RecordView view(Connection c, TenantConfig.RecordKind rk, RecordRow r, Locale lang) throws SQLException {
        WorkflowEngine engine = engine(rk);
        WorkflowEngine.Position at = new WorkflowEngine.Position(r.state(), r.substate());
        TenantConfig.State state = engine.stateOf(r.state());
        List<RecordView.Transition> transitions = engine.available(at, WorkflowEngine.Actor.AGENT).stream()
                .map(t -> new RecordView.Transition(t.key(), t.name().resolve(List.of(lang)), t.requiresNote())).toList();
        List<RecordView.LinkedCase> cases = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT s.id, s.code, s.title, s.state, s.closed_at FROM work_record_case l "
                + "JOIN service_case s ON s.tenant_id = l.tenant_id AND s.id = l.case_id WHERE l.record_id = ? ORDER BY l.linked_at, s.code")) {
            ps.setObject(1, r.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    cases.add(new RecordView.LinkedCase(rs.getObject(1, UUID.class).toString(), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getTimestamp(5) == null));
                }
            }
        }
        List<RecordView.Event> history = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, kind, actor_id, from_state, to_state, note, at "
                + "FROM work_record_event WHERE record_id = ? ORDER BY seq")) {
            ps.setObject(1, r.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID actor = rs.getObject(3, UUID.class);
                    history.add(new RecordView.Event(rs.getInt(1), rs.getString(2), actor == null ? null : actor.toString(),
                            rs.getString(4), rs.getString(5), rs.getString(6), Jdbc.instant(rs.getTimestamp(7)).toString()));
                }
            }
        }
        RecordView.ProblemFacts facts = PROBLEM.equals(r.kind()) ? new RecordView.ProblemFacts(
                (String) r.details().get("impact"), (String) r.details().get("rootCause"),
                (String) r.details().get("workaround"), Boolean.TRUE.equals(r.details().get("knownError")),
                (String) r.details().get("articleId")) : null;
        return new RecordView(r.id().toString(), r.kind(), r.code(), r.title(), r.description(), r.state(),
                state.name().resolve(List.of(lang)), state.phase().name(), r.substate(), r.assignedGroup(),
                r.assignedAgentId() == null ? null : r.assignedAgentId().toString(), facts, cases, transitions, history,
                r.dueAt() == null ? null : r.dueAt().toString(), r.closedAt() == null ? null : r.closedAt().toString(),
                r.createdAt().toString(), r.updatedAt().toString(), r.version());
    }

    private static Optional<RecordRow> find(Connection c, UUID id, boolean lock) throws SQLException {
        List<RecordRow> rows = query(c, "SELECT " + COLUMNS + " FROM work_record WHERE id = ?" + (lock ? " FOR UPDATE" : ""),
                List.of(id));
        return rows.stream().findFirst();
    }

    private static List<UUID> linkedCases(Connection c, UUID id) throws SQLException {
        List<UUID> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT case_id FROM work_record_case WHERE record_id = ? ORDER BY linked_at")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return out;
    }

    private static boolean personExists(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM person WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static List<RecordRow> query(Connection c, String sql, List<Object> args) throws SQLException {
        List<RecordRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
        }
        return out;
    }

    private static void bind(Connection c, PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof String[] array) {
                ps.setArray(i + 1, c.createArrayOf("text", array));
            } else if (a instanceof Instant at) {
                Jdbc.setInstant(ps, i + 1, at);
            } else {
                ps.setObject(i + 1, a);
            }
        }
    }

    private static RecordRow row(ResultSet rs) throws SQLException {
        Map<String, Object> details;
        try {
            details = JSON.readValue(rs.getString(6), new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable record details", e);
        }
        return new RecordRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                details, rs.getString(7), rs.getString(8), rs.getString(9), rs.getObject(10, UUID.class),
                rs.getObject(11, UUID.class), Jdbc.instant(rs.getTimestamp(12)), Jdbc.instant(rs.getTimestamp(13)), Jdbc.instant(rs.getTimestamp(14)),
                Jdbc.instant(rs.getTimestamp(15)), rs.getInt(16));
    }

    private static String json(Map<String, Object> m) {
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void insert(Connection c, TenantContext tenant, RecordRow r, CaseCodes.Issued code) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO work_record (tenant_id, id, kind, code, code_year, code_sequence, "
                + "title, description, details, state, substate, assigned_group, assigned_agent_id, created_by_id, due_at, "
                + "closed_at, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, tenant.id().value());
            ps.setObject(2, r.id());
            ps.setString(3, r.kind());
            ps.setString(4, r.code());
            ps.setInt(5, code.year());
            ps.setLong(6, code.sequence());
            ps.setString(7, r.title());
            ps.setString(8, r.description());
            ps.setString(9, json(r.details()));
            ps.setString(10, r.state());
            ps.setString(11, r.substate());
            ps.setString(12, r.assignedGroup());
            ps.setObject(13, r.assignedAgentId());
            ps.setObject(14, r.createdById());
            Jdbc.setInstant(ps, 15, r.dueAt());
            Jdbc.setInstant(ps, 16, r.closedAt());
            Jdbc.setInstant(ps, 17, r.createdAt());
            Jdbc.setInstant(ps, 18, r.updatedAt());
            ps.setInt(19, r.version());
            ps.executeUpdate();
        }
    }

    private static void update(Connection c, RecordRow r, int previous) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE work_record SET title = ?, description = ?, details = ?::jsonb, "
                + "state = ?, substate = ?, assigned_group = ?, assigned_agent_id = ?, closed_at = ?, updated_at = ?, version = ? "
                + "WHERE id = ? AND version = ?")) {
            ps.setString(1, r.title());
            ps.setString(2, r.description());
            ps.setString(3, json(r.details()));
            ps.setString(4, r.state());
            ps.setString(5, r.substate());
            ps.setString(6, r.assignedGroup());
            ps.setObject(7, r.assignedAgentId());
            Jdbc.setInstant(ps, 8, r.closedAt());
            Jdbc.setInstant(ps, 9, r.updatedAt());
            ps.setInt(10, r.version());
            ps.setObject(11, r.id());
            ps.setInt(12, previous);
            if (ps.executeUpdate() != 1) {
                throw RecordProblems.stale(previous, previous + 1);
            }
        }
    }

    private static void link(Connection c, TenantContext tenant, UUID record, UUID caseId, UUID by, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO work_record_case (tenant_id, record_id, case_id, linked_by, linked_at) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setObject(1, tenant.id().value());
            ps.setObject(2, record);
            ps.setObject(3, caseId);
            ps.setObject(4, by);
            Jdbc.setInstant(ps, 5, at);
            ps.executeUpdate();
        }
    }

    private static void event(Connection c, TenantContext tenant, UUID record, String kind, @Nullable UUID actor,
                              @Nullable String from, @Nullable String to, @Nullable String note, Map<String, Object> data,
                              Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO work_record_event (tenant_id, record_id, seq, kind, actor_id, "
                + "from_state, to_state, note, data, at) VALUES (?, ?, (SELECT coalesce(max(seq), 0) + 1 FROM work_record_event "
                + "WHERE record_id = ?), ?, ?, ?, ?, ?, ?::jsonb, ?)")) {
            ps.setObject(1, tenant.id().value());
            ps.setObject(2, record);
            ps.setObject(3, record);
            ps.setString(4, kind);
            ps.setObject(5, actor);
            ps.setString(6, from);
            ps.setString(7, to);
            ps.setString(8, note);
            ps.setString(9, json(data));
            Jdbc.setInstant(ps, 10, at);
            ps.executeUpdate();
        }
    }

    /** A keyset position: the last row's creation time and id, as opaque text. */
    record Cursor(Instant at, UUID id) {
        String text() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString((at + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Optional<Cursor> parse(String text) {
            try {
                String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
                int bar = plain.indexOf('|');
                return Optional.of(new Cursor(Instant.parse(plain.substring(0, bar)), UUID.fromString(plain.substring(bar + 1))));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
    }
}
