package co.mesa.record;

import co.mesa.identity.PeopleService;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.ticket.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * "Mis tareas" (002 §11, issue 27): the open work assigned to the caller ({@code mine}) or to their groups
 * ({@code groups}) across cases, problems, changes and tasks. Counters and lists come from the same conditions
 * ({@link #where}), so each counter is the length of the list it names.
 */
@Singleton
public class MyWork {

    static final List<String> VIEWS = List.of("mine", "groups");
    static final List<String> KINDS = List.of("cases", "problems", "changes", "tasks");
    static final int LIMIT = 200;

    private final TenantTransactions tx;
    private final PeopleService people;

    public MyWork(TenantTransactions tx, PeopleService people) {
        this.tx = tx;
        this.people = people;
    }

    /** One piece of open work: its kind (case, problema, cambio, tarea), what it is, and where it is worked. */
    @Serdeable
    @Schema(name = "WorkItem")
    public record Item(String kind, String id, String code, String title, String state, String link,
                       @Nullable String recordKind, @Nullable String recordId) {
    }

    @Serdeable
    @Schema(name = "WorkCounter")
    public record Counter(String kind, long count, String list) {
    }

    @Serdeable
    @Schema(name = "MyWork")
    public record Work(List<Counter> mine, List<Counter> groups) {
    }

    public Work counters(TenantContext tenant, Authentication auth) {
        return tx.write(tenant.id(), c -> {
            Caller caller = caller(c, tenant, auth);
            return new Work(count(c, tenant, caller, "mine"), count(c, tenant, caller, "groups"));
        });
    }

    /** The list a counter names: the open work of one kind for the view, at most {@value #LIMIT}. */
    public List<Item> list(TenantContext tenant, Authentication auth, String view, String kind) {
        if (!VIEWS.contains(view)) {
            throw RecordProblems.invalid("view", "case.param.unknown", view);
        }
        if (!KINDS.contains(kind)) {
            throw RecordProblems.invalid("kind", "case.param.unknown", kind);
        }
        return tx.write(tenant.id(), c -> {
            Caller caller = caller(c, tenant, auth);
            String sql = switch (kind) {
                case "cases" -> "SELECT id, code, title, state, 'case', NULL, NULL FROM service_case WHERE " + where(kind, view)
                        + " ORDER BY created_at DESC, id DESC LIMIT " + LIMIT;
                case "tasks" -> "SELECT t.id, r.code, t.title, t.state, 'tarea', r.kind, r.id FROM record_task t JOIN work_record r "
                        + "ON r.tenant_id = t.tenant_id AND r.id = t.record_id WHERE " + where(kind, view)
                        + " ORDER BY t.due_on NULLS LAST, t.created_at, t.id LIMIT " + LIMIT;
                default -> "SELECT id, code, title, state, kind, NULL, NULL FROM work_record WHERE " + where(kind, view)
                        + " ORDER BY created_at DESC, id DESC LIMIT " + LIMIT;
            };
            List<Item> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(c, ps, tenant, caller, kind, view);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        UUID id = rs.getObject(1, UUID.class);
                        String k = rs.getString(5);
                        UUID record = rs.getObject(7, UUID.class);
                        out.add(new Item(k, id.toString(), rs.getString(2), rs.getString(3), rs.getString(4), link(k, id),
                                rs.getString(6), record == null ? null : record.toString()));
                    }
                }
            }
            return out;
        });
    }

    private static List<Counter> count(Connection c, TenantContext tenant, Caller caller, String view) throws SQLException {
        List<Counter> out = new ArrayList<>();
        for (String kind : KINDS) {
            String table = "tasks".equals(kind) ? "record_task t" : "cases".equals(kind) ? "service_case" : "work_record";
            // The same conditions as the list, counted up to the list's length.
            String sql = "SELECT count(*) FROM (SELECT 1 FROM " + table + " WHERE " + where(kind, view) + " LIMIT " + LIMIT + ") x";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(c, ps, tenant, caller, kind, view);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    out.add(new Counter(kind, rs.getLong(1), "/api/v1/me/work/" + view + "/" + kind));
                }
            }
        }
        return out;
    }

    /** Open and assigned to the caller (mine) or to one of their groups (groups); every query names the tenant. */
    static String where(String kind, String view) {
        String p = "tasks".equals(kind) ? "t." : "";
        String who = "mine".equals(view) ? p + "assigned_agent_id = ?" : p + "assigned_group = ANY (?)";
        return switch (kind) {
            case "cases" -> "tenant_id = ? AND " + who + " AND closed_at IS NULL";
            case "tasks" -> "t.tenant_id = ? AND " + who + " AND t.state IN ('pendiente', 'en-curso')";
            default -> "tenant_id = ? AND kind = ? AND " + who + " AND closed_at IS NULL";
        };
    }

    private static void bind(Connection c, PreparedStatement ps, TenantContext tenant, Caller caller, String kind, String view)
            throws SQLException {
        int i = 1;
        ps.setObject(i++, tenant.id().value());
        if ("problems".equals(kind) || "changes".equals(kind)) {
            ps.setString(i++, "problems".equals(kind) ? RecordService.PROBLEM : RecordService.CHANGE);
        }
        if ("mine".equals(view)) {
            ps.setObject(i, caller.personId());
        } else {
            ps.setArray(i, c.createArrayOf("text", caller.groups().toArray()));
        }
    }

    private static String link(String kind, UUID id) {
        return switch (kind) {
            case "case" -> "/api/v1/cases/" + id;
            case "tarea" -> "/api/v1/tasks/" + id;
            case RecordService.PROBLEM -> "/api/v1/problems/" + id;
            default -> "/api/v1/changes/" + id;
        };
    }

    private Caller caller(Connection c, TenantContext tenant, Authentication auth) throws SQLException {
        Caller caller = Caller.of(people.caller(c, tenant, auth), auth.getName());
        if (!caller.agent()) {
            throw RecordProblems.agentsOnly();
        }
        return caller;
    }
}
