package co.mesa.workflow;

/** A step the tenant's workflow does not allow; the reason says which rule refused it. */
public class WorkflowViolation extends RuntimeException {

    /** Which rule refused the step. */
    public enum Reason {
        UNKNOWN_TRANSITION, NOT_FROM_HERE, NOT_YOURS, NOTE_REQUIRED, UNKNOWN_SUBSTATE, SUBSTATE_NOT_HERE, UNKNOWN_STATE, AUTOMATIC_ONLY
    }

    private final Reason reason;
    private final String subject;

    public WorkflowViolation(Reason reason, String subject) {
        super(reason + ": " + subject);
        this.reason = reason;
        this.subject = subject;
    }

    public Reason reason() {
        return reason;
    }

    /** The transition, substate or state concerned. */
    public String subject() {
        return subject;
    }
}
