package co.mesa.report;

import co.mesa.identity.Roles;
import co.mesa.identity.SessionCookieAuthenticationFetcher;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.testsupport.MesaPlatform;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestRealms;
import co.mesa.testsupport.TestSessions;
import co.mesa.ticket.SlaView;
import io.micronaut.json.JsonMapper;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ANS report page and its CSV and XLSX exports (issue 24), with real sessions: the figures of March 2013 as
 * stored (one petition solved and closed, one open at the month's end), equal to the open data's; the spreadsheet read back; each
 * entity's supervisors see their entity's figures only; requesters cannot open it; a bad period is a 400 page.
 */
@NeedsKeycloak
class ReportPagesTest {

    static final String FP = "funcion-publica.localhost";
    static final String PS = "prosperidad-social.localhost";
    static final String COOKIE = SessionCookieAuthenticationFetcher.COOKIE;
    static final String MARCH = "desde=2013-03&hasta=2013-03";

    static MesaPlatform platform;
    static TenantContext fp;
    static String fpSupervisor;
    static String fpAdmin;
    static String fpRequester;
    static String psSupervisor;
    static String unique;

    @BeforeAll
    static void march2013() throws Exception {
        platform = MesaPlatform.withKeycloak();
        new co.mesa.testsupport.CaseApi(); // the tenants' realms
        fp = platform.bean(TenantRegistry.class).bySlug("funcion-publica").orElseThrow();
        TestRealms.ensureUser("funcion-publica", "rp-supervisora", "Sara", "Supervisora",
                List.of(Roles.REQUESTER, Roles.AGENT, Roles.SUPERVISOR), List.of("mesa-servicio-primer-nivel"));
        TestRealms.ensureUser("funcion-publica", "rp-admin", "Adela", "Admin", List.of(Roles.REQUESTER, Roles.TENANT_ADMIN));
        TestRealms.ensureUser("funcion-publica", "rp-solicitante", "Saul", "Solicitante", List.of(Roles.REQUESTER));
        TestRealms.ensureUser("prosperidad-social", "rp-supervisor", "Simon", "Supervisor",
                List.of(Roles.REQUESTER, Roles.AGENT, Roles.SUPERVISOR), List.of("soporte-primer-nivel"));
        fpSupervisor = TestSessions.signIn(FP, "rp-supervisora");
        fpAdmin = TestSessions.signIn(FP, "rp-admin");
        fpRequester = TestSessions.signIn(FP, "rp-solicitante");
        psSupervisor = TestSessions.signIn(PS, "rp-supervisor");
        unique = UUID.randomUUID().toString().substring(0, 8);
        JsonMapper json = platform.bean(JsonMapper.class);
        String frozen = json.writeValueAsString(new SlaView("sla-ti-24-horas", "SLA TI - 24 HORAS", "tecnicos-primer-nivel",
                null, false, false, false,
                new SlaView.TargetView("PT9H", Instant.parse("2013-03-06T15:00:00Z"), null,
                        Instant.parse("2013-03-05T15:30:00Z"), "MET", null),
                new SlaView.TargetView("PT24H", Instant.parse("2013-03-07T21:00:00Z"), null,
                        Instant.parse("2013-03-05T17:00:00Z"), "MET", null),
                List.of(new SlaView.SpanView(Instant.parse("2013-03-05T15:00:00Z"), Instant.parse("2013-03-05T18:00:00Z"),
                        true, "asignada", null))));
        platform.bean(TenantTransactions.class).write(fp.id(), c -> {
            UUID person = UUID.randomUUID();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO person (tenant_id, id, subject, username, name, "
                    + "email) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setObject(1, fp.id().value());
                ps.setObject(2, person);
                ps.setString(3, "rp-" + unique);
                ps.setString(4, "rp" + unique);
                ps.setString(5, "Persona Plantada " + unique);
                ps.setString(6, "rp." + unique + "@plantado.example.org");
                ps.executeUpdate();
            }
            // Tuesday 5 March 2013, 10:00 in Bogotá: one petition answered, solved in 2 business hours and closed;
            // one never answered, whose targets fall due unmet in March, closed (rejected) on 2 April.
            for (int n = 1; n <= 2; n++) {
                boolean closed = n == 1;
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO service_case (tenant_id, id, code, code_year, "
                        + "code_sequence, case_type, origin, service_line, service, title, description, priority, "
                        + "requester_id, registered_by_id, state, created_at, updated_at, version, closed_at, "
                        + "first_response_at, resolved_at, response_due_at, resolution_due_at, sla_final) VALUES (?, ?, ?, "
                        + "2013, ?, 'peticion', 'portal', 'tecnologia', 'acceso-remoto', ?, 'Descripcion', 'medio', ?, ?, ?, "
                        + "'2013-03-05T15:00:00Z', '2013-03-05T18:00:00Z', 1, ?::timestamptz, ?::timestamptz, "
                        + "?::timestamptz, '2013-03-06T15:00:00Z', '2013-03-07T21:00:00Z', ?)")) {
                    ps.setObject(1, fp.id().value());
                    ps.setObject(2, UUID.randomUUID());
                    ps.setString(3, "RP" + unique + "-" + n);
                    ps.setLong(4, 800_000 + n);
                    ps.setString(5, "Titulo plantado " + unique);
                    ps.setObject(6, person);
                    ps.setObject(7, person);
                    ps.setString(8, closed ? "cerrada" : "rechazada");
                    ps.setString(9, closed ? "2013-03-05T18:00:00Z" : "2013-04-02T15:00:00Z");
                    ps.setString(10, closed ? "2013-03-05T15:30:00Z" : null);
                    ps.setString(11, closed ? "2013-03-05T17:00:00Z" : null);
                    ps.setString(12, closed ? frozen : null);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    static HttpResponse<String> get(String host, String path, String session) {
        return platform.get(host, path, "Cookie", COOKIE + "=" + session);
    }

    static HttpResponse<byte[]> bytes(String host, String path, String session) {
        return platform.sendBytes(platform.request(host, path).header("Cookie", COOKIE + "=" + session).GET().build());
    }

    static List<String> cells(Element row) {
        return row.select("th, td").stream().map(Element::text).collect(Collectors.toList());
    }

    static int peticion(TenantContext tenant) {
        return tenant.config().workflow().caseTypes().stream().map(TenantConfig.CaseType::key).toList().indexOf("peticion");
    }

    @Test
    void theReportShowsMarch2013ByCaseTypeAndByMonthForSupervisorsAndAdmins() {
        for (String session : List.of(fpSupervisor, fpAdmin)) {
            HttpResponse<String> r = get(FP, "/consola/informe?" + MARCH, session);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            Document page = Jsoup.parse(r.body());
            List<String> row = cells(page.select("#by-type tbody tr").get(peticion(fp)));
            // filed, closed, open at the end, first response %, resolution %, expired, mean hours, 90th percentile hours
            // (one solved case: its own time), surveys, satisfaction
            assertThat(row.subList(1, row.size())).containsExactly("2", "1", "1", "50.0", "50.0", "1", "2.0", "2.0", "0", "—");
            assertThat(cells(page.select("#by-type tfoot tr").get(0)).subList(1, 4)).containsExactly("2", "1", "1");
            assertThat(cells(page.select("#by-month tbody tr").get(0))).containsExactly("2013-03", "2", "1");
            assertThat(page.select("svg#chart-by-month rect")).hasSize(2);
            // Ten breakdowns; each with a case has its chart and table: March's two cases have no vendor group.
            assertThat(page.select("section.report-breakdown")).hasSize(10);
            assertThat(page.select("section.report-breakdown svg[role=img] + table, section.report-breakdown figure + table"))
                    .hasSize(9);
            assertThat(page.select("#by-vendor")).isEmpty();
            assertThat(page.select("a[href=/indicadores/definiciones]")).isNotEmpty();
            assertThat(r.body()).doesNotContain(unique);
        }
    }

    @Test
    void theReportsFiguresAreTheOpenDatas() {
        String csv = new String(bytes(FP, "/consola/informe/exportar.csv?" + MARCH, fpSupervisor).body(),
                java.nio.charset.StandardCharsets.UTF_8);
        String open = platform.get(FP, "/api/v1/open-data/indicators?from=2013-03&to=2013-03").body();
        assertThat(csv).isEqualTo(open).contains("funcion-publica,2013-03,peticion,2,1,1,50.0,50.0,1,2.0,0,\r\n");
    }

    @Test
    void theSpreadsheetReadsBack() throws Exception {
        HttpResponse<byte[]> r = bytes(FP, "/consola/informe/exportar.xlsx?" + MARCH, fpAdmin);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith(ReportPagesController.XLSX);
        assertThat(r.headers().firstValue("Content-Disposition").orElse("")).contains("informe-ans-funcion-publica-2013-03-2013-03.xlsx");
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(r.body()))) {
            List<Row> rows = workbook.getFirstSheet().read();
            List<String> header = new ArrayList<>();
            rows.get(0).forEach(c -> header.add(c.getText()));
            assertThat(header).containsExactlyElementsOf(OpenDataController.COLUMNS);
            assertThat(rows).hasSize(1 + fp.config().workflow().caseTypes().size());
            Row peticion = rows.get(1 + peticion(fp));
            assertThat(peticion.getCellText(0)).isEqualTo("funcion-publica");
            assertThat(peticion.getCellText(1)).isEqualTo("2013-03");
            assertThat(peticion.getCellText(2)).isEqualTo("peticion");
            assertThat(peticion.getCellAsNumber(3).orElseThrow()).isEqualByComparingTo("2");
            assertThat(peticion.getCellAsNumber(4).orElseThrow()).isEqualByComparingTo("1");
            assertThat(peticion.getCellAsNumber(6).orElseThrow()).isEqualByComparingTo("50.0");
            assertThat(peticion.getCellAsNumber(9).orElseThrow()).isEqualByComparingTo("2.0");
            assertThat(peticion.getOptionalCell(11).map(c -> c.getText()).orElse("")).isEmpty();
        }
    }

    @Test
    void eachEntitysSupervisorsSeeOnlyItsFigures() throws Exception {
        HttpResponse<String> r = get(PS, "/consola/informe?" + MARCH, psSupervisor);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Document page = Jsoup.parse(r.body());
        assertThat(cells(page.select("#by-type tfoot tr").get(0)).subList(1, 4)).containsExactly("0", "0", "0");
        String csv = new String(bytes(PS, "/consola/informe/exportar.csv?" + MARCH, psSupervisor).body(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(csv).doesNotContain("funcion-publica");
        for (String line : csv.split("\r\n")) {
            if (!line.startsWith("entity,")) {
                assertThat(line).startsWith("prosperidad-social,2013-03,").endsWith(",0,0,0,,,0,,0,");
            }
        }
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(
                bytes(PS, "/consola/informe/exportar.xlsx?" + MARCH, psSupervisor).body()))) {
            List<Row> rows = workbook.getFirstSheet().read();
            for (Row row : rows.subList(1, rows.size())) {
                assertThat(row.getCellText(0)).isEqualTo("prosperidad-social");
                assertThat(row.getCellAsNumber(3).orElseThrow()).isEqualByComparingTo("0");
            }
        }
        // A Función Pública session is not one on Prosperidad Social's host.
        assertThat(get(PS, "/consola/informe?" + MARCH, fpSupervisor).statusCode()).isNotEqualTo(200);
    }

    @Test
    void requestersCannotOpenItNorItsExports() {
        for (String path : List.of("/consola/informe", "/consola/informe/exportar.csv", "/consola/informe/exportar.xlsx",
                "/consola/informe/exportar.pdf", "/consola/informe/casos")) {
            HttpResponse<String> r = get(FP, path + "?" + MARCH, fpRequester);
            assertThat(r.statusCode()).as(path).isEqualTo(403);
            assertThat(r.body()).doesNotContain("funcion-publica,2013-03");
        }
    }

    @Test
    void aBadPeriodIsA400PageInSpanish() {
        for (String query : List.of("desde=2013-13", "desde=2014-01&hasta=2013-12", "desde=2010-01&hasta=2013-12", "hasta=marzo")) {
            HttpResponse<String> r = get(FP, "/consola/informe?" + query, fpSupervisor);
            assertThat(r.statusCode()).as(query).isEqualTo(400);
            assertThat(r.body()).contains("Periodo inválido");
        }
    }
}
