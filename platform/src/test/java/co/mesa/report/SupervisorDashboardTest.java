package co.mesa.report;

import co.mesa.identity.Roles;
import co.mesa.identity.SessionCookieAuthenticationFetcher;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.MesaPlatform;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestRealms;
import co.mesa.testsupport.TestSessions;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The supervisors' dashboard on the console home (issue 24), with real sessions: its counters equal a recount of the
 * entity's own rows in the supervisor's queue scope (their groups' cases and theirs), a planted expired case counts at
 * its entity only, and agents who are not supervisors do not get it.
 */
@NeedsKeycloak
class SupervisorDashboardTest {

    static final String FP = "funcion-publica.localhost";
    static final String PS = "prosperidad-social.localhost";
    static final String COOKIE = SessionCookieAuthenticationFetcher.COOKIE;

    static MesaPlatform platform;
    static TenantContext fp;
    static TenantContext ps;
    static String fpSupervisor;
    static String psSupervisor;
    static String fpAgent;

    @BeforeAll
    static void sessions() {
        platform = MesaPlatform.withKeycloak();
        new co.mesa.testsupport.CaseApi(); // the tenants' realms
        fp = platform.bean(TenantRegistry.class).bySlug("funcion-publica").orElseThrow();
        ps = platform.bean(TenantRegistry.class).bySlug("prosperidad-social").orElseThrow();
        TestRealms.ensureUser("funcion-publica", "db-supervisora", "Dora", "Supervisora",
                List.of(Roles.REQUESTER, Roles.AGENT, Roles.SUPERVISOR), List.of("mesa-servicio-primer-nivel"));
        TestRealms.ensureUser("funcion-publica", "db-agente", "Dario", "Agente",
                List.of(Roles.REQUESTER, Roles.AGENT), List.of("mesa-servicio-primer-nivel"));
        TestRealms.ensureUser("prosperidad-social", "db-supervisor", "Diego", "Supervisor",
                List.of(Roles.REQUESTER, Roles.AGENT, Roles.SUPERVISOR), List.of("soporte-primer-nivel"));
        fpSupervisor = TestSessions.signIn(FP, "db-supervisora");
        fpAgent = TestSessions.signIn(FP, "db-agente");
        psSupervisor = TestSessions.signIn(PS, "db-supervisor");
        // An open, expired petition of Función Pública's first line, due a minute from now.
        String unique = UUID.randomUUID().toString().substring(0, 8);
        platform.bean(TenantTransactions.class).write(fp.id(), c -> {
            UUID person = person(c, fp, unique);
            try (PreparedStatement st = c.prepareStatement("INSERT INTO service_case (tenant_id, id, code, code_year, "
                    + "code_sequence, case_type, origin, service_line, service, title, description, priority, requester_id, "
                    + "registered_by_id, state, created_at, updated_at, version, resolution_due_at, expired, assigned_group, major_at, "
                    + "major_reason) VALUES (?, ?, ?, 2026, 700001, 'peticion', 'portal', 'mesa-primer-nivel', 'acceso-remoto', 'x', 'x', "
                    + "'medio', ?, ?, 'asignada', now(), now(), 1, ?, true, 'mesa-servicio-primer-nivel', now(), 'Sede sin red')")) {
                st.setObject(1, fp.id().value());
                st.setObject(2, UUID.randomUUID());
                st.setString(3, "DB" + unique);
                st.setObject(4, person);
                st.setObject(5, person);
                st.setTimestamp(6, java.sql.Timestamp.from(Instant.now().plusSeconds(60)));
                st.executeUpdate();
            }
            return null;
        });
        // An open incident of Prosperidad Social's first line, so its dashboard draws its charts too.
        platform.bean(TenantTransactions.class).write(ps.id(), c -> {
            UUID person = person(c, ps, unique);
            try (PreparedStatement st = c.prepareStatement("INSERT INTO service_case (tenant_id, id, code, code_year, "
                    + "code_sequence, case_type, origin, service_line, service, title, description, priority, requester_id, "
                    + "registered_by_id, state, created_at, updated_at, version, assigned_group) VALUES (?, ?, ?, 2026, "
                    + "700002, 'incidente', 'portal', 'infraestructura-servicios-ti', 'gestion-incidentes-requerimientos', 'x', 'x', "
                    + "'media', ?, ?, 'en-proceso', "
                    + "now(), now(), 1, 'soporte-primer-nivel')")) {
                st.setObject(1, ps.id().value());
                st.setObject(2, UUID.randomUUID());
                st.setString(3, "DBP" + unique);
                st.setObject(4, person);
                st.setObject(5, person);
                st.executeUpdate();
            }
            return null;
        });
    }

    static long count(TenantContext tenant, String sql) {
        return platform.bean(TenantTransactions.class).read(tenant.id(), c -> {
            try (PreparedStatement st = c.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    static Document home(String host, String session) {
        var r = platform.get(host, "/consola", "Cookie", COOKIE + "=" + session);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Jsoup.parse(r.body());
    }

    static long sum(Document page, String table) {
        long n = 0;
        for (Element row : page.select(table + " tbody tr")) {
            n += Long.parseLong(row.select("td").get(0).text());
        }
        return n;
    }

    @Test
    void theCountersAreARecountOfTheEntitysOwnRows() {
        for (var who : List.of(new Object[] {FP, fpSupervisor, fp, "mesa-servicio-primer-nivel"},
                new Object[] {PS, psSupervisor, ps, "soporte-primer-nivel"})) {
            TenantContext tenant = (TenantContext) who[2];
            String me = co.mesa.testsupport.Json.parse(platform.get((String) who[0], "/api/v1/me", "Cookie",
                    COOKIE + "=" + who[1]).body()).get("id").asText();
            String scope = " AND (assigned_group = '" + who[3] + "' OR assigned_agent_id = '" + UUID.fromString(me) + "')";
            Document page = home((String) who[0], (String) who[1]);
            assertThat(page.select("#tablero")).hasSize(1);
            long open = count(tenant, "SELECT count(*) FROM service_case WHERE closed_at IS NULL" + scope);
            assertThat(sum(page, "#dashboard-groups")).as("open by group").isEqualTo(open);
            assertThat(sum(page, "#dashboard-agents")).as("open by agent").isEqualTo(open);
            assertThat(Long.parseLong(page.select("#dashboard-expired").text())).isEqualTo(
                    count(tenant, "SELECT count(*) FROM service_case WHERE closed_at IS NULL AND expired" + scope));
            assertThat(Long.parseLong(page.select("#dashboard-reviews").text())).isEqualTo(
                    count(tenant, "SELECT count(*) FROM case_survey WHERE review = 'pending'"));
            // The major incidents' counter equals the list its link opens (the queue's major=true).
            assertThat(page.select("#dashboard-major").parents().select("a").first().attr("href"))
                    .isEqualTo("/consola/cola?major=true");
            var listed = co.mesa.testsupport.Json.parse(platform.get((String) who[0], "/api/v1/queue?size=200&major=true",
                    "Cookie", COOKIE + "=" + who[1]).body());
            assertThat(listed.hasNonNull("next")).as("one page holds the list").isFalse();
            assertThat(Long.parseLong(page.select("#dashboard-major").text())).as("major = its list")
                    .isEqualTo(listed.get("items").size());
        }
    }

    @Test
    void thePlantedCaseCountsAtItsEntityOnly() {
        Document fpPage = home(FP, fpSupervisor);
        assertThat(Long.parseLong(fpPage.select("#dashboard-expired").text())).isGreaterThanOrEqualTo(1);
        assertThat(Long.parseLong(fpPage.select("#dashboard-due").text())).isGreaterThanOrEqualTo(1);
        assertThat(Long.parseLong(fpPage.select("#dashboard-major").text())).isGreaterThanOrEqualTo(1);
        assertThat(fpPage.select("#dashboard-groups tbody th a").eachAttr("href")).contains("/consola/cola?group=mesa-servicio-primer-nivel");
        Document psPage = home(PS, psSupervisor);
        for (String group : psPage.select("#dashboard-groups tbody th").eachText()) {
            assertThat(fp.config().groups().groups().stream().map(g -> g.name().resolve(List.of(java.util.Locale.forLanguageTag("es-CO")))))
                    .doesNotContain(group);
        }
    }

    @Test
    void theBacklogChartsDrawExactlyTheirTablesRowsOnBothEntities() {
        for (String[] who : List.of(new String[] {FP, fpSupervisor}, new String[] {PS, psSupervisor})) {
            Document page = home(who[0], who[1]);
            for (String table : List.of("dashboard-groups", "dashboard-agents")) {
                Element figure = page.selectFirst("#" + table + "-chart");
                assertThat(figure).as(who[0] + " " + table).isNotNull();
                // A figure with its caption, a named and described image, then the data table it draws.
                assertThat(figure.nextElementSibling().id()).isEqualTo(table);
                assertThat(figure.select("figcaption").text()).isNotBlank();
                Element svg = figure.selectFirst("svg[role=img]");
                for (String id : svg.attr("aria-labelledby").split(" ")) {
                    assertThat(svg.select("#" + id).text()).as(id).isNotBlank();
                }
                assertThat(svg.select("> title").text()).isEqualTo(page.selectFirst("#" + table + " caption").text());
                assertThat(svg.select("> desc")).hasSize(1);
                List<Element> rows = page.select("#" + table + " tbody tr");
                List<Element> bars = svg.select("rect");
                assertThat(bars).hasSize(rows.size()).isNotEmpty();
                long max = rows.stream().mapToLong(r -> Long.parseLong(r.select("td").get(0).text())).max().orElseThrow();
                for (int i = 0; i < rows.size(); i++) {
                    long n = Long.parseLong(rows.get(i).select("td").get(0).text());
                    // Each bar names its row and count in words (no information by colour or length alone).
                    assertThat(bars.get(i).select("title").text()).isEqualTo(rows.get(i).select("th").text() + ": " + n
                            + " abiertos");
                    assertThat(Integer.parseInt(bars.get(i).attr("width"))).isEqualTo((int) Math.max(n > 0 ? 1 : 0,
                            ReportCharts.WIDTH * n / max));
                    assertThat(bars.get(i).attr("class")).isEqualTo("chart-open");
                }
            }
        }
    }

    @Test
    void agentsWhoAreNotSupervisorsDoNotGetIt() {
        assertThat(home(FP, fpAgent).select("#tablero")).isEmpty();
    }

    /** A requester of the entity, straight into the directory (the planted cases need one). */
    private static UUID person(java.sql.Connection c, TenantContext tenant, String unique) throws java.sql.SQLException {
        UUID person = UUID.randomUUID();
        try (PreparedStatement st = c.prepareStatement("INSERT INTO person (tenant_id, id, subject, username, name) "
                + "VALUES (?, ?, ?, ?, ?)")) {
            st.setObject(1, tenant.id().value());
            st.setObject(2, person);
            st.setString(3, "db-" + unique);
            st.setString(4, "db" + unique);
            st.setString(5, "Persona " + unique);
            st.executeUpdate();
        }
        return person;
    }
}
