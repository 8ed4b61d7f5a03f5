package co.mesa.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.annotation.Executable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import jakarta.inject.Singleton;

/**
 * The Prometheus scrape ({@code GET /metrics}), routed by {@link ManagementRoutes} on the management
 * port only: tenant hosts, on the public port, never serve it. Anonymous, like the probes: the
 * port is reached inside the cluster only (the chart's NetworkPolicy and ServiceMonitor).
 */
@Singleton
public class MetricsScrape {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    MetricsScrape(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Executable
    @Secured(SecurityRule.IS_ANONYMOUS)
    @Produces(CONTENT_TYPE)
    public HttpResponse<String> scrape() {
        return HttpResponse.ok(registry.scrape()).contentType(CONTENT_TYPE);
    }
}
