package co.mesa.web.page;

import co.mesa.tenant.TenantContext;
import co.mesa.web.TenantFilter;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import io.micronaut.security.authentication.WwwAuthenticateChallengeProvider;
import io.micronaut.security.config.RedirectConfiguration;
import io.micronaut.security.config.RedirectService;
import io.micronaut.security.errors.PriorToLoginPersistence;
import jakarta.inject.Singleton;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The one answer to a page request that security refused (decision 0016), in the host's theme and the
 * caller's language:
 * <ul>
 *   <li>nobody signed in (or a session of another entity, which is nobody here) → 303 to this host's
 *       sign-in with the page as the return address; on the platform's host, its operator sign-in page;</li>
 *   <li>signed in without a role the page declares → the 403 page;</li>
 *   <li>a page of the other kind of host (operator pages on a tenant's host, a tenant's pages on the
 *       platform's host) → not found.</li>
 * </ul>
 * Anything that is not a browser asking for a page (the JSON API, scripts, tools) keeps micronaut-security's
 * answer: 401/403 as {@code application/problem+json}.
 */
@Singleton
@Requires(notEnv = "migrate-only")
@Replaces(DefaultAuthorizationExceptionHandler.class)
public class PageRejections extends DefaultAuthorizationExceptionHandler {

    private final BeanProvider<PageShell> shell;

    public PageRejections(ErrorResponseProcessor<?> errorResponseProcessor, RedirectConfiguration redirectConfiguration,
                          RedirectService redirectService,
                          List<WwwAuthenticateChallengeProvider<HttpRequest<?>>> challengeProviders,
                          @Nullable PriorToLoginPersistence<HttpRequest<?>, MutableHttpResponse<?>> priorToLoginPersistence,
                          BeanProvider<PageShell> shell) {
        super(errorResponseProcessor, redirectConfiguration, redirectService, challengeProviders, priorToLoginPersistence);
        this.shell = shell;
    }

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
        HttpRequest<?> req = request;
        if (!PageRoutes.isPage(req) || !wantsHtml(req)) {
            return super.handle(request, exception);
        }
        boolean platformHost = req.getAttribute(TenantFilter.PLATFORM_ATTRIBUTE, Boolean.class).orElse(false);
        Optional<TenantContext> tenant = req.getAttribute(TenantFilter.TENANT_ATTRIBUTE, TenantContext.class);
        Authentication auth = exception.isForbidden() ? exception.getAuthentication() : null;
        if (platformHost) {
            PageShell.Page page = shell.get().platformPage(req, auth);
            if (PageRoutes.tenantOnly(req)) {
                return page.error(HttpStatus.NOT_FOUND, "operator.error.not-found.title", "operator.error.not-found.detail");
            }
            if (auth == null) {
                // The operators' own sign-in: their page says how, and its "Ingresar" link brings them back here.
                return page.error(HttpStatus.UNAUTHORIZED, "operator.error.signin.title", "operator.error.signin.detail");
            }
            return page.error(HttpStatus.FORBIDDEN, "shell.error.forbidden.title", "shell.error.forbidden.detail");
        }
        if (tenant.isEmpty()) {
            return super.handle(request, exception); // the edge answers unknown hosts before security
        }
        PageShell.Page page = shell.get().page(tenant.get(), req, auth);
        if (PageRoutes.platformOnly(req)) {
            return page.error(HttpStatus.NOT_FOUND, "shell.error.notfound.title", "shell.error.notfound.detail");
        }
        if (auth == null) {
            return HttpResponse.seeOther(URI.create("/auth/login?returnTo="
                    + URLEncoder.encode(returnTo(req), StandardCharsets.UTF_8)));
        }
        return page.error(HttpStatus.FORBIDDEN, "shell.error.forbidden.title", "shell.error.forbidden.detail");
    }

    /**
     * Where the sign-in brings the person back: the page itself when it was read; after a refused form
     * post, the home page (a form's address is not a page to land on). The sign-in accepts same-site paths only.
     */
    static String returnTo(HttpRequest<?> request) {
        if (request.getMethod() != HttpMethod.GET && request.getMethod() != HttpMethod.HEAD) {
            return "/";
        }
        String query = request.getUri().getRawQuery();
        return request.getUri().getRawPath() + (query == null ? "" : "?" + query);
    }

    static boolean wantsHtml(HttpRequest<?> request) {
        return request.getHeaders().accept().stream().anyMatch(m -> m.matches(MediaType.TEXT_HTML_TYPE));
    }
}
