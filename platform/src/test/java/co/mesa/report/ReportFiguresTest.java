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
import co.mesa.ticket.SlaView;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every figure of the ANS report links to the list of exactly the cases it counts (issue 24): for both entities, over
 * May 2011, with cases filed before, in and after the month, closed in it and open at its end, on time and late, paused, assigned to a
 * vendor group and to nobody. Each linked count equals its list's length; each percentage equals its list's share
 * on time; the lists of one entity never hold the other's cases; a closed case's tampered live columns change no list.
 */
@NeedsKeycloak
class ReportFiguresTest {

    static final String FP = "funcion-publica.localhost";
    static final String PS = "prosperidad-social.localhost";
    static final String MAY = "desde=2011-05&hasta=2011-05";

    static MesaPlatform platform;
    static TenantContext fp;
    static TenantContext ps;
    static JsonMapper json;
    static String fpSupervisor;
    static String psSupervisor;
    static String fpAdmin;
    static String unique;
    static UUID agent;

    @BeforeAll
    static void may2011() throws Exception {
        platform = MesaPlatform.withKeycloak();
        new co.mesa.testsupport.CaseApi(); // the tenants' realms
        fp = platform.bean(TenantRegistry.class).bySlug("funcion-publica").orElseThrow();
        ps = platform.bean(TenantRegistry.class).bySlug("prosperidad-social").orElseThrow();
        json = platform.bean(JsonMapper.class);
        TestRealms.ensureUser("funcion-publica", "rf-supervisora", "Sofia", "Supervisora",
                List.of(Roles.REQUESTER, Roles.AGENT, Roles.SUPERVISOR), List.of("mesa-servicio-primer-nivel"));
        TestRealms.ensureUser("funcion-publica", "rf-admin", "Ada", "Admin", List.of(Roles.REQUESTER, Roles.TENANT_ADMIN));
        TestRealms.ensureUser("prosperidad-social", "rf-supervisor", "Sergio", "Supervisor",
                List.of(Roles.REQUESTER, Roles.AGENT, Roles.SUPERVISOR), List.of("soporte-primer-nivel"));
        fpSupervisor = TestSessions.signIn(FP, "rf-supervisora");
        fpAdmin = TestSessions.signIn(FP, "rf-admin");
        psSupervisor = TestSessions.signIn(PS, "rf-supervisor");
        unique = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        agent = UUID.randomUUID();
        platform.bean(TenantTransactions.class).write(fp.id(), c -> {
            UUID person = person(c, fp, "rf-req-" + unique, "Persona Reporte " + unique);
            person(c, fp, agent, "rf-agent-" + unique, "Tecnico Reporte " + unique);
            // A: filed in April, answered on time in April, solved on time on 2 May and closed on 3 May (vendor group).
            UUID a = insert(c, fp, person, 1, "incidencia", "portal", "proveedor-sigep", null, null, null, "cerrada",
                    "2011-04-28T15:00:00Z", "2011-05-03T15:00:00Z", "2011-04-28T16:00:00Z", "2011-05-02T15:00:00Z",
                    "2011-04-29T15:00:00Z", "2011-05-04T15:00:00Z", false,
                    frozen(target("2011-04-29T15:00:00Z", "2011-04-28T16:00:00Z", "MET"),
                            target("2011-05-04T15:00:00Z", "2011-05-02T15:00:00Z", "MET"), List.of()));
            // B: filed 10 May, answered late, paused for a day, solved late (expired), marked "Incorrecta" once,
            // closed 20 May.
            UUID b = insert(c, fp, person, 2, "peticion", "phone", "mesa-servicio-primer-nivel", agent, "sede-principal", "vpn",
                    "cerrada", "2011-05-10T15:00:00Z", "2011-05-20T15:00:00Z", "2011-05-12T15:00:00Z",
                    "2011-05-19T15:00:00Z", "2011-05-11T15:00:00Z", "2011-05-15T15:00:00Z", false,
                    frozen(target("2011-05-11T15:00:00Z", "2011-05-12T15:00:00Z", "MET"),
                            target("2011-05-15T15:00:00Z", "2011-05-19T15:00:00Z", "BREACHED"),
                            List.of(span("2011-05-10T15:00:00Z", "2011-05-12T15:00:00Z", true),
                                    span("2011-05-12T15:00:00Z", "2011-05-13T15:00:00Z", false),
                                    span("2011-05-13T15:00:00Z", "2011-05-20T15:00:00Z", true))));
            reopened(c, fp, b, "2011-05-17T15:00:00Z");
            // Surveys offered in May: A's never answered; B's answered on 21 May (yes, 4).
            survey(c, fp, person, a, "2011-05-03T15:00:00Z", null, Map.of());
            survey(c, fp, person, b, "2011-05-20T15:00:00Z", "2011-05-21T15:00:00Z",
                    Map.of("satisfecho", "yes", "atencion", "4", "novedad", "Texto libre"));
            // C: filed 25 May, never answered (its response fell due unmet on 26 May), open at the month's end; closed in
            // June with no frozen outcome, so read from its live columns; resolution due in June. (Cases of this class
            // close in June: an open case would count as open at the end of every later month of other tests.)
            insert(c, fp, person, 3, "peticion", "portal", "mesa-servicio-primer-nivel", agent, null, null, "cerrada",
                    "2011-05-25T15:00:00Z", "2011-06-15T15:00:00Z", null, null, "2011-05-26T15:00:00Z",
                    "2011-06-10T15:00:00Z", false, null);
            // D: filed in June: nothing in May.
            insert(c, fp, person, 4, "peticion", "portal", "mesa-servicio-primer-nivel", null, null, null, "cerrada",
                    "2011-06-02T15:00:00Z", "2011-06-25T15:00:00Z", null, null, "2011-06-03T15:00:00Z",
                    "2011-06-20T15:00:00Z", false, null);
            // E: filed 5 May by e-mail, answered on time, rejected on 6 May: its resolution was still running.
            insert(c, fp, person, 5, "peticion", "email", null, null, null, null, "rechazada",
                    "2011-05-05T15:00:00Z", "2011-05-06T15:00:00Z", "2011-05-05T16:00:00Z", null,
                    "2011-05-06T15:00:00Z", "2011-05-09T15:00:00Z", false,
                    frozen(target("2011-05-06T15:00:00Z", "2011-05-05T16:00:00Z", "MET"),
                            target("2011-05-09T15:00:00Z", null, "RUNNING"), List.of()));
            // F: filed and closed in March: outside the period.
            insert(c, fp, person, 6, "incidencia", "portal", "mesa-servicio-primer-nivel", null, null, null, "cerrada",
                    "2011-03-01T15:00:00Z", "2011-03-05T15:00:00Z", "2011-03-01T16:00:00Z", "2011-03-02T15:00:00Z",
                    "2011-03-02T15:00:00Z", "2011-03-04T15:00:00Z", false,
                    frozen(target("2011-03-02T15:00:00Z", "2011-03-01T16:00:00Z", "MET"),
                            target("2011-03-04T15:00:00Z", "2011-03-02T15:00:00Z", "MET"), List.of()));
            // G: filed 15 May, answered on time, paused waiting for the user from 16 May (no resolution due date while
            // paused), open at the month's end, closed in June.
            insert(c, fp, person, 7, "incidencia", "walk-in", "mesa-servicio-primer-nivel", agent, "sede-principal", "vpn",
                    "cerrada", "2011-05-15T15:00:00Z", "2011-06-20T15:00:00Z", "2011-05-15T16:00:00Z", null,
                    "2011-05-16T15:00:00Z", null, true,
                    frozen(target("2011-05-16T15:00:00Z", "2011-05-15T16:00:00Z", "MET"),
                            new SlaView.TargetView("PT24H", null, null, null, "PAUSED", null),
                            List.of(span("2011-05-15T15:00:00Z", "2011-05-16T15:00:00Z", true),
                                    span("2011-05-16T15:00:00Z", "2011-06-20T15:00:00Z", false))));
            return null;
        });
        platform.bean(TenantTransactions.class).write(ps.id(), c -> {
            UUID person = person(c, ps, "rf-req-" + unique, "Persona Prosperidad " + unique);
            // P1: filed and solved on time by the software factory in May; P2: filed in May, open at its end.
            insert(c, ps, person, 1, "incidente", "portal", "fabrica-software", null, "bogota", null, "cerrada",
                    "2011-05-03T15:00:00Z", "2011-05-04T15:00:00Z", "2011-05-03T16:00:00Z", "2011-05-03T20:00:00Z",
                    "2011-05-04T15:00:00Z", "2011-05-06T15:00:00Z", false,
                    frozen(target("2011-05-04T15:00:00Z", "2011-05-03T16:00:00Z", "MET"),
                            target("2011-05-06T15:00:00Z", "2011-05-03T20:00:00Z", "MET"), List.of()));
            insert(c, ps, person, 2, "incidente", "email", "fabrica-software", null, null, null, "cerrada",
                    "2011-05-20T15:00:00Z", "2011-06-10T15:00:00Z", null, null, "2011-07-04T15:00:00Z",
                    "2011-07-20T15:00:00Z", false, null);
            return null;
        });
    }

    static String code(TenantContext t, int n) {
        return "RF" + unique + (t == fp ? "F" : "P") + "-" + n;
    }

    static UUID person(Connection c, TenantContext t, String subject, String name) throws SQLException {
        UUID id = UUID.randomUUID();
        person(c, t, id, subject, name);
        return id;
    }

    static void person(Connection c, TenantContext t, UUID id, String subject, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO person (tenant_id, id, subject, username, name, email) "
                + "VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, t.id().value());
            ps.setObject(2, id);
            ps.setString(3, subject);
            ps.setString(4, subject);
            ps.setString(5, name);
            ps.setString(6, subject + "@plantado.example.org");
            ps.executeUpdate();
        }
    }

    static UUID insert(Connection c, TenantContext t, UUID person, int n, String type, String origin,
                       @Nullable String group, @Nullable UUID agent, @Nullable String site, @Nullable String category,
                       String state, String created, @Nullable String closed, @Nullable String firstResponse,
                       @Nullable String resolved, @Nullable String responseDue, @Nullable String resolutionDue,
                       boolean paused, @Nullable String frozen) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO service_case (tenant_id, id, code, code_year, "
                + "code_sequence, case_type, origin, service_line, service, title, description, priority, requester_id, "
                + "registered_by_id, state, created_at, updated_at, version, closed_at, first_response_at, resolved_at, "
                + "response_due_at, resolution_due_at, sla_final, assigned_group, assigned_agent_id, site, category, "
                + "sla_paused) VALUES (?, ?, ?, 2011, ?, ?, ?, 'tecnologia', 'acceso-remoto', 'Titulo', 'Descripcion', "
                + "'medio', ?, ?, ?, ?::timestamptz, ?::timestamptz, 1, ?::timestamptz, ?::timestamptz, ?::timestamptz, "
                + "?::timestamptz, ?::timestamptz, ?::jsonb, ?, ?, ?, ?, ?)")) {
            int i = 0;
            UUID id = UUID.randomUUID();
            ps.setObject(++i, t.id().value());
            ps.setObject(++i, id);
            ps.setString(++i, code(t, n));
            ps.setLong(++i, 700_000 + n);
            ps.setString(++i, type);
            ps.setString(++i, origin);
            ps.setObject(++i, person);
            ps.setObject(++i, person);
            ps.setString(++i, state);
            ps.setString(++i, created);
            ps.setString(++i, closed == null ? created : closed);
            ps.setString(++i, closed);
            ps.setString(++i, firstResponse);
            ps.setString(++i, resolved);
            ps.setString(++i, responseDue);
            ps.setString(++i, resolutionDue);
            ps.setString(++i, frozen);
            ps.setString(++i, group);
            ps.setObject(++i, agent);
            ps.setString(++i, site);
            ps.setString(++i, category);
            ps.setBoolean(++i, paused);
            ps.executeUpdate();
            return id;
        }
    }

    /** The event of the requester marking the solution "Incorrecta": from a solved state back to an open one. */
    static void reopened(Connection c, TenantContext t, UUID caseId, String at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO case_event (tenant_id, case_id, version, at, "
                + "actor_kind, kind, published, changes) VALUES (?, ?, 2, ?::timestamptz, 'requester', 'transition', true, "
                + "'{\"state\": {\"from\": \"resuelta\", \"to\": \"asignada\"}}'::jsonb)")) {
            ps.setObject(1, t.id().value());
            ps.setObject(2, caseId);
            ps.setString(3, at);
            ps.executeUpdate();
        }
    }

    /** A survey offered at {@code offered}, answered at {@code answered} (or not) with these answers. */
    static void survey(Connection c, TenantContext t, UUID person, UUID caseId, String offered, @Nullable String answered,
                       Map<String, String> answers) throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO case_survey (tenant_id, id, case_id, occasion, "
                + "offered_at, due_at, requester_id, answered_at, answered_via) VALUES (?, ?, ?, 'solution', "
                + "?::timestamptz, ?::timestamptz, ?, ?::timestamptz, ?)")) {
            ps.setObject(1, t.id().value());
            ps.setObject(2, id);
            ps.setObject(3, caseId);
            ps.setString(4, offered);
            ps.setString(5, offered);
            ps.setObject(6, person);
            ps.setString(7, answered);
            ps.setString(8, answered == null ? null : "portal");
            ps.executeUpdate();
        }
        for (Map.Entry<String, String> a : answers.entrySet()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO case_survey_answer (tenant_id, survey_id, "
                    + "case_id, question, value) VALUES (?, ?, ?, ?, ?)")) {
                ps.setObject(1, t.id().value());
                ps.setObject(2, id);
                ps.setObject(3, caseId);
                ps.setString(4, a.getKey());
                ps.setString(5, a.getValue());
                ps.executeUpdate();
            }
        }
    }

    static SlaView.TargetView target(String due, @Nullable String met, String status) {
        return new SlaView.TargetView("PT9H", Instant.parse(due), null, met == null ? null : Instant.parse(met), status,
                null);
    }

    static SlaView.SpanView span(String start, String end, boolean counted) {
        return new SlaView.SpanView(Instant.parse(start), Instant.parse(end), counted,
                counted ? "asignada" : "pendiente-respuesta-usuario", null);
    }

    static String frozen(SlaView.TargetView response, SlaView.TargetView resolution, List<SlaView.SpanView> timeline) {
        try {
            return json.writeValueAsString(new SlaView("sla-ti-24-horas", "SLA TI - 24 HORAS", null, null, false, false,
                    false, response, resolution, timeline));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> get(String host, String path, String session) {
        return platform.get(host, path, "Cookie", SessionCookieAuthenticationFetcher.COOKIE + "=" + session);
    }

    /**
     * A list behind a link: every page's codes, its stated count, how many it says were on time, and each listed case's
     * resolution business seconds when the list shows them.
     */
    record Listed(List<String> codes, long count, @Nullable Long onTime, List<Long> seconds) {
    }

    static Listed follow(String host, String session, String href) {
        List<String> codes = new ArrayList<>();
        List<Long> seconds = new ArrayList<>();
        long count = -1;
        Long onTime = null;
        String next = href;
        while (next != null) {
            HttpResponse<String> r = get(host, next, session);
            assertThat(r.statusCode()).as(next + "\n" + r.body()).isEqualTo(200);
            Document page = Jsoup.parse(r.body());
            count = Long.parseLong(page.selectFirst("#report-cases-count strong").text().replaceAll("\\D", ""));
            Element ontime = page.selectFirst("#report-cases-ontime");
            onTime = ontime == null ? null : Long.parseLong(ontime.text().split(" ")[0]);
            page.select("#report-cases tbody th a").forEach(a -> codes.add(a.text()));
            for (Element td : page.select("#report-cases tbody td.hours")) {
                seconds.add(Long.parseLong(td.attr("data-seconds")));
                assertThat(td.text()).isEqualTo(Indicators.hours(seconds.get(seconds.size() - 1), 1).toPlainString());
            }
            Element more = page.selectFirst("a[rel=next]");
            next = more == null ? null : more.attr("href");
        }
        return new Listed(codes, count, onTime, seconds);
    }

    /** Every linked figure of the report for May 2011 checked against its list; the lists by link. */
    static Map<String, Listed> checkEveryFigure(String host, String session, TenantContext own, TenantContext other) {
        HttpResponse<String> r = get(host, "/consola/informe?" + MAY, session);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Document page = Jsoup.parse(r.body());
        List<Element> links = page.select("a[href^=/consola/informe/casos]");
        assertThat(links).hasSizeGreaterThan(6 * 10);
        Map<String, Listed> lists = new LinkedHashMap<>();
        for (Element a : links) {
            String href = a.attr("href");
            Listed listed = lists.computeIfAbsent(href, h -> follow(host, session, h));
            assertThat(listed.codes()).as(href).hasSize((int) listed.count()).doesNotHaveDuplicates();
            assertThat(listed.codes()).as(href).noneMatch(code -> code.startsWith("RF" + unique + (other == fp ? "F" : "P")));
            String shown = a.text();
            if (a.hasAttr("data-stat")) {
                // The mean or the 90th percentile of the resolution business times of the cases it links to.
                assertThat(listed.seconds()).as(href).hasSize((int) listed.count());
                long[] sorted = listed.seconds().stream().mapToLong(Long::longValue).sorted().toArray();
                java.math.BigDecimal stat = sorted.length == 0 ? null : a.attr("data-stat").equals("mean")
                        ? Indicators.hours(java.util.Arrays.stream(sorted).sum(), sorted.length)
                        : Indicators.hours(sorted[(int) Math.ceil(9.0 * sorted.length / 10) - 1], 1);
                assertThat(shown).as(href + " " + a.attr("data-stat")).isEqualTo(stat == null ? "—" : stat.toPlainString());
            } else if (shown.matches("\\d+")) {
                assertThat(listed.count()).as(href).isEqualTo(Long.parseLong(shown));
            } else {
                // A percentage links to the targets it measures; its value is the share of them on time.
                assertThat(listed.onTime()).as(href).isNotNull();
                java.math.BigDecimal pct = Indicators.pct(listed.onTime(), listed.count());
                assertThat(shown).as(href).isEqualTo(pct == null ? "—" : pct.toPlainString());
            }
        }
        return lists;
    }

    static List<String> codes(TenantContext t, int... n) {
        List<String> out = new ArrayList<>();
        for (int i : n) {
            out.add(code(t, i));
        }
        return out;
    }

    static String total(String figure) {
        return "/consola/informe/casos?" + MAY + "&cifra=" + figure;
    }

    @Test
    void everyFigureOfFuncionPublicaEqualsTheCasesItsLinkLists() {
        for (String session : List.of(fpSupervisor, fpAdmin)) {
            Map<String, Listed> lists = checkEveryFigure(FP, session, fp, ps);
            assertThat(lists.get(total("filed")).codes()).containsExactly(codes(fp, 5, 2, 7, 3).toArray(String[]::new));
            assertThat(lists.get(total("closed")).codes()).containsExactly(codes(fp, 1, 5, 2).toArray(String[]::new));
            assertThat(lists.get(total("open")).codes()).containsExactly(codes(fp, 7, 3).toArray(String[]::new));
            assertThat(lists.get(total("response")).codes()).containsExactly(codes(fp, 5, 2, 7, 3).toArray(String[]::new));
            assertThat(lists.get(total("response")).onTime()).isEqualTo(2);
            assertThat(lists.get(total("resolution")).codes()).containsExactly(codes(fp, 1, 2).toArray(String[]::new));
            assertThat(lists.get(total("expired")).codes()).containsExactly(code(fp, 2));
            // Rates over the three cases closed in May: B was reopened, E rejected.
            assertThat(lists.get(total("reopened")).codes()).containsExactly(code(fp, 2));
            assertThat(lists.get(total("rejected")).codes()).containsExactly(code(fp, 5));
            Document report = Jsoup.parse(get(FP, "/consola/informe?" + MAY, session).body());
            // The entity's indicator (settings.yaml), first: the second line's resolution on time, A only.
            String html = report.html();
            assertThat(html.indexOf("id=\"indicator-title\"")).isPositive().isLessThan(html.indexOf("id=\"by-type-title\""));
            assertThat(report.selectFirst("#indicator-title").text())
                    .contains("Atención oportuna de incidencias y peticiones nivel especializado");
            assertThat(report.select("#indicator-table tbody tr").eachText()).containsExactly("Segunda línea 100.0 1 de 1");
            assertThat(lists.get(total("resolution") + "&por=tier&valor=segunda-linea").codes()).containsExactly(code(fp, 1));
            assertThat(report.selectFirst("#rate-reopened td").text()).isEqualTo("33.3");
            assertThat(report.selectFirst("#rate-rejected td").text()).isEqualTo("33.3");
            assertThat(report.selectFirst("#survey-response").text()).startsWith("Respondidas 1 de 2 ").contains("(50.0 %)");
            assertThat(report.select("#survey-questions tbody tr").eachText())
                    .anySatisfy(row -> assertThat(row).endsWith("Escala de 1 a 5 1 4.0"))
                    .anySatisfy(row -> assertThat(row).endsWith("Sí o no 1 100.0"));
            // The breakdowns: the vendor group holds A only; nobody-assigned and the e-mail channel hold E.
            assertThat(lists.get(total("closed") + "&por=vendor&valor=proveedor-sigep").codes()).containsExactly(code(fp, 1));
            assertThat(lists.get(total("filed") + "&por=agent&valor=" + agent).codes())
                    .containsExactly(codes(fp, 2, 7, 3).toArray(String[]::new));
            assertThat(lists.get(total("filed") + "&por=channel&valor=email").codes()).containsExactly(code(fp, 5));
            assertThat(lists.get(total("filed") + "&por=site&valor=sede-principal").codes())
                    .containsExactly(codes(fp, 2, 7).toArray(String[]::new));
        }
    }

    @Test
    void everyFigureOfProsperidadSocialEqualsTheCasesItsLinkListsAndNoneOfTheOthers() {
        Map<String, Listed> lists = checkEveryFigure(PS, psSupervisor, ps, fp);
        assertThat(lists.get(total("filed")).codes()).containsExactly(codes(ps, 1, 2).toArray(String[]::new));
        assertThat(lists.get(total("filed") + "&por=vendor&valor=fabrica-software").codes())
                .containsExactly(codes(ps, 1, 2).toArray(String[]::new));
        // Prosperidad Social's indicator: resolution on time per vendor group; P1 settled in May, P2 in July.
        Document report = Jsoup.parse(get(PS, "/consola/informe?" + MAY, psSupervisor).body());
        assertThat(report.select("#indicator-table tbody tr").eachText()).hasSize(1)
                .allSatisfy(row -> assertThat(row).endsWith(" 100.0 1 de 1"));
        // One entity's session opens nothing on the other's host.
        assertThat(get(PS, total("filed"), fpSupervisor).statusCode()).isNotEqualTo(200);
        assertThat(get(FP, total("filed"), psSupervisor).statusCode()).isNotEqualTo(200);
    }

    static String surveys(String figure) {
        return "/consola/informe/encuestas?" + MAY + "&cifra=" + figure;
    }

    @Test
    void everySurveyFigureOfBothEntitiesEqualsItsListAndEachMeanTheMeanOfItsAnswers() {
        for (String session : List.of(fpSupervisor, fpAdmin)) {
            // B's survey (offered 20 May, answered 21 May: yes, 4, a free text) and A's (offered 3 May, never answered).
            Map<String, SurveyLinksCheck.Surveys> lists = SurveyLinksCheck.checkEverySurveyFigure(FP, session, MAY,
                    "RF" + unique + "P", "Texto libre");
            assertThat(lists.get(surveys("answered")).codes()).containsExactly(code(fp, 2));
            assertThat(lists.get(surveys("answered") + "&por=type&valor=peticion").codes()).containsExactly(code(fp, 2));
            assertThat(lists.get(surveys("answered") + "&por=type&valor=incidencia").codes()).isEmpty();
            assertThat(lists.get(surveys("offered")).codes()).containsExactly(codes(fp, 1, 2).toArray(String[]::new));
            assertThat(lists.get(surveys("responded")).codes()).containsExactly(code(fp, 2));
            assertThat(lists.get(surveys("question&pregunta=satisfecho")).values()).containsExactly("yes");
            assertThat(lists.get(surveys("question&pregunta=atencion")).values()).containsExactly("4");
            assertThat(lists.get(surveys("scale")).values()).containsExactly("4");
            assertThat(lists.get(surveys("scale") + "&por=type&valor=peticion").values()).containsExactly("4");
        }
        Map<String, SurveyLinksCheck.Surveys> others = SurveyLinksCheck.checkEverySurveyFigure(PS, psSupervisor, MAY,
                "RF" + unique + "F", "Texto libre");
        assertThat(others.get(surveys("offered")).codes()).isEmpty();
        // One entity's session opens no list on the other's host; a question that is not counted is a 400.
        assertThat(get(PS, surveys("offered"), fpSupervisor).statusCode()).isNotEqualTo(200);
        assertThat(get(FP, surveys("offered"), psSupervisor).statusCode()).isNotEqualTo(200);
        for (String bad : List.of("question&pregunta=novedad", "question", "offered&por=type&valor=peticion",
                "scale&por=type&valor=nada", "nada")) {
            HttpResponse<String> r = get(FP, surveys(bad), fpSupervisor);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.body()).as(bad).contains("Cifra inválida");
        }
    }

    @Test
    void theMeanAndNinetiethPercentileResolutionTimesEqualTheirListsOnBothEntities() {
        // checkEveryFigure recomputes each linked mean and 90th percentile from the listed cases' own times.
        Map<String, Listed> lists = checkEveryFigure(FP, fpSupervisor, fp, ps);
        // A and B were closed in May with a signed solution; E was rejected unsolved.
        assertThat(lists.get(total("resolved")).codes()).containsExactly(codes(fp, 1, 2).toArray(String[]::new));
        assertThat(lists.get(total("resolved")).seconds()).hasSize(2).allSatisfy(s -> assertThat(s).isPositive());
        assertThat(lists.get(total("resolved") + "&por=type&valor=incidencia").codes()).containsExactly(code(fp, 1));
        Document report = Jsoup.parse(get(FP, "/consola/informe?" + MAY, fpSupervisor).body());
        assertThat(report.select("#by-type a[data-stat][href^=/consola/informe/casos]"))
                .hasSize(2 * (fp.config().workflow().caseTypes().size() + 1));
        Map<String, Listed> others = checkEveryFigure(PS, psSupervisor, ps, fp);
        assertThat(others.get(total("resolved")).codes()).containsExactly(code(ps, 1));
    }

    @Test
    void thePdfReadsBackWithTheFiguresAndOnlyTheEntitysOwn() throws Exception {
        java.net.http.HttpResponse<byte[]> r = platform.sendBytes(platform.request(FP, "/consola/informe/exportar.pdf?" + MAY)
                .header("Cookie", SessionCookieAuthenticationFetcher.COOKIE + "=" + fpAdmin).GET().build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/pdf");
        String text;
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(r.body())) {
            text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
        }
        assertThat(text).contains("Informe de ANS", "Periodo de 2011-05 a 2011-05",
                "Atención oportuna de incidencias y peticiones nivel especializado", "Segunda línea: 100.0 % (1 de 1)",
                "Registrados 4 · Cerrados 3 · Abiertos al final 2 · Caducados 1",
                "Primera respuesta a tiempo (%) 50.0 · Solución a tiempo (%) 50.0",
                "Reapertura (Incorrecta o revisión de novedad): 33.3 % (1 / 3)", "Respondidas 1 de 2")
                .doesNotContain(code(fp, 1), "Persona Reporte", "Tecnico Reporte");
        java.net.http.HttpResponse<byte[]> other = platform.sendBytes(platform.request(PS,
                "/consola/informe/exportar.pdf?" + MAY).header("Cookie", SessionCookieAuthenticationFetcher.COOKIE + "="
                + psSupervisor).GET().build());
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(other.body())) {
            assertThat(new org.apache.pdfbox.text.PDFTextStripper().getText(doc).replaceAll("\\s+", " "))
                    .contains("Registrados 2 · Cerrados 1").doesNotContain("Atención oportuna", "Registrados 4");
        }
        assertThat(get(PS, "/consola/informe/exportar.pdf?" + MAY, fpSupervisor).statusCode()).isNotEqualTo(200);
    }

    @Test
    void aClosedCasesTamperedLiveColumnsChangeNoList() {
        try {
            setLiveColumns(code(fp, 2), "2011-05-30T15:00:00Z", "2011-05-11T15:00:00Z");
            assertThat(follow(FP, fpSupervisor, total("expired")).codes()).containsExactly(code(fp, 2));
        } finally {
            // B as planted, so the other tests (whatever their order) read the month the report may have cached.
            setLiveColumns(code(fp, 2), "2011-05-15T15:00:00Z", "2011-05-19T15:00:00Z");
        }
    }

    static void setLiveColumns(String code, String resolutionDue, String resolved) {
        platform.bean(TenantTransactions.class).write(fp.id(), c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE service_case SET resolution_due_at = ?::timestamptz, "
                    + "resolved_at = ?::timestamptz WHERE code = ?")) {
                st.setString(1, resolutionDue);
                st.setString(2, resolved);
                st.setString(3, code);
                st.executeUpdate();
            }
            return null;
        });
    }

    @Test
    void aMalformedListIsA400PageInSpanish() {
        for (String query : List.of("cifra=nada&" + MAY, "cifra=filed&por=color&valor=x&" + MAY,
                "cifra=filed&por=group&" + MAY, "cifra=filed&desde=2011-13", "cifra=filed&pagina=x&" + MAY)) {
            HttpResponse<String> r = get(FP, "/consola/informe/casos?" + query, fpSupervisor);
            assertThat(r.statusCode()).as(query).isEqualTo(400);
            assertThat(r.body()).containsAnyOf("Cifra inválida", "Periodo inválido");
        }
    }
}
