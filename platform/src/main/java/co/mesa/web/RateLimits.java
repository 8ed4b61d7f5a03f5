package co.mesa.web;

import co.mesa.shared.ProblemException;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.Principal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rate limits, token buckets (Bucket4j) a minute wide: one per entity (every request on its hosts), one per
 * signed-in caller of an entity, and one per client address for requests without a session (sign-in, public
 * endpoints, the portal's anonymous pages). Limits come from the entity's settings ({@code rateLimits}),
 * else the platform's defaults ({@code mesa.rate-limits.*}). Over a limit: 429 problem+json (the entity's
 * page for a person) with {@code Retry-After}. Buckets live in this replica's memory: decision 0020 says
 * why that is enough with several replicas.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(notEnv = "migrate-only")
public class RateLimits implements Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimits.class);
    /** Above this many buckets, full (idle) ones are dropped: a bucket at capacity is the same as none. */
    private static final int SWEEP_ABOVE = 50_000;

    private final ProblemResponses problems;
    private final int perEntity;
    private final int perCaller;
    private final int perAddress;
    private final String addressHeader;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimits(ProblemResponses problems,
                      @Value("${mesa.rate-limits.per-entity-per-minute:600000}") int perEntity,
                      @Value("${mesa.rate-limits.per-caller-per-minute:120000}") int perCaller,
                      @Value("${mesa.rate-limits.per-address-per-minute:3000}") int perAddress,
                      @Value("${mesa.rate-limits.client-address-header:}") String addressHeader) {
        this.problems = problems;
        this.perEntity = perEntity;
        this.perCaller = perCaller;
        this.perAddress = perAddress;
        this.addressHeader = addressHeader;
    }

    @Override
    public int getOrder() {
        // After security: the caller is known, and a signed-in caller is counted as one, wherever from.
        return ServerFilterPhase.SECURITY.after() + 1;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> limit(HttpRequest<?> request) {
        String path = request.getPath();
        if (path.startsWith("/health") || path.startsWith("/assets/") || path.startsWith("/openapi")) {
            return null;
        }
        TenantContext tenant = request.getAttribute(TenantFilter.TENANT_ATTRIBUTE, TenantContext.class).orElse(null);
        TenantConfig.RateLimits own = tenant == null ? TenantConfig.RateLimits.PLATFORM_DEFAULTS
                : tenant.config().settings().rateLimits();
        String scope = tenant == null ? "platform" : tenant.slug();
        long wait = 0;
        if (tenant != null) {
            wait = Math.max(wait, take("e|" + scope, or(own.perEntityPerMinute(), perEntity)));
        }
        Principal caller = request.getUserPrincipal().orElse(null);
        if (caller != null) {
            wait = Math.max(wait, take("c|" + scope + "|" + caller.getName(), or(own.perCallerPerMinute(), perCaller)));
        } else {
            wait = Math.max(wait, take("a|" + scope + "|" + address(request), or(own.perAddressPerMinute(), perAddress)));
        }
        if (wait == 0) {
            return null;
        }
        long seconds = Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
        LOG.info("Rate limit reached on {} {} ({}), retry after {} s", request.getMethod(), path, scope, seconds);
        MutableHttpResponse<?> refused = (MutableHttpResponse<?>) problems.handle(request, new ProblemException(
                HttpStatus.TOO_MANY_REQUESTS, "rate-limit", "problem.rate-limit.title", "problem.rate-limit.detail", seconds));
        return refused.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    }

    /** Takes one token; 0 when there was one, else the nanoseconds until the next. */
    private long take(String key, int perMinute) {
        if (buckets.size() > SWEEP_ABOVE) {
            sweep();
        }
        Bucket bucket = buckets.computeIfAbsent(key + "|" + perMinute, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
    }

    private void sweep() {
        buckets.entrySet().removeIf(e -> {
            String key = e.getKey();
            long capacity = Long.parseLong(key.substring(key.lastIndexOf('|') + 1));
            return e.getValue().getAvailableTokens() >= capacity;
        });
    }

    private static int or(@Nullable Integer own, int platform) {
        return own == null ? platform : own;
    }

    /**
     * The client's address: the connection's peer, or, behind a trusted proxy that is named by
     * {@code mesa.rate-limits.client-address-header} (X-Forwarded-For, say), the last address that proxy
     * appended. Without that setting the header is ignored, so a client cannot pick its own bucket.
     */
    private String address(HttpRequest<?> request) {
        if (!addressHeader.isEmpty()) {
            String forwarded = request.getHeaders().get(addressHeader);
            if (forwarded != null && !forwarded.isBlank()) {
                String[] hops = forwarded.split(",");
                return hops[hops.length - 1].strip();
            }
        }
        return request.getRemoteAddress().getAddress() == null ? request.getRemoteAddress().getHostString()
                : request.getRemoteAddress().getAddress().getHostAddress();
    }
}
