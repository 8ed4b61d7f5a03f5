package co.mesa.record;

import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.ticket.CaseMailFacts.Person;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * What a notification needs to know of a record (a problem, a change), for the notification feature: its kind,
 * code, title and state in the entity's language, and the people around it with their addresses — the
 * assigned agent, the assigned group's agents, the person who opened it. Read in the caller's tenant-bound
 * transaction, so another entity's record or person is simply not found (row level security).
 */
@Singleton
public class RecordMailFacts {

    /** The record as it is now; {@code groupMembers} are the active agents of its group. */
    public record Facts(UUID id, String kind, String code, String title, String state, @Nullable String group,
                        @Nullable Person assignee, List<Person> groupMembers, @Nullable Person creator) {
    }

    /** The facts of a record; empty when there is no such record in this entity. */
    public Optional<Facts> facts(Connection c, TenantContext tenant, UUID id) throws SQLException {
        Optional<RecordRow> found = RecordStore.find(c, id, false);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        RecordRow r = found.get();
        Locale locale = Locale.forLanguageTag(tenant.config().tenant().locale());
        String state = tenant.config().workflow().record(r.kind()).stream()
                .flatMap(k -> k.states().stream()).filter(s -> s.key().equals(r.state()))
                .map(s -> s.name().resolve(locale)).findFirst().orElse(r.state());
        Person assignee = r.assignedAgentId() == null ? null : person(c, r.assignedAgentId()).orElse(null);
        List<Person> members = r.assignedGroup() == null ? List.of() : groupAgents(c, tenant, r.assignedGroup());
        return Optional.of(new Facts(r.id(), r.kind(), r.code(), r.title(), state, r.assignedGroup(), assignee, members,
                person(c, r.createdById()).orElse(null)));
    }

    /** The kind's name in the entity's language (for a message's wording), else its key. */
    public static String kindName(TenantContext tenant, String kind) {
        return tenant.config().workflow().record(kind).map(TenantConfig.RecordKind::name)
                .map(n -> n.resolve(Locale.forLanguageTag(tenant.config().tenant().locale()))).orElse(kind);
    }

    /** A person of this entity by id; empty for an unknown id or another entity's person. */
    public Optional<Person> person(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name, email FROM person WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Person(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)))
                        : Optional.empty();
            }
        }
    }

    /** The group's active agents, by the group_agent index (decision 0022). */
    private static List<Person> groupAgents(Connection c, TenantContext tenant, String group) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT p.id, p.name, p.email FROM group_agent g "
                + "JOIN person p ON p.tenant_id = g.tenant_id AND p.id = g.person_id "
                + "WHERE g.tenant_id = ? AND g.group_key = ? AND p.active ORDER BY p.id")) {
            ps.setObject(1, tenant.id().value());
            ps.setString(2, group);
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
