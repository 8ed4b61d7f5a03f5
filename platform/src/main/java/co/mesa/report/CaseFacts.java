package co.mesa.report;

import co.mesa.sla.BusinessCalendar;
import co.mesa.sla.BusinessCalendars;
import co.mesa.sla.Interval;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.ticket.SlaView;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One case as the indicators read it, and the one place that decides what it counts for: when it was filed and closed,
 * whether it was open at an instant, and when its response and resolution targets settled (closed cases from their
 * frozen SLA outcome, open ones from the live columns). {@link Indicators} tallies these facts and
 * {@link ReportCases} lists them, so a figure and the list behind its link cannot disagree.
 */
record CaseFacts(UUID id, String code, String title, String state, String type, String origin, String serviceLine,
                 String service, @Nullable String category, @Nullable String group, @Nullable UUID agent,
                 @Nullable String site, Instant created, @Nullable Instant closed, @Nullable Instant firstResponse,
                 @Nullable Instant resolved, @Nullable Instant responseDue, @Nullable Instant resolutionDue,
                 @Nullable SlaView frozen, boolean rejected, boolean reopened) {

    /** The columns {@link #scan} reads, in its order. */
    private static final String COLUMNS = "id, code, title, state, case_type, origin, service_line, service, category, "
            + "assigned_group, assigned_agent_id, site, created_at, closed_at, first_response_at, resolved_at, "
            + "response_due_at, resolution_due_at, sla_final";

    /**
     * Every target settles between the filing and the closing, so this finds all the cases a period counts: the open
     * ones filed before its end, and those closed since its start (two index scans, decision 0035).
     */
    static final String SCAN = "SELECT " + COLUMNS + ", false FROM service_case WHERE closed_at IS NULL AND created_at < ? "
            + "UNION ALL SELECT " + COLUMNS + ", EXISTS (SELECT 1 FROM case_event e "
            + "WHERE e.tenant_id = service_case.tenant_id AND e.case_id = service_case.id "
            + "AND e.changes -> 'state' ->> 'from' = ANY (?) AND NOT (e.changes -> 'state' ->> 'to' = ANY (?))) "
            + "FROM service_case WHERE closed_at >= ? AND created_at < ?";

    /** A target's settlement: when it was met on time, or when it fell due unmet. */
    record Settled(Instant at, boolean onTime) {

        boolean within(Instant start, Instant end) {
            return !at.isBefore(start) && at.isBefore(end);
        }
    }

    interface Sink {
        void accept(CaseFacts facts) throws SQLException;
    }

    /**
     * Every case that may count between {@code start} and {@code end}, in one indexed scan. {@code rejected}: closed in
     * a state of the rejected phase; {@code reopened}: closed after leaving a solved state at least once for a state
     * that is neither solved nor final ("Incorrecta", or a survey review's reopening).
     */
    static void scan(Connection c, JsonMapper json, TenantConfig config, Instant start, Instant end, Sink sink)
            throws SQLException {
        Set<String> solved = new HashSet<>();
        Set<String> settledStates = new HashSet<>();
        Set<String> rejectedStates = new HashSet<>();
        for (TenantConfig.State s : config.workflow().states()) {
            TenantConfig.Phase p = s.phase();
            if (p == TenantConfig.Phase.RESOLVED) {
                solved.add(s.key());
            }
            if (p == TenantConfig.Phase.RESOLVED || p == TenantConfig.Phase.CLOSED || p == TenantConfig.Phase.REJECTED) {
                settledStates.add(s.key());
            }
            if (p == TenantConfig.Phase.REJECTED) {
                rejectedStates.add(s.key());
            }
        }
        // PostgreSQL's JIT compiles this plan on every execution (its cost estimate is high): 1 to 3 s measured at 1 M
        // cases, several times the scan itself. Off for this transaction only (decision 0035).
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL jit = off");
        }
        try (PreparedStatement ps = c.prepareStatement(SCAN)) {
            ps.setTimestamp(1, Timestamp.from(end));
            ps.setArray(2, c.createArrayOf("text", solved.toArray()));
            ps.setArray(3, c.createArrayOf("text", settledStates.toArray()));
            ps.setTimestamp(4, Timestamp.from(start));
            ps.setTimestamp(5, Timestamp.from(end));
            ps.setFetchSize(5_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(new CaseFacts(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                            rs.getString(9), rs.getString(10), rs.getObject(11, UUID.class), rs.getString(12),
                            instant(rs, 13), instant(rs, 14), instant(rs, 15), instant(rs, 16), instant(rs, 17),
                            instant(rs, 18), frozen(json, rs.getString(19)),
                            rs.getTimestamp(14) != null && rejectedStates.contains(rs.getString(4)), rs.getBoolean(20)));
                }
            }
        }
    }

    boolean filedWithin(Instant start, Instant end) {
        return !created.isBefore(start) && created.isBefore(end);
    }

    boolean closedWithin(Instant start, Instant end) {
        return closed != null && !closed.isBefore(start) && closed.isBefore(end);
    }

    /** Filed before {@code at} and not final then. */
    boolean openAt(Instant at) {
        return created.isBefore(at) && (closed == null || !closed.isBefore(at));
    }

    @Nullable
    Settled response(Instant now) {
        return frozen != null ? settled(frozen.response()) : settled(responseDue, firstResponse, now);
    }

    @Nullable
    Settled resolution(Instant now) {
        return frozen != null ? settled(frozen.resolution()) : settled(resolutionDue, resolved, now);
    }

    /** From a frozen outcome: met or breached when the case closed; a target still running then is not measured. */
    @Nullable
    static Settled settled(@Nullable SlaView.TargetView t) {
        if (t == null || t.dueAt() == null) {
            return null;
        }
        if (t.metAt() != null && !t.metAt().isAfter(t.dueAt())) {
            return new Settled(t.metAt(), true);
        }
        if ("BREACHED".equals(t.status()) || t.metAt() != null) {
            return new Settled(t.dueAt(), false);
        }
        return null;
    }

    /** From an open case's columns. */
    @Nullable
    static Settled settled(@Nullable Instant due, @Nullable Instant met, Instant now) {
        if (due == null) {
            return null;
        }
        if (met != null && !met.isAfter(due)) {
            return new Settled(met, true);
        }
        if (met != null || !now.isBefore(due)) {
            return new Settled(due, false);
        }
        return null;
    }

    /** Filing to the signed solution on the case's frozen calendar, its paused spans left out; null when unsolved. */
    @Nullable
    Duration resolutionTime(TenantContext tenant, BusinessCalendars calendars) {
        if (resolved == null || closed == null) {
            return null;
        }
        BusinessCalendar calendar = frozen == null || frozen.calendar() == null ? null
                : calendars.find(tenant, frozen.calendar()).orElse(null);
        if (calendar == null) {
            calendar = calendars.defaultCalendar(tenant);
        }
        List<Interval> pauses = new ArrayList<>();
        if (frozen != null) {
            for (SlaView.SpanView s : frozen.timeline()) {
                Instant e = s.end() == null ? closed : s.end();
                if (!s.counted() && e.isAfter(s.start()) && s.start().isBefore(resolved)) {
                    pauses.add(new Interval(s.start(), e.isAfter(resolved) ? resolved : e));
                }
            }
        }
        return resolved.isAfter(created) ? calendar.businessTimeBetween(created, resolved, pauses) : Duration.ZERO;
    }

    @Nullable
    private static SlaView frozen(JsonMapper json, @Nullable String text) throws SQLException {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, SlaView.class);
        } catch (IOException e) {
            throw new SQLException("unreadable frozen SLA", e);
        }
    }

    @Nullable
    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
