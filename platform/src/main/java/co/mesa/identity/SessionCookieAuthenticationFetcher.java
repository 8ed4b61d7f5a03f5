package co.mesa.identity;

import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantAttributes;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.Optional;

/**
 * Pages: the session cookie, looked up in the host's own sessions only: on a tenant's host in that
 * tenant's sessions (row level security applies), on the platform's host in the platform's sessions
 * (operators). A cookie of one is never looked up in the other, so it is worthless there. The cookie
 * never authenticates a write to the JSON API (POST, PUT, PATCH, DELETE under {@code /api/}): that takes a
 * bearer token (decision 0016); on the platform host it authenticates no API call at all.
 */
@Singleton
@Requires(notEnv = "migrate-only")
public class SessionCookieAuthenticationFetcher implements AuthenticationFetcher<HttpRequest<?>> {

    public static final String COOKIE = "MESA_SESSION";

    private final PageSessions sessions;

    public SessionCookieAuthenticationFetcher(PageSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        Optional<Cookie> cookie = request.getCookies().findCookie(COOKIE);
        Optional<TenantContext> tenant = request.getAttribute(TenantAttributes.TENANT, TenantContext.class);
        if (cookie.isEmpty() || cookie.get().getValue().isBlank()) {
            return Mono.empty();
        }
        boolean api = request.getPath().startsWith("/api/");
        if (api && changes(request.getMethod())) {
            // Decision 0016: the JSON API changes things for bearer tokens only. A page session reads (a
            // case's attachment from the console, "who am I"), but no form or script of any site can make a
            // browser's cookie file a case or act on one.
            return Mono.empty();
        }
        if (tenant.isPresent()) {
            return Mono.fromCallable(() -> sessions.authentication(tenant.get(), cookie.get().getValue()).orElse(null))
                    .subscribeOn(Schedulers.boundedElastic());
        }
        // Operators' cookies open the operator pages (whose forms check the session's CSRF token), never
        // the operator API: it keeps bearer tokens only, so no form of any site can drive it with a cookie.
        if (request.getAttribute(TenantAttributes.PLATFORM, Boolean.class).orElse(false)
                && !api) {
            return Mono.fromCallable(() -> sessions.platformAuthentication(cookie.get().getValue()).orElse(null))
                    .subscribeOn(Schedulers.boundedElastic());
        }
        return Mono.empty();
    }

    private static boolean changes(HttpMethod method) {
        return !(method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS);
    }
}
