package co.mesa.ops;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A request that stays in flight until the test lets it finish; only in {@link GracefulStopTest}'s platform. */
@Controller("/api/v1/test-only")
@Requires(property = "mesa.test.slow-route", value = "true")
class SlowRoute {

    static volatile CountDownLatch entered = new CountDownLatch(1);
    static volatile CountDownLatch release = new CountDownLatch(1);

    @Get("/slow")
    @Produces(MediaType.TEXT_PLAIN)
    @Secured(SecurityRule.IS_ANONYMOUS)
    String slow() throws InterruptedException {
        entered.countDown();
        if (!release.await(120, TimeUnit.SECONDS)) {
            return "never released";
        }
        return "finished";
    }
}
