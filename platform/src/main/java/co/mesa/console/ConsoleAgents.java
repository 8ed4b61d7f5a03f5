package co.mesa.console;

import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import jakarta.inject.Singleton;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tenant's agents as the console's selects list them (escalate / reassign to a person, the
 * queue's agent filter): people of the directory holding the agent role, with their groups.
 * Read-only, within the tenant (row-level security).
 */
@Singleton
public class ConsoleAgents {

    private static final int MAX = 1000;

    /** An agent and the platform groups they belong to. */
    public record Agent(String id, String name, List<String> groups) {
    }

    private final TenantTransactions tx;

    public ConsoleAgents(TenantTransactions tx) {
        this.tx = tx;
    }

    /** Agents change rarely (a sign-in, a directory edit): the selects may lag them by this much. */
    private static final java.time.Duration TTL = java.time.Duration.ofSeconds(30);

    private record Cached(List<Agent> agents, java.time.Instant at) {
    }

    private final java.util.Map<String, Cached> cache = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The tenant's agents as of at most 30 s ago, for the queue's filter (rendered on every visit);
     * forms that assign a case read {@link #all} instead.
     */
    public List<Agent> recent(TenantContext tenant) {
        Cached c = cache.get(tenant.slug());
        java.time.Instant now = java.time.Instant.now();
        if (c == null || c.at().plus(TTL).isBefore(now)) {
            c = new Cached(read(tenant), now);
            cache.put(tenant.slug(), c);
        }
        return c.agents();
    }

    /** The tenant's agents now. */
    public List<Agent> all(TenantContext tenant) {
        return read(tenant);
    }

    private List<Agent> read(TenantContext tenant) {
        return tx.read(tenant.id(), c -> {
            List<Agent> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name, groups FROM person "
                    + "WHERE 'agent' = ANY (roles) ORDER BY lower(name), username LIMIT " + MAX)) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Array groups = rs.getArray(3);
                        List<String> g = groups == null ? List.of()
                                : Arrays.stream((Object[]) groups.getArray()).map(String::valueOf).toList();
                        out.add(new Agent(rs.getObject(1).toString(), rs.getString(2), g));
                    }
                }
            }
            return List.copyOf(out);
        });
    }
}
