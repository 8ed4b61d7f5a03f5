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

/** Pages: the session cookie, looked up in the tenant's own sessions (row level security applies). */
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
        if (cookie.isEmpty() || tenant.isEmpty() || cookie.get().getValue().isBlank()) {
            return Mono.empty();
        }
        return Mono.fromCallable(() -> sessions.authentication(tenant.get(), cookie.get().getValue()).orElse(null))
                .subscribeOn(Schedulers.boundedElastic());
    }
}
