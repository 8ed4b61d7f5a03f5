package co.mesa.sla;

import co.mesa.testsupport.NeedsServices;
import co.mesa.testsupport.Json;
import co.mesa.testsupport.MesaPlatform;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The public calendar and SLA preview endpoints, over real HTTP on the started platform. */
@NeedsServices
class SlaEndpointsTest {

    static final String FP = "funcion-publica.localhost";
    static final String PS = "prosperidad-social.localhost";

    static MesaPlatform platform;

    @BeforeAll
    static void start() {
        platform = MesaPlatform.get();
    }

    // ---- holidays ------------------------------------------------------------------------------

    @Test
    void theHolidaysOf2026AreTheDefaultCalendarsSortedOnce() {
        JsonNode body = ok(platform.get(PS, "/api/v1/calendar/holidays?year=2026"));
        assertThat(body.get("year").asInt()).isEqualTo(2026);
        assertThat(body.get("calendar").asText()).isEqualTo("mesa-servicios");
        assertThat(texts(body.get("dates"))).containsExactlyElementsOf(ColombianHolidaysTest.HOLIDAYS_2026);
    }

    @Test
    void eachTenantAnswersWithItsOwnDefaultCalendar() {
        JsonNode fp = ok(platform.get(FP, "/api/v1/calendar/holidays?year=2025"));
        assertThat(fp.get("calendar").asText()).isEqualTo("tecnicos-primer-nivel");
        // 30 June 2025 carries two holidays and is listed once.
        assertThat(texts(fp.get("dates"))).containsExactlyElementsOf(ColombianHolidaysTest.HOLIDAYS_2025)
                .containsOnlyOnce("2025-06-30");
    }

    @Test
    void aMissingYearIsA400InSpanishByDefault() {
        JsonNode problem = badRequest(platform.get(PS, "/api/v1/calendar/holidays"));
        assertThat(problem.get("title").asText()).isEqualTo("Solicitud inválida");
        assertThat(problem.get("invalidParams")).hasSize(1);
        assertThat(param(problem, "year")).isEqualTo("Es obligatorio.");
    }

    @Test
    void aYearOutOfRangeOrNotANumberIsA400InTheRequestsLanguage() {
        assertThat(param(badRequest(platform.get(PS, "/api/v1/calendar/holidays?year=1983")), "year"))
                .isEqualTo("Debe ser un año entre 1984 y 2199.");
        assertThat(param(badRequest(platform.get(PS, "/api/v1/calendar/holidays?year=2200", "Accept-Language", "en")), "year"))
                .isEqualTo("It must be a year from 1984 to 2199.");
        JsonNode english = badRequest(platform.get(PS, "/api/v1/calendar/holidays?year=dos-mil", "Accept-Language", "en-US,en;q=0.9"));
        assertThat(english.get("title").asText()).isEqualTo("Invalid request");
        assertThat(param(english, "year")).isEqualTo("«dos-mil» is not a year; write it in digits, for example 2026.");
        assertThat(ok(platform.get(PS, "/api/v1/calendar/holidays?year=1984")).get("dates")).isNotEmpty();
        assertThat(ok(platform.get(PS, "/api/v1/calendar/holidays?year=2199")).get("dates")).isNotEmpty();
    }

    // ---- preview -------------------------------------------------------------------------------

    @Test
    void theIssuesExample() {
        JsonNode body = ok(preview(PS, "start=2026-11-27T16:00:00-05:00&target=PT2H30M"));
        assertThat(body.get("dueAt").asText()).isEqualTo("2026-11-30T09:30:00-05:00");
        assertThat(body.get("calendar").asText()).isEqualTo("mesa-servicios");
        assertThat(body.get("timeZone").asText()).isEqualTo("America/Bogota");
        assertThat(body.get("start").asText()).isEqualTo("2026-11-27T16:00:00-05:00");
        assertThat(body.get("target").asText()).isEqualTo("PT2H30M");
        assertThat(body.get("pauses")).isEmpty();
    }

    @Test
    void theStartMayBeInUtcWithoutOffsetOrWithAPlusDecodedAsASpace() {
        for (String start : List.of("2026-11-27T21:00:00Z", "2026-11-27T21:00:00z", "2026-11-27T16:00",
                "2026-11-27T16:00:00", "2026-11-27T21:00:00+00:00", "2026-11-27T21:00:00%2B00:00",
                "2026-11-28T02:00:00+05:00", "2026-11-27T16:00:00.999-05:00")) {
            JsonNode body = ok(preview(PS, "start=" + start + "&target=PT2H30M"));
            assertThat(body.get("start").asText()).as(start).isEqualTo("2026-11-27T16:00:00-05:00");
            assertThat(body.get("dueAt").asText()).as(start).isEqualTo("2026-11-30T09:30:00-05:00");
        }
    }

    @Test
    void timeRunningOutAtClosingIsDueAtTheClosing() {
        assertThat(ok(preview(PS, "start=2026-11-27T15:00:00-05:00&target=PT120M")).get("dueAt").asText())
                .isEqualTo("2026-11-27T17:00:00-05:00");
    }

    @Test
    void theHoliday30June2025IsSkipped() {
        assertThat(ok(preview(FP, "start=2025-06-27T16:00:00-05:00&target=PT2H")).get("dueAt").asText())
                .isEqualTo("2025-07-01T09:00:00-05:00");
    }

    @Test
    void pausesStopTheClockAndOverlappingOnesMerge() {
        JsonNode body = ok(preview(PS, "start=2026-11-27T16:00:00-05:00&target=PT2H30M"
                + "&pause=2026-11-27T16:30:00-05:00/2026-11-30T08:30:00-05:00"
                + "&pause=2026-11-30T13:00:00Z/2026-11-30T14:00:00Z"));
        // 30 min on Friday; paused until Monday 09:00; 2 h more.
        assertThat(body.get("dueAt").asText()).isEqualTo("2026-11-30T11:00:00-05:00");
        assertThat(body.get("pauses")).hasSize(1);
        assertThat(body.get("pauses").get(0).get("start").asText()).isEqualTo("2026-11-27T16:30:00-05:00");
        assertThat(body.get("pauses").get(0).get("end").asText()).isEqualTo("2026-11-30T09:00:00-05:00");
    }

    @Test
    void aCalendarMayBeNamedButOnlyOneOfTheTenantsOwn() {
        assertThat(ok(preview(FP, "start=2026-11-27T16:00:00-05:00&target=PT2H30M&calendar=tecnicos-primer-nivel"))
                .get("calendar").asText()).isEqualTo("tecnicos-primer-nivel");
        // Función Pública's calendar does not exist on Prosperidad Social's host.
        JsonNode problem = badRequest(preview(PS, "start=2026-11-27T16:00:00-05:00&target=PT2H30M&calendar=tecnicos-primer-nivel"));
        assertThat(param(problem, "calendar")).isEqualTo("La entidad no tiene un calendario «tecnicos-primer-nivel».");
    }

    @Test
    void everyBadParameterIsListedInSpanish() {
        JsonNode problem = badRequest(preview(PS, "pause=2026-11-30T10:00:00-05:00/2026-11-30T10:00:00-05:00"
                + "&pause=ayer&pause=" + enc("2026-11-30T10:00:00-05:00/mañana") + "&calendar=otro"));
        assertThat(problem.get("type").asText()).endsWith("/invalid-parameters");
        assertThat(problem.get("detail").asText()).contains("invalidParams");
        assertThat(names(problem)).containsExactly("start", "target", "pause[0]", "pause[1]", "pause[2]", "calendar");
        assertThat(param(problem, "start")).isEqualTo("Es obligatorio.");
        assertThat(param(problem, "pause[0]")).isEqualTo(
                "La pausa «2026-11-30T10:00:00-05:00/2026-11-30T10:00:00-05:00» debe terminar después de empezar.");
        assertThat(param(problem, "pause[1]")).startsWith("«ayer» no es una pausa inicio/fin");
        assertThat(param(problem, "pause[2]")).startsWith("«mañana» no es una fecha y hora ISO-8601");
    }

    @Test
    void everyBadParameterIsListedInEnglishWhenAsked() {
        HttpResponse<String> r = platform.get(PS, "/api/v1/sla/preview?start=el-viernes&target=P3D"
                + "&pause=" + enc("2026-11-30T11:00:00-05:00/2026-11-30T10:00:00-05:00"), "Accept-Language", "en");
        JsonNode problem = badRequest(r);
        assertThat(problem.get("title").asText()).isEqualTo("Invalid request");
        assertThat(param(problem, "start")).startsWith("«el-viernes» is not an ISO-8601 date and time");
        assertThat(param(problem, "target")).isEqualTo(
                "«P3D» uses days or other calendar units; give it in hours and minutes (business days are defined by the entity’s policies).");
        assertThat(param(problem, "pause[0]")).isEqualTo(
                "The pause «2026-11-30T11:00:00-05:00/2026-11-30T10:00:00-05:00» must end after it starts.");
    }

    @Test
    void targetsAreHoursAndMinutesFromOneMinuteToTenThousandHours() {
        String start = "start=2026-11-27T16:00:00-05:00&target=";
        assertThat(ok(preview(PS, start + "PT1M")).get("dueAt").asText()).isEqualTo("2026-11-27T16:01:00-05:00");
        assertThat(ok(preview(PS, start + "PT90M")).get("target").asText()).isEqualTo("PT1H30M");
        assertThat(ok(preview(PS, start + "PT10000H")).get("target").asText()).isEqualTo("PT10000H");
        assertThat(ok(preview(PS, start + "PT600000M")).get("target").asText()).isEqualTo("PT10000H");
        for (String bad : List.of("PT0M", "PT10000H1M", "PT10001H")) {
            assertThat(param(badRequest(preview(PS, start + bad)), "target")).as(bad)
                    .isEqualTo("«" + bad + "» está fuera del rango permitido: de 1 minuto a 10.000 horas.");
        }
        for (String bad : List.of("PT30S", "PT1.5H", "2h", "-PT1H", "PT")) {
            assertThat(param(badRequest(preview(PS, start + enc(bad))), "target")).as(bad)
                    .startsWith("«" + bad + "» no es una duración en horas y/o minutos");
        }
        for (String bad : List.of("P1D", "P1DT2H", "P1W")) {
            assertThat(param(badRequest(preview(PS, start + bad)), "target")).as(bad)
                    .startsWith("«" + bad + "» usa días");
        }
    }

    @Test
    void instantsOutsideTheSupportedYearsAreRefused() {
        assertThat(param(badRequest(preview(PS, "start=1983-12-31T12:00:00-05:00&target=PT1H", "en")), "start"))
                .isEqualTo("«1983-12-31T12:00:00-05:00» is outside the years 1984 to 2199.");
    }

    // ---- helpers -------------------------------------------------------------------------------

    static HttpResponse<String> preview(String host, String query, String... language) {
        return language.length == 0 ? platform.get(host, "/api/v1/sla/preview?" + query)
                : platform.get(host, "/api/v1/sla/preview?" + query, "Accept-Language", language[0]);
    }

    static JsonNode ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.parse(r.body());
    }

    static JsonNode badRequest(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        return Json.parse(r.body());
    }

    static String param(JsonNode problem, String name) {
        for (JsonNode p : problem.get("invalidParams")) {
            if (p.get("name").asText().equals(name)) {
                return p.get("reason").asText();
            }
        }
        throw new AssertionError("no invalid param " + name + " in " + problem);
    }

    static List<String> names(JsonNode problem) {
        List<String> names = new ArrayList<>();
        problem.get("invalidParams").forEach(p -> names.add(p.get("name").asText()));
        return names;
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
