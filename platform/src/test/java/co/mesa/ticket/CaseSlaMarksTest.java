package co.mesa.ticket;

import co.mesa.testsupport.NeedsServices;
import co.mesa.sla.BusinessCalendar;
import co.mesa.sla.SlaClock;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.tenantconfig.TenantConfigValidator;
import co.mesa.tenantconfig.TenantFolders;
import co.mesa.testsupport.MesaPlatform;
import co.mesa.ticket.internal.EventRow;
import co.mesa.workflow.WorkflowEngine;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A case's events replayed into SLA clock marks with the tenant's current flags: flipping a
 * substate's "stops the clock" flag recomputes the due date from the same history. Pure logic.
 */
@NeedsServices
class CaseSlaMarksTest {

    static final UUID CASE = UUID.randomUUID();

    static Instant at(String s) {
        return OffsetDateTime.parse(s).toInstant();
    }

    static EventRow event(int version, String at, String kind, Map<String, Object> changes) {
        return new EventRow(CASE, version, at(at), null, "system", kind, false, null, changes, Map.of());
    }

    static Map<String, Object> change(String field, String from, String to) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", from);
        m.put("to", to);
        return Map.of(field, m);
    }

    @Test
    void aFlagChangeRecomputesTheDueDateFromTheSameHistory() throws Exception {
        TenantConfig fp = new TenantConfigValidator().validate(TenantFolders.read(
                MesaPlatform.repoRoot().resolve("tenant-config").resolve("funcion-publica")).bundle());
        List<EventRow> history = List.of(
                event(1, "2026-11-23T08:00:00-05:00", "created", Map.of("state", Map.of("to", "nueva"))),
                event(2, "2026-11-23T08:00:00-05:00", "assigned", change("state", "nueva", "asignada")),
                event(3, "2026-11-23T09:00:00-05:00", "substateChange", change("substate", null, "en-desarrollo-sw")),
                event(4, "2026-11-23T15:00:00-05:00", "substateChange", change("substate", "en-desarrollo-sw", "en-pruebas")));
        List<SlaClock.Mark> marks = CaseSlaWork.marks(new WorkflowEngine(fp.workflow(), false), history);
        assertThat(marks).extracting(SlaClock.Mark::stopped).containsExactly(false, false, true, false);
        assertThat(marks).extracting(SlaClock.Mark::reason).containsExactly("nueva", "asignada", "en-desarrollo-sw", "en-pruebas");

        BusinessCalendar calendar = BusinessCalendar.of(fp.calendars().find("tecnicos-primer-nivel").orElseThrow());
        Instant created = at("2026-11-23T08:00:00-05:00");
        Instant now = at("2026-11-23T15:30:00-05:00");
        Instant dueWithPause = SlaClock.compute(calendar, created, marks, List.of(), null, Duration.ofHours(4),
                null, null, null, now).resolution().dueAt();

        // The tenant decides "En desarrollo de SW" no longer stops the clock.
        TenantConfig.Workflow w = fp.workflow();
        List<TenantConfig.Substate> flipped = w.substates().stream().map(s -> s.key().equals("en-desarrollo-sw")
                ? new TenantConfig.Substate(s.key(), s.name(), s.description(), s.states(), false, s.automaticOn()) : s)
                .toList();
        WorkflowEngine edited = new WorkflowEngine(new TenantConfig.Workflow(w.caseTypes(), w.states(), flipped,
                w.transitions(), w.actions()), false);
        Instant dueWithout = SlaClock.compute(calendar, created, CaseSlaWork.marks(edited, history), List.of(), null,
                Duration.ofHours(4), null, null, null, now).resolution().dueAt();

        // The six paused hours (09:00–15:00) no longer count: the due date comes that much earlier.
        assertThat(calendar.businessTimeBetween(dueWithout, dueWithPause, List.of())).isEqualTo(Duration.ofHours(6));
        assertThat(dueWithout).isEqualTo(created.plus(Duration.ofHours(4)));
    }
}
