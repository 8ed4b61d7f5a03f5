package co.mesa.ticket;

import co.mesa.identity.PeopleService;
import co.mesa.shared.CaseFacts;
import co.mesa.shared.ProblemException.ParamError;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.ticket.CaseRecorder.Happening;
import co.mesa.ticket.internal.CaseRow;
import co.mesa.ticket.internal.CaseStore;
import co.mesa.ticket.internal.EventRow;
import co.mesa.workflow.WorkflowEngine;
import co.mesa.workflow.WorkflowViolation;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Acting on a case: every action kind of {@link ActionKind}, checked against the tenant's workflow
 * (where the action may happen, who takes it, whether it needs a note) and against the version
 * the caller saw ({@code If-Match}). One action is one event, written with the change.
 */
@Singleton
public class CaseActions {

    private final TenantTransactions tx;
    private final CaseStore store;
    private final CaseViews views;
    private final CaseRecorder recorder;
    private final PeopleService people;
    private final CaseSlaWork slaWork;
    private final co.mesa.routing.Assignment routing;
    private final Clock clock = Clock.systemUTC();

    public CaseActions(TenantTransactions tx, CaseStore store, CaseViews views, CaseRecorder recorder, PeopleService people,
                       CaseSlaWork slaWork, co.mesa.routing.Assignment routing) {
        this.slaWork = slaWork;
        this.routing = routing;
        this.tx = tx;
        this.store = store;
        this.views = views;
        this.recorder = recorder;
        this.people = people;
    }

    public CaseView act(TenantContext tenant, Authentication auth, UUID id, @Nullable Integer ifMatch,
                        CaseRequests.Action action, List<Locale> languages) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return tx.write(tenant.id(), c -> {
            Caller caller = Caller.of(people.caller(c, tenant, auth), auth.getName(), tenant.config());
            CaseRow row = store.find(c, id, true).filter(r -> CaseService.maySee(caller, r))
                    .orElseThrow(CaseProblems::notFound);
            requireVersion(c, tenant, row, caller, ifMatch, languages);
            CaseRow after = perform(c, tenant, caller, row, action, now, languages);
            store.update(c, after, row.version(),
                    slaWork.refresh(c, tenant, after, row.closedAt() == null && after.closedAt() != null, now));
            return views.view(c, tenant, after, caller, languages);
        });
    }

    /**
     * An action on a case written earlier in the caller's transaction (the console's registration with an
     * immediate solution, issue 20): performed and stored there, so a refusal rolls the registration back.
     */
    CaseRow actInTransaction(Connection c, TenantContext tenant, Caller caller, CaseRow row, CaseRequests.Action action,
                             Instant now, List<Locale> languages) throws java.sql.SQLException {
        CaseRow after = perform(c, tenant, caller, row, action, now, languages);
        store.update(c, after, row.version(),
                slaWork.refresh(c, tenant, after, row.closedAt() == null && after.closedAt() != null, now));
        return after;
    }

    /** If-Match is required (428) and must be the case's version (412, with the events since, as the caller sees them). */
    void requireVersion(Connection c, TenantContext tenant, CaseRow row, Caller caller, @Nullable Integer ifMatch,
                                List<Locale> languages) throws SQLException {
        if (ifMatch == null) {
            throw CaseProblems.preconditionRequired();
        }
        if (ifMatch != row.version()) {
            List<CaseView.EventView> since = views.view(c, tenant, row, caller, languages).events().stream()
                    .filter(e -> e.version() > ifMatch).toList();
            throw CaseProblems.stale(ifMatch, row.version(), since);
        }
    }

    private CaseRow perform(Connection c, TenantContext tenant, Caller caller, CaseRow row, CaseRequests.Action a,
                            Instant now, List<Locale> languages) throws SQLException {
        TenantConfig config = tenant.config();
        WorkflowEngine engine = WorkflowEngine.of(config);
        WorkflowEngine.Position at = new WorkflowEngine.Position(row.state(), row.substate());
        String stateName = engine.stateOf(row.state()).name().resolve(languages);
        ActionKind kind = a.kind() == null ? null : ActionKind.of(a.kind()).orElse(null);
        if (kind == null) {
            throw CaseProblems.invalid(List.of(new ParamError("kind", "case.param.action.unknown",
                    String.valueOf(a.kind()))));
        }
        if (config.workflow().action(kind.key()).isEmpty()) {
            throw CaseProblems.actionNotOffered(kind.key());
        }
        TenantConfig.Action def = engine.action(at, kind.key())
                .orElseThrow(() -> CaseProblems.actionNotHere(actionName(config, kind, languages), stateName));
        if (!CaseViews.mayTake(kind, caller, row)) {
            throw CaseProblems.forbidden(kind.side() == ActionKind.Side.AGENT
                    ? "problem.case.agents-only.detail" : "problem.case.requester-only.detail",
                    actionName(config, kind, languages));
        }
        String note = a.note() == null || a.note().isBlank() ? null : a.note().strip();
        List<ParamError> unreadable = new java.util.ArrayList<>();
        CaseService.controls("note", note, unreadable);
        if (!unreadable.isEmpty()) {
            throw CaseProblems.invalid(unreadable);
        }
        if (note == null && def.requiresNote()) {
            throw CaseProblems.invalid(List.of(new ParamError("note", "case.param.note.required-for",
                    def.noteLabel() == null ? def.name().resolve(languages) : def.noteLabel().resolve(languages))));
        }
        CaseActor actor = new CaseActor(caller.personId(), kind.side() == ActionKind.Side.AGENT ? "agent" : "requester");
        Map<String, Object> data = new LinkedHashMap<>();
        CaseRow changed = row;
        try {
            switch (kind) {
                case FIRST_RESPONSE -> {
                    if (row.firstResponseAt() != null) {
                        throw CaseProblems.conflict("problem.case.first-response-given.detail");
                    }
                }
                case SUBSTATE_CHANGE -> {
                    if (a.substate() == null) {
                        throw CaseProblems.invalid(List.of(new ParamError("substate", "case.param.required")));
                    }
                    WorkflowEngine.Step s = engine.setSubstate(at, a.substate());
                    changed = row.withPosition(s.to().state(), s.to().substate());
                }
                case STATE_CHANGE -> {
                    if (a.transition() == null) {
                        throw CaseProblems.invalid(List.of(new ParamError("transition", "case.param.required")));
                    }
                    WorkflowEngine.Step s = engine.take(at, a.transition(), WorkflowEngine.Actor.AGENT, note);
                    changed = row.withPosition(s.to().state(), s.to().substate());
                    data.put("transition", s.transition());
                    if (engine.phase(s.to()) == TenantConfig.Phase.NEW) {
                        // Back to the start (e.g. "revocar asignación"): back to the group's queue.
                        changed = changed.withAssignment(changed.assignedGroup(), null);
                    }
                }
                case ESCALATE, REASSIGN -> changed = assignment(c, tenant, row, a, kind, data, now);
                case CHANGE_CATEGORY -> changed = recategorise(c, tenant, row, a, data, now);
                case CHANGE_PRIORITY -> changed = reprioritise(config, row, a);
                case LINK_CASE -> link(c, tenant, row, a.relatedCase(), "related", data, now);
                case REJECT -> {
                    if (Boolean.TRUE.equals(a.duplicate())) {
                        link(c, tenant, row, a.relatedCase(), "duplicate-of", data, now);
                    }
                    // "Revoke, then reject" in one event: nobody holds it any more; it stays with the
                    // group, whose agents can still see why it was rejected.
                    changed = row.withAssignment(row.assignedGroup(), null);
                }
                case REFUSE_SOLUTION -> data.put("returnTo", lastSigner(c, row).map(UUID::toString).orElse(null));
                default -> { }
            }
        } catch (WorkflowViolation v) {
            throw CaseProblems.of(v, stateName);
        }
        List<String> files = attach(c, caller, row, a.attachments());
        if (!files.isEmpty()) {
            data.put("attachments", files);
        }
        String event = kind.event();
        CaseRow after = recorder.record(c, tenant, row, changed, actor,
                new Happening(kind.key(), event, kind != ActionKind.INTERNAL_NOTE && def.published(), note,
                        Map.of(), data), now);
        if (kind == ActionKind.REFUSE_SOLUTION && data.get("returnTo") != null
                && engine.phase(new WorkflowEngine.Position(after.state(), null)) != TenantConfig.Phase.RESOLVED) {
            // Función Pública's "Incorrecta": back to the agent who signed the solution.
            after = after.withAssignment(after.assignedGroup(), UUID.fromString((String) data.get("returnTo")));
        }
        if (event != null && after.state().equals(row.state()) && Objects_equals(after.substate(), row.substate())
                && changed == row && kind.event() != null && kind != ActionKind.FIRST_RESPONSE
                && kind != ActionKind.QUESTION && kind != ActionKind.ANSWER && kind != ActionKind.TECHNICIAN_RESPONSE) {
            // A state-bearing action whose event leads nowhere from here (tenant data allows the action
            // in a state its transitions do not leave): refuse rather than record a no-op.
            throw CaseProblems.actionNotHere(actionName(config, kind, languages), stateName);
        }
        return after;
    }

    /**
     * Escalation or reassignment: the group (and agent) asked for; the agent must be one of the
     * group's and not away; without an agent the group's strategy picks one now.
     */
    private CaseRow assignment(Connection c, TenantContext tenant, CaseRow row, CaseRequests.Action a, ActionKind kind,
                               Map<String, Object> data, Instant now) throws SQLException {
        TenantConfig config = tenant.config();
        if (a.group() == null && a.agentId() == null) {
            throw CaseProblems.invalid(List.of(new ParamError("group", "case.param.required")));
        }
        String group = a.group() == null ? row.assignedGroup() : a.group();
        Optional<TenantConfig.Group> g = config.groups().groups().stream().filter(x -> x.key().equals(group)).findFirst();
        if (g.isEmpty()) {
            throw CaseProblems.invalid(List.of(new ParamError("group", "case.param.unknown", String.valueOf(group))));
        }
        if (kind == ActionKind.ESCALATE) {
            int from = tierLevel(config, row.assignedGroup());
            int to = tierLevel(config, group);
            if (to <= from) {
                throw CaseProblems.invalid(List.of(new ParamError("group", "case.param.escalate.tier", group)));
            }
            data.put("escalated", true);
        }
        UUID agent;
        if (a.agentId() != null) {
            agent = CaseService.uuid(a.agentId()).orElse(null);
            if (agent == null || !routing.isMember(c, agent, group)) {
                throw CaseProblems.invalid(List.of(new ParamError("agentId", "case.param.agent.not-in-group",
                        a.agentId(), group)));
            }
            if (!routing.isAvailable(c, agent, group, now)) {
                throw CaseProblems.invalid(List.of(new ParamError("agentId", "case.param.agent.away", a.agentId())));
            }
        } else {
            agent = routing.agentFor(c, tenant, group, co.mesa.routing.Assignment.strategyOf(config, group), now);
        }
        return row.withAssignment(group, agent);
    }

    /**
     * Links the caller's own unlinked uploads to the case, in the action's transaction: a refused
     * action links nothing. Returns their ids, for the event's data.
     */
    private List<String> attach(Connection c, Caller caller, CaseRow row, @Nullable List<String> ids) throws SQLException {
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        List<ParamError> errors = new java.util.ArrayList<>();
        List<UUID> found = new java.util.ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String given = ids.get(i);
            Optional<CaseStore.AttachmentRow> a = CaseService.uuid(given).isEmpty() ? Optional.empty()
                    : store.attachment(c, UUID.fromString(given), true);
            if (a.isEmpty() || a.get().caseId() != null || !a.get().uploadedBy().equals(caller.personId())
                    || found.contains(a.get().id())) {
                errors.add(new ParamError("attachments/" + i, "case.param.attachment.unknown", String.valueOf(given)));
            } else {
                found.add(a.get().id());
            }
        }
        if (!errors.isEmpty()) {
            throw CaseProblems.invalid(errors);
        }
        for (UUID id : found) {
            store.linkAttachment(c, id, row.id(), null);
        }
        return found.stream().map(UUID::toString).toList();
    }

    /** The level of a group's tier (1 = first line); 0 for no group or an unknown one. */
    /** The groups an action may hand a case to: any for a reassignment, only a higher tier for an escalation. */
    public static List<TenantConfig.Group> groupsFor(TenantConfig config, ActionKind kind, @Nullable String currentGroup) {
        int level = tierLevel(config, currentGroup);
        return config.groups().groups().stream()
                .filter(g -> kind != ActionKind.ESCALATE || tierLevel(config, g.key()) > level).toList();
    }

    public static int tierLevel(TenantConfig config, @Nullable String group) {
        if (group == null) {
            return 0;
        }
        String tier = config.groups().groups().stream().filter(g -> g.key().equals(group)).map(TenantConfig.Group::tier)
                .findFirst().orElse(null);
        return config.groups().tiers().stream().filter(t -> t.key().equals(tier)).mapToInt(TenantConfig.Tier::level)
                .findFirst().orElse(0);
    }

    /** A new category (and maybe service); with the tenant's rule on, the routing rules run again. */
    private CaseRow recategorise(Connection c, TenantContext tenant, CaseRow row, CaseRequests.Action a,
                                 Map<String, Object> data, Instant now) throws SQLException {
        TenantConfig config = tenant.config();
        String serviceKey = a.service() == null ? row.service() : a.service();
        TenantConfig.ServiceLine line = config.catalog().lineOf(serviceKey).orElse(null);
        TenantConfig.Service service = config.catalog().service(serviceKey).orElse(null);
        if (service == null) {
            throw CaseProblems.invalid(List.of(new ParamError("service", "case.param.unknown", serviceKey)));
        }
        if (a.service() != null && !a.service().equals(row.service()) && config.catalog().retired(serviceKey)) {
            throw CaseProblems.invalid(List.of(new ParamError("service", "case.param.retired", serviceKey)));
        }
        if (a.category() == null || service.categories().stream().noneMatch(x -> x.key().equals(a.category()))) {
            throw CaseProblems.invalid(List.of(new ParamError("category",
                    a.category() == null ? "case.param.required" : "case.param.unknown", String.valueOf(a.category()))));
        }
        if (!a.category().equals(row.category()) && service.categories().stream()
                .anyMatch(x -> x.key().equals(a.category()) && x.isRetired())) {
            throw CaseProblems.invalid(List.of(new ParamError("category", "case.param.retired", a.category())));
        }
        CaseRow changed = row.withClassification(line.key(), service.key(), a.category());
        if (config.routing().escalation() != null && config.routing().escalation().rerouteOnCategoryChange()) {
            // Función Pública's guide warns: a new category may send the case elsewhere by the automatic rules.
            CaseFacts facts = CaseService.facts(changed, store.audiences(c, row.requesterId()));
            if (!co.mesa.routing.Assignment.groupFor(config, facts).equals(row.assignedGroup())) {
                co.mesa.routing.Assignment.Pick pick = routing.route(c, tenant, facts, now);
                changed = changed.withAssignment(pick.group(), pick.agent());
                data.put("rerouted", pick.rule());
            }
        }
        return changed;
    }

    /**
     * A new priority: the level named, or on a matrix tenant the cell of the impact and urgency given
     * (both, or neither). The same priority again is refused: nothing would change.
     */
    private static CaseRow reprioritise(TenantConfig config, CaseRow row, CaseRequests.Action a) {
        List<ParamError> errors = new java.util.ArrayList<>();
        boolean matrix = !config.priorities().matrix().isEmpty();
        if (a.priority() == null && (a.impact() == null || a.urgency() == null)) {
            errors.add(new ParamError(a.impact() == null && matrix ? "impact" : a.urgency() == null && matrix ? "urgency"
                    : "priority", "case.param.required"));
            throw CaseProblems.invalid(errors);
        }
        String priority = CaseService.priority(config, true, a.impact(), a.urgency(), a.priority(), errors);
        if (!errors.isEmpty()) {
            throw CaseProblems.invalid(errors);
        }
        String impact = a.priority() == null ? a.impact() : row.impact();
        String urgency = a.priority() == null ? a.urgency() : row.urgency();
        if (priority.equals(row.priority()) && java.util.Objects.equals(impact, row.impact())
                && java.util.Objects.equals(urgency, row.urgency())) {
            throw CaseProblems.invalid(List.of(new ParamError(a.priority() != null || !matrix ? "priority" : "impact",
                    "case.param.priority.unchanged")));
        }
        return row.withPriority(impact, urgency, priority);
    }

    private void link(Connection c, TenantContext tenant, CaseRow row, @Nullable String related, String relation,
                      Map<String, Object> data, Instant now) throws SQLException {
        if (related == null || related.isBlank()) {
            throw CaseProblems.invalid(List.of(new ParamError("relatedCase", "case.param.required")));
        }
        Optional<CaseRow> other = CaseService.uuid(related).isPresent()
                ? store.find(c, UUID.fromString(related), false) : store.findByCode(c, related.strip());
        if (other.isEmpty() || other.get().id().equals(row.id())) {
            throw CaseProblems.invalid(List.of(new ParamError("relatedCase", "case.param.case.unknown", related)));
        }
        store.insertLink(c, tenant.id(), row.id(), other.get().id(), relation, now);
        data.put("relatedCase", other.get().id().toString());
        data.put("relatedCode", other.get().code());
        data.put("relation", relation);
    }

    private Optional<UUID> lastSigner(Connection c, CaseRow row) throws SQLException {
        List<EventRow> events = store.events(c, row.id(), 0);
        for (int i = events.size() - 1; i >= 0; i--) {
            if (ActionKind.SIGN_SOLUTION.key().equals(events.get(i).kind())) {
                return Optional.ofNullable(events.get(i).actorId());
            }
        }
        return Optional.empty();
    }

    private static String actionName(TenantConfig config, ActionKind kind, List<Locale> languages) {
        return config.workflow().action(kind.key()).map(x -> x.name().resolve(languages)).orElse(kind.key());
    }

    private static boolean Objects_equals(Object a, Object b) {
        return java.util.Objects.equals(a, b);
    }

    /**
     * "Notificar" (002 §15.1): an ad-hoc email from the case, logged on it, delivered through the outbox;
     * open or ended (the record is evidence after closure, 004 act. 8). The PDF holds what the requester
     * sees on the portal unless the agent asks for internal events and every recipient is an agent of
     * the entity (422 otherwise).
     */
    public CaseView notify(TenantContext tenant, Authentication auth, UUID id, @Nullable Integer ifMatch,
                           CaseRequests.Notify request, List<Locale> languages) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<ParamError> errors = new java.util.ArrayList<>();
        // A null entry is an address that is not one (422 on its index), never a NullPointerException.
        List<String> to = request.to() == null ? List.of() : request.to().stream()
                .map(a -> a == null ? "" : a.strip()).distinct().toList();
        if (to.isEmpty() || to.size() > 20) {
            errors.add(new ParamError("to", "case.param.notify.to"));
        }
        for (int i = 0; i < to.size(); i++) {
            if (!to.get(i).matches("^[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}$")) {
                errors.add(new ParamError("to/" + i, "case.param.field.email"));
            }
        }
        CaseService.controls("subject", request.subject(), errors);
        CaseService.controls("message", request.message(), errors);
        if (request.subject() == null || request.subject().isBlank() || request.subject().length() > 200) {
            errors.add(new ParamError("subject", "case.param.required"));
        }
        if (request.message() == null || request.message().isBlank()) {
            errors.add(new ParamError("message", "case.param.required"));
        }
        boolean internal = Boolean.TRUE.equals(request.includeInternal());
        if (internal && !Boolean.TRUE.equals(request.includePdf())) {
            errors.add(new ParamError("includeInternal", "case.param.notify.internal-needs-pdf"));
        }
        if (!errors.isEmpty()) {
            throw CaseProblems.invalid(errors);
        }
        return tx.write(tenant.id(), c -> {
            Caller caller = Caller.of(people.caller(c, tenant, auth), auth.getName(), tenant.config());
            CaseRow row = store.find(c, id, true).filter(r -> CaseService.maySee(caller, r))
                    .orElseThrow(CaseProblems::notFound);
            if (!CaseService.asAgent(caller, row)) {
                throw CaseProblems.forbidden("problem.case.agents-only.detail", "Notificar");
            }
            if (internal) {
                java.util.Set<String> agents = store.agentAddresses(c, tenant.id().value(), to);
                List<String> outside = to.stream().filter(a -> !agents.contains(a.toLowerCase(Locale.ROOT))).toList();
                if (!outside.isEmpty()) {
                    throw CaseProblems.invalid(List.of(new ParamError("includeInternal", "case.param.notify.internal",
                            String.join(", ", outside))));
                }
            }
            requireVersion(c, tenant, row, caller, ifMatch, languages);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("to", to);
            data.put("subject", request.subject().strip());
            data.put("includePdf", Boolean.TRUE.equals(request.includePdf()));
            data.put("includeInternal", internal);
            CaseRow after = recorder.record(c, tenant, row, row, new CaseActor(caller.personId(), "agent"),
                    new Happening("notify", null, false, request.message().strip(), Map.of(), data), now);
            store.update(c, after, row.version(), slaWork.refresh(c, tenant, after, false, now));
            Map<String, Object> payload = new LinkedHashMap<>(data);
            payload.put("version", after.version());
            payload.put("recipients", List.of("explicit"));
            store.emit(c, tenant.id(), "caseNotify", row.id(), payload, row.id() + ":" + after.version() + ":caseNotify", now);
            return views.view(c, tenant, after, caller, languages);
        });
    }

    // ---- the platform's own actions -----------------------------------------------------------

    /**
     * Closes cases waiting for the requester's confirmation once the tenant's auto-close time
     * (business time on its calendar since the solution) has passed. Cases another replica is
     * closing are skipped ({@code SKIP LOCKED}). Returns how many were closed.
     */
    public int autoClose(TenantContext tenant, Instant now, java.util.function.Function<String, Optional<co.mesa.sla.BusinessCalendar>> calendars) {
        Optional<AutoCloseTime.Rule> found = AutoCloseTime.rule(tenant, calendars);
        if (found.isEmpty()) {
            return 0;
        }
        AutoCloseTime.Rule rule = found.get();
        List<String> waiting = rule.waitingStates();
        java.time.Duration after = rule.after();
        return tx.write(tenant.id(), c -> {
            int closed = 0;
            for (CaseRow row : store.inStates(c, waiting, 500)) {
                Optional<Instant> closesAt = rule.at(row.state(), row.resolvedAt(), null);
                if (closesAt.isEmpty() || closesAt.get().isAfter(now)) {
                    continue;
                }
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("after", after.toString());
                CaseRow done = recorder.record(c, tenant, row, row, CaseActor.SYSTEM,
                        new Happening("autoClose", "autoClose", true, null, Map.of(), data), now);
                store.update(c, done, row.version(), slaWork.refresh(c, tenant, done, true, now));
                closed++;
            }
            return closed;
        });
    }
}
