package co.mesa.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.identity.internal.PersonStore;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The people directory of each tenant: a person is created on first sign-in and refreshed on each
 * later one from the token's claims (name, email, phone, job title, dependency, directory groups).
 */
@Singleton
public class PeopleService {

    static final int MAX_RESULTS = 50;

    private final TenantTransactions tx;
    private final PersonStore store;

    public PeopleService(TenantTransactions tx, PersonStore store) {
        this.tx = tx;
        this.store = store;
    }

    /** How many agents {@link #agents} lists at most (a select in the console, not a search). */
    static final int MAX_AGENTS = 1000;

    /** A person holding the agent role, with the platform groups of their directory entry. */
    public record Agent(java.util.UUID id, String name, List<String> groups) {
        public Agent {
            groups = List.copyOf(groups);
        }
    }

    /** This tenant's agents by name, with their groups; never another tenant's (row-level security). */
    public List<Agent> agents(TenantContext tenant) {
        return tx.read(tenant.id(), c -> List.copyOf(store.agents(c, MAX_AGENTS)));
    }

    /** Creates or refreshes the signed-in person; returns them as stored. */
    public PersonView signedIn(TenantContext tenant, Authentication auth) {
        return tx.write(tenant.id(), c -> signedIn(c, tenant, auth));
    }

    /**
     * The same inside the caller's tenant-bound transaction (a case write records who did it);
     * writes only when the token says something new or the person was not seen for an hour.
     */
    public PersonView caller(java.sql.Connection c, TenantContext tenant, Authentication auth) throws java.sql.SQLException {
        PersonStore.Fields fields = fields(auth);
        CallerKey key = new CallerKey(tenant.id().value(), fields);
        PersonView cached = callers.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        java.util.Optional<PersonView> stored = store.fresh(c, fields);
        if (stored.isEmpty()) {
            // Written in this transaction, which may still roll back: not cached until read back committed.
            PersonView written = store.upsert(c, tenant.id(), fields);
            forgetName(tenant.id().value(), written.id());
            return written;
        }
        callers.put(key, stored.get());
        return stored.get();
    }

    /**
     * The caller as {@link #caller} last read them, when that was within the last minute; empty otherwise.
     * No database work: for read paths that want to skip the transaction when the caller is known.
     */
    public java.util.Optional<PersonView> cachedCaller(TenantContext tenant, Authentication auth) {
        return java.util.Optional.ofNullable(callers.getIfPresent(new CallerKey(tenant.id().value(), fields(auth))));
    }

    private record CallerKey(java.util.UUID tenant, PersonStore.Fields fields) {
    }

    /** A token's claims seen in the last minute need no database trip: every API request asks who is calling. */
    private final Cache<CallerKey, PersonView> callers = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterWrite(java.time.Duration.ofSeconds(60)).build();

    private PersonView signedIn(java.sql.Connection c, TenantContext tenant, Authentication auth) throws java.sql.SQLException {
        PersonView written = store.upsert(c, tenant.id(), fields(auth));
        forgetName(tenant.id().value(), written.id());
        return written;
    }

    private static PersonStore.Fields fields(Authentication auth) {
        Map<String, Object> a = auth.getAttributes();
        String username = text(a.get("preferred_username"), auth.getName());
        String name = text(a.get("name"), joined(a.get("given_name"), a.get("family_name"), username));
        PersonStore.Fields fields = new PersonStore.Fields(auth.getName(), username, name,
                text(a.get("email"), null), text(a.get("phone_number"), null), text(a.get("job_title"), null),
                text(a.get("dependency"), null), groups(a), new ArrayList<>(auth.getRoles()));
        return fields;
    }

    /** An active person of this tenant by id; empty for anyone else, another tenant's person included. */
    public java.util.Optional<PersonView> person(TenantContext tenant, UUID id) {
        return tx.read(tenant.id(), c -> store.activeById(c, id));
    }

    /** People of this tenant whose name, username or email contains {@code query}; never another tenant's. */
    public List<PersonView> search(TenantContext tenant, String query) {
        return tx.read(tenant.id(), c -> store.search(c, query == null ? "" : query.trim(), MAX_RESULTS));
    }

    /**
     * The names of the people of this tenant among {@code ids} (a person-type field's values, say);
     * an id of no one here, another tenant's person included, is simply absent from the answer.
     * Names read in the last five minutes come from memory (see {@link #cachedNames}).
     */
    public Map<UUID, String> names(TenantContext tenant, Collection<UUID> ids) {
        Map<UUID, String> out = new HashMap<>();
        Set<UUID> missing = hits(tenant, ids, out);
        if (!missing.isEmpty()) {
            out.putAll(tx.read(tenant.id(), c -> remember(tenant, store.names(c, tenant.id(), missing))));
        }
        return out;
    }

    /** The same inside the caller's tenant-bound transaction. */
    public Map<UUID, String> names(java.sql.Connection c, TenantContext tenant, Collection<UUID> ids)
            throws java.sql.SQLException {
        Map<UUID, String> out = new HashMap<>();
        Set<UUID> missing = hits(tenant, ids, out);
        if (!missing.isEmpty()) {
            out.putAll(remember(tenant, store.names(c, tenant.id(), missing)));
        }
        return out;
    }

    /**
     * Only the names among {@code ids} read for this tenant in the last five minutes; no database work.
     * The agent list shows two people per row on every visit: reading them from memory takes a third of
     * the list's database time away (docs/benchmarks.md). A renamed person shows the new name at once on
     * the instance that stored it and within five minutes on the others; a person of another tenant is
     * never found (the key is the tenant and the person).
     */
    public Map<UUID, String> cachedNames(TenantContext tenant, Collection<UUID> ids) {
        Map<UUID, String> out = new HashMap<>();
        hits(tenant, ids, out);
        return out;
    }

    private Set<UUID> hits(TenantContext tenant, Collection<UUID> ids, Map<UUID, String> out) {
        Set<UUID> missing = new HashSet<>();
        for (UUID id : ids) {
            if (id == null || out.containsKey(id)) {
                continue;
            }
            String cached = nameCache.getIfPresent(new NameKey(tenant.id().value(), id));
            if (cached != null) {
                out.put(id, cached);
            } else {
                missing.add(id);
            }
        }
        return missing;
    }

    private Map<UUID, String> remember(TenantContext tenant, Map<UUID, String> read) {
        read.forEach((id, name) -> nameCache.put(new NameKey(tenant.id().value(), id), name));
        return read;
    }

    private void forgetName(java.util.UUID tenant, UUID person) {
        nameCache.invalidate(new NameKey(tenant, person));
    }

    private record NameKey(java.util.UUID tenant, UUID person) {
    }

    /** People's display names on lists and case pages: a rename may show up to five minutes late. */
    private final Cache<NameKey, String> nameCache = Caffeine.newBuilder()
            .maximumSize(100_000).expireAfterWrite(java.time.Duration.ofMinutes(5)).build();

    private static List<String> groups(Map<String, Object> a) {
        List<String> out = new ArrayList<>();
        for (String claim : List.of("groups", "mesaGroups")) {
            Object v = a.get(claim);
            if (v instanceof Collection<?> c) {
                c.forEach(g -> out.add(String.valueOf(g)));
            } else if (v != null) {
                out.add(String.valueOf(v));
            }
        }
        return out;
    }

    private static String text(Object value, String fallback) {
        return value == null || String.valueOf(value).isBlank() ? fallback : String.valueOf(value);
    }

    private static String joined(Object given, Object family, String fallback) {
        String s = ((given == null ? "" : given) + " " + (family == null ? "" : family)).trim();
        return s.isEmpty() ? fallback : s;
    }
}
