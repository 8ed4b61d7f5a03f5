package co.mesa.ops;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.propagation.slf4j.MdcPropagationContext;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.UriRouteInfo;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Puts the request's id, route template (never the raw path: it may carry identifiers) and the
 * signed-in user's id into the MDC of every log line of the request, beside the tenant that
 * {@code TenantFilter} set; the request id is answered in {@code X-Request-Id}. Runs after security,
 * so the user is known. Decision 0021.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(notEnv = "migrate-only")
public class RequestLogContext implements Ordered {

    public static final String HEADER = "X-Request-Id";
    static final String ATTRIBUTE = "mesa.request-id";
    /** A caller's id is kept only when it is short and plain: it lands in logs. */
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }

    @RequestFilter
    public void bind(HttpRequest<?> request, MutablePropagatedContext propagated) {
        String id = request.getHeaders().get(HEADER);
        if (id == null || !ACCEPTED.matcher(id).matches()) {
            id = UUID.randomUUID().toString();
        }
        request.setAttribute(ATTRIBUTE, id);
        Optional<MdcPropagationContext> existing = propagated.getContext().find(MdcPropagationContext.class);
        Map<String, String> mdc = new HashMap<>(existing.map(MdcPropagationContext::state).orElse(Map.of()));
        mdc.put("requestId", id);
        RouteAttributes.getRouteInfo(request)
                .filter(UriRouteInfo.class::isInstance)
                .map(r -> ((UriRouteInfo<?, ?>) r).getUriMatchTemplate().toString())
                .ifPresent(route -> mdc.put("route", request.getMethodName() + " " + route));
        request.getUserPrincipal(Authentication.class).map(Authentication::getName)
                .ifPresent(user -> mdc.put("userId", user));
        MdcPropagationContext merged = new MdcPropagationContext(Map.copyOf(mdc));
        if (existing.isPresent()) {
            propagated.replace(existing.get(), merged);
        } else {
            propagated.add(merged);
        }
    }

    @ResponseFilter
    public void answer(HttpRequest<?> request, MutableHttpResponse<?> response) {
        request.getAttribute(ATTRIBUTE, String.class).ifPresent(id -> response.header(HEADER, id));
    }
}
