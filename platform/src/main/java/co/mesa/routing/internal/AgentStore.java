package co.mesa.routing.internal;

import co.mesa.shared.Jdbc;

import co.mesa.shared.TenantId;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;

import java.time.Instant;


import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL of agents' availability, load and the groups' round-robin cursors; callers own the transaction. */
@Singleton
public class AgentStore {

    /** An agent who may take a case now: open cases assigned and when they last got one. */
    public record Candidate(UUID id, long openCases, Instant lastAssignedAt) {
    }

    /** Availability as stored. */
    public record Availability(UUID personId, Instant awayFrom, Instant awayUntil, String note) {
    }

    /**
     * Agents of the group (platform group in their directory groups, realm role agent) who are not
     * away at {@code now}, ordered by id, with their open cases.
     */
    public List<Candidate> available(Connection c, String group, Instant now) throws SQLException {
        return available(c, group, now, true);
    }

    /** The same; {@code withLoad} false skips counting open cases (round robin does not need them). */
    public List<Candidate> available(Connection c, String group, Instant now, boolean withLoad) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT p.id, "
                + (withLoad ? "(SELECT count(*) FROM service_case s WHERE s.assigned_agent_id = p.id AND s.closed_at IS NULL), "
                : "0, ")
                + "a.last_assigned_at FROM person p LEFT JOIN agent_state a ON a.tenant_id = p.tenant_id AND a.person_id = p.id "
                + "WHERE p.groups @> ARRAY[?]::text[] AND 'agent' = ANY (p.roles) "
                + "AND NOT (a.away_from IS NOT NULL AND a.away_from <= ? AND (a.away_until IS NULL OR a.away_until > ?)) "
                + "ORDER BY p.id::text")) {
            ps.setString(1, group);
            Jdbc.setInstant(ps, 2, now);
            Jdbc.setInstant(ps, 3, now);
            List<Candidate> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp last = rs.getTimestamp(3);
                    out.add(new Candidate(rs.getObject(1, UUID.class), rs.getLong(2), last == null ? null : last.toInstant()));
                }
            }
            return out;
        }
    }

    /** The person with this username, if they are an agent of the tenant. */
    public Optional<UUID> agentByUsername(Connection c, String username) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM person WHERE username = ? AND 'agent' = ANY (roles)")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
            }
        }
    }

    /** Whether the person is an agent of the group and not away at {@code now}. */
    public boolean isAvailableMember(Connection c, UUID person, String group, Instant now) throws SQLException {
        return available(c, group, now, false).stream().anyMatch(x -> x.id().equals(person));
    }

    /** Whether the person is an agent in the group (away or not). */
    public boolean isMember(Connection c, UUID person, String group) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM person WHERE id = ? AND groups @> ARRAY[?]::text[] AND 'agent' = ANY (roles)")) {
            ps.setObject(1, person);
            ps.setString(2, group);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Moves the group's cursor to the agent after the current one among {@code ids} (ordered) and
     * returns them. The cursor row is locked until commit, so concurrent picks take turns.
     */
    public UUID nextInTurn(Connection c, TenantId tenant, String group, List<UUID> ids) throws SQLException {
        UUID last = null;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT last_agent_id FROM routing_cursor WHERE group_key = ? FOR UPDATE")) {
            ps.setString(1, group);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    last = rs.getObject(1, UUID.class);
                }
            }
        }
        UUID next = ids.get(0);
        if (last != null) {
            for (UUID id : ids) {
                if (uuidAfter(id, last)) {
                    next = id;
                    break;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO routing_cursor (tenant_id, group_key, last_agent_id) "
                + "VALUES (?, ?, ?) ON CONFLICT (tenant_id, group_key) DO UPDATE SET last_agent_id = excluded.last_agent_id")) {
            ps.setObject(1, tenant.value());
            ps.setString(2, group);
            ps.setObject(3, next);
            ps.executeUpdate();
        }
        return next;
    }

    /** Compares as PostgreSQL orders uuids (unsigned bytes), which {@link UUID#compareTo} does not. */
    private static boolean uuidAfter(UUID a, UUID b) {
        return a.toString().compareTo(b.toString()) > 0;
    }

    public void assigned(Connection c, TenantId tenant, UUID agent, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO agent_state (tenant_id, person_id, last_assigned_at) "
                + "VALUES (?, ?, ?) ON CONFLICT (tenant_id, person_id) DO UPDATE SET last_assigned_at = excluded.last_assigned_at")) {
            ps.setObject(1, tenant.value());
            ps.setObject(2, agent);
            Jdbc.setInstant(ps, 3, at);
            ps.executeUpdate();
        }
    }

    public void setAway(Connection c, TenantId tenant, UUID person, Instant from, Instant until, String note)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO agent_state (tenant_id, person_id, away_from, away_until, "
                + "away_note, updated_at) VALUES (?, ?, ?, ?, ?, now()) ON CONFLICT (tenant_id, person_id) DO UPDATE SET "
                + "away_from = excluded.away_from, away_until = excluded.away_until, away_note = excluded.away_note, "
                + "updated_at = now()")) {
            ps.setObject(1, tenant.value());
            ps.setObject(2, person);
            Jdbc.setInstant(ps, 3, from);
            Jdbc.setInstant(ps, 4, until);
            ps.setString(5, note);
            ps.executeUpdate();
        }
    }

    public Optional<Availability> availability(Connection c, UUID person) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT away_from, away_until, away_note FROM agent_state WHERE person_id = ?")) {
            ps.setObject(1, person);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Timestamp f = rs.getTimestamp(1);
                Timestamp u = rs.getTimestamp(2);
                return Optional.of(new Availability(person, f == null ? null : f.toInstant(), u == null ? null : u.toInstant(),
                        rs.getString(3)));
            }
        }
    }

}
