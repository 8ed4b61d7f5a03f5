package co.mesa.web;

import co.mesa.shared.DatabaseUnavailable;
import co.mesa.shared.ProblemException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * A request whose database connection was lost, refused or not to be had in time (a restart, a failover,
 * a pool timeout, a failed commit) answers 503 problem+json with {@code Retry-After} — the Spanish 503 page
 * for a person — and is logged once, as a warning without a stack trace: the client's retry is the cure,
 * and readiness already says 503. Any other unhandled failure stays the 500 of {@link ProblemResponses}.
 */
@Singleton
@Produces
@Requires(notEnv = "migrate-only")
public class DatabaseUnavailableHandler implements ExceptionHandler<RuntimeException, HttpResponse<?>> {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseUnavailableHandler.class);

    private final ProblemResponses problems;

    public DatabaseUnavailableHandler(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, RuntimeException exception) {
        Optional<Throwable> lost = DatabaseUnavailable.cause(exception);
        if (lost.isEmpty()) {
            // Not ours: the 500 every unhandled failure gets (logged with its stack trace there).
            return problems.processResponse(ErrorContext.builder(request).cause(exception)
                    .errorMessage("Internal Server Error").build(), HttpResponse.serverError());
        }
        LOG.warn("Database unavailable on {} {}: {}: {}", request.getMethod(), request.getPath(),
                lost.get().getClass().getSimpleName(), lost.get().getMessage());
        return problems.handle(request, new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable",
                "problem.database.unavailable.title", "problem.database.unavailable.detail"));
    }
}
