package co.mesa.pages;

import co.mesa.identity.Roles;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.MesaPlatform;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestRealms;
import co.mesa.testsupport.TestBrowser;
import com.microsoft.playwright.Page;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.PreparedStatement;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The indicators' definitions and open data dictionary (issue 24) in a real browser: reachable from the footer, axe-clean. */
@NeedsKeycloak
class IndicatorPagesBrowserTest {

    @ParameterizedTest
    @ValueSource(strings = {"funcion-publica", "prosperidad-social"})
    void theDefinitionsPageIsLinkedFromTheFooterAndPassesAxe(String slug) {
        Page page = TestBrowser.get().newPage();
        page.navigate(TestBrowser.origin(slug) + "/politicas/accesibilidad");
        page.locator("footer a[href='/indicadores/definiciones']").click();
        page.waitForURL(u -> u.endsWith("/indicadores/definiciones"));
        assertThat(page.locator("h1").innerText()).isEqualTo("Indicadores: definiciones y diccionario de datos");
        assertThat(page.locator("table tbody tr").count()).isEqualTo(12);
        TestBrowser.assertAccessible(page, slug + "-indicadores-definiciones");
        page.navigate(TestBrowser.origin(slug) + "/idioma?lang=en&volver=/indicadores/definiciones");
        page.waitForURL(u -> u.endsWith("/indicadores/definiciones"));
        assertThat(page.locator("h1").innerText()).isEqualTo("Indicators: definitions and data dictionary");
        TestBrowser.assertAccessible(page, slug + "-indicators-definitions-en");
        page.context().close();
    }

    /** An open case of the supervisor's group, so the dashboard has a backlog to draw. */
    static void plantOpenCase(String slug, String group) {
        MesaPlatform platform = MesaPlatform.withKeycloak();
        TenantContext tenant = platform.bean(TenantRegistry.class).bySlug(slug).orElseThrow();
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String type = tenant.config().workflow().caseTypes().get(0).key();
        // A state, line, service and priority the entity has: later classes meet this case in their lists and sweeps.
        boolean fp = "funcion-publica".equals(slug);
        List<String> facts = fp ? List.of("asignada", "mesa-primer-nivel", "acceso-remoto", "medio")
                : List.of("en-proceso", "infraestructura-servicios-ti", "gestion-incidentes-requerimientos", "media");
        platform.bean(TenantTransactions.class).write(tenant.id(), c -> {
            UUID person = UUID.randomUUID();
            try (PreparedStatement st = c.prepareStatement("INSERT INTO person (tenant_id, id, subject, username, name) "
                    + "VALUES (?, ?, ?, ?, ?)")) {
                st.setObject(1, tenant.id().value());
                st.setObject(2, person);
                st.setString(3, "ax-" + unique);
                st.setString(4, "ax" + unique);
                st.setString(5, "Persona " + unique);
                st.executeUpdate();
            }
            try (PreparedStatement st = c.prepareStatement("INSERT INTO service_case (tenant_id, id, code, code_year, "
                    + "code_sequence, case_type, origin, service_line, service, title, description, priority, requester_id, "
                    + "registered_by_id, state, created_at, updated_at, version, assigned_group) VALUES (?, ?, ?, 2026, ?, "
                    + "?, 'portal', ?, ?, 'x', 'x', ?, ?, ?, ?, now(), now(), 1, ?)")) {
                st.setObject(1, tenant.id().value());
                st.setObject(2, UUID.randomUUID());
                st.setString(3, "AX" + unique);
                st.setLong(4, 700_100 + Math.abs(unique.hashCode() % 100_000));
                st.setString(5, type);
                st.setString(6, facts.get(1));
                st.setString(7, facts.get(2));
                st.setString(8, facts.get(3));
                st.setObject(9, person);
                st.setObject(10, person);
                st.setString(11, facts.get(0));
                st.setString(12, group);
                st.executeUpdate();
            }
            return null;
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"funcion-publica", "prosperidad-social"})
    void theReportAndTheSupervisorsDashboardPassAxe(String slug) {
        String group = slug.equals("funcion-publica") ? "mesa-servicio-primer-nivel" : "soporte-primer-nivel";
        TestRealms.ensureUser(slug, "ax-supervisora", "Ana", "Supervisora",
                List.of(Roles.REQUESTER, Roles.AGENT, Roles.SUPERVISOR), List.of(group));
        plantOpenCase(slug, group);
        Page page = TestBrowser.get().newPage();
        TestBrowser.signIn(page, slug, "ax-supervisora", "/consola");
        assertThat(page.locator("#tablero h2").innerText()).isEqualTo("Tablero de supervisión");
        // The backlog's charts (by group and by agent), each followed by its table, are part of what axe checks.
        assertThat(page.locator("#tablero figure svg[role=img]").count()).isEqualTo(2);
        TestBrowser.assertAccessible(page, slug + "-tablero-supervision");
        page.locator("#tablero a[href='/consola/informe']").click();
        page.waitForURL(u -> u.endsWith("/consola/informe"));
        assertThat(page.locator("h1").innerText()).isEqualTo("Informe de ANS");
        assertThat(page.locator("svg[role=img] title").first().textContent()).isEqualTo("Casos registrados y cerrados por mes");
        TestBrowser.assertAccessible(page, slug + "-informe-ans");
        // A figure's cases (issue 24): the list behind the total of filed cases.
        page.locator("#by-type tfoot a").first().click();
        page.waitForURL(u -> u.contains("/consola/informe/casos?"));
        assertThat(page.locator("h1").innerText()).isEqualTo("Casos registrados: los casos");
        TestBrowser.assertAccessible(page, slug + "-informe-casos");
        // The survey figures' lists and the resolution times' list (issue 24).
        page.navigate(TestBrowser.origin(slug) + "/consola/informe");
        page.locator("#survey-offered").click();
        page.waitForURL(u -> u.contains("/consola/informe/encuestas?"));
        assertThat(page.locator("h1").innerText()).isEqualTo("Encuestas ofrecidas en el periodo: la lista");
        TestBrowser.assertAccessible(page, slug + "-informe-encuestas");
        page.navigate(TestBrowser.origin(slug) + "/consola/informe");
        page.locator("#by-type tfoot a[data-stat=p90]").click();
        page.waitForURL(u -> u.contains("cifra=resolved"));
        assertThat(page.locator("h1").innerText()).isEqualTo("Casos cerrados con solución firmada: los casos");
        TestBrowser.assertAccessible(page, slug + "-informe-tiempos");
        page.context().close();
    }
}
