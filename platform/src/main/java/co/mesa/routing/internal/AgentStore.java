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
    public List<Candidate> available(Connection c, TenantId tenant, String group, Instant now) throws SQLException {
        return available(c, tenant, group, now, true);
    }

    /**
     * The same; {@code withLoad} false skips counting open cases (round robin does not need them).
     * Reads the group's members from {@code group_agent} (kept by a trigger on person) by its key: the
     * cost depends on the group's size, not on how many people the entity has.
     */
    public List<Candidate> available(Connection c, TenantId tenant, String group, Instant now, boolean withLoad)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT g.person_id, "
                + (withLoad ? "(SELECT count(*) FROM service_case s WHERE s.tenant_id = g.tenant_id "
                + "AND s.assigned_agent_id = g.person_id AND s.closed_at IS NULL), " : "0, ")
                + "a.last_assigned_at FROM group_agent g LEFT JOIN agent_state a ON a.tenant_id = g.tenant_id "
                + "AND a.person_id = g.person_id WHERE g.tenant_id = ? AND g.group_key = ? "
                + "AND NOT (a.away_from IS NOT NULL AND a.away_from <= ? AND (a.away_until IS NULL OR a.away_until > ?)) "
                + "ORDER BY g.person_id::text")) {
            ps.setObject(1, tenant.value());
            ps.setString(2, group);
            Jdbc.setInstant(ps, 3, now);
            Jdbc.setInstant(ps, 4, now);
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
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM group_agent g LEFT JOIN agent_state a "
                + "ON a.tenant_id = g.tenant_id AND a.person_id = g.person_id WHERE g.group_key = ? AND g.person_id = ? "
                + "AND NOT (a.away_from IS NOT NULL AND a.away_from <= ? AND (a.away_until IS NULL OR a.away_until > ?))")) {
            ps.setString(1, group);
            ps.setObject(2, person);
            Jdbc.setInstant(ps, 3, now);
            Jdbc.setInstant(ps, 4, now);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Whether the person is an agent in the group (away or not). */
    public boolean isMember(Connection c, UUID person, String group) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM group_agent WHERE group_key = ? AND person_id = ?")) {
            ps.setString(1, group);
            ps.setObject(2, person);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Round robin without a lock held to commit for others to wait on: the candidate who got a case
     * least recently (never first, then by id as PostgreSQL orders uuids), skipping those another
     * create is handing a case to right now. In sequence this is the same turn order as a cursor over
     * the ids; under concurrency each create takes a different agent instead of queueing behind one
     * cursor row (which capped one entity near 217 creates/s). Only when every candidate is taken at
     * this instant does it wait for the least recent. The caller records the pick with {@link #assigned}.
     * {@code candidates} are ordered by id, as {@link #available} returns them.
     */
    public UUID nextInTurn(Connection c, TenantId tenant, List<Candidate> candidates) throws SQLException {
        for (Candidate x : candidates) {
            if (x.lastAssignedAt() == null) {
                return x.id();
            }
        }
        UUID[] ids = candidates.stream().map(Candidate::id).toArray(UUID[]::new);
        try (PreparedStatement ps = c.prepareStatement("SELECT person_id FROM agent_state WHERE tenant_id = ? "
                + "AND person_id = ANY (?) ORDER BY last_assigned_at, person_id::text LIMIT 1 FOR UPDATE SKIP LOCKED")) {
            ps.setObject(1, tenant.value());
            ps.setArray(2, c.createArrayOf("uuid", ids));
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return rs.getObject(1, UUID.class);
                }
            }
        }
        return candidates.stream().min(java.util.Comparator.comparing(Candidate::lastAssignedAt)
                .thenComparing(x -> x.id().toString())).orElseThrow().id();
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
