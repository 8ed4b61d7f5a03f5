package co.mesa.ticket;

import co.mesa.shared.TenantId;
import co.mesa.ticket.internal.CaseCountChanges;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The agent home counters' numbers (issue 32): one pass over the caller's open cases, kept briefly.
 * At 60 k open cases in a group the pass reads 60 k index entries (tens of ms); the counters are asked
 * for on every home page. An entry is used only while (1) no case of the tenant changed on this instance
 * since it was counted — {@link CaseCountChanges}' generation is part of the key — and (2) it is younger
 * than {@code mesa.queue.counters-ttl} (3 s) by the platform's clock, which bounds what another instance's
 * writes can leave unseen. The key holds everything the query depends on: the person and their groups.
 */
@Singleton
public class CaseCounters {

    /** Open cases by state, and the personal counters. */
    public record Counts(Map<String, Long> byState, long mine, long firstLine, long groups, long supervised,
                         long expired) {
    }

    private record Key(UUID tenant, long generation, UUID person, Set<String> firstLine, Set<String> groups,
                       Set<String> supervised, Set<String> seen) {
    }

    private record Entry(Counts counts, Instant at) {
    }

    private final Clock clock;
    private final CaseCountChanges changes;
    private final Duration ttl;
    private final Cache<Key, Entry> cache;

    public CaseCounters(Clock clock, CaseCountChanges changes,
                        @Value("${mesa.queue.counters-ttl:3s}") Duration ttl) {
        this.clock = clock;
        this.changes = changes;
        this.ttl = ttl;
        this.cache = Caffeine.newBuilder().maximumSize(20_000).expireAfterWrite(ttl).build();
    }

    /** The counts for {@code caller}, from the cache when still good, else counted on {@code c}. */
    public Counts count(Connection c, TenantId tenant, Caller caller, Set<String> firstLineGroups) throws SQLException {
        // The generation is read before the count's snapshot is taken: a change committed after this line
        // moves the generation, so whatever this count saw is never served after that change.
        Key key = new Key(tenant.value(), changes.generation(tenant), caller.personId(), Set.copyOf(firstLineGroups),
                Set.copyOf(caller.groups()), Set.copyOf(caller.supervised()), Set.copyOf(caller.caseGroups()));
        Instant now = clock.instant();
        Entry hit = cache.getIfPresent(key);
        // Checked against the platform clock (tests move it); Caffeine's own expiry only frees the memory.
        if (hit != null && !hit.at().isAfter(now) && hit.at().plus(ttl).isAfter(now)) {
            return hit.counts();
        }
        Counts counts = query(c, caller, firstLineGroups);
        cache.put(key, new Entry(counts, now));
        return counts;
    }

    /**
     * The caller's groups' open cases plus theirs outside those groups: two index-only scans (V13's covering
     * indexes) instead of a bitmap OR that visits every case's heap row. "Bajo mi supervisión" (issue 20):
     * the cases of the groups the caller supervises, read in the same pass.
     */
    private static Counts query(Connection c, Caller caller, Set<String> firstLineGroups) throws SQLException {
        Map<String, Long> byState = new LinkedHashMap<>();
        long mine = 0;
        long firstLine = 0;
        long groups = 0;
        long expired = 0;
        long supervised = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT c.state, count(*), "
                + "count(*) FILTER (WHERE c.assigned_agent_id = ?), "
                + "count(*) FILTER (WHERE c.assigned_group = ANY (?)), "
                + "count(*) FILTER (WHERE c.assigned_group = ANY (?)), "
                + "count(*) FILTER (WHERE c.expired), "
                + "count(*) FILTER (WHERE c.assigned_group = ANY (?)) "
                + "FROM (SELECT state, assigned_agent_id, assigned_group, expired FROM service_case "
                + "WHERE closed_at IS NULL AND assigned_group = ANY (?) "
                + "UNION ALL SELECT state, assigned_agent_id, assigned_group, expired FROM service_case "
                + "WHERE closed_at IS NULL AND assigned_agent_id = ? "
                + "AND (assigned_group IS NULL OR NOT assigned_group = ANY (?))) c "
                + "GROUP BY c.state ORDER BY c.state")) {
            java.sql.Array seen = c.createArrayOf("text", caller.caseGroups().toArray());
            ps.setObject(1, caller.personId());
            ps.setArray(2, c.createArrayOf("text", firstLineGroups.toArray()));
            ps.setArray(3, c.createArrayOf("text", caller.groups().toArray()));
            ps.setArray(4, c.createArrayOf("text", caller.supervised().toArray()));
            ps.setArray(5, seen);
            ps.setObject(6, caller.personId());
            ps.setArray(7, seen);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byState.put(rs.getString(1), rs.getLong(2));
                    mine += rs.getLong(3);
                    firstLine += rs.getLong(4);
                    groups += rs.getLong(5);
                    expired += rs.getLong(6);
                    supervised += rs.getLong(7);
                }
            }
        }
        return new Counts(java.util.Collections.unmodifiableMap(byState), mine, firstLine, groups, supervised, expired);
    }
}
