package co.mesa.console;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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

    /** The queue's agent selects, per tenant: read at most every {@link #TTL}. */
    private final Cache<String, List<Agent>> cache = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterWrite(TTL).build();

    /**
     * The tenant's agents as of at most 30 s ago, for the queue's filter (rendered on every visit);
     * forms that assign a case read {@link #all} instead.
     */
    public List<Agent> recent(TenantContext tenant) {
        return cache.get(tenant.slug(), slug -> read(tenant));
    }

    /** The tenant's agents now. */
    public List<Agent> all(TenantContext tenant) {
        return read(tenant);
    }

    private List<Agent> read(TenantContext tenant) {
        return people.agents(tenant).stream().map(a -> new Agent(a.id().toString(), a.name(), a.groups())).toList();
    }
}
