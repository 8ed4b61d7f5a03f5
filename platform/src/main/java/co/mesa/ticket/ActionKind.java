package co.mesa.ticket;

import io.micronaut.core.annotation.Nullable;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of action a case knows, fixed in code. Their labels, the states they may happen in and
 * what their event leads to are the tenant's data (workflow {@code actions} and {@code automaticOn}).
 */
public enum ActionKind {
    FIRST_RESPONSE("firstResponse", Side.AGENT, "firstResponse"),
    QUESTION("question", Side.AGENT, "question"),
    ANSWER("answer", Side.REQUESTER, "answer"),
    /** The agent records the user's answer given by phone or in person ("Respuesta de técnico"). */
    TECHNICIAN_RESPONSE("technicianResponse", Side.AGENT, "answer"),
    PUBLISHED_ACTION("publishedAction", Side.AGENT, null),
    INTERNAL_NOTE("internalNote", Side.AGENT, null),
    SIGN_SOLUTION("signSolution", Side.AGENT, "solutionSigned"),
    FIRST_LINE_SOLUTION("firstLineSolution", Side.AGENT, "firstLineSolution"),
    SUBSTATE_CHANGE("substateChange", Side.AGENT, null),
    STATE_CHANGE("stateChange", Side.AGENT, null),
    ESCALATE("escalate", Side.AGENT, "assignment"),
    REASSIGN("reassign", Side.AGENT, "assignment"),
    CHANGE_CATEGORY("changeCategory", Side.AGENT, null),
    /** Re-prioritise: impact and urgency (the matrix gives the priority) or the priority itself. */
    CHANGE_PRIORITY("changePriority", Side.AGENT, null),
    LINK_CASE("linkCase", Side.AGENT, null),
    REJECT("reject", Side.AGENT, "rejected"),
    CONFIRM_SOLUTION("confirmSolution", Side.REQUESTER, "solutionAccepted"),
    REFUSE_SOLUTION("refuseSolution", Side.REQUESTER, "solutionRejected");

    /** Who may take it: the case's agents, or its requester. */
    public enum Side { AGENT, REQUESTER }

    private final String key;
    private final Side side;
    private final String event;

    ActionKind(String key, Side side, @Nullable String event) {
        this.key = key;
        this.side = side;
        this.event = event;
    }

    public String key() {
        return key;
    }

    public Side side() {
        return side;
    }

    /** The workflow event the action raises; the tenant's automaticOn rules say what it leads to. */
    @Nullable
    public String event() {
        return event;
    }

    /** A reason is part of these actions whatever the tenant's data says. */
    public boolean alwaysNeedsNote() {
        return this == REJECT || this == ESCALATE || this == QUESTION || this == ANSWER || this == TECHNICIAN_RESPONSE
                || this == PUBLISHED_ACTION || this == INTERNAL_NOTE || this == SIGN_SOLUTION
                || this == FIRST_LINE_SOLUTION || this == REFUSE_SOLUTION;
    }

    public static Optional<ActionKind> of(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }
}
