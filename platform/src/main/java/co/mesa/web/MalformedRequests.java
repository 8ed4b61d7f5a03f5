package co.mesa.web;

import co.mesa.shared.ProblemException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Requests that are malformed before any of their content is read: a broken %-escape in the path or query
 * (it used to answer "unknown host") and a Content-Type that is not {@code type/subtype[; name=value]*}
 * (it used to pass, read as JSON). Both are a 400 problem naming what is wrong, before the tenant is looked up.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(notEnv = "migrate-only")
public class MalformedRequests implements Ordered {

    private static final Pattern BAD_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");
    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final Pattern MEDIA_TYPE = Pattern.compile(TOKEN + "/" + TOKEN
            + "(\\s*;\\s*" + TOKEN + "=(" + TOKEN + "|\"([^\"\\\\]|\\\\.)*\"))*\\s*;?\\s*");

    private final ProblemResponses problems;

    public MalformedRequests(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.TRACING.after() - 1; // before the tenant filter
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> check(HttpRequest<?> request) {
        if (request.getHeaders().get(HttpHeaders.HOST) == null && !request.getPath().startsWith("/health")) {
            // The server could not read the request line (a broken %-escape, say) and hands on a stand-in
            // request without the Host, as HTTP/1.1 never is: answer the 400 here, before the tenant filter
            // calls it an unknown host.
            return refuse(request, "request", "input.param.unreadable");
        }
        String target;
        try {
            target = request.getUri().getRawPath() + "?" + (request.getUri().getRawQuery() == null ? "" : request.getUri().getRawQuery());
        } catch (IllegalArgumentException e) {
            return refuse(request, "path", "input.param.escape");
        }
        if (BAD_ESCAPE.matcher(target).find()) {
            return refuse(request, "path", "input.param.escape");
        }
        String type = request.getHeaders().get(HttpHeaders.CONTENT_TYPE);
        if (type != null && !MEDIA_TYPE.matcher(type).matches()) {
            return refuse(request, HttpHeaders.CONTENT_TYPE, "input.param.content-type");
        }
        return null;
    }

    private HttpResponse<?> refuse(HttpRequest<?> request, String name, String key) {
        return problems.handle(request, new ProblemException(HttpStatus.BAD_REQUEST, "input.malformed",
                "problem.bad-request.title", "problem.input.malformed.detail")
                .withParamErrors(List.of(new ProblemException.ParamError(name, key))));
    }
}
