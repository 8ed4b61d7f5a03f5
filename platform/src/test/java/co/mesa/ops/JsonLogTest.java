package co.mesa.ops;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static net.logstash.logback.argument.StructuredArguments.kv;
import static org.assertj.core.api.Assertions.assertThat;

/** The platform's own logback.xml, in its JSON and text layouts: the fields of a line, and no secret in it. */
class JsonLogTest {

    private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXBhcnQ";
    private static final String PASSWORD = "S3cret-Passw0rd!";
    private static final String MAIL_BODY = "Buenos días, mi cédula es 1234567 y mi clave es otra";

    /** Configures a fresh logging context from the platform's logback.xml and logs two lines through its appender's encoder. */
    private static String logWith(String format) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        context.putProperty("MESA_LOG_FORMAT", format);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(JsonLogTest.class.getResource("/logback.xml"));
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        @SuppressWarnings("unchecked")
        ch.qos.logback.core.OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent> configured =
                (ch.qos.logback.core.OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent>) root.getAppender(format);
        assertThat(configured).as("the appender MESA_LOG_FORMAT=" + format + " picks").isNotNull();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ch.qos.logback.core.OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent> capture =
                new ch.qos.logback.core.OutputStreamAppender<>();
        capture.setContext(context);
        capture.setEncoder(configured.getEncoder());
        capture.setOutputStream(captured);
        capture.start();
        root.detachAndStopAllAppenders();
        root.addAppender(capture);
        Logger log = context.getLogger("co.mesa.test");
        org.slf4j.spi.MDCAdapter mdc = context.getMDCAdapter();
        mdc.put("tenant", "funcion-publica");
        mdc.put("requestId", "req-42");
        mdc.put("route", "GET /api/v1/cases/{id}");
        mdc.put("userId", "5f0c1f8e-user");
        try {
            log.warn("Token refused: Bearer {} for {}", JWT, "ana", kv("password", PASSWORD), kv("body", MAIL_BODY));
            log.error("Job failed", new IllegalStateException("boom"));
        } finally {
            mdc.clear();
        }
        context.stop();
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aJsonLineCarriesTimeLevelTenantRequestRouteAndUser() throws Exception {
        String out = logWith("json");
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSize(2);
        ObjectMapper json = new ObjectMapper();
        JsonNode line = json.readTree(lines.get(0)); // one JSON object per line
        assertThat(line.path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*");
        assertThat(line.path("level").asText()).isEqualTo("WARN");
        assertThat(line.path("tenant").asText()).isEqualTo("funcion-publica");
        assertThat(line.path("requestId").asText()).isEqualTo("req-42");
        assertThat(line.path("route").asText()).isEqualTo("GET /api/v1/cases/{id}");
        assertThat(line.path("userId").asText()).isEqualTo("5f0c1f8e-user");
        assertThat(line.path("logger_name").asText()).isEqualTo("co.mesa.test");
        assertThat(line.path("message").asText()).startsWith("Token refused: ").endsWith(" for ana");
        JsonNode failure = json.readTree(lines.get(1));
        assertThat(failure.path("stack_trace").asText()).contains("IllegalStateException: boom").contains("at co.mesa");
    }

    @Test
    void noTokenPasswordOrMailBodyAppearsInEitherLayout() throws Exception {
        for (String format : new String[] {"json", "text"}) {
            String out = logWith(format);
            assertThat(out).as(format).contains("Token refused");
            assertThat(out).as(format).doesNotContain(JWT).doesNotContain(JWT.substring(0, 30));
            if (format.equals("json")) {
                assertThat(out).doesNotContain(PASSWORD).doesNotContain(MAIL_BODY);
            }
        }
    }
}
