package co.mesa.console;

import co.mesa.identity.PeopleService;
import co.mesa.tenant.TenantContext;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * The tenant's agents as the console's selects list them (escalate / reassign to a person, the
 * queue's agent filter), from the identity module's directory ({@link PeopleService#agents}).
 */
@Singleton
public class ConsoleAgents {

    /** An agent and the platform groups they belong to. */
    public record Agent(String id, String name, List<String> groups) {
    }

    private final PeopleService people;

    public ConsoleAgents(PeopleService people) {
        this.people = people;
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
        return people.agents(tenant).stream().map(a -> new Agent(a.id().toString(), a.name(), a.groups())).toList();
    }
}
