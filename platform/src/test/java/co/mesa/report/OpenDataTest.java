package co.mesa.report;

import co.mesa.identity.Roles;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.ticket.SlaView;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static co.mesa.testsupport.CaseApi.FP;
import static co.mesa.testsupport.CaseApi.PS;
import static co.mesa.testsupport.CaseApi.json;
import static co.mesa.testsupport.CaseApi.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The open data contract of issue 24 over real HTTP: exact columns and one row per month and declared case type,
 * the figures of cases stored in September–October 2014 (written as the platform stores them, frozen SLA outcome
 * included, so no other test's cases count and every instant is known), closed cases read from their frozen
 * outcome, a case filed and closed through the API counted, nothing personal in either format, each entity its
 * own rows, and 400 problems for bad ranges.
 */
@NeedsKeycloak
class OpenDataTest {

    static final String HEADER = "entity,month,case_type,cases_filed,cases_closed,open_at_month_end,"
            + "first_response_on_time_pct,resolution_on_time_pct,expired,mean_resolution_business_hours,"
            + "surveys_answered,satisfaction_avg";
    static final String CALENDAR = "tecnicos-primer-nivel";

    static CaseApi api;
    static TenantContext fp;
    static TenantContext ps;
    static String unique;
    static String personName;
    static String personEmail;
    static String title;
    static String description;
    static UUID solvedId;
    static JsonMapper json;

    @BeforeAll
    static void septemberAndOctober2014() {
        api = new CaseApi();
        fp = api.platform().bean(TenantRegistry.class).bySlug("funcion-publica").orElseThrow();
        ps = api.platform().bean(TenantRegistry.class).bySlug("prosperidad-social").orElseThrow();
        json = api.platform().bean(JsonMapper.class);
        unique = UUID.randomUUID().toString().substring(0, 8);
        personName = "Zuleima Plantada" + unique;
        personEmail = "zuleima." + unique + "@plantado.example.org";
        title = "Titulo plantado " + unique;
        description = "Descripcion plantada " + unique;
        UUID person = UUID.randomUUID();
        solvedId = UUID.randomUUID();
        UUID open = UUID.randomUUID();
        UUID rejected = UUID.randomUUID();
        UUID paused = UUID.randomUUID();
        api.platform().bean(TenantTransactions.class).write(fp.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO person (tenant_id, id, subject, username, name, "
                    + "email, phone) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setObject(1, fp.id().value());
                ps.setObject(2, person);
                ps.setString(3, "subject-" + unique);
                ps.setString(4, "zuleima" + unique);
                ps.setString(5, personName);
                ps.setString(6, personEmail);
                ps.setString(7, "601 555 " + unique.substring(0, 4));
                ps.executeUpdate();
            }
            // A: a petition filed Wednesday 1 October 10:00 (Bogotá), answered in 10 minutes, solved in an hour,
            // closed; both targets met.
            insert(c, person, solvedId, 1, "peticion", "2014-10-01T15:00:00Z", "2014-10-01T16:30:00Z",
                    "2014-10-01T15:10:00Z", "2014-10-01T16:00:00Z", "2014-10-02T15:00:00Z", "2014-10-03T21:00:00Z",
                    frozen(target("PT9H", "2014-10-02T15:00:00Z", "2014-10-01T15:10:00Z", "MET"),
                            target("PT24H", "2014-10-03T21:00:00Z", "2014-10-01T16:00:00Z", "MET"),
                            List.of(span("2014-10-01T15:00:00Z", "2014-10-01T16:30:00Z", true))));
            // B: filed at the same time, never answered: both targets fell due unmet in October; still open.
            insert(c, person, open, 2, "peticion", "2014-10-01T15:00:00Z", null, null, null,
                    "2014-10-02T15:00:00Z", "2014-10-03T21:00:00Z", null);
            // C: answered, then rejected on 6 October: its resolution target was still running, so not measured.
            insert(c, person, rejected, 3, "peticion", "2014-10-06T13:00:00Z", "2014-10-06T20:00:00Z",
                    "2014-10-06T14:00:00Z", null, "2014-10-07T13:00:00Z", "2014-10-09T19:00:00Z",
                    frozen(target("PT9H", "2014-10-07T13:00:00Z", "2014-10-06T14:00:00Z", "MET"),
                            target("PT24H", "2014-10-09T19:00:00Z", null, "RUNNING"),
                            List.of(span("2014-10-06T13:00:00Z", "2014-10-06T20:00:00Z", true))));
            // D: an incident filed Monday 29 September 08:00, paused all Tuesday, solved Wednesday 17:00 (18 business
            // hours), closed 2 October.
            insert(c, person, paused, 4, "incidencia", "2014-09-29T13:00:00Z", "2014-10-02T15:00:00Z",
                    "2014-09-29T14:00:00Z", "2014-10-01T22:00:00Z", "2014-09-30T13:00:00Z", "2014-10-03T15:00:00Z",
                    frozen(target("PT9H", "2014-09-30T13:00:00Z", "2014-09-29T14:00:00Z", "MET"),
                            target("PT24H", "2014-10-03T15:00:00Z", "2014-10-01T22:00:00Z", "MET"),
                            List.of(span("2014-09-29T13:00:00Z", "2014-09-30T13:00:00Z", true),
                                    span("2014-09-30T13:00:00Z", "2014-09-30T22:00:00Z", false),
                                    span("2014-09-30T22:00:00Z", "2014-10-02T15:00:00Z", true))));
            // Surveys answered in October: A rated 4, C rated 2.
            survey(c, person, solvedId, "2014-10-01T16:20:00Z", "4");
            survey(c, person, rejected, "2014-10-07T14:00:00Z", "2");
            return null;
        });
    }

    static void insert(Connection c, UUID person, UUID id, int n, String type, String created, @Nullable String closed,
                       @Nullable String firstResponse, @Nullable String resolved, String responseDue,
                       String resolutionDue, @Nullable String frozen) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO service_case (tenant_id, id, code, code_year, "
                + "code_sequence, case_type, origin, service_line, service, title, description, priority, requester_id, "
                + "registered_by_id, state, created_at, updated_at, version, closed_at, first_response_at, resolved_at, "
                + "response_due_at, resolution_due_at, sla_final) VALUES (?, ?, ?, 2014, ?, ?, 'portal', "
                + "'tecnologia', 'acceso-remoto', ?, ?, 'medio', ?, ?, ?, ?::timestamptz, ?::timestamptz, 1, "
                + "?::timestamptz, ?::timestamptz, ?::timestamptz, ?::timestamptz, ?::timestamptz, ?)")) {
            ps.setObject(1, fp.id().value());
            ps.setObject(2, id);
            ps.setString(3, code(n));
            ps.setLong(4, 900_000 + n);
            ps.setString(5, type);
            ps.setString(6, title);
            ps.setString(7, description);
            ps.setObject(8, person);
            ps.setObject(9, person);
            ps.setString(10, closed == null ? "asignada" : "cerrada");
            ps.setString(11, created);
            ps.setString(12, closed == null ? created : closed);
            ps.setString(13, closed);
            ps.setString(14, firstResponse);
            ps.setString(15, resolved);
            ps.setString(16, responseDue);
            ps.setString(17, resolutionDue);
            ps.setString(18, frozen);
            ps.executeUpdate();
        }
    }

    static String code(int n) {
        return "PLANT" + unique.toUpperCase() + "-" + n;
    }

    static void survey(Connection c, UUID person, UUID caseId, String answered, String rating) throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO case_survey (tenant_id, id, case_id, occasion, "
                + "offered_at, due_at, requester_id, answered_at, answered_via) VALUES (?, ?, ?, 'solution', "
                + "?::timestamptz, ?::timestamptz, ?, ?::timestamptz, 'portal')")) {
            ps.setObject(1, fp.id().value());
            ps.setObject(2, id);
            ps.setObject(3, caseId);
            ps.setString(4, answered);
            ps.setString(5, answered);
            ps.setObject(6, person);
            ps.setString(7, answered);
            ps.executeUpdate();
        }
        for (String[] answer : List.of(new String[] {"satisfecho", "yes"}, new String[] {"atencion", rating},
                new String[] {"novedad", "Texto libre de " + personName})) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO case_survey_answer (tenant_id, survey_id, "
                    + "case_id, question, value) VALUES (?, ?, ?, ?, ?)")) {
                ps.setObject(1, fp.id().value());
                ps.setObject(2, id);
                ps.setObject(3, caseId);
                ps.setString(4, answer[0]);
                ps.setString(5, answer[1]);
                ps.executeUpdate();
            }
        }
    }

    static SlaView.TargetView target(String target, String due, @Nullable String met, String status) {
        return new SlaView.TargetView(target, Instant.parse(due), null, met == null ? null : Instant.parse(met), status,
                met == null ? "PT10H" : null);
    }

    static SlaView.SpanView span(String start, @Nullable String end, boolean counted) {
        return new SlaView.SpanView(Instant.parse(start), end == null ? null : Instant.parse(end), counted,
                counted ? "asignada" : "pendiente-respuesta-usuario", null);
    }

    /** The frozen outcome as the platform writes it when a case closes (CaseSlaWork). */
    static String frozen(SlaView.TargetView response, SlaView.TargetView resolution, List<SlaView.SpanView> timeline) {
        try {
            return json.writeValueAsString(new SlaView("sla-ti-24-horas", "SLA TI - 24 HORAS", CALENDAR, null, false,
                    false, false, response, resolution, timeline));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> csv(String host, String query) {
        return api.platform().get(host, "/api/v1/open-data/indicators" + query);
    }

    static List<String> lines(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).isEqualTo("text/csv; charset=utf-8");
        assertThat(r.body()).endsWith("\r\n");
        return List.of(r.body().split("\r\n"));
    }

    static List<String> types(TenantContext tenant) {
        return tenant.config().workflow().caseTypes().stream().map(TenantConfig.CaseType::key).toList();
    }

    // ---- the contract ---------------------------------------------------------------------------

    @Test
    void exactColumnsAndOneRowPerMonthAndDeclaredCaseTypeAlsoWhenZero() {
        List<String> lines = lines(csv(FP, "?from=2014-09&to=2014-11"));
        assertThat(lines.get(0)).isEqualTo(HEADER);
        List<String> expectedKeys = new ArrayList<>();
        for (String month : List.of("2014-09", "2014-10", "2014-11")) {
            for (String type : types(fp)) {
                expectedKeys.add("funcion-publica," + month + "," + type);
            }
        }
        assertThat(lines.subList(1, lines.size()).stream().map(l -> String.join(",", List.of(l.split(",", -1)).subList(0, 3))))
                .containsExactlyElementsOf(expectedKeys);
        for (String line : lines) {
            assertThat(line.split(",", -1)).hasSize(12);
        }
        assertThat(lines).contains("funcion-publica,2014-09,problema,0,0,0,,,0,,0,");
    }

    @Test
    void theFiguresOfOctober2014() {
        List<String> lines = lines(csv(FP, "?from=2014-09&to=2014-11"));
        // Petitions: three filed (A, B, C), two closed (A, C), B open; responses met by A and C, missed by B (2 of
        // 3); resolutions met by A, missed by B, C's not measured (1 of 2, one expired); A solved in 1 business
        // hour; two surveys rated 4 and 2.
        assertThat(lines).contains("funcion-publica,2014-10,peticion,3,2,1,66.7,50.0,1,1.0,2,3.0");
        // B is still open at the end of November; nothing else happened then.
        assertThat(lines).contains("funcion-publica,2014-11,peticion,0,0,1,,,0,,0,");
        assertThat(lines).contains("funcion-publica,2014-09,peticion,0,0,0,,,0,,0,");
        // The incident: filed and answered in September, open at its end; closed in October after 18 business
        // hours (its paused Tuesday left out).
        assertThat(lines).contains("funcion-publica,2014-09,incidencia,1,0,1,100.0,,0,,0,");
        assertThat(lines).contains("funcion-publica,2014-10,incidencia,0,1,0,,100.0,0,18.0,0,");
        assertThat(lines).contains("funcion-publica,2014-10,cambio,0,0,0,,,0,,0,");
    }

    @Test
    void jsonOnAcceptWithTheSameKeysNumbersAsNumbersAndNulls() throws Exception {
        HttpResponse<String> r = api.platform().get(FP, "/api/v1/open-data/indicators?from=2014-10&to=2014-11",
                "Accept", "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode rows = new ObjectMapper().readTree(r.body());
        assertThat(rows).hasSize(2 * types(fp).size());
        JsonNode october = null;
        for (JsonNode row : rows) {
            List<String> keys = new ArrayList<>();
            row.fieldNames().forEachRemaining(keys::add);
            assertThat(String.join(",", keys)).isEqualTo(HEADER);
            if (row.get("month").asText().equals("2014-10") && row.get("case_type").asText().equals("peticion")) {
                october = row;
            }
        }
        assertThat(october).isNotNull();
        assertThat(october.get("cases_filed").isIntegralNumber()).isTrue();
        assertThat(october.get("cases_filed").asLong()).isEqualTo(3);
        assertThat(october.get("first_response_on_time_pct").isNumber()).isTrue();
        assertThat(october.get("first_response_on_time_pct").decimalValue()).isEqualByComparingTo("66.7");
        assertThat(october.get("satisfaction_avg").decimalValue()).isEqualByComparingTo("3.0");
        JsonNode november = rows.get(types(fp).size() + types(fp).indexOf("peticion"));
        assertThat(november.get("month").asText()).isEqualTo("2014-11");
        assertThat(november.get("first_response_on_time_pct").isNull()).isTrue();
        assertThat(november.get("satisfaction_avg").isNull()).isTrue();
        // text/csv asked for by name is CSV too.
        assertThat(lines(api.platform().get(FP, "/api/v1/open-data/indicators?from=2014-10&to=2014-10",
                "Accept", "text/csv")).get(0)).isEqualTo(HEADER);
    }

    @Test
    void noPersonalDataInEitherFormat() {
        List<String> bodies = List.of(csv(FP, "?from=2014-10&to=2014-12").body(), csv(FP, "").body(),
                api.platform().get(FP, "/api/v1/open-data/indicators?from=2014-08&to=2014-10", "Accept", "application/json").body());
        for (String body : bodies) {
            assertThat(body).doesNotContain(personName).doesNotContain("Zuleima").doesNotContain(personEmail)
                    .doesNotContain("@").doesNotContain(title).doesNotContain(description).doesNotContain(unique)
                    .doesNotContain(code(1)).doesNotContain("PLANT").doesNotContain("601 555");
        }
    }

    @Test
    void closedCasesKeepTheirFrozenOutcomeWhateverTheirLiveColumnsSay() {
        String before = row(lines(csv(FP, "?from=2014-10&to=2014-12")), "2014-10", "peticion");
        // What a recomputation under a stricter policy would write on the row: both targets due at the filing.
        api.platform().bean(TenantTransactions.class).write(fp.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE service_case SET response_due_at = created_at, "
                    + "resolution_due_at = created_at, expired = true WHERE id = ?")) {
                ps.setObject(1, solvedId);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            return null;
        });
        // A range not asked for before: computed afresh, not from the cache.
        String after = row(lines(csv(FP, "?from=2014-10&to=2015-01")), "2014-10", "peticion");
        assertThat(after).isEqualTo(before).isEqualTo("funcion-publica,2014-10,peticion,3,2,1,66.7,50.0,1,1.0,2,3.0");
    }

    @Test
    void aCaseFiledAndClosedThroughTheApiCountsInItsMonth() {
        YearMonth now = YearMonth.now(ZoneId.of("America/Bogota"));
        String before = row(lines(csv(FP, "?from=" + now + "&to=" + now)), now.toString(), "peticion");
        String requester = api.token("funcion-publica", "od-solicitante", Roles.REQUESTER);
        String agent = api.agent("funcion-publica", "od-agente", "mesa-servicio-primer-nivel");
        String requesterId = api.personId(FP, requester);
        HttpResponse<String> r = api.create(FP, agent, obj("origin", "phone", "requesterId", requesterId,
                "service", "acceso-remoto", "category", "vpn", "caseType", "peticion",
                "title", "Consulta por teléfono " + unique, "description", "Llamó a la línea de la mesa."));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode closed = api.actOk(FP, agent, json(r).get("id").asText(), obj("kind", "firstLineSolution",
                "note", "Se le indicó cómo abrir la VPN."));
        assertThat(closed.at("/state/key").asText()).isEqualTo("cerrada");
        // A range not asked for before (the answers are cached for 15 minutes).
        String after = row(lines(csv(FP, "?from=" + now.minusMonths(1) + "&to=" + now)), now.toString(), "peticion");
        String[] b = before.split(",", -1);
        String[] a = after.split(",", -1);
        assertThat(Long.parseLong(a[3])).as("filed").isEqualTo(Long.parseLong(b[3]) + 1);
        assertThat(Long.parseLong(a[4])).as("closed").isEqualTo(Long.parseLong(b[4]) + 1);
        assertThat(a[9]).as("a mean resolution time, from the frozen outcome").isNotEmpty();
    }

    static String row(List<String> lines, String month, String type) {
        return lines.stream().filter(l -> l.contains("," + month + "," + type + ",")).findFirst().orElseThrow();
    }

    @Test
    void eachEntitySeesOnlyItsOwnCases() {
        List<String> lines = lines(csv(PS, "?from=2014-10&to=2014-10"));
        assertThat(lines).hasSize(1 + types(ps).size());
        for (String line : lines.subList(1, lines.size())) {
            assertThat(line).startsWith("prosperidad-social,2014-10,").endsWith(",0,0,0,,,0,,0,");
        }
    }

    @Test
    void theDefaultIsTheLastTwelveMonths() {
        List<String> lines = lines(csv(FP, ""));
        YearMonth now = YearMonth.now(ZoneId.of("America/Bogota"));
        assertThat(lines).hasSize(1 + 12 * types(fp).size());
        assertThat(lines.get(1)).startsWith("funcion-publica," + now.minusMonths(11) + ",");
        assertThat(lines.get(lines.size() - 1)).startsWith("funcion-publica," + now + ",");
        assertThat(lines(csv(FP, "?from=2024-01&to=2026-12"))).hasSize(1 + 36 * types(fp).size());
    }

    @Test
    void badRangesAre400ProblemsInTheCallersLanguage() throws Exception {
        for (String query : List.of("?from=2014-13", "?from=2014-1", "?to=dos-mil", "?from=2015-01&to=2014-12",
                "?from=2020-01&to=2023-01", "?from=2011-10&to=2014-10")) {
            HttpResponse<String> r = csv(FP, query);
            assertThat(r.statusCode()).as(query + " " + r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            JsonNode problem = new ObjectMapper().readTree(r.body());
            assertThat(problem.get("title").asText()).isEqualTo("Solicitud inválida");
            assertThat(problem.get("invalidParams")).isNotEmpty();
        }
        JsonNode reversed = new ObjectMapper().readTree(csv(FP, "?from=2015-01&to=2014-12").body());
        assertThat(reversed.at("/invalidParams/0/name").asText()).isEqualTo("from");
        assertThat(reversed.at("/invalidParams/0/reason").asText())
                .isEqualTo("El mes inicial 2015-01 es posterior al mes final 2014-12; inviértalos.");
        JsonNode english = new ObjectMapper().readTree(api.platform().get(FP,
                "/api/v1/open-data/indicators?from=2014-13", "Accept-Language", "en").body());
        assertThat(english.at("/invalidParams/0/reason").asText())
                .isEqualTo("«2014-13» is not a month; write it YYYY-MM, for example 2026-03.");
    }

    @Test
    void theDictionaryPageExplainsEveryColumnInSpanishWithoutSignIn() {
        HttpResponse<String> page = api.platform().get(FP, "/indicadores/definiciones");
        assertThat(page.statusCode()).isEqualTo(200);
        for (String column : HEADER.split(",")) {
            assertThat(page.body()).contains("<code>" + column + "</code>");
        }
        assertThat(page.body()).contains("Diccionario de los datos abiertos").contains("Atención oportuna");
    }
}
