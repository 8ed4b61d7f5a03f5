package co.mesa.web.page;

import co.mesa.tenant.TenantContext;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.web.router.MethodBasedRouteInfo;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteInfo;

import java.util.Arrays;
import java.util.Optional;

/**
 * Which routes are pages (decision 0016): every route of the platform's own controllers except the JSON
 * API ({@code /api/}), the probes ({@code /health}), the API document ({@code /openapi}) and the scrape ({@code /metrics}). Pages are
 * what a browser navigates to with the session cookie; the API takes bearer tokens. (Endpoints that
 * libraries bring, such as micronaut-security's {@code /token_info}, are not pages.)
 */
public final class PageRoutes {

    private PageRoutes() {
    }

    /** True for a page path (sign-in and sign-out included). */
    public static boolean isPagePath(String path) {
        return !(path.startsWith("/api/") || path.equals("/api") || path.startsWith("/health")
                || path.startsWith("/openapi") || path.equals("/metrics")); // the scrape: management port only
    }

    /** True when the request matched a page route. */
    public static boolean isPage(HttpRequest<?> request) {
        return RouteAttributes.getRouteInfo(request).map(PageRoutes::ours).orElse(false) && isPagePath(request.getPath());
    }

    /** A route of the platform's own controllers. */
    public static boolean ours(RouteInfo<?> route) {
        return route.getDeclaringType().getName().startsWith("co.mesa.");
    }

    /** Methods a page's form may use to change something (everything but reading). */
    public static boolean changes(HttpMethod method) {
        return !(method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS
                || method == HttpMethod.TRACE);
    }

    /** The page exists on the platform's own host only ({@link PlatformHostOnly}). */
    public static boolean platformOnly(HttpRequest<?> request) {
        return RouteAttributes.getRouteInfo(request).map(PageRoutes::platformOnly).orElse(false);
    }

    public static boolean platformOnly(RouteInfo<?> route) {
        return route.getDeclaringType().isAnnotationPresent(PlatformHostOnly.class);
    }

    /** The page exists on a tenant's host only: its handler takes the host's {@code TenantContext}. */
    public static boolean tenantOnly(HttpRequest<?> request) {
        Optional<RouteInfo<?>> route = RouteAttributes.getRouteInfo(request);
        return route.isPresent() && tenantOnly(route.get());
    }

    public static boolean tenantOnly(RouteInfo<?> route) {
        return route instanceof MethodBasedRouteInfo<?, ?> m && Arrays.stream(m.getTargetMethod().getArguments())
                .anyMatch(a -> TenantContext.class.equals(a.getType()));
    }
}
