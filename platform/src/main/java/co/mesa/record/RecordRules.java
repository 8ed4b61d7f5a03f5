package co.mesa.record;

import co.mesa.identity.Roles;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.ticket.Caller;
import co.mesa.workflow.WorkflowEngine;
import io.micronaut.core.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * The rules every record kind shares: who may read a record (in Java and the same rule in SQL), the kind's
 * workflow engine, and the checks on what a request sends (422 with the field's name).
 *
 * <p>Read scope: records are the staff's. A supervisor sees every record of the entity; an agent those
 * assigned to them or their groups, those they opened, and those nobody has taken yet. Requesters see none.
 */
final class RecordRules {

    static final int TEXT_MAX = 20_000;
    static final int TITLE_MAX = 300;
    static final int MAX_CASES = 50;
    static final int PAGE = 50;
    /** The views of every kind; changes add the two work-team views of 002 §11 (issue 27). */
    static final List<String> VIEWS = List.of("all", "mine", "groups");
    static final List<String> TEAM_VIEWS = List.of("team", "teamGroups");

    private RecordRules() {
    }

    /** Whether the caller may read the record (see the class comment). */
    static boolean maySee(Caller caller, RecordRow r) {
        if (caller.roles().contains(Roles.SUPERVISOR)) {
            return true;
        }
        if (!caller.agent()) {
            return false;
        }
        return caller.personId().equals(r.assignedAgentId()) || caller.personId().equals(r.createdById())
                || (r.assignedGroup() != null && caller.groups().contains(r.assignedGroup()))
                || (r.assignedGroup() == null && r.assignedAgentId() == null) || inTeam(caller, r);
    }

    /**
     * A change's work team (technicians and groups) reads it too, and so does its change committee (the group named
     * when it was opened, kept in its details), whose members judge it (issue 27).
     */
    @SuppressWarnings("unchecked")
    static boolean inTeam(Caller caller, RecordRow r) {
        if (r.details().get("committeeGroup") instanceof String committee && caller.groups().contains(committee)) {
            return true;
        }
        if (!(r.details().get("team") instanceof java.util.Map<?, ?> team)) {
            return false;
        }
        List<String> agents = (List<String>) team.get("agents");
        List<String> groups = (List<String>) team.get("groups");
        return (agents != null && agents.contains(caller.personId().toString()))
                || (groups != null && groups.stream().anyMatch(caller.groups()::contains));
    }

    /**
     * The work-team views of changes (002 §11): "en mi equipo de trabajo" (the caller is a technician of the change's
     * team) and "en mis grupos en equipo de trabajo" (one of the caller's groups is in it), leaving out new changes and
     * those that are over (closed, rejected, cancelled).
     */
    static void team(StringBuilder sql, List<Object> args, TenantConfig.RecordKind rk, Caller caller, String view) {
        if (!TEAM_VIEWS.contains(view)) {
            return;
        }
        if ("team".equals(view)) {
            sql.append(" AND details -> 'team' @> jsonb_build_object('agents', jsonb_build_array(?::text))");
            args.add(caller.personId().toString());
        } else {
            sql.append(" AND (details -> 'team' -> 'groups') ??| ?");
            args.add(caller.groups().toArray(new String[0]));
        }
        sql.append(" AND state = ANY(?)");
        args.add(rk.states().stream().filter(RecordRules::counted).map(TenantConfig.State::key).toArray(String[]::new));
    }

    /** The states the work-team views count: not new, not over. */
    static boolean counted(TenantConfig.State s) {
        return s.phase() != TenantConfig.Phase.NEW && s.phase() != TenantConfig.Phase.CLOSED
                && s.phase() != TenantConfig.Phase.REJECTED;
    }

    /** The same rule as {@link #maySee} in SQL, plus the view's filter, so lists and counters agree. */
    static void scope(StringBuilder sql, List<Object> args, Caller caller, String view) {
        if (!caller.roles().contains(Roles.SUPERVISOR)) {
            sql.append(" AND (assigned_agent_id = ? OR created_by_id = ? OR assigned_group = ANY(?)"
                    + " OR (assigned_group IS NULL AND assigned_agent_id IS NULL)"
                    + " OR details -> 'team' @> jsonb_build_object('agents', jsonb_build_array(?::text))"
                    + " OR (details -> 'team' -> 'groups') ??| ? OR details ->> 'committeeGroup' = ANY(?))");
            args.add(caller.personId());
            args.add(caller.personId());
            args.add(caller.groups().toArray(new String[0]));
            args.add(caller.personId().toString());
            args.add(caller.groups().toArray(new String[0]));
            args.add(caller.groups().toArray(new String[0]));
        }
        if ("mine".equals(view)) {
            sql.append(" AND assigned_agent_id = ?");
            args.add(caller.personId());
        } else if ("groups".equals(view)) {
            sql.append(" AND assigned_group = ANY(?)");
            args.add(caller.groups().toArray(new String[0]));
        }
    }

    static TenantConfig.RecordKind kind(TenantContext tenant, String kind) {
        return tenant.config().workflow().record(kind).orElseThrow(RecordProblems::notFound);
    }

    static WorkflowEngine engine(TenantConfig.RecordKind rk) {
        return new WorkflowEngine(rk.asWorkflow(), false);
    }

    static boolean over(TenantConfig.RecordKind rk, RecordRow r) {
        return engine(rk).isFinal(new WorkflowEngine.Position(r.state(), r.substate()));
    }

    // ---- what a request sends --------------------------------------------------------------------------

    static String required(String field, @Nullable String value, int max) {
        String v = optional(field, value, max);
        if (v == null) {
            throw RecordProblems.invalid(field, "case.param.required");
        }
        return v;
    }

    @Nullable
    static String optional(String field, @Nullable String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.length() > max) {
            throw RecordProblems.invalid(field, "record.param.too-long", max);
        }
        if (v.chars().anyMatch(ch -> ch == 0) || !StandardCharsets.UTF_8.newEncoder().canEncode(v)) {
            throw RecordProblems.invalid(field, "case.param.type");
        }
        return v;
    }

    @Nullable
    static String group(TenantContext tenant, @Nullable String group) {
        if (group == null) {
            return null;
        }
        if (tenant.config().groups().groups().stream().noneMatch(g -> g.key().equals(group))) {
            throw RecordProblems.invalid("assignedGroup", "case.param.unknown", group);
        }
        return group;
    }

    static UUID uuid(String field, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw RecordProblems.invalid(field, "case.param.type");
        }
    }

    static List<UUID> caseIds(@Nullable List<String> ids) {
        if (ids == null) {
            return List.of();
        }
        if (ids.size() > MAX_CASES) {
            throw RecordProblems.invalid("cases", "record.param.too-many", MAX_CASES);
        }
        LinkedHashSet<UUID> out = new LinkedHashSet<>();
        for (String s : ids) {
            if (s == null) {
                throw RecordProblems.invalid("cases", "case.param.type");
            }
            out.add(uuid("cases", s));
        }
        return List.copyOf(out);
    }
}
