package co.mesa.web.page;

import co.mesa.identity.PageSessions;
import co.mesa.shared.Problem;
import co.mesa.shared.ProblemException;
import co.mesa.tenant.TenantContext;
import co.mesa.web.ProblemResponses;
import co.mesa.web.TenantFilter;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.ServerHttpRequest;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.body.ByteBody;
import io.micronaut.http.body.CloseableAvailableByteBody;
import io.micronaut.http.body.CloseableByteBody;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteInfo;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/**
 * The one CSRF check of the pages (decision 0016): every request that may change something (POST, PUT,
 * PATCH, DELETE) on a page route, signed in with a page session, must carry that session's token in the
 * form field {@code csrf} — forms ({@code application/x-www-form-urlencoded}) and uploads
 * ({@code multipart/form-data}) alike; else 403 and the handler is never called. Runs after security, so
 * the session is known and the route's roles were already checked.
 *
 * <p>Not checked: callers with no session (security let them through, so the route is public: there is
 * no session to ride on) and callers with a bearer token (a browser never attaches one on its own). The
 * body is read from a split of the request's body, so the handler still binds it as before.
 */
@Filter(Filter.MATCH_ALL_PATTERN)
@Requires(notEnv = "migrate-only")
public class PageCsrfFilter implements HttpServerFilter {

    /** The form field every page form carries the session's token in. */
    public static final String FIELD = "csrf";

    private final ApplicationContext context;
    private final PageShell shell;
    private final ProblemResponses problems;

    public PageCsrfFilter(ApplicationContext context, PageShell shell, ProblemResponses problems) {
        this.context = context;
        this.shell = shell;
        this.problems = problems;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        if (!PageRoutes.changes(request.getMethod()) || !PageRoutes.isPage(request)) {
            return chain.proceed(request);
        }
        Optional<Authentication> auth = request.getUserPrincipal(Authentication.class);
        if (auth.isEmpty()) {
            return chain.proceed(request);
        }
        Object expected = auth.get().getAttributes().get(PageSessions.CSRF_ATTRIBUTE);
        if (expected == null) {
            return chain.proceed(request);
        }
        if (!(request instanceof ServerHttpRequest<?> server)) {
            return refuse(request, auth.get(), PostedFields.NONE);
        }
        // A split of the body, buffered (as Micronaut's own FilterBodyParser does): the handler binds the
        // original as before. A split read only in part and cancelled breaks the original's binding.
        CompletableFuture<? extends CloseableAvailableByteBody> buffered;
        try (CloseableByteBody copy = server.byteBody().split(ByteBody.SplitBackpressureMode.FASTEST)) {
            buffered = copy.buffer();
        }
        return Mono.fromFuture(buffered)
                .map(body -> {
                    try (body) {
                        return PostedFields.parse(request.getContentType(), body.toByteArray());
                    }
                })
                .flatMapMany(fields -> matches(expected.toString(), fields.values().get(FIELD))
                        ? chain.proceed(request)
                        : refuse(request, auth.get(), fields));
    }

    static boolean matches(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }

    /** 403: the controller's own refusal page if it has one, else the shell's; a problem for non-browsers. */
    private Publisher<MutableHttpResponse<?>> refuse(HttpRequest<?> request, Authentication auth, PostedFields fields) {
        return Mono.<MutableHttpResponse<?>>fromCallable(() -> refusal(request, auth, fields))
                .subscribeOn(Schedulers.boundedElastic());
    }

    private MutableHttpResponse<?> refusal(HttpRequest<?> request, Authentication auth, PostedFields fields) {
        boolean html = PageRejections.wantsHtml(request);
        Optional<TenantContext> tenant = request.getAttribute(TenantFilter.TENANT_ATTRIBUTE, TenantContext.class);
        if (html) {
            Optional<RouteInfo<?>> route = RouteAttributes.getRouteInfo(request);
            if (route.isPresent() && CsrfRefusalPage.class.isAssignableFrom(route.get().getDeclaringType())) {
                CsrfRefusalPage own = (CsrfRefusalPage) context.getBean(route.get().getDeclaringType());
                Map<String, Object> variables = RouteAttributes.getRouteMatch(request)
                        .map(m -> m.getVariableValues()).orElse(Map.of());
                Optional<HttpResponse<?>> answer = own.csrfRefused(tenant.orElse(null), request, auth, variables, fields);
                if (answer.isPresent() && answer.get() instanceof MutableHttpResponse<?> own403) {
                    return own403.status(HttpStatus.FORBIDDEN);
                }
            }
            PageShell.Page page = tenant.isPresent() ? shell.page(tenant.get(), request, auth)
                    : shell.platformPage(request, auth);
            return page.error(HttpStatus.FORBIDDEN, "shell.error.csrf.title", "shell.error.csrf.detail");
        }
        Problem problem = problems.problem(request, new ProblemException(HttpStatus.FORBIDDEN, "csrf",
                "problem.csrf.title", "problem.csrf.detail"));
        return HttpResponse.status(HttpStatus.FORBIDDEN).contentType(Problem.MEDIA_TYPE).body(problem);
    }
}
