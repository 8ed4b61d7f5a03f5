package co.mesa.record;

import co.mesa.identity.PeopleService;
import co.mesa.shared.Jdbc;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.ticket.Caller;
import co.mesa.workflow.WorkflowEngine;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Tasks ("actividades, hitos y tareas", 002 §11) of a change or a problem (issue 27): a title, a technician or a group,
 * a due date and a state. Whoever may see the record works its tasks; a task assigned to someone (or their group) is
 * theirs to see and work too, and counts in their "Mis tareas". Adding a task is an event of the record's history.
 */
@Singleton
public class TaskService {

    static final List<String> STATES = List.of("pendiente", "en-curso", "hecha", "cancelada");
    static final List<String> OPEN = List.of("pendiente", "en-curso");
    private static final String COLUMNS = "t.id, t.record_id, r.kind, r.code, t.title, t.assigned_group, t.assigned_agent_id, "
            + "t.due_on, t.state, t.created_at, t.version";
    private static final String FROM = " FROM record_task t JOIN work_record r ON r.tenant_id = t.tenant_id AND r.id = t.record_id";

    private final TenantTransactions tx;
    private final PeopleService people;
    private final Clock clock;

    public TaskService(TenantTransactions tx, PeopleService people) {
        this.tx = tx;
        this.people = people;
        this.clock = Clock.systemUTC();
    }

    public TaskView create(TenantContext tenant, Authentication auth, String kind, UUID recordId, TaskRequests.NewTask t) {
        String title = ChangeDetails.text("title", t.title(), true);
        if (title.length() > RecordRules.TITLE_MAX) {
            throw RecordProblems.invalid("title", "record.param.too-long", RecordRules.TITLE_MAX);
        }
        String group = group(tenant, t.assignedGroup());
        UUID agent = agent(t.assignedAgentId());
        if (group == null && agent == null) {
            throw RecordProblems.invalid("assignedAgentId", "task.param.assignee");
        }
        LocalDate due = date(t.dueOn());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return tx.write(tenant.id(), c -> {
            Caller caller = caller(c, tenant, auth);
            RecordRow r = ChangeStore.find(c, tenant, recordId, true)
                    .filter(x -> x.kind().equals(kind) && RecordRules.maySee(caller, x)).orElseThrow(RecordProblems::notFound);
            var rk = tenant.config().workflow().record(kind).orElseThrow(RecordProblems::notFound);
            if (RecordRules.engine(rk).isFinal(new WorkflowEngine.Position(r.state(), r.substate()))) {
                throw RecordService.CHANGE.equals(kind) ? ChangeProblems.over(r.code()) : RecordProblems.over(r.code());
            }
            if (agent != null && ChangeStore.people(c, tenant, List.of(agent)).isEmpty()) {
                throw RecordProblems.invalid("assignedAgentId", "case.param.unknown", agent.toString());
            }
            UUID id = UUID.randomUUID();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO record_task (tenant_id, id, record_id, title, assigned_group, "
                    + "assigned_agent_id, due_on, state, created_by_id, created_at, updated_at, version) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, 'pendiente', ?, ?, ?, 1)")) {
                ps.setObject(1, tenant.id().value());
                ps.setObject(2, id);
                ps.setObject(3, recordId);
                ps.setString(4, title);
                ps.setString(5, group);
                ps.setObject(6, agent);
                ps.setDate(7, due == null ? null : Date.valueOf(due));
                ps.setObject(8, caller.personId());
                Jdbc.setInstant(ps, 9, now);
                Jdbc.setInstant(ps, 10, now);
                ps.executeUpdate();
            }
            touch(c, tenant, r, now);
            RecordStore.event(c, tenant, recordId, "task-added", caller.personId(), null, null, null,
                    Map.of("taskId", id.toString(), "title", title), now);
            return one(c, tenant, id).orElseThrow();
        });
    }

    /** Edits a task at {@code expected} (its ETag): missing → 428, stale → 412; done or cancelled tasks stay so. */
    public TaskView edit(TenantContext tenant, Authentication auth, UUID id, @Nullable Integer expected, TaskRequests.Edit e) {
        String title = e.title() == null ? null : ChangeDetails.text("title", e.title(), true);
        String state = e.state() == null ? null : ChangeDetails.oneOf("state", e.state(), STATES, true);
        String group = group(tenant, e.assignedGroup());
        UUID agent = agent(e.assignedAgentId());
        LocalDate due = date(e.dueOn());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return tx.write(tenant.id(), c -> {
            Caller caller = caller(c, tenant, auth);
            TaskView t = visible(c, tenant, caller, id).orElseThrow(RecordProblems::notFound);
            if (expected == null) {
                throw RecordProblems.preconditionRequired();
            }
            if (expected != t.version()) {
                throw RecordProblems.stale(expected, t.version());
            }
            if (!OPEN.contains(t.state())) {
                throw ChangeProblems.taskOver();
            }
            if (agent != null && ChangeStore.people(c, tenant, List.of(agent)).isEmpty()) {
                throw RecordProblems.invalid("assignedAgentId", "case.param.unknown", agent.toString());
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE record_task SET title = coalesce(?, title), state = coalesce(?, state), "
                    + "assigned_group = coalesce(?, assigned_group), assigned_agent_id = coalesce(?, assigned_agent_id), "
                    + "due_on = coalesce(?, due_on), updated_at = ?, version = version + 1 "
                    + "WHERE tenant_id = ? AND id = ? AND version = ?")) {
                ps.setString(1, title);
                ps.setString(2, state);
                ps.setString(3, group);
                ps.setObject(4, agent);
                ps.setDate(5, due == null ? null : Date.valueOf(due));
                Jdbc.setInstant(ps, 6, now);
                ps.setObject(7, tenant.id().value());
                ps.setObject(8, id);
                ps.setInt(9, expected);
                if (ps.executeUpdate() != 1) {
                    throw RecordProblems.stale(expected, expected + 1);
                }
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("taskId", id.toString());
            data.put("state", state == null ? t.state() : state);
            RecordRow r = ChangeStore.find(c, tenant, UUID.fromString(t.recordId()), true).orElseThrow();
            touch(c, tenant, r, now);
            RecordStore.event(c, tenant, r.id(), "task-edited", caller.personId(), null, null, null, data, now);
            return one(c, tenant, id).orElseThrow();
        });
    }

    public Optional<TaskView> get(TenantContext tenant, Authentication auth, UUID id) {
        return tx.write(tenant.id(), c -> visible(c, tenant, caller(c, tenant, auth), id));
    }

    /** The record's tasks, oldest first. */
    List<TaskView> forRecord(Connection c, TenantContext tenant, RecordRow r) throws SQLException {
        return query(c, "SELECT " + COLUMNS + FROM + " WHERE t.tenant_id = ? AND t.record_id = ? ORDER BY t.created_at, t.id",
                List.of(tenant.id().value(), r.id()));
    }

    /** The open tasks assigned to the caller ({@code mine}) or to their groups ({@code groups}): part of "Mis tareas". */
    List<TaskView> open(Connection c, TenantContext tenant, Caller caller, String view) throws SQLException {
        String who = "mine".equals(view) ? "t.assigned_agent_id = ?" : "t.assigned_group = ANY (?)";
        Object arg = "mine".equals(view) ? caller.personId() : c.createArrayOf("text", caller.groups().toArray());
        return query(c, "SELECT " + COLUMNS + FROM + " WHERE t.tenant_id = ? AND " + who
                + " AND t.state IN ('pendiente', 'en-curso') ORDER BY t.due_on NULLS LAST, t.created_at, t.id LIMIT 200",
                List.of(tenant.id().value(), arg));
    }

    private Optional<TaskView> visible(Connection c, TenantContext tenant, Caller caller, UUID id) throws SQLException {
        Optional<TaskView> t = one(c, tenant, id);
        if (t.isEmpty()) {
            return t;
        }
        TaskView v = t.get();
        boolean assigned = caller.personId().toString().equals(v.assignedAgentId())
                || (v.assignedGroup() != null && caller.groups().contains(v.assignedGroup()));
        if (assigned) {
            return t;
        }
        return ChangeStore.find(c, tenant, UUID.fromString(v.recordId()), false)
                .filter(r -> RecordRules.maySee(caller, r)).flatMap(r -> t);
    }

    private static Optional<TaskView> one(Connection c, TenantContext tenant, UUID id) throws SQLException {
        return query(c, "SELECT " + COLUMNS + FROM + " WHERE t.tenant_id = ? AND t.id = ?", List.of(tenant.id().value(), id))
                .stream().findFirst();
    }

    private static void touch(Connection c, TenantContext tenant, RecordRow r, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE work_record SET version = version + 1, updated_at = ? "
                + "WHERE tenant_id = ? AND id = ?")) {
            Jdbc.setInstant(ps, 1, now);
            ps.setObject(2, tenant.id().value());
            ps.setObject(3, r.id());
            ps.executeUpdate();
        }
    }

    private static List<TaskView> query(Connection c, String sql, List<Object> args) throws SQLException {
        List<TaskView> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID agent = rs.getObject(7, UUID.class);
                    Date due = rs.getDate(8);
                    out.add(new TaskView(rs.getObject(1, UUID.class).toString(), rs.getObject(2, UUID.class).toString(),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                            agent == null ? null : agent.toString(), due == null ? null : due.toLocalDate().toString(),
                            rs.getString(9), Jdbc.instant(rs.getTimestamp(10)).toString(), rs.getInt(11)));
                }
            }
        }
        return out;
    }

    @Nullable
    private static String group(TenantContext tenant, @Nullable String group) {
        if (group != null && tenant.config().groups().groups().stream().noneMatch(g -> g.key().equals(group))) {
            throw RecordProblems.invalid("assignedGroup", "case.param.unknown", group);
        }
        return group;
    }

    @Nullable
    private static UUID agent(@Nullable String id) {
        return id == null ? null : UUID.fromString(ChangeDetails.ids("assignedAgentId", List.of(id)).get(0));
    }

    @Nullable
    private static LocalDate date(@Nullable String value) {
        if (value == null) {
            return null;
        }
        LocalDate d;
        try {
            d = LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw RecordProblems.invalid("dueOn", "task.param.date");
        }
        if (d.getYear() < 2000 || d.getYear() > 2200) {
            throw RecordProblems.invalid("dueOn", "task.param.date");
        }
        return d;
    }

    private Caller caller(Connection c, TenantContext tenant, Authentication auth) throws SQLException {
        Caller caller = Caller.of(people.caller(c, tenant, auth), auth.getName());
        if (!caller.agent()) {
            throw RecordProblems.agentsOnly();
        }
        return caller;
    }
}
