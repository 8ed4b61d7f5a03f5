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
            // The groups' open cases, then the supervisor's own outside them: two index-only scans of
            // service_case_open_group_state / _agent_state (V60_1, carrying resolution_due_at since; V56_3's own
            // indexes are gone) where an OR would read every case row (decision 0035).
            try (PreparedStatement ps = c.prepareStatement("SELECT assigned_group, assigned_agent_id, count(*), "
                    + "count(*) FILTER (WHERE resolution_due_at >= ? AND resolution_due_at < ?), "
                    + "count(*) FILTER (WHERE expired) FROM (SELECT assigned_group, assigned_agent_id, resolution_due_at, "
                    + "expired FROM service_case WHERE closed_at IS NULL AND assigned_group = ANY (?) UNION ALL "
                    + "SELECT assigned_group, assigned_agent_id, resolution_due_at, expired FROM service_case "
                    + "WHERE closed_at IS NULL AND assigned_agent_id = ? AND (assigned_group IS NULL "
                    + "OR NOT assigned_group = ANY (?))) c GROUP BY assigned_group, assigned_agent_id "
                    + "ORDER BY assigned_group NULLS LAST")) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setTimestamp(2, Timestamp.from(limit));
                ps.setArray(3, c.createArrayOf("text", groups.toArray()));
                ps.setObject(4, me);
                ps.setArray(5, c.createArrayOf("text", groups.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long n = rs.getLong(3);
                        byGroup.merge(rs.getString(1), n, Long::sum);
                        byAgent.merge(rs.getObject(2, UUID.class), n, Long::sum);
                        due += rs.getLong(4);
                        expired += rs.getLong(5);
                    }
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
