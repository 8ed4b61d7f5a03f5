package co.mesa.web.page;

import co.mesa.tenant.TenantContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.security.authentication.Authentication;

import java.util.Map;
import java.util.Optional;

/**
 * A page controller that answers its own forms' CSRF refusals with something kinder than the standard
 * 403 page (the form again, with what the person typed and a fresh token). {@link PageCsrfFilter} has
 * already refused the post: the handler is not called and nothing may be changed here.
 */
public interface CsrfRefusalPage {

    /**
     * The 403 answer for a refused form of this controller, or empty for the standard page.
     *
     * @param tenant    the host's tenant; null on the platform's host
     * @param variables the route's path variables ({@code id}, …)
     * @param fields    the post's text fields, as read by the filter
     */
    Optional<HttpResponse<?>> csrfRefused(@Nullable TenantContext tenant, HttpRequest<?> request, Authentication auth,
                                          Map<String, Object> variables, PostedFields fields);
}
