package co.mesa.workflow;

import co.mesa.testsupport.NeedsServices;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.tenantconfig.TenantConfigValidator;
import co.mesa.tenantconfig.TenantFolders;
import co.mesa.testsupport.MesaPlatform;
import co.mesa.workflow.WorkflowEngine.Actor;
import co.mesa.workflow.WorkflowEngine.Position;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Both entities' real workflows (from tenant-config/), as the seeds describe them. Pure logic. */
@NeedsServices
class WorkflowEngineTest {

    static final WorkflowEngine FP = engine("funcion-publica", false);
    static final WorkflowEngine PS = engine("prosperidad-social", false);
    static final WorkflowEngine PS_WITH_SURVEYS = engine("prosperidad-social", true);

    static WorkflowEngine engine(String slug, boolean surveys) {
        try {
            TenantConfig c = new TenantConfigValidator().validate(
                    TenantFolders.read(MesaPlatform.repoRoot().resolve("tenant-config").resolve(slug)).bundle());
            return new WorkflowEngine(c.workflow(), surveys);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void funcionPublicaLifecycleWithEveryAutomaticStep() {
        Position p = FP.initial();
        assertThat(p.state()).isEqualTo("nueva");
        // Assignment sweep: Nueva → Asignada on its own.
        p = FP.on(p, "assignment").orElseThrow().to();
        assertThat(p.state()).isEqualTo("asignada");
        // A question to the user: pending-user substate, clock stopped (002 §10).
        p = FP.on(p, "question").orElseThrow().to();
        assertThat(p).isEqualTo(new Position("asignada", "pendiente-respuesta-usuario"));
        assertThat(FP.clockStopped(p)).isTrue();
        // The user's answer: "Con respuesta del Usuario", clock running again.
        p = FP.on(p, "answer").orElseThrow().to();
        assertThat(p).isEqualTo(new Position("asignada", "con-respuesta-del-usuario"));
        assertThat(FP.clockStopped(p)).isFalse();
        // The agent signs the solution: Resuelta (a state change clears the substate).
        p = FP.on(p, "solutionSigned").orElseThrow().to();
        assertThat(p).isEqualTo(new Position("resuelta", null));
        assertThat(FP.clockStopped(p)).isTrue();
        // "Incorrecta": back to Asignada.
        p = FP.on(p, "solutionRejected").orElseThrow().to();
        assertThat(p.state()).isEqualTo("asignada");
        p = FP.on(p, "solutionSigned").orElseThrow().to();
        // "Correcta" would close it too.
        assertThat(FP.on(p, "solutionAccepted").orElseThrow().to().state()).isEqualTo("cerrada");
        // Nobody answers: automatic closure.
        p = FP.on(p, "autoClose").orElseThrow().to();
        assertThat(p.state()).isEqualTo("cerrada");
        assertThat(FP.isFinal(p)).isTrue();
        assertThat(FP.available(p, Actor.AGENT)).isEmpty();
    }

    @Test
    void funcionPublicaImmediateFirstLineSolutionClosesFromNuevaAndAsignada() {
        assertThat(FP.on(FP.initial(), "firstLineSolution").orElseThrow().to().state()).isEqualTo("cerrada");
        assertThat(FP.on(new Position("asignada", "en-atencion"), "firstLineSolution").orElseThrow().to())
                .isEqualTo(new Position("cerrada", null));
        // An ordinary signature from Nueva leads nowhere: the case must be assigned first.
        assertThat(FP.on(FP.initial(), "solutionSigned")).isEmpty();
    }

    @Test
    void funcionPublicaRejectsFromItsRejectableStatesOnlyAndManualStepsNeedANote() {
        assertThat(FP.on(FP.initial(), "rejected").orElseThrow().to().state()).isEqualTo("rechazada");
        assertThat(FP.on(new Position("asignada", "pendiente-proveedor-externo"), "rejected").orElseThrow().to())
                .isEqualTo(new Position("rechazada", null));
        assertThat(FP.on(new Position("resuelta", null), "rejected")).isEmpty();
        // Rejection happens through its action, never as a bare state change.
        assertThatThrownBy(() -> FP.take(FP.initial(), "rechazar", Actor.AGENT, "motivo"))
                .satisfies(e -> assertThat(((WorkflowViolation) e).reason()).isEqualTo(WorkflowViolation.Reason.UNKNOWN_TRANSITION));
        Position assigned = new Position("asignada", null);
        assertThatThrownBy(() -> FP.take(assigned, "revocar-asignacion", Actor.AGENT, " "))
                .satisfies(e -> assertThat(((WorkflowViolation) e).reason()).isEqualTo(WorkflowViolation.Reason.NOTE_REQUIRED));
        assertThat(FP.take(assigned, "revocar-asignacion", Actor.AGENT, "Se revoca la firma").to().state())
                .isEqualTo("nueva");
        assertThatThrownBy(() -> FP.take(FP.initial(), "revocar-asignacion", Actor.AGENT, "x"))
                .satisfies(e -> assertThat(((WorkflowViolation) e).reason()).isEqualTo(WorkflowViolation.Reason.NOT_FROM_HERE));
    }

    @Test
    void actionsAreOfferedOnlyInTheStatesTheTenantNames() {
        assertThat(FP.action(FP.initial(), "reject")).isPresent();
        assertThat(FP.action(new Position("asignada", null), "reject")).isPresent();
        assertThat(FP.action(new Position("resuelta", null), "reject")).isEmpty();
        assertThat(FP.action(new Position("resuelta", null), "confirmSolution")).isPresent();
        // Listed without states: any state that is not over.
        assertThat(FP.action(new Position("resuelta", null), "internalNote")).isPresent();
        assertThat(FP.action(new Position("cerrada", null), "internalNote")).isEmpty();
        // Prosperidad Social has no rejection at all.
        assertThat(PS.action(PS.initial(), "reject")).isEmpty();
    }

    @Test
    void onlyTheRequesterConfirmsAndOnlyAllowedSubstatesAreSet() {
        Position resolved = new Position("resuelta", null);
        assertThatThrownBy(() -> PS.take(new Position("en-proceso", null), "retener-otra-causa", Actor.REQUESTER, "x"))
                .satisfies(e -> assertThat(((WorkflowViolation) e).reason()).isEqualTo(WorkflowViolation.Reason.NOT_YOURS));
        // The pending-user substate is set by a question only, so its clock stop is never faked.
        assertThatThrownBy(() -> FP.setSubstate(new Position("asignada", null), "pendiente-respuesta-usuario"))
                .satisfies(e -> assertThat(((WorkflowViolation) e).reason()).isEqualTo(WorkflowViolation.Reason.AUTOMATIC_ONLY));
        assertThat(FP.setSubstate(new Position("asignada", null), "pendiente-proveedor-externo").to().substate())
                .isEqualTo("pendiente-proveedor-externo");
        assertThatThrownBy(() -> FP.setSubstate(new Position("nueva", null), "pendiente-proveedor-externo"))
                .satisfies(e -> assertThat(((WorkflowViolation) e).reason()).isEqualTo(WorkflowViolation.Reason.SUBSTATE_NOT_HERE));
    }

    @Test
    void allFifteenFuncionPublicaSubstatesStopTheClockAsTheAgentGuideSays() {
        Position assigned = new Position("asignada", null);
        java.util.Map<String, Boolean> stops = new java.util.LinkedHashMap<>();
        for (String key : java.util.List.of("pendiente-respuesta-usuario", "pendiente-proveedor-externo",
                "reportada-otra-dependencia", "en-comite-tecnico-ti", "en-comite-control-cambios",
                "en-revision-mantenimiento-dispositivo", "en-desarrollo-sw", "pendiente-asignar-proveedor")) {
            stops.put(key, true);
        }
        for (String key : java.util.List.of("en-atencion", "en-validacion", "en-pruebas", "con-respuesta-del-usuario",
                "en-aplicacion-preproduccion", "aprobada-paso-produccion", "aceptada-aplicada")) {
            stops.put(key, false);
        }
        assertThat(stops).hasSize(15);
        stops.forEach((key, stopped) ->
                assertThat(FP.clockStopped(new Position("asignada", key))).as(key).isEqualTo(stopped));
        stops.keySet().stream().filter(k -> !k.equals("pendiente-respuesta-usuario") && !k.equals("con-respuesta-del-usuario"))
                .forEach(key -> assertThat(FP.setSubstate(assigned, key).to().substate()).isEqualTo(key));
    }

    @Test
    void prosperidadSocialFollowsItsGuide() {
        Position p = PS.initial();
        assertThat(p.state()).isEqualTo("abierto");
        // Assignment alone does not move the case: it stays Abierto until a technician acts.
        assertThat(PS.on(p, "assignment")).isEmpty();
        p = PS.on(p, "firstResponse").orElseThrow().to();
        assertThat(p.state()).isEqualTo("en-proceso");
        // A question holds the case (Retenido, waiting for the user): clock stopped.
        p = PS.on(p, "question").orElseThrow().to();
        assertThat(p).isEqualTo(new Position("retenido", "espera-informacion-usuario"));
        assertThat(PS.clockStopped(p)).isTrue();
        p = PS.on(p, "answer").orElseThrow().to();
        assertThat(p).isEqualTo(new Position("en-proceso", null));
        assertThat(PS.clockStopped(p)).isFalse();
        // Held by hand for another cause, and resumed.
        p = PS.take(p, "retener-otra-causa", Actor.AGENT, "Espera de especialistas de infraestructura física").to();
        assertThat(PS.clockStopped(p)).isTrue();
        p = PS.take(p, "reanudar-gestion", Actor.AGENT, "Los especialistas terminaron").to();
        assertThat(p.state()).isEqualTo("en-proceso");
        // Surveys off: the solution closes the case; "Abierto por Encuesta" stays unused.
        Position solved = PS.on(p, "solutionSigned").orElseThrow().to();
        assertThat(solved.state()).isEqualTo("cerrado");
        assertThat(PS.isFinal(solved)).isTrue();
        // Surveys on: the case waits in "Abierto por Encuesta" until the requester answers.
        Position survey = PS_WITH_SURVEYS.on(p, "solutionSigned").orElseThrow().to();
        assertThat(survey.state()).isEqualTo("abierto-por-encuesta");
        assertThat(PS_WITH_SURVEYS.on(survey, "solutionAccepted").orElseThrow().to().state()).isEqualTo("cerrado");
    }

    @Test
    void anUnknownTransitionIsRefusedByName() {
        assertThatThrownBy(() -> PS.take(PS.initial(), "volar", Actor.AGENT, "x"))
                .isInstanceOf(WorkflowViolation.class)
                .hasMessage("UNKNOWN_TRANSITION: volar");
    }
}
