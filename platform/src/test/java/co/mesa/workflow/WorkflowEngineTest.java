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

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Both entities' real workflows (from tenant-config/), as the seeds describe them. Pure logic. */
@NeedsServices
class WorkflowEngineTest {

    static final WorkflowEngine FP = engine("funcion-publica", false);
    static final WorkflowEngine PS = engine("prosperidad-social", false);
    static final WorkflowEngine PS_WITH_SURVEYS = engine("prosperidad-social", true);

    static WorkflowEngine engine(String slug, boolean surveys) {
        return new WorkflowEngine(config(slug).workflow(), surveys);
    }

    static TenantConfig config(String slug) {
        try {
            return new TenantConfigValidator().validate(
                    TenantFolders.read(MesaPlatform.repoRoot().resolve("tenant-config").resolve(slug)).bundle());
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

    // ---- each rule on its own --------------------------------------------------------------------

    @Test
    void theManualStepsOfferedAreThoseWithoutAnEventFromHereForThatActor() {
        // Función Pública: from Asignada an agent may only revoke the assignment by hand; every
        // other step from there (signature, rejection, first-line solution) happens on its event.
        assertThat(FP.available(new Position("asignada", null), Actor.AGENT))
                .extracting(TenantConfig.Transition::key).containsExactly("revocar-asignacion");
        assertThat(FP.available(FP.initial(), Actor.AGENT)).isEmpty();
        assertThat(FP.available(new Position("asignada", null), Actor.REQUESTER)).isEmpty();
        // Prosperidad Social's "Cambio de estado": hold for another cause or close out of scope, in data order.
        assertThat(PS.available(new Position("en-proceso", null), Actor.AGENT))
                .extracting(TenantConfig.Transition::key).containsExactly("retener-otra-causa", "cerrar-fuera-de-alcance");
        assertThat(PS.available(new Position("retenido", "espera-otros-especialistas"), Actor.AGENT))
                .extracting(TenantConfig.Transition::key).containsExactly("reanudar-gestion");
        assertThat(PS.available(PS.initial(), Actor.AGENT))
                .extracting(TenantConfig.Transition::key).containsExactly("cerrar-fuera-de-alcance");
        assertThat(PS.available(new Position("en-proceso", null), Actor.REQUESTER)).isEmpty();
        assertThat(PS.available(new Position("en-proceso", null), Actor.SYSTEM)).isEmpty();
    }

    @Test
    void aManualStepLeavesTheSubstateBehindAndNamesItsTransition() {
        Position held = new Position("retenido", "espera-otros-especialistas");
        assertThat(PS.take(held, "reanudar-gestion", Actor.AGENT, "Los especialistas terminaron"))
                .isEqualTo(new WorkflowEngine.Step(held, new Position("en-proceso", null), "reanudar-gestion"));
        Position working = new Position("en-proceso", null);
        assertThat(PS.take(working, "cerrar-fuera-de-alcance", Actor.AGENT, "No es de la mesa"))
                .isEqualTo(new WorkflowEngine.Step(working, new Position("cerrado", null), "cerrar-fuera-de-alcance"));
    }

    @Test
    void anAutomaticTransitionCannotBeTakenByHandEvenFromItsOwnState() {
        // "retener" happens on a question only (its substate stops the clock): by name it is unknown.
        assertThatThrownBy(() -> PS.take(new Position("en-proceso", null), "retener", Actor.AGENT, "Pregunta"))
                .satisfies(e -> assertThat(((WorkflowViolation) e).reason()).isEqualTo(WorkflowViolation.Reason.UNKNOWN_TRANSITION));
        assertThatThrownBy(() -> FP.take(FP.initial(), "asignar", Actor.AGENT, "A la mesa"))
                .satisfies(e -> assertThat(((WorkflowViolation) e).reason()).isEqualTo(WorkflowViolation.Reason.UNKNOWN_TRANSITION));
    }

    @Test
    void aStepThatNeedsANoteRefusesNoneAtAllAndTheRequesterMayNotTakeAnAgentsStep() {
        Position assigned = new Position("asignada", null);
        assertThatThrownBy(() -> FP.take(assigned, "revocar-asignacion", Actor.AGENT, null))
                .isInstanceOf(WorkflowViolation.class).hasMessage("NOTE_REQUIRED: revocar-asignacion");
        assertThatThrownBy(() -> FP.take(assigned, "revocar-asignacion", Actor.REQUESTER, "Ya no"))
                .isInstanceOf(WorkflowViolation.class).hasMessage("NOT_YOURS: revocar-asignacion");
        // The actor is checked before the note: a requester without a note is told it is not theirs.
        assertThatThrownBy(() -> FP.take(assigned, "revocar-asignacion", Actor.REQUESTER, null))
                .satisfies(e -> assertThat(((WorkflowViolation) e).reason()).isEqualTo(WorkflowViolation.Reason.NOT_YOURS));
        // Where it does not leave from, that is said first, whoever asks.
        assertThatThrownBy(() -> PS.take(new Position("cerrado", null), "cerrar-fuera-de-alcance", Actor.REQUESTER, null))
                .satisfies(e -> assertThat(((WorkflowViolation) e).reason()).isEqualTo(WorkflowViolation.Reason.NOT_FROM_HERE));
    }

    @Test
    void anEventNamesTheTransitionItTookOrNoneWhenOnlyTheSubstateMoved() {
        Position assigned = new Position("asignada", "en-atencion");
        // A question in Asignada only sets the pending-user substate: no transition.
        assertThat(FP.on(assigned, "question")).contains(
                new WorkflowEngine.Step(assigned, new Position("asignada", "pendiente-respuesta-usuario"), null));
        // In Prosperidad Social it holds the case and sets the substate in the state reached.
        Position working = new Position("en-proceso", null);
        assertThat(PS.on(working, "question")).contains(
                new WorkflowEngine.Step(working, new Position("retenido", "espera-informacion-usuario"), "retener"));
        assertThat(FP.on(assigned, "solutionSigned")).contains(
                new WorkflowEngine.Step(assigned, new Position("resuelta", null), "firmar-solucion"));
    }

    @Test
    void anEventThatChangesNothingHereIsEmpty() {
        // Nueva has no question step and its substate lives in Asignada only.
        assertThat(FP.on(FP.initial(), "question")).isEmpty();
        assertThat(FP.on(new Position("asignada", null), "volar")).isEmpty();
        // The substate an answer sets is already set: nothing moves.
        Position answered = new Position("asignada", "con-respuesta-del-usuario");
        assertThat(FP.on(answered, "answer")).isEmpty();
        // A closed case does not move on a late signature.
        assertThat(FP.on(new Position("cerrada", null), "solutionSigned")).isEmpty();
    }

    @Test
    void transitionsBoundToTheSurveySwitchExistOnlyOnTheirSide() {
        Position surveyed = new Position("abierto-por-encuesta", null);
        assertThat(PS_WITH_SURVEYS.on(surveyed, "surveyAnswered").orElseThrow())
                .isEqualTo(new WorkflowEngine.Step(surveyed, new Position("cerrado", null), "cerrar-por-encuesta"));
        assertThat(PS.on(surveyed, "surveyAnswered")).isEmpty();
        assertThat(PS_WITH_SURVEYS.on(new Position("en-proceso", null), "solutionSigned").orElseThrow().transition())
                .isEqualTo("solucionar");
        assertThat(PS.on(new Position("en-proceso", null), "solutionSigned").orElseThrow().transition())
                .isEqualTo("solucionar-y-cerrar");
        // Función Pública's transitions name no side: they apply either way.
        assertThat(engine("funcion-publica", true).on(FP.initial(), "assignment")).isPresent();
    }

    @Test
    void funcionPublicasReviewOfANovedadReopensAnEndedCaseOrClosesASolvedOne() {
        // 004 act. 6: "ampliar la solución" from a solution waiting, a closed case or a rejected one.
        for (String ended : List.of("resuelta", "cerrada", "rechazada")) {
            assertThat(FP.on(new Position(ended, null), "reviewReopened").orElseThrow())
                    .isEqualTo(new WorkflowEngine.Step(new Position(ended, null), new Position("asignada", null),
                            "ampliar-solucion"));
        }
        // Already being worked again: nothing to reopen.
        assertThat(FP.on(new Position("asignada", null), "reviewReopened")).isEmpty();
        assertThat(FP.on(new Position("resuelta", null), "reviewClosed").orElseThrow().to().state()).isEqualTo("cerrada");
        // A rejected case stays rejected when the review closes the novedad.
        assertThat(FP.on(new Position("rechazada", null), "reviewClosed")).isEmpty();
    }

    @Test
    void theEngineOfATenantsDataFollowsItsSurveySwitch() {
        TenantConfig ps = config("prosperidad-social");
        Position working = new Position("en-proceso", null);
        // Both launch tenants have surveys on (issue 23): Prosperidad Social's solution opens the survey.
        assertThat(WorkflowEngine.of(ps).on(working, "solutionSigned").orElseThrow().to().state())
                .isEqualTo("abierto-por-encuesta");
        assertThat(WorkflowEngine.of(withSurvey(ps, new TenantConfig.Survey(false, null)))
                .on(working, "solutionSigned").orElseThrow().to().state()).isEqualTo("cerrado");
        assertThat(WorkflowEngine.of(withSurvey(ps, new TenantConfig.Survey(true, null)))
                .on(working, "solutionSigned").orElseThrow().to().state()).isEqualTo("abierto-por-encuesta");
        // No survey section at all: surveys are off.
        assertThat(WorkflowEngine.of(withSurvey(ps, null))
                .on(working, "solutionSigned").orElseThrow().to().state()).isEqualTo("cerrado");
    }

    @Test
    void onlyTheTenantsSubstatesAreSetAndTheStepNamesNoTransition() {
        Position assigned = new Position("asignada", "en-atencion");
        assertThat(FP.setSubstate(assigned, "en-pruebas"))
                .isEqualTo(new WorkflowEngine.Step(assigned, new Position("asignada", "en-pruebas"), null));
        assertThatThrownBy(() -> FP.setSubstate(assigned, "en-vacaciones"))
                .isInstanceOf(WorkflowViolation.class).hasMessage("UNKNOWN_SUBSTATE: en-vacaciones");
    }

    @Test
    void theClockStopsByTheStateOrBySubstateAndRunsOtherwise() {
        // Retenido stops the clock by itself, with or without a cause.
        assertThat(PS.clockStopped(new Position("retenido", null))).isTrue();
        assertThat(PS.clockStopped(new Position("en-proceso", null))).isFalse();
        assertThat(FP.clockStopped(new Position("asignada", null))).isFalse();
        // A substate key the tenant no longer has (history) stops nothing.
        assertThat(FP.clockStopped(new Position("asignada", "retirada-del-catalogo"))).isFalse();
    }

    @Test
    void closedAndRejectedAreOverAndEveryOtherPhaseIsNot() {
        assertThat(FP.isFinal(new Position("rechazada", null))).isTrue();
        assertThat(FP.isFinal(new Position("cerrada", null))).isTrue();
        assertThat(FP.isFinal(new Position("resuelta", null))).isFalse();
        assertThat(FP.isFinal(FP.initial())).isFalse();
        assertThat(PS.isFinal(new Position("retenido", null))).isFalse();
        assertThat(FP.phase(new Position("rechazada", null))).isEqualTo(TenantConfig.Phase.REJECTED);
        assertThat(PS.phase(new Position("retenido", "espera-otros-especialistas"))).isEqualTo(TenantConfig.Phase.ON_HOLD);
    }

    @Test
    void aStateTheTenantDoesNotHaveIsRefusedByName() {
        assertThatThrownBy(() -> FP.phase(new Position("archivada", null)))
                .isInstanceOf(WorkflowViolation.class).hasMessage("UNKNOWN_STATE: archivada");
        assertThatThrownBy(() -> FP.stateOf("archivada"))
                .satisfies(e -> assertThat(((WorkflowViolation) e).subject()).isEqualTo("archivada"));
        assertThat(FP.stateOf("resuelta").phase()).isEqualTo(TenantConfig.Phase.RESOLVED);
        assertThat(FP.stateOf("resuelta").stopsClock()).isTrue();
        assertThat(FP.substateOf("en-desarrollo-sw").orElseThrow().stopsClock()).isTrue();
        assertThat(FP.substateOf("en-vacaciones")).isEmpty();
    }

    @Test
    void theActionsOfferedInAStateFollowTheTenantsOrder() {
        // Resuelta: the ones naming it and those naming no state, in the order workflow.yaml lists them.
        assertThat(FP.actions(new Position("resuelta", null))).extracting(TenantConfig.Action::kind)
                .containsExactly("publishedAction", "internalNote", "stateChange", "linkCase", "confirmSolution",
                        "refuseSolution");
        // Over: nothing, not even the state-free ones.
        assertThat(FP.actions(new Position("cerrada", null))).isEmpty();
        assertThat(PS.actions(new Position("retenido", null))).extracting(TenantConfig.Action::kind)
                .contains("answer", "substateChange", "escalate").doesNotContain("firstResponse", "signSolution");
    }

    private static TenantConfig withSurvey(TenantConfig c, TenantConfig.Survey survey) {
        TenantConfig.Settings s = c.settings();
        return new TenantConfig(c.tenant(), c.calendars(), c.sites(), c.workflow(), c.catalog(), c.priorities(),
                c.groups(), c.routing(), c.sla(), new TenantConfig.Settings(s.notifications(), s.autoClose(), survey,
                        s.attachments(), s.mailboxes()));
    }
}
