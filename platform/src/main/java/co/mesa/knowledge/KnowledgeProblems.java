package co.mesa.knowledge;

import co.mesa.shared.ProblemException;
import io.micronaut.http.HttpStatus;

import java.util.List;

/** The problems the knowledge base answers; titles and details are message keys ({@code problem.kb.*}). */
public final class KnowledgeProblems {

    private KnowledgeProblems() {
    }

    public static ProblemException notFound() {
        return new ProblemException(HttpStatus.NOT_FOUND, "kb.not-found", "problem.not-found.title", "problem.kb.not-found.detail");
    }

    public static ProblemException invalid(List<ProblemException.ParamError> errors) {
        return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, "kb.invalid", "problem.kb.invalid.title",
                "problem.kb.invalid.detail").withParamErrors(errors);
    }

    public static ProblemException badQuery(List<ProblemException.ParamError> errors) {
        return new ProblemException(HttpStatus.BAD_REQUEST, "kb.bad-query", "problem.bad-request.title",
                "problem.kb.bad-query.detail").withParamErrors(errors);
    }

    public static ProblemException forbidden(String detailKey) {
        return new ProblemException(HttpStatus.FORBIDDEN, "kb.forbidden", "problem.forbidden.title", detailKey);
    }

    public static ProblemException stale() {
        return new ProblemException(HttpStatus.CONFLICT, "kb.stale", "problem.kb.stale.title", "problem.kb.stale.detail");
    }

    public static ProblemException notFromHere(String from, String to) {
        return new ProblemException(HttpStatus.CONFLICT, "kb.transition", "problem.kb.transition.title",
                "problem.kb.transition.detail", from, to);
    }
}
