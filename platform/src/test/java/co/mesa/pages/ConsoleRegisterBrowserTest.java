package co.mesa.pages;

import co.mesa.identity.Roles;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.MesaPlatform;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestBrowser;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Nuevo registro" (issue 20; 002 §11, §14.2) in a real browser: an agent finds the requester in the
 * directory, chooses the origin and a template, fills the portal's own form of it and, on Función
 * Pública, signs the immediate solution in the same step; errors show beside their fields with the
 * input kept; a refused immediate solution leaves nothing written; one entity's person cannot be
 * chosen on the other's host. Axe on every page of it. And a major incident (003 §4.9.2) marked from the case
 * page: refused without a reason beside the field, then shown in words on the case, the queue's "major" filter
 * and the home's count.
 */
@NeedsKeycloak
class ConsoleRegisterBrowserTest {

    static final String FP = "funcion-publica";
    static final String PS = "prosperidad-social";
    static final String AGENT = "rg-agente";
    static final String OTHER_AGENT = "rg-agente-otro-grupo";
    static CaseApi api;
    static MesaPlatform platform;
    static final String TAG = UUID.randomUUID().toString().substring(0, 6);
    static final String REQUESTER = "rg-solicitante-" + TAG;
    static String fpRequesterId;
    static String psRequesterId;

    @BeforeAll
    static void people() {
        api = new CaseApi();
        platform = api.platform();
        api.personId(CaseApi.FP, api.token(FP, AGENT, List.of("mesa-servicio-primer-nivel"), Roles.REQUESTER, Roles.AGENT));
        api.personId(CaseApi.PS, api.token(PS, AGENT, List.of("soporte-primer-nivel"), Roles.REQUESTER, Roles.AGENT));
        api.personId(CaseApi.FP, api.token(FP, OTHER_AGENT, List.of("infraestructura-tecnologica"), Roles.REQUESTER, Roles.AGENT));
        fpRequesterId = api.personId(CaseApi.FP, api.token(FP, REQUESTER, Roles.REQUESTER));
        psRequesterId = api.personId(CaseApi.PS, api.token(PS, REQUESTER, Roles.REQUESTER));
    }

    static Page agentPage(String slug, String username) {
        Page page = TestBrowser.get().newPage();
        TestBrowser.signIn(page, slug, username, "/consola/registro");
        return page;
    }

    /** Step one by keyboard: the search has the focus; type, Enter, choose origin and template, continue. */
    static void chooseRequesterAndTemplate(Page page, String origin, String template) {
        assertThat(page.evaluate("document.activeElement.id")).isEqualTo("q");
        page.keyboard().type(REQUESTER);
        page.keyboard().press("Enter");
        page.waitForURL(url -> url.contains("q="));
        assertThat(page.locator("input[name=solicitante]:checked").count()).isEqualTo(1);
        page.locator("#origen").selectOption(origin);
        page.locator("#plantilla").selectOption(template);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continuar")).click();
        page.waitForURL(url -> url.contains("/consola/registro/formulario"));
    }

    static int casesTitled(String slug, String title) {
        TenantContext tenant = platform.bean(TenantRegistry.class).bySlug(slug).orElseThrow();
        return platform.bean(TenantTransactions.class).read(tenant.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM service_case WHERE title = ?")) {
                ps.setString(1, title);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    static JsonNode caseOf(String slug, String id) {
        String host = FP.equals(slug) ? CaseApi.FP : CaseApi.PS;
        var r = api.get(host, api.token(slug, AGENT), id);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return CaseApi.json(r);
    }

    @Test
    void funcionPublicasAgentRegistersAWalkInCaseAndSignsTheImmediateSolution() {
        Page page = agentPage(FP, AGENT);
        try {
            TestBrowser.assertAccessible(page, "consola-registro-fp");
            chooseRequesterAndTemplate(page, "walk-in", "acceso-remoto");
            assertThat(page.locator(".register-who").textContent()).contains("Prueba " + REQUESTER);
            TestBrowser.assertAccessible(page, "consola-registro-formulario-fp");
            String title = "Registro presencial " + TAG;
            page.locator("#title").fill(title);
            page.locator("#f-telefono-contacto").fill("601 555 0101");
            page.locator("#immediate-sign").check();
            // No description and no solution: errors beside each field, the rest kept.
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Registrar caso")).click();
            page.waitForSelector(".error-summary");
            assertThat(page.locator("#description-error").count()).isEqualTo(1);
            assertThat(page.locator("#immediate-note-error").count()).isEqualTo(1);
            assertThat(page.locator("#title").inputValue()).isEqualTo(title);
            assertThat(page.locator("#f-telefono-contacto").inputValue()).isEqualTo("601 555 0101");
            assertThat(page.locator("#origin").inputValue()).isEqualTo("walk-in");
            assertThat(page.locator("#immediate-sign").isChecked()).isTrue();
            assertThat(casesTitled(FP, title)).isZero();
            TestBrowser.assertAccessible(page, "consola-registro-errores-fp");

            page.locator("#description").fill("La persona vino a la mesa: no conectaba la VPN; se reinició el cliente.");
            page.locator("#immediate-note").fill("Se reinició el cliente VPN con la persona y quedó conectada.");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Registrar caso")).click();
            page.waitForURL(url -> url.contains("aviso=registro"));

            String id = page.url().replaceAll(".*/consola/casos/([^?]+).*", "$1");
            JsonNode c = caseOf(FP, id);
            assertThat(c.at("/state/key").asText()).isEqualTo("cerrada");
            assertThat(c.at("/requester/id").asText()).isEqualTo(fpRequesterId);
            assertThat(c.at("/registeredBy/name").asText()).isEqualTo("Prueba " + AGENT);
            assertThat(c.get("origin").asText()).contains("walk-in");
            assertThat(page.locator("[role=status]").textContent()).contains("Nuevo registro");
            assertThat(page.locator("dl.facts").first().textContent()).contains("Prueba " + REQUESTER, "Prueba " + AGENT);
            assertThat(casesTitled(FP, title)).isEqualTo(1);
        } finally {
            page.context().close();
        }
    }

    @Test
    void prosperidadSocialsAgentRegistersAPhoneCaseWithoutImmediateSolution() {
        Page page = agentPage(PS, AGENT);
        try {
            TestBrowser.assertAccessible(page, "consola-registro-ps");
            chooseRequesterAndTemplate(page, "phone", "falla-equipo");
            // Prosperidad Social's workflow has no immediate solution: not offered.
            assertThat(page.locator("#immediate-sign").count()).isZero();
            TestBrowser.assertAccessible(page, "consola-registro-formulario-ps");
            String title = "Llamada " + TAG;
            page.locator("#title").fill(title);
            page.locator("#description").fill("Llamó: el computador no enciende.");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Registrar caso")).click();
            page.waitForURL(url -> url.contains("aviso=registro"));

            String id = page.url().replaceAll(".*/consola/casos/([^?]+).*", "$1");
            JsonNode c = caseOf(PS, id);
            assertThat(c.at("/requester/id").asText()).isEqualTo(psRequesterId);
            assertThat(c.at("/registeredBy/name").asText()).isEqualTo("Prueba " + AGENT);
            assertThat(c.get("origin").asText()).contains("phone");
            assertThat(casesTitled(PS, title)).isEqualTo(1);
            assertThat(casesTitled(FP, title)).isZero();
        } finally {
            page.context().close();
        }
    }

    @Test
    void aRefusedImmediateSolutionLeavesNothingWritten() {
        // This agent is not in the group acceso-remoto is routed to: the signature is refused after filing.
        Page page = agentPage(FP, OTHER_AGENT);
        try {
            chooseRequesterAndTemplate(page, "phone", "acceso-remoto");
            String title = "Firma rechazada " + TAG;
            page.locator("#title").fill(title);
            page.locator("#description").fill("No conecta la VPN.");
            page.locator("#f-telefono-contacto").fill("601 555 0102");
            page.locator("#immediate-sign").check();
            page.locator("#immediate-note").fill("Solución que no puede firmar.");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Registrar caso")).click();
            page.waitForSelector("#immediate-error");
            // The reason, in Spanish, beside the choice: the group the case goes to, which the agent is not in.
            assertThat(page.locator("#immediate-error").innerText()).contains("al que usted no pertenece")
                    .contains("Regístrelo sin la firma");
            assertThat(page.locator("#immediate-sign").getAttribute("aria-describedby")).contains("immediate-error");
            TestBrowser.assertAccessible(page, "fp-registro-firma-rechazada");
            assertThat(page.locator("#title").inputValue()).isEqualTo(title);
            assertThat(casesTitled(FP, title)).isZero();
        } finally {
            page.context().close();
        }
    }

    @Test
    void aMajorCaseStandsOutOnTheCaseTheQueueAndTheHome() {
        com.fasterxml.jackson.databind.JsonNode c = CaseApi.json(api.create(CaseApi.PS, api.token(PS, REQUESTER, Roles.REQUESTER),
                CaseApi.obj("service", "gestion-incidentes-requerimientos", "template", "falla-equipo",
                        "title", "Sin red en la sede " + TAG, "description", "Nadie en el piso tiene red.")));
        String id = c.get("id").asText();
        String code = c.get("code").asText();
        Page page = TestBrowser.get().newPage();
        try {
            TestBrowser.signIn(page, PS, AGENT, "/consola/casos/" + id);
            page.locator(".case-major-link a").click();
            page.waitForURL(url -> url.endsWith("/mayor"));
            TestBrowser.assertAccessible(page, "ps-caso-marcar-mayor");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Marcar como incidente mayor")).click();
            page.waitForSelector("#motivo-error");
            assertThat(page.locator("#motivo-error").innerText()).contains("Escriba el motivo");
            assertThat(page.locator("#motivo").getAttribute("aria-invalid")).isEqualTo("true");
            TestBrowser.assertAccessible(page, "ps-caso-marcar-mayor-error");
            page.locator("#motivo").fill("Sin red en toda la sede " + TAG);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Marcar como incidente mayor")).click();
            page.waitForURL(url -> url.contains("aviso=mayor"));
            assertThat(page.locator("#major-mark").innerText()).contains("Incidente mayor").contains("Sin red en toda la sede " + TAG);
            TestBrowser.assertAccessible(page, "ps-caso-mayor");

            page.navigate(TestBrowser.origin(PS) + "/consola/cola?major=true");
            assertThat(page.locator("#f-major").inputValue()).isEqualTo("true");
            com.microsoft.playwright.Locator rows = page.locator("table.queue-table tbody th[scope=row]");
            int shown = rows.count();
            for (int i = 0; i < shown; i++) {
                // Every row of the filter is a major case, said in words.
                assertThat(rows.nth(i).innerText()).contains("Incidente mayor");
            }
            assertThat(rows.allInnerTexts()).anyMatch(t -> t.contains(code));
            TestBrowser.assertAccessible(page, "ps-cola-mayores");

            page.navigate(TestBrowser.origin(PS) + "/consola");
            com.microsoft.playwright.Locator counter = page.locator("#major-cases a.counter-link");
            assertThat(counter.getAttribute("href")).isEqualTo("/consola/cola?major=true");
            assertThat(Integer.parseInt(counter.locator(".counter").innerText().strip())).isEqualTo(shown);
        } finally {
            page.context().close();
        }
    }

    @Test
    void aWalkInWhoIsNotInTheDirectoryIsRegisteredAsAContactAndGetsTheCasesMail() {
        String document = "CC" + TAG.toUpperCase(java.util.Locale.ROOT) + "7";
        String address = "contacto-" + TAG + "@correo.example.invalid";
        String title = "Contacto sin cuenta " + TAG;
        Page page = agentPage(PS, AGENT);
        try {
            page.locator(".register-contact-link a").click();
            page.waitForURL(url -> url.endsWith("/consola/registro/contacto"));
            TestBrowser.assertAccessible(page, "ps-registro-contacto");
            // Neither e-mail nor phone: refused beside the field, nothing written.
            page.locator("#nombre").fill("Rosa Elvira Cárdenas " + TAG);
            page.locator("#documento").fill(document);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Registrar contacto y continuar")).click();
            page.waitForSelector("#correo-error");
            assertThat(page.locator("#correo-error").innerText()).contains("Escriba el correo electrónico o el teléfono");
            assertThat(page.locator("#nombre").inputValue()).isEqualTo("Rosa Elvira Cárdenas " + TAG);
            TestBrowser.assertAccessible(page, "ps-registro-contacto-error");
            assertThat(contacts(PS, document)).isZero();

            page.locator("#correo").fill(address);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Registrar contacto y continuar")).click();
            page.waitForURL(url -> url.contains("/consola/registro?solicitante="));
            assertThat(page.locator("input[name=solicitante]:checked").count()).isEqualTo(1);
            assertThat(page.locator("#solicitante").innerText()).contains("Rosa Elvira Cárdenas " + TAG)
                    .contains("no está en el directorio");
            String contactId = page.locator("input[name=solicitante]:checked").getAttribute("value");
            page.locator("#origen").selectOption("walk-in");
            page.locator("#plantilla").selectOption("falla-equipo");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continuar")).click();
            page.waitForURL(url -> url.contains("/consola/registro/formulario"));
            page.locator("#title").fill(title);
            page.locator("#description").fill("Llegó a la ventanilla: su equipo prestado no enciende.");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Registrar caso")).click();
            page.waitForURL(url -> url.contains("aviso=registro"));
            assertThat(casesTitled(PS, title)).isEqualTo(1);
            String caseId = page.url().replaceAll(".*/consola/casos/([^?]+).*", "$1");
            assertThat(caseOf(PS, caseId).at("/requester/id").asText()).isEqualTo(contactId);

            // The same document again finds the same contact; the directory sync never deactivates a contact.
            assertThat(contacts(PS, document)).isEqualTo(1);
            TenantContext ps = platform.bean(TenantRegistry.class).bySlug(PS).orElseThrow();
            assertThat(platform.bean(co.mesa.identity.ContactPeople.class).register(ps, new co.mesa.identity.ContactPeople
                    .NewContact("Rosa E. Cárdenas", document.toLowerCase(java.util.Locale.ROOT), null, "601 555 0199"))
                    .toString()).isEqualTo(contactId);
            assertThat(contacts(PS, document)).isEqualTo(1);
            // The case's mail reaches the address the agent wrote.
            co.mesa.notification.OutboxDispatcher dispatcher = platform.bean(co.mesa.notification.OutboxDispatcher.class);
            while (dispatcher.dispatch(ps, java.time.Instant.now()) > 0) {
                // next round
            }
            assertThat(co.mesa.testsupport.TestMail.get().to(address)).isNotEmpty();

            // The other entity neither finds nor may choose the contact.
            Page fp = agentPage(FP, AGENT);
            fp.navigate(TestBrowser.origin(FP) + "/consola/registro?q=" + document);
            assertThat(fp.locator("input[name=solicitante]").count()).isZero();
            Response r = fp.navigate(TestBrowser.origin(FP) + "/consola/registro/formulario?solicitante=" + contactId
                    + "&origen=phone&plantilla=acceso-remoto");
            assertThat(r.status()).isEqualTo(422);
            fp.context().close();
        } finally {
            page.context().close();
        }
    }

    /** Contacts of the entity with this document, and checks that a sync listing nobody leaves them active. */
    static int contacts(String slug, String document) {
        TenantContext tenant = platform.bean(TenantRegistry.class).bySlug(slug).orElseThrow();
        return platform.bean(TenantTransactions.class).read(tenant.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT count(*) FROM person WHERE NOT in_directory AND active AND document = ?")) {
                ps.setString(1, document);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    @Test
    void theDirectorySyncNeverDeactivatesAContact() {
        TenantContext ps = platform.bean(TenantRegistry.class).bySlug(PS).orElseThrow();
        String document = "CE" + TAG.toUpperCase(java.util.Locale.ROOT) + "9";
        platform.bean(co.mesa.identity.ContactPeople.class).register(ps,
                new co.mesa.identity.ContactPeople.NewContact("Contacto de prueba", document, null, "601 555 0100"));
        class Undo extends RuntimeException {
        }
        try {
            platform.bean(TenantTransactions.class).write(ps.id(), c -> {
                // A complete listing with nobody in it: every directory person goes inactive, the contact stays.
                int deactivated = platform.bean(co.mesa.identity.internal.PersonStore.class).deactivateMissing(c, List.of());
                assertThat(deactivated).isPositive();
                try (PreparedStatement st = c.prepareStatement(
                        "SELECT active FROM person WHERE NOT in_directory AND document = ?")) {
                    st.setString(1, document);
                    try (ResultSet rs = st.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getBoolean(1)).isTrue();
                    }
                }
                throw new Undo(); // leave the launch tenant's directory as it was
            });
        } catch (Undo expected) {
            // rolled back
        }
        assertThat(contacts(PS, document)).isEqualTo(1);
    }

    @Test
    void anotherEntitysPersonCannotBeChosenNorFound() {
        Page page = agentPage(FP, AGENT);
        try {
            Response r = page.navigate(TestBrowser.origin(FP) + "/consola/registro/formulario?solicitante=" + psRequesterId
                    + "&origen=phone&plantilla=acceso-remoto");
            assertThat(r.status()).isEqualTo(422);
            assertThat(page.locator("#q-error").count()).isEqualTo(1);
            assertThat(page.locator("input[name=solicitante]").count()).isZero();
            // The search finds this entity's person of that username only.
            page.navigate(TestBrowser.origin(FP) + "/consola/registro?q=" + REQUESTER);
            assertThat(page.locator("input[name=solicitante]").count()).isEqualTo(1);
            assertThat(page.locator("input[name=solicitante]").first().getAttribute("value")).isEqualTo(fpRequesterId);
        } finally {
            page.context().close();
        }
    }
}
