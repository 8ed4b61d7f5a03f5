package co.mesa.ticket;

import co.mesa.tenant.TenantContext;
import co.mesa.ticket.internal.CaseRow;
import co.mesa.ticket.internal.CaseStore;
import co.mesa.ticket.internal.EventRow;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What a notification needs to know of a case, for the notification feature: the case's code and
 * title, the people around it with their addresses, and the event that caused the message.
 */
@Singleton
public class CaseMailFacts {

    /** A person who may receive mail. */
    public record Person(UUID id, String name, @Nullable String email) {
    }

    /** An informed person and the events they asked to hear about. */
    public record Informed(Person person, boolean creation, boolean actions, boolean resolution, boolean closure) {
    }

    /** The case at the event's version. */
    public record Facts(UUID id, String code, String title, String state, @Nullable String group, Person requester,
                        @Nullable Person assignee, List<Person> supervisors, List<Person> groupMembers,
                        List<Informed> informed, @Nullable String note, boolean notePublished,
                        @Nullable String eventKind) {
    }

    private final CaseStore store;

    public CaseMailFacts(CaseStore store) {
        this.store = store;
    }

    /** The facts of a case (in the caller's tenant-bound transaction); empty when there is no such case. */
    public Optional<Facts> facts(Connection c, TenantContext tenant, UUID caseId, int version) throws SQLException {
        Optional<CaseRow> found = store.find(c, caseId, false);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        CaseRow row = found.get();

        // Who held the case, and where it stood, as the event's transaction left it (the mail may go out
        // later): a case filed and routed at once counts its assignee. No version (SLA events): as it is now.
        List<EventRow> all = store.events(c, caseId, 0);
        EventRow event = all.stream().filter(e -> e.version() == version).findFirst().orElse(null);
        java.time.Instant atOfEvent = event == null ? null : event.at();
        String stateKey = row.state();
        String groupKey = null;
        String agentKey = null;
        for (EventRow e : all) {
            boolean included = version <= 0 || e.version() <= version || e.at().equals(atOfEvent);
            if (!included) {
                break;
            }
            if (e.changes().get("state") instanceof Map<?, ?> m && m.get("to") != null) {
                stateKey = String.valueOf(m.get("to"));
            }
            if (e.changes().get("assignedGroup") instanceof Map<?, ?> m) {
                groupKey = m.get("to") == null ? null : String.valueOf(m.get("to"));
            }
            if (e.changes().get("assignedAgent") instanceof Map<?, ?> m) {
                agentKey = m.get("to") == null ? null : String.valueOf(m.get("to"));
            }
        }
        Person requester = person(c, row.requesterId()).orElseThrow();
        Person assignee = agentKey == null ? null : person(c, UUID.fromString(agentKey)).orElse(null);
        List<Person> supervisors = groupKey == null ? List.of() : members(c, groupKey, true);
        List<Person> members = groupKey == null ? List.of() : members(c, groupKey, false);
        List<Informed> informed = new ArrayList<>();
        for (Map<String, Object> i : row.informed()) {
            Optional<Person> p = person(c, UUID.fromString(String.valueOf(i.get("personId"))));
            p.ifPresent(x -> informed.add(new Informed(x, Boolean.TRUE.equals(i.get("creation")),
                    Boolean.TRUE.equals(i.get("actions")), Boolean.TRUE.equals(i.get("resolution")),
                    Boolean.TRUE.equals(i.get("closure")))));
        }
        String key = stateKey;
        String state = tenant.config().workflow().states().stream().filter(s -> s.key().equals(key))
                .map(s -> s.name().resolve(java.util.Locale.forLanguageTag(tenant.config().tenant().locale())))
                .findFirst().orElse(key);
        return Optional.of(new Facts(row.id(), row.code(), row.title(), state, groupKey, requester, assignee,
                supervisors, members, informed, event == null ? null : event.note(), event != null && event.published(),
                event == null ? null : event.kind()));
    }

    /**
     * Of these addresses, those of the entity's agents (lowercased): who may read what the requester
     * side may not — an internal event's note, the internal record.
     */
    public java.util.Set<String> agentAddresses(Connection c, TenantContext tenant, java.util.Collection<String> addresses)
            throws SQLException {
        return store.agentAddresses(c, tenant.id().value(), addresses);
    }

    private static Optional<Person> person(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name, email FROM person WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Person(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)))
                        : Optional.empty();
            }
        }
    }

    private static List<Person> members(Connection c, String group, boolean supervisorsOnly) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name, email FROM person WHERE active AND groups @> ARRAY[?]::text[] AND "
                + (supervisorsOnly ? "'supervisor' = ANY (roles)" : "'agent' = ANY (roles)") + " ORDER BY id")) {
            ps.setString(1, group);
            List<Person> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Person(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)));
                }
            }
            return out;
        }
    }
}
