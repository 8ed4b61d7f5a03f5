package co.mesa.workflow;

import co.mesa.tenantconfig.I18n;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.tenantconfig.TenantConfig.Phase;
import co.mesa.workflow.WorkflowEngine.Actor;
import co.mesa.workflow.WorkflowEngine.Position;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code from: "*"} and a manual step without a note, which neither launch tenant uses: a small
 * workflow written for them (the shape docs/tenant-config.md allows). Pure logic.
 */
class WorkflowEngineAnyStateTest {

    static final WorkflowEngine ENGINE = new WorkflowEngine(new TenantConfig.Workflow(
            List.of(new TenantConfig.CaseType("incidente", I18n.of("Incidente"), null)),
            List.of(state("nuevo", Phase.NEW, true), state("en-curso", Phase.IN_PROGRESS, false),
                    state("en-espera", Phase.ON_HOLD, false), state("cerrado", Phase.CLOSED, false),
                    state("anulado", Phase.REJECTED, false)),
            List.of(),
            List.of(transition("iniciar", List.of("nuevo"), "en-curso", false, null, "agent"),
                    transition("esperar", List.of("en-curso"), "en-espera", false, null, "agent", "requester"),
                    transition("cerrar", List.of("en-curso"), "cerrado", true, null, "agent"),
                    // Any open state: cancelled by the requester, or by the platform when the entity withdraws the service.
                    transition("anular", List.of("*"), "anulado", true, null, "requester"),
                    transition("retirar", List.of("*"), "anulado", false, "serviceWithdrawn", "system")),
            List.of()), false);

    @Test
    void aStepFromAnyStateLeavesEveryStateThatIsNotOver() {
        for (String open : List.of("nuevo", "en-curso", "en-espera")) {
            assertThat(ENGINE.available(new Position(open, null), Actor.REQUESTER))
                    .extracting(TenantConfig.Transition::key).as(open).contains("anular");
            assertThat(ENGINE.on(new Position(open, null), "serviceWithdrawn").orElseThrow().to())
                    .isEqualTo(new Position("anulado", null));
        }
        for (String over : List.of("cerrado", "anulado")) {
            assertThat(ENGINE.available(new Position(over, null), Actor.REQUESTER)).as(over).isEmpty();
            assertThat(ENGINE.on(new Position(over, null), "serviceWithdrawn")).as(over).isEmpty();
            assertThatThrownBy(() -> ENGINE.take(new Position(over, null), "anular", Actor.REQUESTER, "Ya no"))
                    .satisfies(e -> assertThat(((WorkflowViolation) e).reason()).isEqualTo(WorkflowViolation.Reason.NOT_FROM_HERE));
        }
    }

    @Test
    void aStepWithoutANoteRequirementIsTakenWithoutOne() {
        Position working = new Position("en-curso", null);
        assertThat(ENGINE.take(working, "esperar", Actor.REQUESTER, null).to()).isEqualTo(new Position("en-espera", null));
        assertThat(ENGINE.take(working, "esperar", Actor.AGENT, "  ").to()).isEqualTo(new Position("en-espera", null));
        assertThatThrownBy(() -> ENGINE.take(working, "cerrar", Actor.AGENT, "  "))
                .satisfies(e -> assertThat(((WorkflowViolation) e).reason()).isEqualTo(WorkflowViolation.Reason.NOTE_REQUIRED));
        assertThat(ENGINE.take(working, "cerrar", Actor.AGENT, "Resuelto por teléfono").to().state()).isEqualTo("cerrado");
    }

    @Test
    void theAgentsManualStepsFromHereAreListedInTheDataOrder() {
        assertThat(ENGINE.available(new Position("en-curso", null), Actor.AGENT))
                .extracting(TenantConfig.Transition::key).containsExactly("esperar", "cerrar");
        assertThat(ENGINE.available(new Position("en-curso", null), Actor.REQUESTER))
                .extracting(TenantConfig.Transition::key).containsExactly("esperar", "anular");
        assertThat(ENGINE.available(new Position("en-curso", null), Actor.SYSTEM)).isEmpty();
    }

    private static TenantConfig.State state(String key, Phase phase, boolean initial) {
        return new TenantConfig.State(key, I18n.of(key), null, phase, initial, false, false);
    }

    private static TenantConfig.Transition transition(String key, List<String> from, String to, boolean requiresNote,
                                                      String automaticOn, String... actors) {
        return new TenantConfig.Transition(key, from, to, I18n.of(key), requiresNote, null, automaticOn, List.of(actors), null);
    }
}
