package co.mesa.ticket;

import co.mesa.sla.CaseSla;
import co.mesa.sla.SlaClock;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.I18n;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.ticket.internal.CaseRow;
import co.mesa.ticket.internal.CaseStore;
import co.mesa.ticket.internal.EventRow;
import co.mesa.workflow.WorkflowEngine;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Ties cases to the SLA clock: replays a case's events into clock marks, keeps the SLA columns
 * of its row current, freezes the outcome when it closes, and writes warnings and breaches to the
 * outbox once each (their dedupe key carries the due date, so a recomputed due date warns again).
 */
@Singleton
class CaseSlaWork {

    private final CaseSla sla;
    private final CaseStore store;
    private final JsonMapper json;
    private final co.mesa.shared.Messages messages;

    private final co.mesa.shared.PlatformMetrics metrics;

    CaseSlaWork(CaseSla sla, CaseStore store, JsonMapper json, co.mesa.shared.Messages messages,
                co.mesa.shared.PlatformMetrics metrics) {
        this.metrics = metrics;
        this.sla = sla;
        this.store = store;
        this.json = json;
        this.messages = messages;
    }

    /** The case's SLA now, as stored on its row; emits what fell due. {@code closedNow}: freeze it. */
    CaseStore.SlaColumns refresh(Connection c, TenantContext tenant, CaseRow row, boolean closedNow, Instant now)
            throws SQLException {
        return refresh(c, tenant, row, store.events(c, row.id(), 0), CaseSla.suspensions(c), closedNow, now).columns();
    }

    /** The SLA columns and the outcome they came from (absent: no policy applies). */
    record Fresh(CaseStore.SlaColumns columns, Optional<CaseSla.Outcome> outcome) {
    }

    /**
     * The same from a log and suspension periods the caller already holds (a create wrote the log
     * itself; a batch reads the periods once): no read of its own but the outbox's writes.
     */
    Fresh refresh(Connection c, TenantContext tenant, CaseRow row, List<EventRow> events,
                  List<SlaClock.Span> suspensions, boolean closedNow, Instant now) throws SQLException {
        Optional<CaseSla.Outcome> outcome = sla.compute(tenant, new CaseSla.Input(CaseService.facts(row), row.createdAt(),
                marks(WorkflowEngine.of(tenant.config()), events), row.firstResponseAt(), row.resolvedAt()), suspensions, now);
        return new Fresh(columns(c, tenant, row, outcome, closedNow, now), outcome);
    }

    /** The SLA of a case just computed, as the API shows it (labels in the caller's language). */
    @Nullable
    SlaView viewOf(TenantContext tenant, Optional<CaseSla.Outcome> outcome, List<Locale> languages) {
        return outcome.map(o -> labelled(tenant, toView(o, languages), false, languages)).orElse(null);
    }

    private CaseStore.SlaColumns columns(Connection c, TenantContext tenant, CaseRow row,
                                         Optional<CaseSla.Outcome> outcome, boolean closedNow, Instant now)
            throws SQLException {
        if (outcome.isEmpty()) {
            return new CaseStore.SlaColumns(null, null, false, false, null, closedNow ? write(noPolicy()) : null);
        }
        SlaClock.Result r = outcome.get().result();
        if (row.closedAt() == null) {
            emitDue(c, tenant, row, r, now);
        }
        return new CaseStore.SlaColumns(r.response() == null ? null : r.response().dueAt(),
                r.resolution() == null ? null : r.resolution().dueAt(), r.paused(), r.expired(),
                row.closedAt() == null ? r.nextCheck() : null,
                // The labelled view only to freeze it: a recompute of 67 k open cases built one per case for nothing.
                closedNow ? write(toView(outcome.get(), List.of(Locale.forLanguageTag(I18n.DEFAULT_LANGUAGE)))) : null);
    }

    /** The SLA as the API shows it: frozen for a closed case, else computed now. Labels in the caller's language. */
    @Nullable
    SlaView read(Connection c, TenantContext tenant, CaseRow row, @Nullable String frozen, List<EventRow> events,
                 List<Locale> languages, Instant now) throws SQLException {
        SlaView view;
        boolean isFrozen = frozen != null;
        if (isFrozen) {
            try {
                view = json.readValue(frozen, SlaView.class);
            } catch (IOException e) {
                throw new SQLException("unreadable frozen SLA of case " + row.id(), e);
            }
        } else {
            view = view(c, tenant, row, events, languages, now);
        }
        if (view == null) {
            return null;
        }
        return labelled(tenant, view, isFrozen, languages);
    }

    private SlaView labelled(TenantContext tenant, SlaView view, boolean isFrozen, List<Locale> languages) {
        WorkflowEngine engine = WorkflowEngine.of(tenant.config());
        List<SlaView.SpanView> labelled = view.timeline().stream().map(s -> new SlaView.SpanView(s.start(), s.end(),
                s.counted(), s.reason(), "suspension".equals(s.reason())
                ? messages.get(messages.pick(languages), "sla.span.suspension")
                : label(tenant.config(), engine, s.reason(), languages))).toList();
        return view.withLabels(labelled, isFrozen);
    }

    @Nullable
    private SlaView view(Connection c, TenantContext tenant, CaseRow row, List<EventRow> events, List<Locale> languages,
                         Instant now) throws SQLException {
        return outcome(c, tenant, row, events, now).map(o -> toView(o, languages)).orElse(null);
    }

    private SlaView toView(CaseSla.Outcome o, List<Locale> languages) {
        SlaClock.Result r = o.result();
        List<SlaView.SpanView> spans = r.timeline().stream()
                .map(s -> new SlaView.SpanView(s.start(), s.end(), s.counted(), s.reason(), null)).toList();
        return new SlaView(o.policy(), o.policyName().resolve(languages),
                o.calendar(), o.note() == null ? null : o.note().resolve(languages),
                r.paused(), r.expired(), false, target(r.response(), o.responseDays()),
                target(r.resolution(), o.resolutionDays()), spans);
    }

    private Optional<CaseSla.Outcome> outcome(Connection c, TenantContext tenant, CaseRow row, List<EventRow> events,
                                              Instant now) throws SQLException {
        return sla.compute(c, tenant, new CaseSla.Input(CaseService.facts(row), row.createdAt(),
                marks(WorkflowEngine.of(tenant.config()), events), row.firstResponseAt(), row.resolvedAt()), now);
    }

    /** Where the case stood after each event, with the tenant's current clock flags. */
    static List<SlaClock.Mark> marks(WorkflowEngine engine, List<EventRow> events) {
        List<SlaClock.Mark> marks = new ArrayList<>();
        String state = null;
        String substate = null;
        for (EventRow e : events) {
            String before = state + "/" + substate;
            Object s = e.changes().get("state");
            if (s instanceof Map<?, ?> m && m.get("to") != null) {
                state = String.valueOf(m.get("to"));
            }
            Object sub = e.changes().get("substate");
            if (sub instanceof Map<?, ?> m) {
                substate = m.get("to") == null ? null : String.valueOf(m.get("to"));
            }
            if (state == null || (marks.size() > 0 && before.equals(state + "/" + substate))) {
                continue;
            }
            boolean stopped;
            String reason;
            try {
                WorkflowEngine.Position p = new WorkflowEngine.Position(state, substate);
                stopped = engine.clockStopped(p);
                boolean stateStops = engine.stateOf(state).stopsClock();
                reason = stateStops || substate == null ? state : substate;
            } catch (co.mesa.workflow.WorkflowViolation unknown) {
                // A state the tenant's data no longer has: its time counts.
                stopped = false;
                reason = state;
            }
            marks.add(new SlaClock.Mark(e.at(), stopped, reason));
        }
        return marks;
    }

    private void emitDue(Connection c, TenantContext tenant, CaseRow row, SlaClock.Result r, Instant now)
            throws SQLException {
        emitDue(c, tenant, row, "response", r.response(), now);
        emitDue(c, tenant, row, "resolution", r.resolution(), now);
    }

    private void emitDue(Connection c, TenantContext tenant, CaseRow row, String which, @Nullable SlaClock.Target t,
                         Instant now) throws SQLException {
        if (t == null || t.metAt() != null || t.dueAt() == null) {
            return;
        }
        String topic;
        if (t.status() == SlaClock.Status.BREACHED) {
            topic = "slaBreached";
        } else if (t.status() == SlaClock.Status.RUNNING && t.warnAt() != null && !now.isBefore(t.warnAt())) {
            topic = "slaWarning";
        } else {
            return;
        }
        List<String> recipients = tenant.config().settings().notifications().events().getOrDefault(topic, List.of());
        if (recipients.isEmpty()) {
            return;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("target", which);
        payload.put("dueAt", t.dueAt().toString());
        payload.put("recipients", recipients);
        if (store.emit(c, tenant.id(), topic, row.id(), payload,
                row.id() + ":" + topic + ":" + which + ":" + t.dueAt().getEpochSecond(), now)) {
            metrics.sla(tenant.slug(), "slaBreached".equals(topic));
        }
    }

    private static SlaView.TargetView target(@Nullable SlaClock.Target t, @Nullable Integer days) {
        return t == null ? null : new SlaView.TargetView(t.target().toString(), t.dueAt(), t.warnAt(), t.metAt(),
                t.status().name(), t.remaining() == null ? null : t.remaining().toString(), days,
                t.dueWithoutPauses());
    }

    private static SlaView noPolicy() {
        return new SlaView(null, null, null, null, false, false, true, null, null, List.of());
    }

    private String write(SlaView view) {
        try {
            return json.writeValueAsString(view);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String label(TenantConfig config, WorkflowEngine engine, String reason, List<Locale> languages) {
        Optional<TenantConfig.Substate> sub = engine.substateOf(reason);
        if (sub.isPresent()) {
            return sub.get().name().resolve(languages);
        }
        return config.workflow().states().stream().filter(s -> s.key().equals(reason)).map(s -> s.name().resolve(languages))
                .findFirst().orElse(reason);
    }
}
