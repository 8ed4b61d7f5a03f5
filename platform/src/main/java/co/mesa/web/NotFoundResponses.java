package co.mesa.web;

import co.mesa.shared.ProblemException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * An address nothing answers (issue 20): a person in a browser on an entity's host gets the entity's own
 * "page not found" in their language, inside its page shell; API and JSON callers keep the problem+json
 * answer. {@link ProblemResponses} decides which, as for every other refusal.
 */
@Controller
@Hidden
@Secured(SecurityRule.IS_ANONYMOUS)
public class NotFoundResponses {

    private final ProblemResponses problems;

    public NotFoundResponses(ProblemResponses problems) {
        this.problems = problems;
    }

    @Error(status = HttpStatus.NOT_FOUND, global = true)
    public HttpResponse<?> notFound(HttpRequest<?> request) {
        return problems.handle(request, new ProblemException(HttpStatus.NOT_FOUND, "not-found", "problem.not-found.title",
                "problem.not-found.detail"));
    }
}
