package co.mesa.ticket;

import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.tenantconfig.TenantConfig.Phase;
import co.mesa.ticket.internal.CaseRow;
import co.mesa.ticket.internal.CaseStore;
import co.mesa.ticket.internal.EventRow;
import co.mesa.ticket.internal.PendingLog;
import co.mesa.workflow.WorkflowEngine;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes what happens to a case: the event (with what changed from what to what), what the
 * tenant's workflow does on its own on that event, the milestones, and the outbox entries the
 * tenant's notification settings ask for — all in the caller's transaction.
 */
@Singleton
class CaseRecorder {

    /** An event about to be recorded: its kind, the workflow event it raises, its note and extra data. */
    record Happening(String kind, @Nullable String workflowEvent, boolean published, @Nullable String note,
                     Map<String, Object> changes, Map<String, Object> data) {
    }

    private final CaseStore store;
    private final co.mesa.routing.Assignment assignment;
    private final SurveyOffers surveys;

    private final co.mesa.shared.PlatformMetrics metrics;

    CaseRecorder(CaseStore store, co.mesa.routing.Assignment assignment, co.mesa.shared.PlatformMetrics metrics,
                 SurveyOffers surveys) {
        this.metrics = metrics;
        this.store = store;
        this.assignment = assignment;
        this.surveys = surveys;
    }

    /**
     * Records one event on a case whose row already carries the action's own changes (assignment,
     * category); applies the workflow's automatic step for the event; returns the row as it is
     * after it (version bumped). The caller writes the row.
     */
    CaseRow record(Connection c, TenantContext tenant, CaseRow before, CaseRow changed, CaseActor actor, Happening h,
                   Instant now) throws SQLException {
        return record(c, tenant, before, changed, actor, h, now, null, null);
    }

    /** The same; the event written is also added to {@code written} (a create keeps its log instead of reading it back). */
    CaseRow record(Connection c, TenantContext tenant, CaseRow before, CaseRow changed, CaseActor actor, Happening h,
                   Instant now, @Nullable List<EventRow> written, @Nullable PendingLog pending) throws SQLException {
        metrics.caseAction(tenant.slug(), h.kind());
        WorkflowEngine engine = WorkflowEngine.of(tenant.config());
        WorkflowEngine.Position from = new WorkflowEngine.Position(changed.state(), changed.substate());
        Map<String, Object> data = new LinkedHashMap<>(h.data());
        CaseRow after = changed;
        if (h.workflowEvent() != null) {
            Optional<WorkflowEngine.Step> step = engine.on(from, h.workflowEvent());
            if (step.isPresent()) {
                after = after.withPosition(step.get().to().state(), step.get().to().substate());
                if (step.get().transition() != null) {
                    data.put("transition", step.get().transition());
                }
            }
        }
        after = milestones(engine, before, after, h, now).nextVersion(now);
        Map<String, Object> changes = new LinkedHashMap<>(h.changes());
        diff(changes, "state", before.state(), after.state());
        diff(changes, "substate", before.substate(), after.substate());
        diff(changes, "assignedGroup", before.assignedGroup(), after.assignedGroup());
        diff(changes, "assignedAgent", str(before.assignedAgentId()), str(after.assignedAgentId()));
        diff(changes, "service", before.service(), after.service());
        diff(changes, "category", before.category(), after.category());
        diff(changes, "impact", before.impact(), after.impact());
        diff(changes, "urgency", before.urgency(), after.urgency());
        diff(changes, "priority", before.priority(), after.priority());
        EventRow event = new EventRow(after.id(), after.version(), now, actor.personId(), actor.kind(),
                h.kind(), h.published(), h.note(), changes, data);
        if (pending != null) {
            pending.event(event);
        } else {
            store.insertEvent(c, tenant.id(), event);
        }
        if (written != null) {
            written.add(event);
        }
        notify(c, tenant, engine, before, after, h, now, pending);
        boolean solution = "solutionSigned".equals(h.workflowEvent()) || "firstLineSolution".equals(h.workflowEvent());
        if (solution) {
            // "Solución para el usuario", as the agent list shows it.
            store.setSolution(c, after.id(), h.note());
        }
        Phase was = engine.phase(new WorkflowEngine.Position(before.state(), null));
        Phase is = engine.phase(new WorkflowEngine.Position(after.state(), null));
        if (solution && !after.state().equals(before.state())) {
            surveys.offer(c, tenant, after, "solution", actor.personId(), now);
        } else if (is == Phase.REJECTED && was != Phase.REJECTED) {
            surveys.offer(c, tenant, after, "rejection", actor.personId(), now);
        }
        if ((was == Phase.CLOSED || was == Phase.REJECTED) && is != Phase.CLOSED && is != Phase.REJECTED) {
            // Reopened after its end (a reviewed novedad): its SLA is no longer final.
            store.reopenSla(c, after.id());
        }
        return after;
    }

    /**
     * A new case goes at once to the group the tenant's routing rules name (else its default group)
     * and, inside it, to an available agent by the group's strategy — in the create's transaction.
     * Its event and outbox rows go to {@code pending}, which the create writes with its own.
     */
    CaseRow routeNew(Connection c, TenantContext tenant, CaseRow row, java.util.Set<String> requesterGroups, Instant now,
                     List<EventRow> written, PendingLog pending) throws SQLException {
        co.mesa.routing.Assignment.Pick pick = assignment.route(c, tenant, CaseService.facts(row, requesterGroups), now);
        CaseRow assigned = row.withAssignment(pick.group(), pick.agent());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("rule", pick.rule());
        return record(c, tenant, row, assigned, CaseActor.SYSTEM,
                new Happening("assigned", "assignment", false, null, Map.of(), data), now, written, pending);
    }

    /**
     * The safety net: an open case whose group had nobody available gets an agent now, if one is.
     * Returns the case as after, or empty when still nobody is available.
     */
    /** Counts a filed case (metrics: counted in the filing transaction). */
    void filed(TenantContext tenant, CaseRow row) {
        metrics.caseFiled(tenant.slug(), row.origin());
    }

    Optional<CaseRow> assignWaiting(Connection c, TenantContext tenant, CaseRow row, Instant now) throws SQLException {
        String group = row.assignedGroup();
        java.util.UUID agent = assignment.agentFor(c, tenant, group,
                co.mesa.routing.Assignment.strategyOf(tenant.config(), group), now);
        if (agent == null) {
            return Optional.empty();
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("rule", "sweep");
        return Optional.of(record(c, tenant, row, row.withAssignment(group, agent), CaseActor.SYSTEM,
                new Happening("assigned", "assignment", false, null, Map.of(), data), now));
    }

    /** Writes an outbox entry when the tenant's notification settings name recipients for the topic. */
    void emit(Connection c, TenantContext tenant, CaseRow row, String topic, int version, Instant now) throws SQLException {
        emit(c, tenant, row, topic, version, now, null);
    }

    /** The same, collected in {@code pending} (written later by the create) when it is given. */
    void emit(Connection c, TenantContext tenant, CaseRow row, String topic, int version, Instant now,
              @Nullable PendingLog pending) throws SQLException {
        List<String> recipients = tenant.config().settings().notifications().events().getOrDefault(topic, List.of());
        if (recipients.isEmpty()) {
            return;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("version", version);
        payload.put("recipients", recipients);
        String dedupeKey = row.id() + ":" + version + ":" + topic;
        if (pending != null) {
            pending.outbox(topic, row.id(), payload, dedupeKey, now);
        } else {
            store.emit(c, tenant.id(), topic, row.id(), payload, dedupeKey, now);
        }
    }

    private CaseRow milestones(WorkflowEngine engine, CaseRow before, CaseRow after, Happening h, Instant now) {
        Phase was = engine.phase(new WorkflowEngine.Position(before.state(), null));
        Phase is = engine.phase(new WorkflowEngine.Position(after.state(), null));
        Instant firstResponse = after.firstResponseAt();
        if (firstResponse == null && ActionKind.FIRST_RESPONSE.key().equals(h.kind())) {
            firstResponse = now;
        }
        Instant resolved = after.resolvedAt();
        boolean solution = "solutionSigned".equals(h.workflowEvent()) || "firstLineSolution".equals(h.workflowEvent());
        if (solution || (is == Phase.RESOLVED && was != Phase.RESOLVED)) {
            resolved = now;
        } else if (was == Phase.RESOLVED && is != Phase.RESOLVED && is != Phase.CLOSED) {
            // Reopened: the solution did not hold.
            resolved = null;
        }
        Instant closed = after.closedAt();
        if ((is == Phase.CLOSED || is == Phase.REJECTED) && closed == null) {
            closed = now;
        } else if (is != Phase.CLOSED && is != Phase.REJECTED) {
            // Reopened after its end (a reviewed novedad): open again.
            closed = null;
        }
        return after.withMilestones(firstResponse, resolved, closed);
    }

    private void notify(Connection c, TenantContext tenant, WorkflowEngine engine, CaseRow before, CaseRow after,
                        Happening h, Instant now, @Nullable PendingLog pending) throws SQLException {
        Phase was = engine.phase(new WorkflowEngine.Position(before.state(), null));
        Phase is = engine.phase(new WorkflowEngine.Position(after.state(), null));
        int v = after.version();
        switch (h.kind()) {
            case "question" -> emit(c, tenant, after, "questionAsked", v, now, pending);
            case "answer", "technicianResponse" -> emit(c, tenant, after, "userAnswered", v, now, pending);
            case "publishedAction" -> emit(c, tenant, after, "actionPublished", v, now, pending);
            case "escalate" -> emit(c, tenant, after, "caseEscalated", v, now, pending);
            case "refuseSolution" -> emit(c, tenant, after, "caseReopened", v, now, pending);
            default -> { }
        }
        if (!Objects.equals(before.assignedGroup(), after.assignedGroup())
                || !Objects.equals(before.assignedAgentId(), after.assignedAgentId())) {
            if (after.assignedGroup() != null && !"escalate".equals(h.kind())) {
                emit(c, tenant, after, "caseAssigned", v, now, pending);
            }
        }
        if (is != was) {
            switch (is) {
                case RESOLVED -> emit(c, tenant, after, "caseResolved", v, now, pending);
                case CLOSED -> emit(c, tenant, after, "caseClosed", v, now, pending);
                case REJECTED -> emit(c, tenant, after, "caseRejected", v, now, pending);
                default -> { }
            }
        }
    }

    private static void diff(Map<String, Object> changes, String field, @Nullable String from, @Nullable String to) {
        if (!Objects.equals(from, to)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("from", from);
            m.put("to", to);
            changes.put(field, m);
        }
    }

    private static String str(@Nullable Object o) {
        return o == null ? null : o.toString();
    }
}
