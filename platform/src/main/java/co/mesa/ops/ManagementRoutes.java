package co.mesa.ops;

import io.micronaut.context.ExecutionHandleLocator;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.convert.ConversionService;
import io.micronaut.web.router.DefaultRouteBuilder;
import jakarta.inject.Singleton;

/**
 * Routes served on the management port only ({@code mesa.management.port}): Micronaut binds a listener
 * for each port a route is exposed on, and that listener serves no other route, while the public
 * port does not serve these. The probes stay on the public port ({@code /health}), as the chart expects.
 */
@Singleton
@Requires(notEnv = "migrate-only")
@Requires(property = "mesa.management.port")
public class ManagementRoutes extends DefaultRouteBuilder {

    /** The scrape's path on the management port. */
    public static final String METRICS = "/metrics";

    ManagementRoutes(ExecutionHandleLocator locator, UriNamingStrategy naming, ConversionService conversion,
                     MetricsScrape scrape, @Value("${mesa.management.port}") int port) {
        super(locator, naming, conversion);
        GET(METRICS, scrape, "scrape").exposedPort(port);
    }
}
