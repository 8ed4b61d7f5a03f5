package co.mesa.identity;

import co.mesa.shared.ProblemException;
import co.mesa.tenant.TenantContext;
import co.mesa.shared.Languages;
import co.mesa.tenant.TenantAttributes;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;

import java.net.URI;
import java.util.Map;

/**
 * Page sign-in and sign-out (authorization code + PKCE): on a tenant's host against the tenant's
 * realm; on the platform's own host, the same flow for operators against the platform realm, with
 * sessions of the platform's own (see {@link PageSessions#beginPlatform}).
 */
@Controller("/auth")
@Hidden
public class LoginController {

    private final PageSessions sessions;
    private final String scheme;
    private final boolean secureCookies;

    private final co.mesa.shared.PlatformMetrics metrics;

    public LoginController(PageSessions sessions, @Value("${mesa.identity.public-scheme:https}") String scheme,
                           @Value("${mesa.identity.secure-cookies:true}") boolean secureCookies,
                           co.mesa.shared.PlatformMetrics metrics) {
        this.metrics = metrics;
        this.sessions = sessions;
        this.scheme = scheme;
        this.secureCookies = secureCookies;
    }

    @Get("/login")
    @Produces({MediaType.TEXT_HTML, MediaType.APPLICATION_JSON}) // browsers get error pages as HTML
    @Secured(SecurityRule.IS_ANONYMOUS)
    public HttpResponse<?> login(HttpRequest<?> request, @Nullable @QueryValue("returnTo") String returnTo) {
        if (platformHost(request)) {
            return HttpResponse.seeOther(sessions.beginPlatform(callback(request), returnTo, Languages.preferred(request)));
        }
        TenantContext tenant = tenant(request);
        return HttpResponse.seeOther(sessions.begin(tenant, callback(request), returnTo, Languages.preferred(request)));
    }

    @Get("/callback")
    @Produces({MediaType.TEXT_HTML, MediaType.APPLICATION_JSON}) // browsers get error pages as HTML
    @Secured(SecurityRule.IS_ANONYMOUS)
    public HttpResponse<?> callback(HttpRequest<?> request, @QueryValue("state") String state,
                                    @QueryValue("code") String code) {
        PageSessions.Signed signed;
        try {
            signed = platformHost(request)
                    ? sessions.completePlatform(state, code, callback(request))
                    : sessions.complete(tenant(request), state, code, callback(request));
        } catch (co.mesa.shared.ProblemException e) {
            metrics.signInFailure(platformHost(request) ? "platform" : tenant(request).slug(), e.type());
            throw e;
        }
        return HttpResponse.seeOther(URI.create(signed.returnTo())).cookie(cookie(signed.cookie(), -1));
    }

    /** For pages' scripts and forms: who is signed in by cookie, and the CSRF token their forms carry. */
    @Get("/session")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    public Map<String, Object> session(Authentication auth) {
        Object csrf = auth.getAttributes().get(PageSessions.CSRF_ATTRIBUTE);
        if (csrf == null) {
            throw new ProblemException(HttpStatus.NOT_FOUND, "no-page-session", "problem.not-found.title",
                    "problem.not-found.detail");
        }
        return Map.of("subject", auth.getName(), "roles", auth.getRoles(), "csrf", csrf);
    }

    /**
     * Sign-out is a POST with the session's CSRF token (checked by the pages' CSRF filter, decision 0016),
     * so another site cannot sign people out.
     */
    @Post("/logout")
    @Produces({MediaType.TEXT_HTML, MediaType.APPLICATION_JSON}) // browsers get error pages as HTML
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Secured(SecurityRule.IS_AUTHENTICATED)
    public HttpResponse<?> logout(HttpRequest<?> request) {
        TenantContext tenant = platformHost(request) ? null : tenant(request);
        String cookie = request.getCookies().findCookie(SessionCookieAuthenticationFetcher.COOKIE)
                .map(Cookie::getValue).orElse("");
        // Operators land back on their pages' sign-in notice; the platform host has no home page.
        URI keycloakLogout = tenant == null ? sessions.endPlatform(cookie, origin(request) + "/operador")
                : sessions.end(tenant, cookie, origin(request) + "/");
        return HttpResponse.seeOther(keycloakLogout).cookie(cookie("", 0));
    }

    private Cookie cookie(String value, long maxAgeSeconds) {
        Cookie c = Cookie.of(SessionCookieAuthenticationFetcher.COOKIE, value).httpOnly(true).path("/")
                .sameSite(SameSite.Lax).secure(secureCookies);
        return maxAgeSeconds >= 0 ? c.maxAge(maxAgeSeconds) : c;
    }

    private static boolean platformHost(HttpRequest<?> request) {
        return request.getAttribute(TenantAttributes.PLATFORM, Boolean.class).orElse(false);
    }

    /** The host's tenant, exactly as a {@code TenantContext} parameter would bind it (404 where there is none). */
    private static TenantContext tenant(HttpRequest<?> request) {
        return request.getAttribute(TenantAttributes.TENANT, TenantContext.class)
                .orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND, "no-tenant-on-host",
                        "problem.not-found.title", "problem.tenant.platform-host.detail"));
    }

    private String callback(HttpRequest<?> request) {
        return origin(request) + "/auth/callback";
    }

    /** The browser-facing origin: the tenant host the request came on (with its port, if any). */
    private String origin(HttpRequest<?> request) {
        return scheme + "://" + request.getHeaders().get(HttpHeaders.HOST);
    }
}
