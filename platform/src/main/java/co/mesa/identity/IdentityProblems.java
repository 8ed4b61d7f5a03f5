package co.mesa.identity;

import co.mesa.shared.ProblemException;
import io.micronaut.http.HttpStatus;

/** The problems identity answers with, so pages and the API say the same thing. */
final class IdentityProblems {

    private IdentityProblems() {
    }

    /** Keycloak does not answer: 503, not the caller's fault (a Retry-After goes with it). */
    static ProblemException unavailable() {
        return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "identity-unavailable",
                "problem.identity.unavailable.title", "problem.identity.unavailable.detail");
    }
}
