package co.mesa.record;

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
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static co.mesa.record.RecordRules.TEXT_MAX;
import static co.mesa.record.RecordRules.TITLE_MAX;
import static co.mesa.record.RecordRules.engine;
import static co.mesa.record.RecordRules.kind;
import static co.mesa.record.RecordRules.optional;
import static co.mesa.record.RecordRules.required;
import static co.mesa.record.RecordStore.event;

/**
 * A record's life: opening it (a code of its kind, optionally from cases, replayed on a repeated
 * Idempotency-Key) and taking its workflow's transitions, closing ones optionally telling the linked open cases
 * through {@link CaseNotices}.
 */
@Singleton
public class RecordWrites {

    private final TenantTransactions tx;
    private final RecordReads reads;
    private final CaseCodes codes;
    private final CaseNotices notices;
    private final BusinessCalendars calendars;
    private final Clock clock;

    public RecordWrites(TenantTransactions tx, RecordReads reads, CaseCodes codes, CaseNotices notices,
                        BusinessCalendars calendars) {
        this.tx = tx;
        this.reads = reads;
        this.codes = codes;
        this.notices = notices;
        this.calendars = calendars;
        this.clock = Clock.systemUTC();
    }

    /** Opens a problem, optionally from cases; the code is taken last so its counter row is locked briefly. */
    public RecordService.Created create(TenantContext tenant, Authentication auth, RecordRequests.NewProblem r,
                                        @Nullable String idempotencyKey, String requestHash, Locale lang) {
        String title = required("title", r.title(), TITLE_MAX);
        String description = required("description", r.description(), TEXT_MAX);
        String impact = optional("impact", r.impact(), TEXT_MAX);
        Map<String, Object> details = new LinkedHashMap<>();
        if (impact != null) {
            details.put("impact", impact);
        }
        return create(tenant, auth, RecordService.PROBLEM, title, description, details, r.assignedGroup(), r.assignedAgentId(),
                r.cases(), c -> { }, idempotencyKey, requestHash, lang);
    }

    /** What a kind checks in the create's transaction (e.g. that a change's linked problems exist). */
    interface Check {
        void check(java.sql.Connection c) throws java.sql.SQLException;
    }

    /** Opens a record of the kind with the details its kind checked (issue 27: changes too); optionally from cases. */
    RecordService.Created create(TenantContext tenant, Authentication auth, String kindKey, String title, String description,
                                 Map<String, Object> details, @Nullable String assignedGroup, @Nullable String assignedAgentId,
                                 @Nullable List<String> caseIdsIn, Check check, @Nullable String idempotencyKey,
                                 String requestHash, Locale lang) {
        TenantConfig.RecordKind rk = kind(tenant, kindKey);
        String group = RecordRules.group(tenant, assignedGroup);
        UUID agent = assignedAgentId == null ? null : RecordRules.uuid("assignedAgentId", assignedAgentId);
        List<UUID> cases = RecordRules.caseIds(caseIdsIn);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return tx.write(tenant.id(), c -> {
            Caller caller = reads.caller(c, tenant, auth);
            UUID id = UUID.randomUUID();
            if (idempotencyKey != null) {
                var prior = notices.claim(c, tenant, caller.subject(), kindKey + ":" + idempotencyKey, requestHash, id, now);
                if (prior.isPresent()) {
                    if (!prior.get().requestHash().equals(requestHash)) {
                        throw RecordProblems.idempotencyMismatch();
                    }
                    RecordRow earlier = RecordStore.find(c, prior.get().id(), false).orElseThrow(RecordProblems::idempotencyMismatch);
                    return new RecordService.Created(reads.view(c, rk, earlier, lang), true);
                }
            }
            if (agent != null && !RecordStore.personExists(c, agent)) {
                throw RecordProblems.invalid("assignedAgentId", "case.param.unknown", agent.toString());
            }
            for (UUID caseId : cases) {
                if (!notices.works(c, caller, caseId)) {
                    throw RecordProblems.invalid("cases", "case.param.unknown", caseId.toString());
                }
            }
            check.check(c);
            Instant due = dueAt(tenant, rk, now);
            WorkflowEngine engine = engine(rk);
            CaseCodes.Issued code = codes.next(c, tenant, rk.code(), kindKey, now);
            RecordRow row = new RecordRow(id, kindKey, code.code(), title, description, details, engine.initial().state(),
                    null, group, agent, caller.personId(), due, null, now, now, 1);
            RecordStore.insert(c, tenant, row, code);
            event(c, tenant, id, "created", caller.personId(), null, row.state(), null, Map.of("code", code.code()), now);
            for (UUID caseId : cases) {
                RecordStore.link(c, tenant, id, caseId, caller.personId(), now);
                event(c, tenant, id, "case-linked", caller.personId(), null, null, null, Map.of("caseId", caseId.toString()), now);
            }
            return new RecordService.Created(reads.view(c, rk, row, lang), false);
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
            Caller caller = reads.caller(c, tenant, auth);
            RecordRow r = RecordReads.writable(c, caller, id, kind, expected);
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
            RecordStore.update(c, after, r.version());
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("transition", step.transition());
            if (tell) {
                List<String> told = new ArrayList<>();
                for (UUID caseId : RecordStore.linkedCases(c, id)) {
                    if (notices.publish(c, tenant, caseId, caller.personId(), message, Map.of("record", r.code()), now)) {
                        told.add(caseId.toString());
                    }
                }
                data.put("toldCases", told);
            }
            event(c, tenant, id, "transition", caller.personId(), r.state(), after.state(), note, data, now);
            return reads.view(c, rk, after, lang);
        });
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
}
