package co.mesa.identity.internal;

import co.mesa.identity.PeopleService;
import co.mesa.identity.PersonView;
import co.mesa.shared.TenantId;
import jakarta.inject.Singleton;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** SQL of the people directory; callers own the (tenant-bound) transaction. */
@Singleton
public class PersonStore {

    private static final String COLUMNS = "id, username, name, email, phone, job_title, dependency, groups, roles, "
            + "first_seen, last_seen, in_directory";

    /** What a sign-in says about a person. */
    public record Fields(String subject, String username, String name, String email, String phone, String jobTitle,
                         String dependency, List<String> groups, List<String> roles) {
    }

    /**
     * The person as stored when the token says nothing new and they were seen in the last hour;
     * otherwise an upsert. Concurrent requests of one person then do not queue on their row.
     */
    public PersonView ensure(Connection c, TenantId tenant, Fields f) throws SQLException {
        java.util.Optional<PersonView> fresh = fresh(c, f);
        return fresh.isPresent() ? fresh.get() : upsert(c, tenant, f);
    }

    /** The person as stored, when the token says nothing new and they were seen in the last hour. */
    public java.util.Optional<PersonView> fresh(Connection c, Fields f) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM person WHERE subject = ? AND active "
                + "AND last_seen > now() - interval '1 hour'")) {
            ps.setString(1, f.subject());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    PersonView p = row(rs);
                    if (p.username().equals(f.username()) && p.name().equals(f.name())
                            && java.util.Objects.equals(p.email(), f.email()) && java.util.Objects.equals(p.phone(), f.phone())
                            && java.util.Objects.equals(p.jobTitle(), f.jobTitle())
                            && java.util.Objects.equals(p.dependency(), f.dependency())
                            && p.groups().equals(f.groups()) && new java.util.HashSet<>(p.roles()).equals(new java.util.HashSet<>(f.roles()))) {
                        return java.util.Optional.of(p);
                    }
                }
            }
        }
        return java.util.Optional.empty();
    }

    public PersonView upsert(Connection c, TenantId tenant, Fields f) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO person (tenant_id, id, subject, username, name, email, phone, job_title, dependency, groups, roles) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (tenant_id, subject) DO UPDATE SET username = excluded.username, name = excluded.name, "
                        + "email = excluded.email, phone = excluded.phone, job_title = excluded.job_title, "
                        + "dependency = excluded.dependency, groups = excluded.groups, roles = excluded.roles, last_seen = now(), "
                        // A sign-in proves the realm lets the person in: active again if a sync had said otherwise.
                        + "active = true "
                        + "RETURNING " + COLUMNS)) {
            ps.setObject(1, tenant.value());
            ps.setObject(2, UUID.randomUUID());
            ps.setString(3, f.subject());
            ps.setString(4, f.username());
            ps.setString(5, f.name());
            ps.setString(6, f.email());
            ps.setString(7, f.phone());
            ps.setString(8, f.jobTitle());
            ps.setString(9, f.dependency());
            ps.setArray(10, c.createArrayOf("text", f.groups().toArray()));
            ps.setArray(11, c.createArrayOf("text", f.roles().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return row(rs);
            }
        }
    }

    /** The people holding the agent role, by name, with their directory groups; at most {@code limit}. */
    public List<PeopleService.Agent> agents(Connection c, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name, groups FROM person "
                + "WHERE 'agent' = ANY (roles) AND active ORDER BY lower(name), username LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<PeopleService.Agent> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new PeopleService.Agent((UUID) rs.getObject(1), rs.getString(2), list(rs.getArray(3))));
                }
                return out;
            }
        }
    }

    public List<PersonView> search(Connection c, String query, int limit) throws SQLException {
        String like = "%" + query.toLowerCase().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM person "
                + "WHERE active AND (lower(name) LIKE ? OR lower(username) LIKE ? OR lower(coalesce(email, '')) LIKE ?) "
                + "ORDER BY lower(name), username LIMIT ?")) {
            ps.setString(1, like);
            ps.setString(2, like);
            ps.setString(3, like);
            ps.setInt(4, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<PersonView> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row(rs));
                }
                return out;
            }
        }
    }

    /** An active person of the tenant (the transaction's) by id. */
    public java.util.Optional<PersonView> activeById(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM person WHERE id = ? AND active")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? java.util.Optional.of(row(rs)) : java.util.Optional.empty();
            }
        }
    }

    /**
     * A person as the realm lists them (issue 20, decision 0027): inserted if new, refreshed if anything
     * changed, active exactly when the realm has them enabled. {@code last_seen} stays the last sign-in.
     * Returns 1 for an insert, 2 for a change, 0 when nothing changed.
     */
    public int fromDirectory(Connection c, TenantId tenant, Fields f, boolean enabled) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO person (tenant_id, id, subject, username, name, email, phone, job_title, dependency, groups, "
                        + "roles, active, synced_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now()) "
                        + "ON CONFLICT (tenant_id, subject) DO UPDATE SET username = excluded.username, name = excluded.name, "
                        + "email = excluded.email, phone = excluded.phone, job_title = excluded.job_title, "
                        + "dependency = excluded.dependency, groups = excluded.groups, roles = excluded.roles, "
                        + "active = excluded.active, synced_at = now() "
                        + "WHERE (person.username, person.name, person.email, person.phone, person.job_title, person.dependency, "
                        + "person.groups, person.roles, person.active) IS DISTINCT FROM (excluded.username, excluded.name, "
                        + "excluded.email, excluded.phone, excluded.job_title, excluded.dependency, excluded.groups, "
                        + "excluded.roles, excluded.active) OR person.synced_at IS NULL "
                        + "RETURNING (xmax = 0)")) {
            ps.setObject(1, tenant.value());
            ps.setObject(2, UUID.randomUUID());
            ps.setString(3, f.subject());
            ps.setString(4, f.username());
            ps.setString(5, f.name());
            ps.setString(6, f.email());
            ps.setString(7, f.phone());
            ps.setString(8, f.jobTitle());
            ps.setString(9, f.dependency());
            ps.setArray(10, c.createArrayOf("text", f.groups().toArray()));
            ps.setArray(11, c.createArrayOf("text", f.roles().toArray()));
            ps.setBoolean(12, enabled);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return 0;
                }
                return rs.getBoolean(1) ? 1 : 2;
            }
        }
    }

    /**
     * Marks inactive the active people of the tenant (the transaction's) whose subject the realm no
     * longer lists; never deletes (cases keep their names). Returns how many.
     */
    public int deactivateMissing(Connection c, Collection<String> listed) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                // Contacts registered by agents (issue 20) are not the realm's to list: never deactivated here.
                "UPDATE person SET active = false WHERE active AND in_directory AND NOT (subject = ANY (?))")) {
            ps.setArray(1, c.createArrayOf("text", listed.toArray()));
            return ps.executeUpdate();
        }
    }

    /** How many active people the tenant (the transaction's) has. */
    public int countActive(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM person WHERE active AND in_directory");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Records the outcome of a tenant's sync for its administrators. */
    public void recordSync(Connection c, TenantId tenant, co.mesa.identity.PeopleSync.SyncCounts counts) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO people_sync (tenant_id, finished_at, seen, added, deactivated) VALUES (?, now(), ?, ?, ?) "
                        + "ON CONFLICT (tenant_id) DO UPDATE SET finished_at = excluded.finished_at, seen = excluded.seen, "
                        + "added = excluded.added, deactivated = excluded.deactivated")) {
            ps.setObject(1, tenant.value());
            ps.setInt(2, counts.seen());
            ps.setInt(3, counts.added());
            ps.setInt(4, counts.deactivated());
            ps.executeUpdate();
        }
    }

    /** The last sync of the tenant (the transaction's): when it finished and what it did; empty if never. */
    public java.util.Optional<co.mesa.identity.PeopleSync.LastSync> lastSync(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT finished_at, seen, added, deactivated FROM people_sync");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new co.mesa.identity.PeopleSync.LastSync(rs.getTimestamp(1).toInstant(),
                    new co.mesa.identity.PeopleSync.SyncCounts(rs.getInt(2), rs.getInt(3), 0, rs.getInt(4))));
        }
    }

    /** The names of those of {@code ids} who are people of {@code tenant}; ids of no one here are absent. */
    public Map<UUID, String> names(Connection c, TenantId tenant, Collection<UUID> ids) throws SQLException {
        Map<UUID, String> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name FROM person WHERE tenant_id = ? AND id = ANY (?)")) {
            ps.setObject(1, tenant.value());
            ps.setArray(2, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getObject(1, UUID.class), rs.getString(2));
                }
            }
        }
        return out;
    }

    private static PersonView row(ResultSet rs) throws SQLException {
        return new PersonView((UUID) rs.getObject(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), list(rs.getArray(8)), list(rs.getArray(9)),
                rs.getTimestamp(10).toInstant(), rs.getTimestamp(11).toInstant(), rs.getBoolean(12));
    }

    private static List<String> list(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
