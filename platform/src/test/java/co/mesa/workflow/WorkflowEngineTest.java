package co.mesa.workflow;

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
class WorkflowEngineTest {

    static final WorkflowEngine FP = engine("funcion-publica");
    static final WorkflowEngine PS = engine("prosperidad-social");

    static WorkflowEngine engine(String slug) {
        try {
            TenantConfig c = new TenantConfigValidator().validate(
                    TenantFolders.read(MesaPlatform.repoRoot().resolve("tenant-config").resolve(slug)).bundle());
            return new WorkflowEngine(c.workflow());
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
        p = FP.take(p, "firmar-solucion", Actor.AGENT, "Se restableció el acceso").to();
        assertThat(p).isEqualTo(new Position("resuelta", null));
        // "Incorrecta": back to Asignada.
        p = FP.take(p, "solucion-incorrecta", Actor.REQUESTER, "Sigue sin funcionar").to();
        assertThat(p.state()).isEqualTo("asignada");
        p = FP.take(p, "firmar-solucion", Actor.AGENT, "Se cambió la contraseña").to();
        // Nobody answers: automatic closure.
        p = FP.on(p, "autoClose").orElseThrow().to();
        assertThat(p.state()).isEqualTo("cerrada");
        assertThat(FP.isFinal(p)).isTrue();
        assertThat(FP.available(p, Actor.AGENT)).isEmpty();
    }

    @Test
    void funcionPublicaImmediateFirstLineSolutionClosesFromNueva() {
        Position p = FP.take(FP.initial(), "solucion-inmediata", Actor.AGENT, "Servicio 1ª Línea: se orientó por teléfono").to();
        assertThat(p.state()).isEqualTo("cerrada");
    }

    @Test
    void everyFuncionPublicaStateChangeNeedsANoteAndRejectionOnlyFromNueva() {
        assertThatThrownBy(() -> FP.take(FP.initial(), "rechazar", Actor.AGENT, " "))
                .isInstanceOf(WorkflowViolation.class)
                .satisfies(e -> assertThat(((WorkflowViolation) e).reason()).isEqualTo(WorkflowViolation.Reason.NOTE_REQUIRED));
        assertThat(FP.take(FP.initial(), "rechazar", Actor.AGENT, "Fuera del alcance de la mesa").to().state())
                .isEqualTo("rechazada");
        Position assigned = new Position("asignada", null);
        assertThatThrownBy(() -> FP.take(assigned, "rechazar", Actor.AGENT, "motivo"))
                .satisfies(e -> assertThat(((WorkflowViolation) e).reason()).isEqualTo(WorkflowViolation.Reason.NOT_FROM_HERE));
        // The seed's "revoke, then reject".
        Position back = FP.take(assigned, "revocar-asignacion", Actor.AGENT, "Se revoca para rechazar").to();
        assertThat(FP.take(back, "rechazar", Actor.AGENT, "Fuera del alcance").to().state()).isEqualTo("rechazada");
    }

    @Test
    void onlyTheRequesterConfirmsAndOnlyAllowedSubstatesAreSet() {
        Position resolved = new Position("resuelta", null);
        assertThatThrownBy(() -> FP.take(resolved, "solucion-correcta", Actor.AGENT, "cerrar"))
                .satisfies(e -> assertThat(((WorkflowViolation) e).reason()).isEqualTo(WorkflowViolation.Reason.NOT_YOURS));
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
                assertThat(FP.clockStopped(FP.setSubstate(assigned, key).to())).as(key).isEqualTo(stopped));
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
        p = PS.take(p, "solucionar", Actor.AGENT, "Se configuró la VPN").to();
        p = PS.take(p, "confirmar-solucion", Actor.REQUESTER, null).to();
        assertThat(p.state()).isEqualTo("cerrado");
        assertThat(PS.isFinal(p)).isTrue();
    }

    @Test
    void anUnknownTransitionIsRefusedByName() {
        assertThatThrownBy(() -> PS.take(PS.initial(), "volar", Actor.AGENT, "x"))
                .isInstanceOf(WorkflowViolation.class)
                .hasMessage("UNKNOWN_TRANSITION: volar");
    }
}
