package co.mesa.web;

import co.mesa.testsupport.NeedsServices;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import co.mesa.testsupport.MesaPlatform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** Log lines of a request carry the tenant slug that the edge resolved (MDC key "tenant"). */
@NeedsServices
class TenantLoggingTest {

    final Logger access = (Logger) LoggerFactory.getLogger("co.mesa.web.access");
    final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    Level previous;

    @BeforeEach
    void attach() {
        MesaPlatform.get();
        previous = access.getLevel();
        access.setLevel(Level.DEBUG);
        appender.start();
        access.addAppender(appender);
    }

    @AfterEach
    void detach() {
        access.detachAppender(appender);
        access.setLevel(previous);
    }

    @Test
    void eachRequestsLogLineNamesItsTenant() {
        MesaPlatform.get().get("prosperidad-social.localhost", "/api/v1/tenant");
        MesaPlatform.get().get("funcion-publica.localhost", "/api/v1/catalog");

        assertThat(appender.list).extracting(e -> e.getMDCPropertyMap().get("tenant") + " " + e.getFormattedMessage())
                .contains("prosperidad-social GET /api/v1/tenant -> 200", "funcion-publica GET /api/v1/catalog -> 200");
    }
}
