package co.mesa.ticket;

import co.mesa.shared.ProblemException;
import co.mesa.workflow.WorkflowViolation;
import io.micronaut.http.HttpStatus;

import java.util.List;

/** The problems the case API answers; titles and details are message keys ({@code problem.case.*}). */
final class CaseProblems {

    private CaseProblems() {
    }

    static ProblemException invalid(List<ProblemException.ParamError> errors) {
        return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, "case.invalid", "problem.case.invalid.title",
                "problem.case.invalid.detail").withParamErrors(errors);
    }

    static ProblemException unreadable(String why) {
        return new ProblemException(HttpStatus.BAD_REQUEST, "case.unreadable", "problem.bad-request.title",
                "problem.case.unreadable.detail", why);
    }

    static ProblemException notFound() {
        return new ProblemException(HttpStatus.NOT_FOUND, "case.not-found", "problem.not-found.title",
                "problem.case.not-found.detail");
    }

    static ProblemException preconditionRequired() {
        return new ProblemException(HttpStatus.PRECONDITION_REQUIRED, "case.if-match-required",
                "problem.case.if-match-required.title", "problem.case.if-match-required.detail");
    }

    static ProblemException stale(int sent, int current, Object changes) {
        return new ProblemException(HttpStatus.PRECONDITION_FAILED, "case.stale", "problem.case.stale.title",
                "problem.case.stale.detail", sent, current).withChangesSince(changes);
    }

    static ProblemException idempotencyMismatch() {
        return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, "case.idempotency-key-reused",
                "problem.case.idempotency-key-reused.title", "problem.case.idempotency-key-reused.detail");
    }

    static ProblemException forbidden(String detailKey, Object... args) {
        return new ProblemException(HttpStatus.FORBIDDEN, "case.forbidden", "problem.forbidden.title", detailKey, args);
    }

    static ProblemException actionNotHere(String action, String state) {
        return new ProblemException(HttpStatus.CONFLICT, "case.action-not-allowed", "problem.case.action-not-allowed.title",
                "problem.case.action-not-allowed.detail", action, state);
    }

    static ProblemException actionNotOffered(String action) {
        return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, "case.action-not-offered",
                "problem.case.action-not-allowed.title", "problem.case.action-not-offered.detail", action);
    }

    static ProblemException conflict(String detailKey, Object... args) {
        return new ProblemException(HttpStatus.CONFLICT, "case.conflict", "problem.case.action-not-allowed.title",
                detailKey, args);
    }

    /** A workflow rule said no: the message names the rule and what was asked. */
    static ProblemException of(WorkflowViolation v, String stateName) {
        return switch (v.reason()) {
            case NOTE_REQUIRED -> invalid(List.of(new ProblemException.ParamError("note", "case.param.note.required")));
            case NOT_YOURS -> forbidden("problem.case.transition-not-yours.detail", v.subject());
            case UNKNOWN_TRANSITION, UNKNOWN_SUBSTATE, UNKNOWN_STATE ->
                    invalid(List.of(new ProblemException.ParamError(v.reason() == WorkflowViolation.Reason.UNKNOWN_SUBSTATE
                            ? "substate" : "transition", "case.param.unknown", v.subject())));
            case NOT_FROM_HERE, SUBSTATE_NOT_HERE, AUTOMATIC_ONLY -> new ProblemException(HttpStatus.CONFLICT, "case.transition-not-allowed",
                    "problem.case.action-not-allowed.title", "problem.case.transition-not-allowed.detail",
                    v.subject(), stateName);
        };
    }
}
