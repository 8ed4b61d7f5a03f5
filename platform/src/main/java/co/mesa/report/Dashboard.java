package co.mesa.report;

import co.mesa.shared.Clocks;
import co.mesa.shared.TenantTransactions;
import co.mesa.sla.BusinessCalendar;
import co.mesa.sla.BusinessCalendars;
import co.mesa.tenant.TenantContext;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The supervisors' dashboard figures (issue 24) as of now, over the cases the supervisor's queue lists (their groups'
 * cases and theirs, the same condition as the agent list, so each linked number equals its list): the open backlog
 * by group and by agent, open cases whose resolution falls due by the end of the next business day, expired open
 * cases; and the entity's survey novedades waiting for review. One read transaction; counts only.
 */
@Singleton
public class Dashboard {

    /** {@code byGroup}: group key (null: none) → open cases; {@code byAgent}: agent id (null: nobody) → open cases. */
    public record Figures(Map<String, Long> byGroup, Map<UUID, Long> byAgent, long dueByNextBusinessDay,
                          Instant dueLimit, long expired, long pendingReviews) {
    }

    private final TenantTransactions tx;
    private final BusinessCalendars calendars;
    private final Clocks clocks;

    public Dashboard(TenantTransactions tx, BusinessCalendars calendars, Clocks clocks) {
        this.tx = tx;
        this.calendars = calendars;
        this.clocks = clocks;
    }

    public Figures figures(TenantContext tenant, UUID me, List<String> groups) {
        Instant now = clocks.clock().instant();
        Instant limit = endOfNextBusinessDay(calendars.defaultCalendar(tenant), tenant.zone(), now);
        return tx.read(tenant.id(), c -> {
            Map<String, Long> byGroup = new LinkedHashMap<>();
            Map<UUID, Long> byAgent = new LinkedHashMap<>();
            long due = 0;
            long expired = 0;
            java.sql.Array groupKeys = c.createArrayOf("text", groups.toArray());
            // The groups' open cases, then the supervisor's own outside them: two index-only scans of
            // service_case_open_group_state / _agent_state (V61_1) where an OR would read every case row
            // (decision 0035).
            try (PreparedStatement ps = c.prepareStatement("SELECT assigned_group, assigned_agent_id, count(*), "
                    + "count(*) FILTER (WHERE expired) FROM (SELECT assigned_group, assigned_agent_id, expired "
                    + "FROM service_case WHERE closed_at IS NULL AND assigned_group = ANY (?) UNION ALL "
                    + "SELECT assigned_group, assigned_agent_id, expired FROM service_case "
                    + "WHERE closed_at IS NULL AND assigned_agent_id = ? AND (assigned_group IS NULL "
                    + "OR NOT assigned_group = ANY (?))) c GROUP BY assigned_group, assigned_agent_id "
                    + "ORDER BY assigned_group NULLS LAST")) {
                ps.setArray(1, groupKeys);
                ps.setObject(2, me);
                ps.setArray(3, groupKeys);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long n = rs.getLong(3);
                        byGroup.merge(rs.getString(1), n, Long::sum);
                        byAgent.merge(rs.getObject(2, UUID.class), n, Long::sum);
                        expired += rs.getLong(4);
                    }
                }
            }
            // The same cases falling due in [now, limit): one index-only range scan of open_case_sla, which copies
            // each open case's resolution due date, group and agent (V61_1, V61_2; service_case indexes no SLA
            // instant, so that a recompute's write can be HOT).
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM open_case_sla WHERE resolution_due_at >= ? "
                    + "AND resolution_due_at < ? AND (assigned_group = ANY (?) OR assigned_agent_id = ?)")) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setTimestamp(2, Timestamp.from(limit));
                ps.setArray(3, groupKeys);
                ps.setObject(4, me);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    due = rs.getLong(1);
                }
            }
            long reviews;
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM case_survey WHERE review = 'pending'");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                reviews = rs.getLong(1);
            }
            return new Figures(byGroup, byAgent, due, limit, expired, reviews);
        });
    }

    /** The start of the day after the next business day (the first day after today the calendar is open). */
    static Instant endOfNextBusinessDay(BusinessCalendar calendar, ZoneId zone, Instant now) {
        LocalDate tomorrow = now.atZone(zone).toLocalDate().plusDays(1);
        Instant open = calendar.addBusinessTime(tomorrow.atStartOfDay(zone).toInstant(), Duration.ofMinutes(1), List.of());
        return open.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
    }
}
