package co.mesa.identity;

import co.mesa.tenant.TenantContext;
import co.mesa.web.TenantFilter;
import io.micronaut.context.annotation.Requires;
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
 * (operators). A cookie of one is never looked up in the other, so it is worthless there.
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
        Optional<TenantContext> tenant = request.getAttribute(TenantFilter.TENANT_ATTRIBUTE, TenantContext.class);
        if (cookie.isEmpty() || cookie.get().getValue().isBlank()) {
            return Mono.empty();
        }
        if (tenant.isPresent()) {
            return Mono.fromCallable(() -> sessions.authentication(tenant.get(), cookie.get().getValue()).orElse(null))
                    .subscribeOn(Schedulers.boundedElastic());
        }
        // Operators' cookies open the operator pages (whose forms check the session's CSRF token), never
        // the operator API: it keeps bearer tokens only, so no form of any site can drive it with a cookie.
        if (request.getAttribute(TenantFilter.PLATFORM_ATTRIBUTE, Boolean.class).orElse(false)
                && !request.getPath().startsWith("/api/")) {
            return Mono.fromCallable(() -> sessions.platformAuthentication(cookie.get().getValue()).orElse(null))
                    .subscribeOn(Schedulers.boundedElastic());
        }
        return Mono.empty();
    }
}
