package co.mesa.record;

import co.mesa.shared.ProblemException;
import co.mesa.workflow.WorkflowViolation;
import io.micronaut.http.HttpStatus;

import java.util.List;

/** The problems the record API answers; titles and details are message keys (cases' where they say the same). */
final class RecordProblems {

    private RecordProblems() {
    }

    static ProblemException invalid(String field, String key, Object... args) {
        return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, "record.invalid", "problem.case.invalid.title",
                "problem.case.invalid.detail").withParamErrors(List.of(new ProblemException.ParamError(field, key, args)));
    }

    static ProblemException notFound() {
        return new ProblemException(HttpStatus.NOT_FOUND, "record.not-found", "problem.not-found.title",
                "problem.record.not-found.detail");
    }

    /** A case unknown, or not one the caller works: the case API's answer. */
    static ProblemException caseNotFound() {
        return new ProblemException(HttpStatus.NOT_FOUND, "case.not-found", "problem.not-found.title",
                "problem.case.not-found.detail");
    }

    static ProblemException agentsOnly() {
        return new ProblemException(HttpStatus.FORBIDDEN, "record.forbidden", "problem.forbidden.title",
                "problem.record.agents-only.detail");
    }

    static ProblemException preconditionRequired() {
        return new ProblemException(HttpStatus.PRECONDITION_REQUIRED, "record.if-match-required",
                "problem.case.if-match-required.title", "problem.case.if-match-required.detail");
    }

    static ProblemException stale(int sent, int current) {
        return new ProblemException(HttpStatus.PRECONDITION_FAILED, "record.stale", "problem.case.stale.title",
                "problem.case.stale.detail", sent, current);
    }

    static ProblemException idempotencyMismatch() {
        return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, "record.idempotency-key-reused",
                "problem.case.idempotency-key-reused.title", "problem.case.idempotency-key-reused.detail");
    }

    static ProblemException over(String code) {
        return new ProblemException(HttpStatus.CONFLICT, "record.over", "problem.case.action-not-allowed.title",
                "problem.record.over.detail", code);
    }

    /** A workflow rule said no: the same answers as for a case. */
    static ProblemException of(WorkflowViolation v, String stateName) {
        return switch (v.reason()) {
            case NOTE_REQUIRED -> invalid("note", "case.param.note.required");
            case NOT_YOURS -> new ProblemException(HttpStatus.FORBIDDEN, "record.forbidden", "problem.forbidden.title",
                    "problem.case.transition-not-yours.detail", v.subject());
            case UNKNOWN_TRANSITION, UNKNOWN_SUBSTATE, UNKNOWN_STATE -> invalid("transition", "case.param.unknown", v.subject());
            case NOT_FROM_HERE, SUBSTATE_NOT_HERE, AUTOMATIC_ONLY -> new ProblemException(HttpStatus.CONFLICT,
                    "record.transition-not-allowed", "problem.case.action-not-allowed.title",
                    "problem.case.transition-not-allowed.detail", v.subject(), stateName);
        };
    }
}
