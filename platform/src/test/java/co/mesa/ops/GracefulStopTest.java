package co.mesa.ops;

import co.mesa.shared.Draining;
import co.mesa.testsupport.Eventually;
import co.mesa.testsupport.MesaPlatform;
import co.mesa.testsupport.NeedsServices;
import co.mesa.testsupport.TestKeycloak;
import co.mesa.testsupport.TestPostgres;
import io.micronaut.context.ApplicationContext;
import io.micronaut.health.HealthStatus;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A replica's stop (what SIGTERM does through the JVM's shutdown hook: the context stops): readiness goes
 * DOWN, jobs take no new work, and a request in flight finishes with its answer. A second platform on the
 * run's database, so the shared one keeps serving the other tests.
 */
@NeedsServices
class GracefulStopTest {

    @Test
    void aRequestInFlightFinishesWhileTheReplicaStops() throws Exception {
        MesaPlatform.get(); // the schema and the launch tenants
        TestPostgres pg = TestPostgres.get();
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.server.port", -1);
        props.put("micronaut.server.host", "127.0.0.1");
        props.put("datasources.default.url", pg.jdbcUrl());
        props.put("datasources.default.username", pg.appUser());
        props.put("datasources.default.password", pg.appPassword());
        props.put("mesa.keycloak.url", TestKeycloak.planned().baseUrl());
        props.put("mesa.identity.realm-sync.enabled", false);
        props.put("mesa.tenant-config.rescan-interval", "1h");
        props.put("mesa.tenant-config.registry-refresh-interval", "1h");
        props.put("mesa.management.port", MesaPlatform.freePort());
        props.put("mesa.test.slow-route", true);
        SlowRoute.entered = new CountDownLatch(1);
        SlowRoute.release = new CountDownLatch(1);
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props, "test");
        ApplicationContext context = server.getApplicationContext();
        Draining draining = context.getBean(Draining.class);
        ReadinessWhileRunning readiness = context.getBean(ReadinessWhileRunning.class);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        URI slow = URI.create("http://127.0.0.1:" + server.getPort() + "/api/v1/test-only/slow");
        try {
            CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(HttpRequest.newBuilder(slow)
                    .header("Host", "funcion-publica.localhost").timeout(Duration.ofSeconds(120)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(SlowRoute.entered.await(60, TimeUnit.SECONDS)).as("request reached the handler").isTrue();
            assertThat(Mono.from(readiness.getResult()).block().getStatus()).isEqualTo(HealthStatus.UP);

            Thread stopper = new Thread(server::stop, "graceful-stop-test");
            stopper.start();

            Eventually.until("the replica drains", draining::isDraining);
            assertThat(Mono.from(readiness.getResult()).block().getStatus()).isEqualTo(HealthStatus.DOWN);
            assertThat(inFlight).isNotDone();

            SlowRoute.release.countDown();
            HttpResponse<String> answer = inFlight.get(60, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("finished");

            stopper.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(stopper.isAlive()).as("the stop ended").isFalse();
            assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(slow).header("Host", "funcion-publica.localhost")
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(java.io.IOException.class);
        } finally {
            SlowRoute.release.countDown();
            if (context.isRunning()) {
                context.close();
            }
        }
    }
}
