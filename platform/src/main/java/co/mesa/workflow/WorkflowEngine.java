package co.mesa.workflow;

import co.mesa.tenantconfig.TenantConfig;
import co.mesa.tenantconfig.TenantConfig.Phase;
import co.mesa.tenantconfig.TenantConfig.State;
import co.mesa.tenantconfig.TenantConfig.Substate;
import co.mesa.tenantconfig.TenantConfig.Transition;
import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.Optional;

/**
 * A tenant's workflow as rules over the fixed phases: which transitions a case may take from where
 * it is, by whom, with which note, which happen on their own on an event, which substates may be
 * set, and whether the SLA clock runs. Pure: the case feature records what it decides.
 */
public final class WorkflowEngine {

    /** Who takes a transition; automatic ones are taken by the platform. */
    public enum Actor { AGENT, REQUESTER, SYSTEM }

    /** Where a case is: its state and, optionally, a substate allowed in that state. */
    public record Position(String state, @Nullable String substate) {
    }

    /** What a step did: from where to where, by which transition (null when only the substate moved). */
    public record Step(Position from, Position to, @Nullable String transition) {
    }

    private final TenantConfig.Workflow workflow;
    private final boolean surveysEnabled;

    public WorkflowEngine(TenantConfig.Workflow workflow, boolean surveysEnabled) {
        this.workflow = workflow;
        this.surveysEnabled = surveysEnabled;
    }

    /** The engine of a tenant's current data: its workflow and whether its surveys are on. */
    public static WorkflowEngine of(TenantConfig config) {
        return new WorkflowEngine(config.workflow(), config.settings().survey() != null && config.settings().survey().enabled());
    }

    /**
     * Whether the tenant offers this action kind in the case's current state: listed in its
     * workflow, and either naming this state or (naming none) the case is not over.
     */
    public Optional<TenantConfig.Action> action(Position at, String kind) {
        return workflow.action(kind).filter(a -> a.states().isEmpty() ? !isFinal(at) : a.states().contains(at.state()));
    }

    /** The action kinds the tenant offers in this state, in the order its data lists them. */
    public List<TenantConfig.Action> actions(Position at) {
        return workflow.actions().stream().filter(a -> action(at, a.kind()).isPresent()).toList();
    }

    /** Where a new case starts: the tenant's one initial state. */
    public Position initial() {
        return new Position(workflow.states().stream().filter(State::initial).findFirst().orElseThrow().key(), null);
    }

    /** The manual transitions (those without {@code automaticOn}) this actor may take from here. */
    public List<Transition> available(Position at, Actor actor) {
        return workflow.transitions().stream()
                .filter(this::applies)
                .filter(t -> t.automaticOn() == null)
                .filter(t -> leavesFrom(t, at.state()))
                .filter(t -> t.actors().contains(actorName(actor)))
                .toList();
    }

    /**
     * Takes a manual transition (one without {@code automaticOn}: those happen only on their
     * event). Refused when it is unknown or automatic, does not leave from here, the actor may not take
     * it, or it needs a note and has none. A state change clears the substate.
     */
    public Step take(Position at, String transitionKey, Actor actor, @Nullable String note) {
        Transition t = workflow.transitions().stream().filter(this::applies)
                .filter(x -> x.automaticOn() == null)
                .filter(x -> x.key().equals(transitionKey)).findFirst()
                .orElseThrow(() -> new WorkflowViolation(WorkflowViolation.Reason.UNKNOWN_TRANSITION, transitionKey));
        if (!leavesFrom(t, at.state())) {
            throw new WorkflowViolation(WorkflowViolation.Reason.NOT_FROM_HERE, transitionKey);
        }
        if (!t.actors().contains(actorName(actor))) {
            throw new WorkflowViolation(WorkflowViolation.Reason.NOT_YOURS, transitionKey);
        }
        if (t.requiresNote() && (note == null || note.isBlank())) {
            throw new WorkflowViolation(WorkflowViolation.Reason.NOTE_REQUIRED, transitionKey);
        }
        return new Step(at, new Position(t.to(), null), t.key());
    }

    /**
     * What an event does on its own: first the tenant's automatic transition from here (if any),
     * then, in the state reached, the substate the tenant sets on that event (if allowed there).
     * Empty when the event changes nothing for this tenant.
     */
    public Optional<Step> on(Position at, String event) {
        Position now = at;
        String taken = null;
        Optional<Transition> auto = workflow.transitions().stream()
                .filter(t -> event.equals(t.automaticOn()) && applies(t) && leavesFrom(t, at.state()))
                .findFirst();
        if (auto.isPresent()) {
            now = new Position(auto.get().to(), null);
            taken = auto.get().key();
        }
        String state = now.state();
        Optional<Substate> sub = workflow.substates().stream()
                .filter(s -> event.equals(s.automaticOn()) && s.states().contains(state))
                .findFirst();
        if (sub.isPresent()) {
            now = new Position(state, sub.get().key());
        }
        return now.equals(at) ? Optional.empty() : Optional.of(new Step(at, now, taken));
    }

    /** Sets a substate by hand; only one the tenant allows in the current state. */
    public Step setSubstate(Position at, String substateKey) {
        Substate s = workflow.substates().stream().filter(x -> x.key().equals(substateKey)).findFirst()
                .orElseThrow(() -> new WorkflowViolation(WorkflowViolation.Reason.UNKNOWN_SUBSTATE, substateKey));
        if (!s.states().contains(at.state())) {
            throw new WorkflowViolation(WorkflowViolation.Reason.SUBSTATE_NOT_HERE, substateKey);
        }
        if (s.automaticOn() != null) {
            // Set by its event only (e.g. a question to the user), so the clock tells the truth.
            throw new WorkflowViolation(WorkflowViolation.Reason.AUTOMATIC_ONLY, substateKey);
        }
        return new Step(at, new Position(at.state(), s.key()), null);
    }

    /** Whether the SLA clock is stopped here: the state or the substate says so. */
    public boolean clockStopped(Position at) {
        boolean state = state(at.state()).stopsClock();
        boolean sub = at.substate() != null && workflow.substates().stream()
                .anyMatch(s -> s.key().equals(at.substate()) && s.stopsClock());
        return state || sub;
    }

    public Phase phase(Position at) {
        return state(at.state()).phase();
    }

    /** Closed or rejected: the case is over. */
    public boolean isFinal(Position at) {
        Phase p = phase(at);
        return p == Phase.CLOSED || p == Phase.REJECTED;
    }

    private State state(String key) {
        return workflow.states().stream().filter(s -> s.key().equals(key)).findFirst()
                .orElseThrow(() -> new WorkflowViolation(WorkflowViolation.Reason.UNKNOWN_STATE, key));
    }

    private boolean leavesFrom(Transition t, String state) {
        // "*" means any state that is not over.
        if (t.from().contains("*")) {
            Phase p = state(state).phase();
            return p != Phase.CLOSED && p != Phase.REJECTED;
        }
        return t.from().contains(state);
    }

    /** A transition bound to the survey switch exists only on its side of it. */
    private boolean applies(Transition t) {
        if (t.when() == null) {
            return true;
        }
        return "surveysEnabled".equals(t.when()) == surveysEnabled;
    }

    /** The state's display data. */
    public State stateOf(String key) {
        return state(key);
    }

    /** The tenant's substate, if it has one by this key. */
    public Optional<Substate> substateOf(String key) {
        return workflow.substates().stream().filter(s -> s.key().equals(key)).findFirst();
    }

    private static String actorName(Actor actor) {
        return actor.name().toLowerCase(java.util.Locale.ROOT);
    }
}
