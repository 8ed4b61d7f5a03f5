package co.mesa.pages;

import co.mesa.identity.Roles;
import co.mesa.tenant.TenantConfigService;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.tenantconfig.ConfigKind;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.Json;
import co.mesa.testsupport.MesaPlatform;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestBrowser;
import co.mesa.testsupport.TestRealms;
import co.mesa.testsupport.TestTenants;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import static co.mesa.testsupport.CaseApi.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 21 in a real browser, each entity in a copy of its own (the catalog changes here must not
 * reach other classes): a template created on the admin page is requested at once by a requester of
 * that entity and of no other; a service retired on its page leaves the portal while an old case
 * still names it; two administrators editing at once — the second's save, on the page or through the
 * API, is refused with what changed, their input kept and nothing of the first's lost; one entity's
 * administrator cannot reach the other's catalog; the new pages pass axe.
 */
@NeedsKeycloak
class AdminCatalogStructureBrowserTest {

    static final String FP = "c21-fp";
    static final String PS = "c21-ps";
    static final String RETIRE = "c21-retiro";
    static final String ADMIN = "c21-admin";
    static final String ADMIN2 = "c21-admin-dos";
    static final String REQUESTER = "c21-solicitante";
    static MesaPlatform platform;

    @BeforeAll
    static void tenants() {
        platform = MesaPlatform.withKeycloak();
        for (String[] copy : List.of(new String[]{"funcion-publica", FP}, new String[]{"prosperidad-social", PS},
                new String[]{"funcion-publica", RETIRE})) {
            TestTenants.copyOf(copy[0], copy[1]);
            TestRealms.ensureUser(copy[1], ADMIN, "Adela", "Administradora", List.of(Roles.TENANT_ADMIN, Roles.REQUESTER));
            TestRealms.ensureUser(copy[1], ADMIN2, "Aurora", "Administradora", List.of(Roles.TENANT_ADMIN, Roles.REQUESTER));
            TestRealms.ensureUser(copy[1], REQUESTER, "Rita", "Solicitante", List.of(Roles.REQUESTER));
        }
    }

    static Page signedIn(String slug, String user, String path) {
        Page page = TestBrowser.get().newPage();
        TestBrowser.signIn(page, slug, user, path);
        return page;
    }

    static TenantContext tenant(String slug) {
        return platform.bean(TenantRegistry.class).bySlug(slug).orElseThrow();
    }

    static JsonNode liveCatalog(String slug) {
        TenantContext t = tenant(slug);
        return platform.bean(TenantConfigService.class).live(t.id(), slug).documents().get(ConfigKind.CATALOG);
    }

    static String firstService(String slug) {
        return tenant(slug).config().catalog().services().filter(s -> !tenant(slug).config().catalog().retired(s.key()))
                .findFirst().orElseThrow().key();
    }

    @ParameterizedTest
    @ValueSource(strings = {FP, PS})
    void aTemplateCreatedOnTheAdminPageIsRequestedAtOnceAndOnlyInItsEntity(String slug) {
        String other = slug.equals(FP) ? PS : FP;
        String service = firstService(slug);
        String key = "plantilla-" + UUID.randomUUID().toString().substring(0, 8);
        Page admin = signedIn(slug, ADMIN, "/admin/servicios/" + service);
        assertThat(admin.locator("h1").innerText()).startsWith("Servicio:");
        TestBrowser.assertAccessible(admin, slug + "-admin-servicio");

        // A bad key and no name: refused next to the fields, what was typed kept, nothing written.
        JsonNode before = liveCatalog(slug);
        admin.locator("#tpl-key").fill("Clave Mala");
        admin.locator("#tpl-nameEn").fill("Kept as typed");
        Response refused = admin.waitForResponse(r -> r.request().method().equals("POST"),
                () -> admin.locator("form[action$='/plantillas'] button[type=submit]").click());
        assertThat(refused.status()).isEqualTo(422);
        assertThat(admin.locator("#tpl-key-error").innerText()).contains("minúsculas");
        assertThat(admin.locator("#tpl-nameEs-error").innerText()).isEqualTo("Escriba el nombre de la plantilla en español.");
        assertThat(admin.locator("#tpl-nameEn").inputValue()).isEqualTo("Kept as typed");
        TestBrowser.assertAccessible(admin, slug + "-admin-servicio-errores");
        assertThat(liveCatalog(slug)).isEqualTo(before);

        // Created, then given a required field on its own page.
        admin.locator("#tpl-key").fill(key);
        admin.locator("#tpl-nameEs").fill("Constancia de prueba " + key);
        admin.locator("form[action$='/plantillas'] button[type=submit]").click();
        admin.waitForURL(u -> u.contains("/admin/catalogo/" + service + "/" + key) && u.contains("guardado=1"));
        admin.locator("#new-key").fill("numero-oficio");
        admin.locator("#new-labelEs").fill("Número de oficio");
        admin.locator("#new-required").check();
        admin.locator("main form[method=post] button.primary").click();
        admin.waitForURL(u -> u.contains("guardado=1"));
        assertThat(admin.locator("#f0-labelEs").inputValue()).isEqualTo("Número de oficio");
        admin.context().close();

        // A requester of the entity finds it in the portal and files a case with it straight away.
        Page requester = signedIn(slug, REQUESTER, "/");
        assertThat(requester.locator("a[href='/solicitar/" + key + "']").count()).isEqualTo(1);
        requester.navigate(TestBrowser.origin(slug) + "/solicitar/" + key);
        assertThat(requester.locator("h1").innerText()).isEqualTo("Constancia de prueba " + key);
        requester.locator("#title").fill("Constancia " + key);
        requester.locator("#description").fill("La necesito para un trámite.");
        requester.locator("#f-numero-oficio").fill("OF-2026-17");
        requester.locator("form[enctype] button[type=submit]").click();
        requester.waitForURL(u -> u.contains("/solicitar/" + key + "/enviado?caso="));
        requester.context().close();

        // The other entity knows nothing of it.
        assertThat(platform.get(other + ".localhost", "/api/v1/catalog").body()).doesNotContain(key);
        assertThat(liveCatalog(other).toString()).doesNotContain(key);
    }

    @Test
    void aServiceRetiredOnItsPageLeavesThePortalButAnOldCaseStillShowsIt() {
        CaseApi api = new CaseApi();
        String host = RETIRE + ".localhost";
        String token = api.token(RETIRE, REQUESTER, Roles.REQUESTER);
        HttpResponse<String> old = api.create(host, token, obj("origin", "portal", "service", "acceso-remoto",
                "template", "acceso-remoto", "title", "Necesito VPN", "description", "Para trabajar en casa.",
                "impact", "moderado", "urgency", "medio", "fields", obj("telefono-contacto", "601 555 0103")));
        assertThat(old.statusCode()).as(old.body()).isEqualTo(201);
        String caseId = CaseApi.json(old).get("id").asText();

        Page admin = signedIn(RETIRE, ADMIN, "/admin/servicios/acceso-remoto");
        admin.locator("#retired").check();
        admin.locator("form[action='/admin/servicios/acceso-remoto'] button.primary").click();
        admin.waitForURL(u -> u.contains("guardado=1"));
        assertThat(admin.locator("#retired").isChecked()).isTrue();
        admin.navigate(TestBrowser.origin(RETIRE) + "/admin/catalogo");
        assertThat(admin.locator("a[href='/admin/servicios/acceso-remoto']").locator("xpath=..").innerText()).contains("retirado");
        admin.context().close();

        Page requester = signedIn(RETIRE, REQUESTER, "/");
        assertThat(requester.locator("a[href='/solicitar/acceso-remoto']").count()).isZero();
        assertThat(platform.get(host, "/api/v1/catalog").body()).doesNotContain("\"key\":\"acceso-remoto\"");
        requester.navigate(TestBrowser.origin(RETIRE) + "/casos/" + caseId);
        assertThat(requester.locator("main").innerText()).contains("Acceso remoto");
        requester.context().close();
        // The entity it was copied from still offers it.
        assertThat(platform.get("funcion-publica.localhost", "/api/v1/catalog").body()).contains("\"key\":\"acceso-remoto\"");
    }

    @Test
    void twoAdministratorsEditingAtOnceTheSecondIsToldWhatChangedAndNothingIsLost() {
        String service = firstService(PS);
        Page first = signedIn(PS, ADMIN, "/admin/servicios/" + service);
        Page second = signedIn(PS, ADMIN2, "/admin/servicios/" + service);
        CaseApi api = new CaseApi();
        String apiToken = api.token(PS, ADMIN2, Roles.TENANT_ADMIN);
        HttpResponse<String> read = api.send(PS + ".localhost", "GET", "/api/v1/admin/config/catalog", apiToken, null);
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        String etag = read.headers().firstValue("ETag").orElseThrow();
        String version = first.locator("form[action='/admin/servicios/" + service + "'] input[name=version]").inputValue();
        assertThat(etag).isEqualTo("\"" + version + "\"");

        // The first saves a new description.
        String description = "Descripción de la primera " + UUID.randomUUID().toString().substring(0, 6);
        first.locator("#descEs").fill(description);
        first.locator("form[action='/admin/servicios/" + service + "'] button.primary").click();
        first.waitForURL(u -> u.contains("guardado=1"));
        first.context().close();
        JsonNode afterFirst = liveCatalog(PS);
        assertThat(afterFirst.toString()).contains(description);

        // The second, on the page read before: refused, told who changed what, their input kept.
        second.locator("#nameEn").fill("Typed by the second");
        Response stale = second.waitForResponse(r -> r.request().method().equals("POST"),
                () -> second.locator("form[action='/admin/servicios/" + service + "'] button.primary").click());
        assertThat(stale.status()).isEqualTo(422);
        String summary = second.locator(".error-summary").innerText();
        assertThat(summary).contains("Otra persona guardó cambios").contains(ADMIN).contains("description");
        assertThat(second.locator("#nameEn").inputValue()).isEqualTo("Typed by the second");
        assertThat(liveCatalog(PS)).as("nothing of the second was written").isEqualTo(afterFirst);
        TestBrowser.assertAccessible(second, PS + "-admin-servicio-conflicto");

        // The API with the version read before: 412, changes since, nothing written either.
        ObjectNode content = (ObjectNode) Json.parse(read.body()).get("content");
        HttpResponse<String> put = api.send(PS + ".localhost", "PUT", "/api/v1/admin/config/catalog", apiToken,
                content.toString(), "If-Match", etag);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(412);
        assertThat(put.body()).contains("changesSince").contains(ADMIN);
        assertThat(liveCatalog(PS)).isEqualTo(afterFirst);

        // Saving again from the conflict page is a conscious choice on the version now live: it goes through.
        second.locator("#descEs").fill(description);
        second.locator("form[action='/admin/servicios/" + service + "'] button.primary").click();
        second.waitForURL(u -> u.contains("guardado=1"));
        assertThat(second.locator("#nameEn").inputValue()).isEqualTo("Typed by the second");
        assertThat(second.locator("#descEs").inputValue()).isEqualTo(description);
        second.context().close();
    }

    @Test
    void aStaleCalendarFormOnThePageWritesNothingAndKeepsTheDate() {
        Page first = signedIn(FP, ADMIN, "/admin/calendarios");
        Page second = signedIn(FP, ADMIN2, "/admin/calendarios");
        String calendar = tenant(FP).config().tenant().attentionCalendar();
        first.locator("#fecha-" + calendar).fill("2031-03-03");
        first.locator("form[action='/admin/calendarios/" + calendar + "/cierres'] button[type=submit]").last().click();
        first.waitForURL(u -> u.contains("guardado=1"));
        first.context().close();
        TenantContext fp = tenant(FP);
        JsonNode afterFirst = platform.bean(TenantConfigService.class).live(fp.id(), FP).documents().get(ConfigKind.CALENDARS);
        assertThat(afterFirst.toString()).contains("2031-03-03");

        second.locator("#fecha-" + calendar).fill("2031-04-04");
        Response stale = second.waitForResponse(r -> r.request().method().equals("POST"),
                () -> second.locator("form[action='/admin/calendarios/" + calendar + "/cierres'] button[type=submit]").last().click());
        assertThat(stale.status()).isEqualTo(422);
        assertThat(second.locator(".error-summary").innerText()).contains("Otra persona guardó cambios").contains(ADMIN);
        assertThat(second.locator("#fecha-" + calendar).inputValue()).isEqualTo("2031-04-04");
        assertThat(platform.bean(TenantConfigService.class).live(fp.id(), FP).documents().get(ConfigKind.CALENDARS))
                .isEqualTo(afterFirst);
        second.context().close();
    }

    @Test
    void theLinePageAddsAServiceAndTheCatalogPageALineWithAxe() {
        String line = tenant(FP).config().catalog().serviceLines().get(0).key();
        Page admin = signedIn(FP, ADMIN, "/admin/lineas/" + line);
        assertThat(admin.locator("h1").innerText()).startsWith("Línea de servicio:");
        TestBrowser.assertAccessible(admin, FP + "-admin-linea");
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        admin.locator("#svc-key").fill("servicio-" + suffix);
        admin.locator("#svc-nameEs").fill("Servicio nuevo " + suffix);
        admin.locator("#svc-catKey").fill("general");
        admin.locator("#svc-catnameEs").fill("General");
        admin.locator("form[action$='/servicios'] button[type=submit]").click();
        admin.waitForURL(u -> u.contains("/admin/servicios/servicio-" + suffix) && u.contains("guardado=1"));
        assertThat(admin.locator("#c0-nameEs").inputValue()).isEqualTo("General");

        admin.navigate(TestBrowser.origin(FP) + "/admin/catalogo");
        TestBrowser.assertAccessible(admin, FP + "-admin-catalogo-estructura");
        admin.locator("#line-key").fill("linea-" + suffix);
        admin.locator("#line-nameEs").fill("Línea nueva " + suffix);
        admin.locator("#line-svcKey").fill("servicio-" + suffix);
        admin.locator("#line-svcnameEs").fill("Otro servicio");
        admin.locator("#line-catKey").fill("general");
        admin.locator("#line-catnameEs").fill("General");
        Response taken = admin.waitForResponse(r -> r.request().method().equals("POST"),
                () -> admin.locator("form[action='/admin/lineas'] button[type=submit]").click());
        assertThat(taken.status()).isEqualTo(422);
        assertThat(admin.locator("#line-svcKey-error").innerText()).contains("servicio-" + suffix);
        assertThat(admin.locator("#line-nameEs").inputValue()).isEqualTo("Línea nueva " + suffix);
        admin.locator("#line-svcKey").fill("otro-" + suffix);
        admin.locator("form[action='/admin/lineas'] button[type=submit]").click();
        admin.waitForURL(u -> u.contains("/admin/lineas/linea-" + suffix) && u.contains("guardado=1"));
        assertThat(admin.locator("main").innerText()).contains("Otro servicio");
        admin.context().close();
        assertThat(platform.get(FP + ".localhost", "/api/v1/catalog").body()).contains("Línea nueva " + suffix);
    }

    @Test
    void oneEntitysAdministratorCannotReachTheOthersCatalogPages() {
        String psService = firstService(PS);
        JsonNode psBefore = liveCatalog(PS);
        Page admin = signedIn(FP, ADMIN, "/admin/catalogo");
        String csrf = admin.locator("input[name=csrf]").first().inputValue();
        String version = admin.locator("input[name=version]").first().inputValue();
        // A PS service key on FP's host, with FP's session, token and version: not found; nothing changes on PS.
        assertThat(tenant(FP).config().catalog().service(psService)).as("the service keys differ between the entities").isEmpty();
        Object status = admin.evaluate("async ([u, b]) => (await fetch(u, {method: 'POST', body: b, headers: "
                        + "{'Content-Type': 'application/x-www-form-urlencoded'}})).status",
                List.of("/admin/servicios/" + psService, "csrf=" + csrf + "&version=" + version + "&nameEs=Intruso&position=1"));
        assertThat(((Number) status).intValue()).isEqualTo(404);
        // FP's session on PS's host is nobody: sent to sign in.
        String cookie = admin.context().cookies().stream()
                .filter(c -> c.name.equals(co.mesa.identity.SessionCookieAuthenticationFetcher.COOKIE))
                .map(c -> c.name + "=" + c.value).findFirst().orElseThrow();
        HttpResponse<String> cross = platform.send(platform.request(PS + ".localhost", "/admin/servicios/" + psService)
                .header("Cookie", cookie).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("csrf=" + csrf + "&nameEs=Intruso&position=1")).build());
        assertThat(cross.statusCode()).isEqualTo(303);
        admin.context().close();
        assertThat(liveCatalog(PS)).isEqualTo(psBefore);
    }

    @Test
    void aTemplatesHelpTextsOptionsAttachmentsAndAudiencesAreEditedAndBadOnesRefusedNextToTheField() {
        String service = firstService(FP);
        String key = "opciones-" + UUID.randomUUID().toString().substring(0, 8);
        String audience = tenant(FP).config().catalog().audiences().get(0).key();
        Page admin = signedIn(FP, ADMIN, "/admin/servicios/" + service);
        admin.locator("#tpl-key").fill(key);
        admin.locator("#tpl-nameEs").fill("Plantilla con opciones");
        admin.locator("form[action$='/plantillas'] button[type=submit]").click();
        admin.waitForURL(u -> u.contains("/admin/catalogo/" + service + "/" + key) && u.contains("guardado=1"));
        TestBrowser.assertAccessible(admin, FP + "-admin-plantilla-nueva");

        JsonNode before = liveCatalog(FP);
        admin.locator("#new-key").fill("sede");
        admin.locator("#new-labelEs").fill("Sede");
        admin.locator("#new-type").selectOption("select");
        admin.locator("#new-helpEs").fill("Donde trabaja usted");
        admin.locator("#new-options").fill("bogota | Bogotá | Bogota\nMal Renglón");
        admin.locator("#natt-key").fill("oficio");
        admin.locator("#natt-labelEs").fill("Oficio firmado");
        admin.locator("#natt-accept").fill("application/pdf, pdf");
        admin.locator("#aud-" + audience).check();
        Response refused = admin.waitForResponse(r -> r.request().method().equals("POST"),
                () -> admin.locator("main form[method=post] button.primary").click());
        assertThat(refused.status()).isEqualTo(422);
        assertThat(admin.locator("#new-options-error").innerText()).contains("renglón 2").contains("Mal Renglón");
        assertThat(admin.locator("#natt-accept-error").innerText()).contains("«pdf»");
        assertThat(admin.locator("#new-options").inputValue()).contains("Mal Renglón");
        assertThat(admin.locator("#aud-" + audience).isChecked()).isTrue();
        TestBrowser.assertAccessible(admin, FP + "-admin-plantilla-opciones-errores");
        assertThat(liveCatalog(FP)).isEqualTo(before);

        admin.locator("#new-options").fill("bogota | Bogotá | Bogota\nregiones | Regiones");
        admin.locator("#natt-accept").fill("application/pdf, image/png");
        admin.locator("#natt-required").check();
        admin.locator("main form[method=post] button.primary").click();
        admin.waitForURL(u -> u.contains("guardado=1"));
        assertThat(admin.locator("#f0-options").inputValue()).isEqualTo("bogota | Bogotá | Bogota\nregiones | Regiones");
        assertThat(admin.locator("#a0-accept").inputValue()).isEqualTo("application/pdf, image/png");
        admin.context().close();
        JsonNode tpl = null;
        for (JsonNode line : liveCatalog(FP).get("serviceLines")) {
            for (JsonNode s : line.get("services")) {
                for (JsonNode t : s.path("templates")) {
                    if (t.get("key").asText().equals(key)) {
                        tpl = t;
                    }
                }
            }
        }
        assertThat(tpl).isNotNull();
        assertThat(tpl.get("fields").get(0).get("options").get(1).get("key").asText()).isEqualTo("regiones");
        assertThat(tpl.get("fields").get(0).get("help").get("es-CO").asText()).isEqualTo("Donde trabaja usted");
        assertThat(tpl.get("attachments").get(0).get("accept").toString()).isEqualTo("[\"application/pdf\",\"image/png\"]");
        assertThat(tpl.get("attachments").get(0).get("required").asBoolean()).isTrue();
        assertThat(tpl.get("audiences").toString()).isEqualTo("[\"" + audience + "\"]");
        // Restricted now: anonymous visitors of the portal's catalog no longer see it.
        assertThat(platform.get(FP + ".localhost", "/api/v1/catalog").body()).doesNotContain(key);
    }

    @Test
    void aStaleBrandingSaveWritesNothingAndKeepsTheTypedColour() {
        Page first = signedIn(PS, ADMIN, "/admin/marca");
        Page second = signedIn(PS, ADMIN2, "/admin/marca");
        first.locator("#primary").fill("#1a5c3a");
        first.locator("#brand-form button[type=submit]").click();
        first.waitForURL(u -> u.contains("guardado=1"));
        first.context().close();
        String afterFirst = platform.bean(co.mesa.onboarding.TenantBranding.class).of(tenant(PS)).orElseThrow().colors().toString();
        assertThat(afterFirst).contains("#1a5c3a");

        second.locator("#primary").fill("#0b3d91");
        Response stale = second.waitForResponse(r -> r.request().method().equals("POST"),
                () -> second.locator("#brand-form button[type=submit]").click());
        assertThat(stale.status()).isEqualTo(422);
        assertThat(second.locator(".error-summary").innerText()).contains("Otra persona guardó cambios").contains("#1a5c3a");
        assertThat(second.locator("#primary").inputValue()).isEqualTo("#0b3d91");
        assertThat(platform.bean(co.mesa.onboarding.TenantBranding.class).of(tenant(PS)).orElseThrow().colors().toString())
                .isEqualTo(afterFirst);
        second.context().close();
    }
}
