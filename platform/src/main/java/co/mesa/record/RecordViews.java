package co.mesa.record;

import co.mesa.shared.Jdbc;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.workflow.WorkflowEngine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** A stored record turned into what an agent sees: its kind's facts, open transitions, linked cases and history. */
final class RecordViews {

    private RecordViews() {
    }

    static RecordView of(Connection c, TenantConfig.RecordKind rk, RecordRow r, Locale lang) throws SQLException {
        WorkflowEngine engine = RecordRules.engine(rk);
        WorkflowEngine.Position at = new WorkflowEngine.Position(r.state(), r.substate());
        TenantConfig.State state = engine.stateOf(r.state());
        List<RecordView.Transition> transitions = engine.available(at, WorkflowEngine.Actor.AGENT).stream()
                .map(t -> new RecordView.Transition(t.key(), t.name().resolve(List.of(lang)), t.requiresNote())).toList();
        List<RecordView.LinkedCase> cases = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT s.id, s.code, s.title, s.state, s.closed_at FROM work_record_case l "
                + "JOIN service_case s ON s.tenant_id = l.tenant_id AND s.id = l.case_id WHERE l.record_id = ? ORDER BY l.linked_at, s.code")) {
            ps.setObject(1, r.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    cases.add(new RecordView.LinkedCase(rs.getObject(1, UUID.class).toString(), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getTimestamp(5) == null));
                }
            }
        }
        List<RecordView.Event> history = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, kind, actor_id, from_state, to_state, note, at "
                + "FROM work_record_event WHERE record_id = ? ORDER BY seq")) {
            ps.setObject(1, r.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID actor = rs.getObject(3, UUID.class);
                    history.add(new RecordView.Event(rs.getInt(1), rs.getString(2), actor == null ? null : actor.toString(),
                            rs.getString(4), rs.getString(5), rs.getString(6), Jdbc.instant(rs.getTimestamp(7)).toString()));
                }
            }
        }
        RecordView.ProblemFacts facts = RecordService.PROBLEM.equals(r.kind()) ? new RecordView.ProblemFacts(
                (String) r.details().get("impact"), (String) r.details().get("rootCause"),
                (String) r.details().get("workaround"), Boolean.TRUE.equals(r.details().get("knownError")),
                (String) r.details().get("articleId")) : null;
        return new RecordView(r.id().toString(), r.kind(), r.code(), r.title(), r.description(), r.state(),
                state.name().resolve(List.of(lang)), state.phase().name(), r.substate(), r.assignedGroup(),
                r.assignedAgentId() == null ? null : r.assignedAgentId().toString(), facts, cases, transitions, history,
                r.dueAt() == null ? null : r.dueAt().toString(), r.closedAt() == null ? null : r.closedAt().toString(),
                r.createdAt().toString(), r.updatedAt().toString(), r.version());
    }
}
