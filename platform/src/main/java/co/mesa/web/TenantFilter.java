package co.mesa.web;

import co.mesa.shared.Problem;
import co.mesa.shared.ProblemException;
import co.mesa.tenant.TenantAttributes;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.propagation.slf4j.MdcPropagationContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The edge: resolves the request's host to a tenant once and stores the {@link TenantContext} on the
 * request; an unknown host is a 404 (problem or page), never a default tenant. The platform's own host
 * is marked as such and serves only the operator surface. Log lines of the request carry the slug.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(notEnv = "migrate-only")
public class TenantFilter implements Ordered {

    /** Request attribute holding the resolved {@link TenantContext}. */
    public static final String TENANT_ATTRIBUTE = TenantAttributes.TENANT;
    /** Request attribute set (to true) on the platform's own host. */
    public static final String PLATFORM_ATTRIBUTE = TenantAttributes.PLATFORM;
    /** Request attribute set (to true) when the host's tenant is suspended by an operator. */
    public static final String SUSPENDED_ATTRIBUTE = TenantAttributes.SUSPENDED;
    /** Response header on {@code GET /api/v1/tenant} of a suspended tenant (the only endpoint it still serves). */
    public static final String SUSPENDED_HEADER = "Mesa-Tenant-Suspended";

    private static final Logger ACCESS = LoggerFactory.getLogger("co.mesa.web.access");
    /** Stays readable while suspended, so the portal can still show the entity's name and branding. */
    private static final String PUBLIC_PROFILE = "/api/v1/tenant";

    private final TenantRegistry registry;
    private final ProblemResponses problems;
    private final String platformHost;

    public TenantFilter(TenantRegistry registry, ProblemResponses problems,
                        @Value("${mesa.platform-host}") String platformHost) {
        this.registry = registry;
        this.problems = problems;
        this.platformHost = platformHost.toLowerCase(Locale.ROOT);
    }

    @Override
    public int getOrder() {
        // Before sessions and security: an unknown host is a 404, not a 401.
        return ServerFilterPhase.TRACING.after();
    }

    /**
     * One line per request on {@code co.mesa.web.access} (DEBUG): runs inside the propagated context,
     * so it carries the tenant like every other line of the request.
     */
    @ResponseFilter
    public void access(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (request.getAttribute(SUSPENDED_ATTRIBUTE, Boolean.class).orElse(false)) {
            response.header(SUSPENDED_HEADER, "true"); // the public profile, still served, says so
        }
        if (ACCESS.isDebugEnabled()) {
            ACCESS.debug("{} {} -> {}", request.getMethod(), request.getPath(), response.code());
        }
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> resolve(HttpRequest<?> request, MutablePropagatedContext propagated) {
        String path = request.getPath();
        if (path.startsWith("/health") || path.startsWith("/openapi") || path.equals(OpenApiController.PATH)
                || path.startsWith("/assets/") || path.equals(co.mesa.ops.ManagementRoutes.METRICS)) {
            // probes reach pods by IP; the API document and shared assets are the same for all; the scrape
            // is routed on the management port only (a tenant host's public port answers 404 for it)
            return null;
        }
        String host = host(request);
        if (host.equals(platformHost)) {
            request.setAttribute(PLATFORM_ATTRIBUTE, Boolean.TRUE);
            propagated.add(new MdcPropagationContext(Map.of("tenant", "platform")));
            return null;
        }
        Optional<TenantContext> tenant = registry.byHost(host);
        if (tenant.isEmpty()) {
            return unknownHost(request, host);
        }
        request.setAttribute(TENANT_ATTRIBUTE, tenant.get());
        propagated.add(new MdcPropagationContext(Map.of("tenant", tenant.get().slug())));
        if (registry.isSuspended(tenant.get().slug())) {
            request.setAttribute(SUSPENDED_ATTRIBUTE, Boolean.TRUE);
            if (!path.equals(PUBLIC_PROFILE)) {
                return suspended(request, tenant.get());
            }
        }
        return null;
    }

    // Decision 0008: a suspended entity's API and pages answer 403; its data stays untouched.
    private HttpResponse<?> suspended(HttpRequest<?> request, TenantContext tenant) {
        Locale locale = problems.locale(request);
        ProblemException e = new ProblemException(HttpStatus.FORBIDDEN, "tenant-suspended",
                "problem.tenant.suspended.title", "problem.tenant.suspended.detail",
                tenant.config().tenant().name().resolve(locale));
        Problem problem = problems.problem(request, e);
        if (ProblemResponses.wantsHtml(request) && !path(request).startsWith("/api/")) {
            return HttpResponse.status(HttpStatus.FORBIDDEN).body(ErrorPage.render(locale, problem))
                    .contentType(MediaType.TEXT_HTML_TYPE.toString() + ";charset=utf-8");
        }
        return HttpResponse.status(HttpStatus.FORBIDDEN).body(problem).contentType(Problem.MEDIA_TYPE);
    }

    private HttpResponse<?> unknownHost(HttpRequest<?> request, String host) {
        ProblemException e = new ProblemException(HttpStatus.NOT_FOUND, "unknown-host",
                "problem.tenant.unknown-host.title", "problem.tenant.unknown-host.detail", host);
        Problem problem = problems.problem(request, e);
        if (ProblemResponses.wantsHtml(request) && !path(request).startsWith("/api/")) {
            Locale locale = problems.locale(request);
            return HttpResponse.notFound(ErrorPage.render(locale, problem))
                    .contentType(MediaType.TEXT_HTML_TYPE.toString() + ";charset=utf-8");
        }
        return HttpResponse.notFound(problem).contentType(Problem.MEDIA_TYPE);
    }

    private static String path(HttpRequest<?> request) {
        return request.getPath();
    }

    static String host(HttpRequest<?> request) {
        String host = request.getHeaders().get(HttpHeaders.HOST);
        if (host == null) {
            host = request.getServerName();
        }
        return TenantRegistry.normalizeHost(host);
    }
}
