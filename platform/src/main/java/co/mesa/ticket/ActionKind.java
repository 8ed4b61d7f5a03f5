package co.mesa.ticket;

import io.micronaut.core.annotation.Nullable;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of action a case knows, fixed in code. Their labels, the states they may happen in and
 * what their event leads to are the tenant's data (workflow {@code actions} and {@code automaticOn}).
 */
public enum ActionKind {
    FIRST_RESPONSE("firstResponse", Side.AGENT, "firstResponse", Section.NOTES),
    QUESTION("question", Side.AGENT, "question", Section.QUESTIONS),
    ANSWER("answer", Side.REQUESTER, "answer", Section.QUESTIONS),
    /** The agent records the user's answer given by phone or in person ("Respuesta de técnico"). */
    TECHNICIAN_RESPONSE("technicianResponse", Side.AGENT, "answer", Section.QUESTIONS),
    PUBLISHED_ACTION("publishedAction", Side.AGENT, null, Section.NOTES),
    INTERNAL_NOTE("internalNote", Side.AGENT, null, Section.NOTES),
    SIGN_SOLUTION("signSolution", Side.AGENT, "solutionSigned", Section.CLOSURE),
    FIRST_LINE_SOLUTION("firstLineSolution", Side.AGENT, "firstLineSolution", Section.CLOSURE),
    SUBSTATE_CHANGE("substateChange", Side.AGENT, null, Section.NOTES, Field.SUBSTATE),
    STATE_CHANGE("stateChange", Side.AGENT, null, Section.NOTES, Field.TRANSITION),
    ESCALATE("escalate", Side.AGENT, "assignment", Section.ESCALATIONS, Field.GROUP, Field.AGENT),
    REASSIGN("reassign", Side.AGENT, "assignment", Section.ESCALATIONS, Field.GROUP, Field.AGENT),
    CHANGE_CATEGORY("changeCategory", Side.AGENT, null, Section.NOTES, Field.CATEGORY),
    /** Re-prioritise: impact and urgency (the matrix gives the priority) or the priority itself. */
    CHANGE_PRIORITY("changePriority", Side.AGENT, null, Section.NOTES, Field.PRIORITY),
    LINK_CASE("linkCase", Side.AGENT, null, null, Field.RELATED_CASE),
    REJECT("reject", Side.AGENT, "rejected", Section.CLOSURE, Field.RELATED_CASE, Field.DUPLICATE),
    CONFIRM_SOLUTION("confirmSolution", Side.REQUESTER, "solutionAccepted", Section.CLOSURE),
    REFUSE_SOLUTION("refuseSolution", Side.REQUESTER, "solutionRejected", Section.CLOSURE);

    /** Who may take it: the case's agents, or its requester. */
    public enum Side { AGENT, REQUESTER }

    /**
     * What an action's form asks for besides its note (and files): the one declaration the console renders
     * forms from. Whether the note is required is the tenant's data ({@code requiresNote}), never code.
     */
    public enum Field {
        /** A substate of the case's state (required). */
        SUBSTATE,
        /** A manual transition of the tenant's workflow (one form per transition). */
        TRANSITION,
        /** A group to hand the case to (required). */
        GROUP,
        /** An agent of that group (optional: else routing picks). */
        AGENT,
        /** A service's category (required). */
        CATEGORY,
        /** Impact and urgency where the tenant has a matrix, else the priority itself (required). */
        PRIORITY,
        /** Another case's code (required unless the form also has {@link #DUPLICATE}). */
        RELATED_CASE,
        /** Whether the case is a duplicate of the related one. */
        DUPLICATE
    }

    /** Where a case's history groups an event on the agents' case page. */
    public enum Section {
        QUESTIONS, NOTES, ESCALATIONS, CLOSURE;

        /** Events that are not actions of their own: the assignment at filing, the unattended closure, e-mails, surveys. */
        private static final java.util.Map<String, Section> OTHER_EVENTS = java.util.Map.of(
                "assigned", ESCALATIONS, "assignment", ESCALATIONS, "autoClose", CLOSURE,
                "notify", NOTES, "emailComment", NOTES, "surveyAnswered", CLOSURE, "novedadReviewed", CLOSURE);

        /** The section of an event kind (an action's key or another event); empty for none. */
        public static Optional<Section> ofEvent(@Nullable Object eventKind) {
            if (eventKind == null) {
                return Optional.empty();
            }
            String key = eventKind.toString();
            return Optional.ofNullable(OTHER_EVENTS.get(key)).or(() -> ActionKind.of(key).map(ActionKind::section));
        }
    }

    private final String key;
    private final Side side;
    private final String event;
    @Nullable
    private final Section section;
    private final List<Field> fields;

    ActionKind(String key, Side side, @Nullable String event, @Nullable Section section, Field... fields) {
        this.key = key;
        this.side = side;
        this.event = event;
        this.section = section;
        this.fields = List.of(fields);
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

    @Nullable
    Section section() {
        return section;
    }

    /** What the action's form asks for besides the note, in the order the form shows it. */
    public List<Field> fields() {
        return fields;
    }

    public static Optional<ActionKind> of(@Nullable String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }
}
