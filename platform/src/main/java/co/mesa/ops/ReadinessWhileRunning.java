package co.mesa.ops;

import co.mesa.shared.Draining;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/** Readiness goes DOWN as soon as the replica starts stopping, so the load balancer sends it no new request. */
@Singleton
@Readiness
public class ReadinessWhileRunning implements HealthIndicator {

    private final Draining draining;

    ReadinessWhileRunning(Draining draining) {
        this.draining = draining;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Mono.just(HealthResult.builder("stopping")
                .status(draining.isDraining() ? HealthStatus.DOWN : HealthStatus.UP).build());
    }
}
