package co.mesa.record;

import co.mesa.shared.ProblemException;
import io.micronaut.http.HttpStatus;

/** The refusals particular to changes, committees and tasks (issue 27); titles and details are message keys. */
final class ChangeProblems {

    private ChangeProblems() {
    }

    static ProblemException notMember(String group) {
        return new ProblemException(HttpStatus.FORBIDDEN, "change.not-member", "problem.change.not-member.title",
                "problem.change.not-member.detail", group);
    }

    static ProblemException notVoting(String code) {
        return new ProblemException(HttpStatus.CONFLICT, "change.not-voting", "problem.change.not-voting.title",
                "problem.change.not-voting.detail", code);
    }

    static ProblemException alreadyVoted(String code) {
        return new ProblemException(HttpStatus.CONFLICT, "change.already-voted", "problem.change.already-voted.title",
                "problem.change.already-voted.detail", code);
    }

    static ProblemException factsLocked(String code) {
        return new ProblemException(HttpStatus.CONFLICT, "change.facts-locked", "problem.change.facts-locked.title",
                "problem.change.facts-locked.detail", code);
    }

    static ProblemException over(String code) {
        return new ProblemException(HttpStatus.CONFLICT, "record.over", "problem.case.action-not-allowed.title",
                "problem.change.over.detail", code);
    }

    static ProblemException taskOver() {
        return new ProblemException(HttpStatus.CONFLICT, "task.over", "problem.case.action-not-allowed.title",
                "problem.task.over.detail");
    }
}
