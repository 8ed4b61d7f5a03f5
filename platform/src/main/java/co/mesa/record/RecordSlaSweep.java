package co.mesa.record;

import co.mesa.shared.Jdbc;
import co.mesa.shared.TenantTransactions;
import co.mesa.sla.BusinessCalendar;
import co.mesa.sla.BusinessCalendars;
import co.mesa.sla.SlaTargets;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.tenantconfig.TenantConfig;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * SLA warnings for records: an open record of a kind with an {@code sla:} target is warned at the entity's
 * {@code warningPercent} of the target and told at its due date, each written to the outbox once for its
 * assignee (the assigned agent, else the group's agents). Runs on the case sweeps' schedule. Safe with several
 * replicas: rows are taken {@code FOR UPDATE SKIP LOCKED}, the sent marks are written in the transaction that
 * writes the outbox entry, and the entry's dedupe key carries the due date.
 */
@Singleton
@Requires(property = "mesa.cases.sweeps.enabled", notEquals = "false")
public class RecordSlaSweep {

    static final String WARNING = "recordSlaWarning";
    static final String BREACHED = "recordSlaBreached";
    private static final Logger LOG = LoggerFactory.getLogger(RecordSlaSweep.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 500;

    private final TenantRegistry registry;
    private final TenantTransactions tx;
    private final BusinessCalendars calendars;
    private final Clock clock;
    private final co.mesa.shared.Draining draining;

    public RecordSlaSweep(TenantRegistry registry, TenantTransactions tx, BusinessCalendars calendars, Clock clock,
                          co.mesa.shared.Draining draining) {
        this.registry = registry;
        this.tx = tx;
        this.calendars = calendars;
        this.clock = clock;
        this.draining = draining;
    }

    @Scheduled(fixedDelay = "${mesa.cases.sweeps.interval:1m}", initialDelay = "${mesa.cases.sweeps.initial-delay:30s}")
    void run() {
        Instant now = clock.instant();
        for (TenantContext tenant : registry.all()) {
            if (draining.isDraining()) {
                return; // each batch is its own transaction: nothing is left half-done
            }
            try (org.slf4j.MDC.MDCCloseable ignored = org.slf4j.MDC.putCloseable("tenant", tenant.slug());
                 co.mesa.shared.Draining.Unit unit = draining.begin()) {
                sweep(tenant, now);
            } catch (RuntimeException e) {
                LOG.warn("Record SLA sweep failed for tenant {}", tenant.slug(), e);
            }
        }
    }

    /** One tenant's records at a given instant; returns how many outbox entries were written. */
    public int sweep(TenantContext tenant, Instant now) {
        int written = 0;
        int[] taken = new int[1];
        do {
            written += tx.write(tenant.id(), c -> {
                List<Open> due = due(c, now);
                taken[0] = due.size();
                int n = 0;
                for (Open r : due) {
                    n += check(c, tenant, r, now) ? 1 : 0;
                }
                return n;
            });
        } while (taken[0] == BATCH);
        return written;
    }

    /** An open record with a due date, as far as the sweep reads it. */
    private record Open(UUID id, String kind, String code, String title, Instant createdAt, Instant dueAt,
                        @Nullable Instant warnAt, @Nullable Instant warnedDue, @Nullable Instant breachedDue) {
    }

    /** Open records whose warning time is not yet derived, or whose warning or breach fell due and is not written. */
    private static List<Open> due(Connection c, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, kind, code, title, created_at, due_at, warn_at, "
                + "sla_warned_due, sla_breached_due FROM work_record WHERE due_at IS NOT NULL AND closed_at IS NULL AND ("
                + "warn_at IS NULL OR (warn_at <= ? AND sla_warned_due IS DISTINCT FROM due_at) "
                + "OR (due_at <= ? AND sla_breached_due IS DISTINCT FROM due_at)) "
                + "ORDER BY due_at, id LIMIT ? FOR UPDATE SKIP LOCKED")) {
            Jdbc.setInstant(ps, 1, now);
            Jdbc.setInstant(ps, 2, now);
            ps.setInt(3, BATCH);
            List<Open> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Open(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                            Jdbc.instant(rs.getTimestamp(5)), Jdbc.instant(rs.getTimestamp(6)), Jdbc.instant(rs.getTimestamp(7)),
                            Jdbc.instant(rs.getTimestamp(8)), Jdbc.instant(rs.getTimestamp(9))));
                }
            }
            return out;
        }
    }

    /** Derives the warning time if missing, then writes what fell due; true when an outbox entry was written. */
    private boolean check(Connection c, TenantContext tenant, Open r, Instant now) throws SQLException {
        Optional<TenantConfig.RecordKind> kind = tenant.config().workflow().record(r.kind());
        Instant warnAt = r.warnAt();
        if (warnAt == null) {
            warnAt = kind.map(k -> warnAt(tenant, k, r)).orElse(r.dueAt());
        }
        Instant warnedDue = r.warnedDue();
        Instant breachedDue = r.breachedDue();
        boolean wrote = false;
        if (kind.isEmpty() || kind.get().sla() == null) {
            // The kind lost its target (tenant data changed): nothing more to watch for this due date.
            warnedDue = r.dueAt();
            breachedDue = r.dueAt();
        } else if (!now.isBefore(r.dueAt())) {
            if (!r.dueAt().equals(breachedDue)) {
                wrote = emit(c, tenant, r, BREACHED, now);
            }
            // A warning after the breach says nothing new.
            warnedDue = r.dueAt();
            breachedDue = r.dueAt();
        } else if (!now.isBefore(warnAt) && !r.dueAt().equals(warnedDue)) {
            wrote = emit(c, tenant, r, WARNING, now);
            warnedDue = r.dueAt();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE work_record SET warn_at = ?, sla_warned_due = ?, "
                + "sla_breached_due = ? WHERE id = ?")) {
            Jdbc.setInstant(ps, 1, warnAt);
            Jdbc.setInstant(ps, 2, warnedDue);
            Jdbc.setInstant(ps, 3, breachedDue);
            ps.setObject(4, r.id());
            ps.executeUpdate();
        }
        return wrote;
    }

    /**
     * The warning time: {@code warningPercent} of the kind's target on its calendar from the record's creation, as
     * the due date was computed. No percent (or no calendar any more): the due date itself, so only the breach is told.
     */
    private Instant warnAt(TenantContext tenant, TenantConfig.RecordKind k, Open r) {
        Integer percent = tenant.config().sla().warningPercent();
        if (k.sla() == null || percent == null || percent <= 0 || percent >= 100) {
            return r.dueAt();
        }
        Optional<BusinessCalendar> calendar = calendars.find(tenant, k.sla().calendar());
        Optional<TenantConfig.Calendar> data = tenant.config().calendars().find(k.sla().calendar());
        if (calendar.isEmpty() || data.isEmpty()) {
            return r.dueAt();
        }
        Duration target = k.sla().resolution().toBusinessTime(SlaTargets.workingDay(data.get()));
        Instant warn = calendar.get().addBusinessTime(r.createdAt(), target.multipliedBy(percent).dividedBy(100), List.of());
        return warn.isAfter(r.dueAt()) ? r.dueAt() : warn;
    }

    /** The outbox entry for the record's assignee; its dedupe key carries the due date. */
    private static boolean emit(Connection c, TenantContext tenant, Open r, String topic, Instant now) throws SQLException {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("recordId", r.id().toString());
        payload.put("kind", r.kind());
        payload.put("code", r.code());
        payload.put("title", r.title());
        payload.put("dueAt", r.dueAt().toString());
        payload.put("recipients", List.of("assignee"));
        String json;
        try {
            json = JSON.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (tenant_id, topic, case_id, payload, dedupe_key, "
                + "created_at) VALUES (?, ?, NULL, ?::jsonb, ?, ?) ON CONFLICT (tenant_id, dedupe_key) DO NOTHING")) {
            ps.setObject(1, tenant.id().value());
            ps.setString(2, topic);
            ps.setString(3, json);
            ps.setString(4, "record:" + r.id() + ":" + topic + ":" + r.dueAt().getEpochSecond());
            Jdbc.setInstant(ps, 5, now);
            return ps.executeUpdate() > 0;
        }
    }
}
