package co.mesa.web;

import co.mesa.shared.ProblemException;
import co.mesa.shared.Text;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Query parameters carrying U+0000 are a 400 problem naming each parameter, before any handler or query
 * sees them: PostgreSQL refuses U+0000, which used to surface as a 500 (issue 31). Other control
 * characters are each parameter's own business (an upload's file name, say, has them replaced).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(notEnv = "migrate-only")
public class ControlCharactersFilter implements Ordered {

    private final ProblemResponses problems;

    public ControlCharactersFilter(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public int getOrder() {
        // Right after the tenant is known (so a page gets its theme's error page), before security.
        return ServerFilterPhase.TRACING.after() + 1;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> check(HttpRequest<?> request) {
        List<ProblemException.ParamError> errors = new ArrayList<>();
        for (Map.Entry<String, List<String>> p : request.getParameters().asMap().entrySet()) {
            boolean inName = p.getKey().indexOf('\u0000') >= 0;
            if (inName || p.getValue().stream().anyMatch(v -> v.indexOf('\u0000') >= 0)) {
                errors.add(new ProblemException.ParamError(inName ? "query" : p.getKey(), "input.param.control",
                        Text.codePoint(0)));
            }
        }
        if (errors.isEmpty()) {
            return null;
        }
        // Answered as any other problem: JSON for the API, the entity's own error page for a person.
        return problems.handle(request, new ProblemException(HttpStatus.BAD_REQUEST, "input.control-character",
                "problem.input.control.title", "problem.input.control.detail").withParamErrors(errors));
    }
}
