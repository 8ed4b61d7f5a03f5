package co.mesa.web;

import co.mesa.shared.Languages;
import co.mesa.shared.Messages;
import co.mesa.shared.Problem;
import co.mesa.shared.ProblemException;
import co.mesa.tenant.TenantContext;
import co.mesa.web.page.PageShell;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every error leaves as {@code application/problem+json}, titled in the caller's language, and never
 * with a stack trace: Micronaut's own errors (404, 400 binding, 405…) and ours ({@link ProblemException}).
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
@Produces(Problem.MEDIA_TYPE)
public class ProblemResponses implements ErrorResponseProcessor<Problem>, ExceptionHandler<ProblemException, HttpResponse<?>> {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemResponses.class);
    private static final String TYPE_BASE = "https://mesa.co/problems/";

    private final Messages messages;
    private final BeanProvider<PageShell> shell;

    public ProblemResponses(Messages messages, BeanProvider<PageShell> shell) {
        this.messages = messages;
        this.shell = shell;
    }

    @Override
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.status();
        Locale locale = locale(context.getRequest());
        String key = switch (status.getCode()) {
            case 400 -> "bad-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            default -> status.getCode() >= 500 ? "internal" : "bad-request";
        };
        String detail;
        List<Problem.InvalidParam> invalid = null;
        if (status.getCode() >= 500) {
            context.getRootCause().ifPresent(e -> LOG.error("Unhandled error on {} {}", context.getRequest().getMethod(),
                    context.getRequest().getPath(), e));
            detail = messages.get(locale, "problem.internal.detail");
        } else if (status.getCode() == 404) {
            detail = messages.get(locale, "problem.not-found.detail");
        } else if (wrongJsonType(context).isPresent()) {
            // A JSON value of the wrong type (a number where text goes): name the field, not the Java argument.
            io.micronaut.serde.exceptions.InvalidPropertyFormatException wrong = wrongJsonType(context).get();
            detail = messages.get(locale, "problem.input.json-type.detail");
            invalid = List.of(new Problem.InvalidParam(wrong.getArgument().getName(),
                    messages.get(locale, "input.param.json-type")));
        } else {
            List<Error> all = context.getErrors();
            detail = all.isEmpty() ? null : all.get(0).getMessage();
            List<Problem.InvalidParam> named = all.stream().filter(e -> e.getPath().isPresent())
                    .map(e -> new Problem.InvalidParam(e.getPath().get(), e.getMessage())).toList();
            invalid = named.isEmpty() ? null : named;
        }
        Problem problem = new Problem(TYPE_BASE + key, messages.get(locale, "problem." + key + ".title"),
                status.getCode(), detail, context.getRequest().getPath(), invalid);
        HttpRequest<?> request = context.getRequest();
        Optional<TenantContext> tenant = request.getAttribute(TenantFilter.TENANT_ATTRIBUTE, TenantContext.class);
        if (status.getCode() == 404 && tenant.isPresent() && wantsHtml(request) && !request.getPath().startsWith("/api/")
                && !request.getPath().startsWith("/assets/")) {
            // An address nothing answers, in a browser on an entity's host (issue 20): the entity's own "not
            // found" page in the person's language, not raw JSON. (Routes that answer 404 render their own.)
            MutableHttpResponse<String> page = shell.get().page(tenant.get(), request,
                    request.getUserPrincipal(io.micronaut.security.authentication.Authentication.class).orElse(null))
                    .problem(status, problem.title(), problem.detail());
            @SuppressWarnings({"unchecked", "rawtypes"})
            MutableHttpResponse<Problem> html = (MutableHttpResponse) response.contentType(page.getContentType()
                    .orElse(MediaType.TEXT_HTML_TYPE)).body(page.body());
            page.getHeaders().forEach((name, values) -> values.forEach(v -> html.getHeaders().set(name, v)));
            return html;
        }
        return response.contentType(Problem.MEDIA_TYPE).body(problem);
    }

    private static Optional<io.micronaut.serde.exceptions.InvalidPropertyFormatException> wrongJsonType(ErrorContext context) {
        Throwable t = context.getRootCause().orElse(null);
        for (int i = 0; t != null && i < 16; i++, t = t.getCause()) {
            if (t instanceof io.micronaut.serde.exceptions.InvalidPropertyFormatException e && e.getArgument() != null) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, ProblemException e) {
        Problem problem = problem(request, e);
        MutableHttpResponse<?> response;
        // Assets (a logo, say) are fetched by img tags and documents: their errors stay problem+json, never a page.
        if (wantsHtml(request) && !request.getPath().startsWith("/api/") && !request.getPath().startsWith("/assets/")) {
            // A person in a browser (sign-in, pages) gets a page in their language, not JSON.
            Optional<TenantContext> tenant = request.getAttribute(TenantFilter.TENANT_ATTRIBUTE, TenantContext.class);
            if (tenant.isPresent()) {
                // On a tenant's host: the error inside the entity's own page shell (header, footer, language).
                response = shell.get().page(tenant.get(), request,
                        ((HttpRequest<?>) request).getUserPrincipal(io.micronaut.security.authentication.Authentication.class).orElse(null)).problem(e.status(), problem.title(), problem.detail());
            } else {
                response = HttpResponse.status(e.status()).contentType(MediaType.TEXT_HTML + ";charset=utf-8")
                        .body(ErrorPage.render(locale(request), problem));
            }
        } else {
            response = HttpResponse.status(e.status()).contentType(Problem.MEDIA_TYPE).body(problem);
        }
        if (e.status() == HttpStatus.SERVICE_UNAVAILABLE) {
            // A dependency is down, not the caller's fault: say when to come back.
            response.header(HttpHeaders.RETRY_AFTER, "30");
        }
        return response;
    }

    public Problem problem(HttpRequest<?> request, ProblemException e) {
        Locale locale = locale(request);
        List<Problem.InvalidParam> invalid = new java.util.ArrayList<>(e.invalidParams());
        e.paramErrors().forEach(p -> invalid.add(new Problem.InvalidParam(p.name(),
                messages.get(locale, p.key(), p.arguments()))));
        return new Problem(TYPE_BASE + e.type(), messages.get(locale, e.titleKey()), e.status().getCode(),
                messages.get(locale, e.detailKey(), e.arguments()), request.getPath(),
                invalid.isEmpty() ? null : invalid, e.changesSince());
    }

    Locale locale(HttpRequest<?> request) {
        return messages.pick(Languages.preferred(request));
    }

    static boolean wantsHtml(HttpRequest<?> request) {
        return request.getHeaders().accept().stream().anyMatch(m -> m.matches(MediaType.TEXT_HTML_TYPE));
    }
}
