package co.mesa.pages;

import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.identity.RealmKeys;
import co.mesa.identity.RealmProvisioner;
import co.mesa.identity.Roles;
import co.mesa.identity.SessionCookieAuthenticationFetcher;
import co.mesa.tenant.TenantConfigService;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.tenantconfig.ConfigKind;
import co.mesa.testsupport.Json;
import co.mesa.testsupport.MesaPlatform;
import co.mesa.testsupport.TestBrowser;
import co.mesa.testsupport.TestRealms;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.FilePayload;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tenant administrator's pages in a real browser, signed in through Keycloak: every page passes
 * axe in both tenants' themes; a template edit round-trips to the portal's catalog API; an invalid
 * edit changes nothing; branding refuses low contrast and applies a good colour; closures add and
 * go; a calendar's weekly hours are edited and move the SLA due dates; requesters get 403; and one
 * tenant's admin session or token is nothing on the other's host.
 */
@NeedsKeycloak
class AdminPagesBrowserTest {

    static final String FP = "funcion-publica";
    static final String PS = "prosperidad-social";
    static final String ADMIN = "adp-admin";
    static final String REQUESTER = "adp-requester";
    static MesaPlatform platform;

    @BeforeAll
    static void realms() {
        platform = MesaPlatform.get();
        for (String slug : List.of(FP, PS)) {
            TenantContext t = platform.bean(TenantRegistry.class).bySlug(slug).orElseThrow();
            platform.bean(RealmProvisioner.class).provision(t.config());
            TestRealms.ensureTestClients(t.config().tenant().realm(), platform.bean(RealmKeys.class).audience());
            TestRealms.ensureUser(t.config().tenant().realm(), ADMIN, "Adela", "Administradora",
                    List.of(Roles.TENANT_ADMIN, Roles.REQUESTER));
            TestRealms.ensureUser(t.config().tenant().realm(), REQUESTER, "Ramiro", "Solicitante", List.of(Roles.REQUESTER));
        }
    }

    static Page admin(String slug, String path) {
        Page page = TestBrowser.get().newPage();
        TestBrowser.signIn(page, slug, ADMIN, path);
        return page;
    }

    static String realm(String slug) {
        return platform.bean(TenantRegistry.class).bySlug(slug).orElseThrow().config().tenant().realm();
    }

    /** An unrestricted template with at least one field, as anonymous callers see the catalog: [service, template, field label]. */
    static String[] editableTemplate(String slug) {
        JsonNode catalog = Json.parse(platform.get(slug + ".localhost", "/api/v1/catalog").body());
        for (JsonNode s : catalog.get("services")) {
            for (JsonNode t : s.get("templates")) {
                if (!t.get("restricted").asBoolean() && !t.get("fields").isEmpty()) {
                    return new String[]{s.get("key").asText(), t.get("key").asText(), t.get("fields").get(0).get("label").asText()};
                }
            }
        }
        throw new IllegalStateException("no editable template in " + slug);
    }

    static String firstFieldLabel(String slug, String service, String template) {
        JsonNode catalog = Json.parse(platform.get(slug + ".localhost", "/api/v1/catalog").body());
        for (JsonNode s : catalog.get("services")) {
            if (s.get("key").asText().equals(service)) {
                for (JsonNode t : s.get("templates")) {
                    if (t.get("key").asText().equals(template)) {
                        return t.get("fields").get(0).get("label").asText();
                    }
                }
            }
        }
        throw new IllegalStateException("template gone: " + service + "/" + template);
    }

    @ParameterizedTest
    @ValueSource(strings = {FP, PS})
    void everyAdminPagePassesAxeInTheTenantsTheme(String slug) {
        Page page = admin(slug, "/admin");
        assertThat(page.locator("h1").innerText()).isEqualTo("Administración");
        assertThat(page.locator(".main-nav a[aria-current=page]").innerText()).isEqualTo("Administración");
        TestBrowser.assertAccessible(page, slug + "-admin-inicio");

        page.navigate(TestBrowser.origin(slug) + "/admin/catalogo");
        assertThat(page.locator("h1").innerText()).isEqualTo("Catálogo");
        TestBrowser.assertAccessible(page, slug + "-admin-catalogo");

        String[] tpl = editableTemplate(slug);
        page.navigate(TestBrowser.origin(slug) + "/admin/catalogo/" + tpl[0] + "/" + tpl[1]);
        assertThat(page.locator("#f0-labelEs").inputValue()).isEqualTo(tpl[2]);
        TestBrowser.assertAccessible(page, slug + "-admin-plantilla");

        page.navigate(TestBrowser.origin(slug) + "/admin/flujo");
        assertThat(page.locator(".notice").innerText()).contains("solo se puede consultar");
        TestBrowser.assertAccessible(page, slug + "-admin-flujo");

        page.navigate(TestBrowser.origin(slug) + "/admin/calendarios");
        assertThat(page.locator("h1").innerText()).isEqualTo("Calendarios");
        TestBrowser.assertAccessible(page, slug + "-admin-calendarios");

        page.navigate(TestBrowser.origin(slug) + "/admin/grupos");
        assertThat(page.locator("table").last().locator("tbody tr").count()).isEqualTo(
                platform.bean(TenantRegistry.class).bySlug(slug).orElseThrow().config().routing().rules().size());
        TestBrowser.assertAccessible(page, slug + "-admin-grupos");

        page.navigate(TestBrowser.origin(slug) + "/admin/marca");
        assertThat(page.locator("#contrast-status").innerText()).contains("suficiente");
        TestBrowser.assertAccessible(page, slug + "-admin-marca");

        // The SLA simulator, with a result: the same due date the public preview gives for that target.
        page.navigate(TestBrowser.origin(slug) + "/admin/sla");
        TestBrowser.assertAccessible(page, slug + "-admin-sla");
        page.locator("#categoria").selectOption(page.locator("#categoria option").nth(1).getAttribute("value"));
        String priority = page.locator("#prioridad option").nth(1).getAttribute("value");
        page.locator("#prioridad").selectOption(priority);
        page.locator("#inicio").fill("2026-11-27T16:00");
        page.locator("form[action='/admin/sla'] button[type=submit]").click();
        page.waitForURL(u -> u.contains("inicio="));
        if (page.locator("#sla-result").count() > 0) {
            assertThat(page.locator("#sla-resolution").innerText() + page.locator("#sla-response").innerText())
                    .matches("(?s).*(\\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}|No se mide).*");
        } else {
            assertThat(page.locator(".notice").innerText()).contains("Ninguna política de ANS");
        }
        TestBrowser.assertAccessible(page, slug + "-admin-sla-resultado");
        page.context().close();
    }

    @Test
    void theSlaSimulatorGivesThePublicPreviewsDueDate() {
        Page page = admin(FP, "/admin/sla");
        JsonNode catalog = Json.parse(platform.get(FP + ".localhost", "/api/v1/catalog").body());
        String defaultPriority = catalog.get("priority").asText();
        JsonNode service = null;
        for (JsonNode s : catalog.get("services")) {
            if (!s.get("resolutionTarget").isNull() && !s.get("categories").isEmpty()) {
                service = s;
                break;
            }
        }
        assertThat(service).as("a service with a resolution target").isNotNull();
        String value = service.get("serviceLine").asText() + "/" + service.get("key").asText() + "/"
                + service.get("categories").get(0).get("key").asText();
        page.locator("#categoria").selectOption(value);
        page.locator("#prioridad").selectOption(defaultPriority);
        page.locator("#inicio").fill("2026-11-27T16:00");
        page.locator("form[action='/admin/sla'] button[type=submit]").click();
        page.waitForURL(u -> u.contains("inicio="));

        // What the public endpoint says for the same start and target, on the policy's calendar.
        TenantContext fp = platform.bean(TenantRegistry.class).bySlug(FP).orElseThrow();
        String policyKey = service.get("slaPolicy").asText();
        String calendar = fp.config().sla().policies().stream().filter(p -> p.key().equals(policyKey)).findFirst()
                .orElseThrow().calendar();
        JsonNode preview = Json.parse(platform.get(FP + ".localhost", "/api/v1/sla/preview?start=2026-11-27T16:00:00&target="
                + service.get("resolutionTarget").asText() + "&calendar=" + calendar).body());
        String due = preview.get("dueAt").asText(); // uuuu-MM-ddTHH:mm:ss-05:00
        String expected = due.substring(8, 10) + "/" + due.substring(5, 7) + "/" + due.substring(0, 4) + " " + due.substring(11, 16);
        assertThat(page.locator("#sla-resolution").innerText()).startsWith(expected);

        // A start the preview cannot read is shown next to the field, in Spanish.
        page.locator("#inicio").fill("27 de noviembre");
        page.locator("form[action='/admin/sla'] button[type=submit]").click();
        page.waitForURL(u -> u.contains("inicio=27"));
        assertThat(page.locator("#inicio-error").innerText()).isNotBlank();
        assertThat(page.locator("#inicio").getAttribute("aria-describedby")).contains("inicio-error");
        assertThat(page.locator("#sla-result").count()).isZero();
        page.context().close();
    }

    @Test
    void editingATemplateFieldLabelRoundTripsToThePortalCatalog() {
        String[] tpl = editableTemplate(FP);
        String original = tpl[2];
        String changed = original + " (editado " + ProcessHandle.current().pid() + ")";
        Page page = admin(FP, "/admin/catalogo/" + tpl[0] + "/" + tpl[1]);
        try {
            page.locator("#f0-labelEs").fill(changed);
            page.locator("main form[method=post] button.primary").click();
            page.waitForURL(u -> u.contains("guardado=1"));
            assertThat(page.locator(".notice-success").innerText()).contains("La plantilla se guardó");
            assertThat(page.locator("#f0-labelEs").inputValue()).isEqualTo(changed);
            assertThat(firstFieldLabel(FP, tpl[0], tpl[1])).isEqualTo(changed);
            // Only Función Pública's catalog changed.
            assertThat(platform.get(PS + ".localhost", "/api/v1/catalog").body()).doesNotContain(changed);
        } finally {
            page.locator("#f0-labelEs").fill(original);
            page.locator("main form[method=post] button.primary").click();
            page.waitForURL(u -> u.contains("guardado=1"));
        }
        assertThat(firstFieldLabel(FP, tpl[0], tpl[1])).isEqualTo(original);
        page.context().close();
    }

    @Test
    void anInvalidTemplateEditShowsTheMessagesAndChangesNothing() {
        String[] tpl = editableTemplate(PS);
        TenantContext ps = platform.bean(TenantRegistry.class).bySlug(PS).orElseThrow();
        JsonNode before = platform.bean(TenantConfigService.class).live(ps.id(), PS).documents().get(ConfigKind.CATALOG);
        Page page = admin(PS, "/admin/catalogo/" + tpl[0] + "/" + tpl[1]);
        page.locator("#nameEs").fill("");
        page.locator("#f0-labelEn").fill("Typed and kept");
        page.locator("#new-key").fill("Clave Mala");
        page.locator("#new-labelEs").fill("Número de contrato");
        Response posted = page.waitForResponse(r -> r.request().method().equals("POST"),
                () -> page.locator("main form[method=post] button.primary").click());

        assertThat(posted.status()).isEqualTo(422);
        assertThat(page.locator(".error-summary").innerText()).contains("Escriba el nombre de la plantilla en español.")
                .contains("Escriba una clave con minúsculas");
        assertThat(page.locator("#nameEs-error").innerText()).isEqualTo("Escriba el nombre de la plantilla en español.");
        assertThat(page.locator("#nameEs").getAttribute("aria-describedby")).isEqualTo("nameEs-error");
        assertThat(page.locator("#new-key-error").innerText()).contains("minúsculas");
        assertThat(page.locator("#f0-labelEn").inputValue()).isEqualTo("Typed and kept");
        assertThat(page.locator("#new-labelEs").inputValue()).isEqualTo("Número de contrato");
        TestBrowser.assertAccessible(page, PS + "-admin-plantilla-errores");
        JsonNode after = platform.bean(TenantConfigService.class).live(ps.id(), PS).documents().get(ConfigKind.CATALOG);
        assertThat(after).isEqualTo(before);
        page.context().close();
    }

    @Test
    void lowContrastColoursAreRefusedAndAGoodOneIsAppliedOnTheNextPage() {
        TenantContext ps = platform.bean(TenantRegistry.class).bySlug(PS).orElseThrow();
        Page page = admin(PS, "/admin/marca");
        String originalPrimary = page.locator("#primary").inputValue();
        String originalAccent = page.locator("#accent").inputValue();
        try {
            // Yellow under white text: 1.07:1. Refused, told why, nothing stored.
            page.locator("#primary").fill("#ffff00");
            assertThat(page.locator("#contrast-status").innerText()).contains("insuficiente");
            Response refused = page.waitForResponse(r -> r.request().method().equals("POST"),
                    () -> page.locator("#brand-form button[type=submit]").click());
            assertThat(refused.status()).isEqualTo(422);
            assertThat(page.locator("#primary-error").innerText()).contains("#ffff00").contains("4,5:1");
            assertThat(page.locator("#primary").inputValue()).isEqualTo("#ffff00");
            TestBrowser.assertAccessible(page, PS + "-admin-marca-errores");
            page.navigate(TestBrowser.origin(PS) + "/admin");
            assertThat(page.locator("head style").count() == 0
                    || !page.locator("head style").innerHTML().contains("#ffff00")).isTrue();

            // A dark green passes, with a logo; the next page carries it as the primary colour.
            page.navigate(TestBrowser.origin(PS) + "/admin/marca");
            page.locator("#primary").fill("#1a5c3a");
            page.locator("#logo").setInputFiles(new FilePayload("logo.svg", "image/svg+xml",
                    ("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 48 48\"><title>Prueba</title>"
                            + "<rect width=\"48\" height=\"48\" fill=\"#1a5c3a\"/></svg>").getBytes(StandardCharsets.UTF_8)));
            page.locator("#brand-form button[type=submit]").click();
            page.waitForURL(u -> u.contains("guardado=1"));
            assertThat(page.locator(".notice-success").innerText()).contains("se guardó");
            assertThat(page.locator("head style").innerHTML()).contains("--mesa-color-primary:#1a5c3a");
            assertThat(page.locator(".brand img").getAttribute("src")).isEqualTo("/assets/tenant/" + PS + "/logo");
            assertThat(platform.get(PS + ".localhost", "/assets/tenant/" + PS + "/logo").body()).contains("<title>Prueba</title>");
            // Función Pública keeps its own colours.
            Page fp = admin(FP, "/admin");
            assertThat(fp.locator("head style").count() == 0
                    || !fp.locator("head style").innerHTML().contains("#1a5c3a")).isTrue();
            fp.context().close();
        } finally {
            page.navigate(TestBrowser.origin(PS) + "/admin/marca");
            page.locator("#primary").fill(originalPrimary);
            page.locator("#accent").fill(originalAccent);
            if (page.locator("#quitarLogo").count() > 0) {
                page.locator("#quitarLogo").check();
            }
            page.locator("#brand-form button[type=submit]").click();
            page.waitForURL(u -> u.contains("guardado=1"));
        }
        // Back to the theme's colours and logo.
        assertThat(page.locator(".brand img").getAttribute("src")).doesNotStartWith("/assets/tenant/");
        assertThat(page.locator("#quitarLogo").count()).isZero();
        assertThat(page.locator("head style").innerHTML()).contains("--mesa-color-primary:" + originalPrimary);
        assertThat(ps.slug()).isEqualTo(PS);
        page.context().close();
    }

    @Test
    void anExtraClosedDayIsAddedAndRemovedAndABadDateIsExplained() {
        TenantContext fp = platform.bean(TenantRegistry.class).bySlug(FP).orElseThrow();
        String calendar = fp.config().tenant().attentionCalendar(); // the public holidays endpoint shows this one
        Page page = admin(FP, "/admin/calendarios");
        String input = "#fecha-" + calendar;

        page.locator(input).fill("2026-13-40");
        page.locator("form[action='/admin/calendarios/" + calendar + "/cierres'] button.primary").click();
        assertThat(page.locator(input + "-error").innerText()).contains("2026-13-40").contains("AAAA-MM-DD");
        assertThat(page.locator(".error-summary a").first().getAttribute("href")).isEqualTo(input);
        TestBrowser.assertAccessible(page, FP + "-admin-calendarios-errores");

        page.locator(input).fill("2199-12-24");
        page.locator("form[action='/admin/calendarios/" + calendar + "/cierres'] button.primary").click();
        page.waitForURL(u -> u.contains("guardado=1"));
        assertThat(page.locator("section[aria-labelledby='cal-" + calendar + "'] table.admin-closures").innerText()).contains("2199-12-24");
        JsonNode holidays = Json.parse(platform.get(FP + ".localhost", "/api/v1/calendar/holidays?year=2199").body());
        assertThat(holidays.toString()).contains("2199-12-24");

        page.locator("button:has-text('Quitar 2199-12-24')").click();
        page.waitForURL(u -> u.contains("guardado=1"));
        assertThat(page.locator("section[aria-labelledby='cal-" + calendar + "']").innerText()).doesNotContain("2199-12-24");
        page.context().close();
    }

    /** When a one-hour target started at {@code start} falls due on FP's calendar {@code calendar}, as the public preview says. */
    static String dueInOneHour(String calendar, String start) {
        HttpResponse<String> r = platform.get(FP + ".localhost", "/api/v1/sla/preview?start=" + start
                + "&target=PT1H&calendar=" + calendar);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.parse(r.body()).get("dueAt").asText();
    }

    static JsonNode liveCalendars(String slug) {
        TenantContext t = platform.bean(TenantRegistry.class).bySlug(slug).orElseThrow();
        return platform.bean(TenantConfigService.class).live(t.id(), slug).documents().get(ConfigKind.CALENDARS);
    }

    static JsonNode hoursOf(JsonNode calendars, String calendar) {
        for (JsonNode c : calendars.get("calendars")) {
            if (c.get("key").asText().equals(calendar)) {
                return c.get("hours");
            }
        }
        throw new IllegalStateException("no calendar " + calendar);
    }

    static HttpResponse<String> postForm(String slug, String path, String sessionCookie, String body) {
        return platform.send(platform.request(slug + ".localhost", path)
                .header("Cookie", SessionCookieAuthenticationFetcher.COOKIE + "=" + sessionCookie)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void aCalendarsWeeklyHoursAreEditedMoveTheDueDatesAndABadEditIsExplained() {
        TenantContext fp = platform.bean(TenantRegistry.class).bySlug(FP).orElseThrow();
        String calendar = fp.config().tenant().attentionCalendar();
        JsonNode original = liveCalendars(FP);
        JsonNode psOriginal = liveCalendars(PS);
        String row = "#horario-" + calendar + "-";
        String form = "form[action='/admin/calendarios/" + calendar + "/horario']";
        // The entity's data: Monday to Friday, 08:00–17:00. A one-hour target started on Thursday
        // 26 November 2026 at 17:30 runs on Friday morning; one started on Friday at 14:30 ends that afternoon.
        assertThat(hoursOf(original, calendar))
                .isEqualTo(Json.parse("[{\"days\":[\"MONDAY\",\"TUESDAY\",\"WEDNESDAY\",\"THURSDAY\",\"FRIDAY\"],\"from\":\"08:00\",\"to\":\"17:00\"}]"));
        assertThat(dueInOneHour(calendar, "2026-11-26T17:30:00")).isEqualTo("2026-11-27T09:00:00-05:00");
        assertThat(dueInOneHour(calendar, "2026-11-27T14:30:00")).isEqualTo("2026-11-27T15:30:00-05:00");
        Page page = admin(FP, "/admin/calendarios");
        try {
            // The form shows the calendar's hours, one row per weekday in Spanish.
            assertThat(page.locator(form + " tbody th").allInnerTexts())
                    .containsExactly("Lunes", "Martes", "Miércoles", "Jueves", "Viernes", "Sábado", "Domingo");
            assertThat(page.locator(row + "friday-trabaja").isChecked()).isTrue();
            assertThat(page.locator(row + "saturday-trabaja").isChecked()).isFalse();
            assertThat(page.locator(row + "friday-desde").inputValue()).isEqualTo("08:00");
            assertThat(page.locator(row + "friday-hasta").inputValue()).isEqualTo("17:00");
            assertThat(page.locator("label[for='horario-" + calendar + "-friday-hasta']").innerText())
                    .isEqualTo("Hora de cierre del viernes");
            assertThat(page.locator(form + " .notice").count()).isZero();
            TestBrowser.assertAccessible(page, FP + "-admin-calendarios-horario");

            // Thursday until 18:30, Friday until 15:00 — but the entity's SLAs count business days on this
            // calendar, so its days must last the same: refused, said for the week, typed values kept.
            assertThat(page.locator("#horario-" + calendar + "-same").innerText()).contains("deben durar lo mismo");
            page.locator(row + "thursday-hasta").fill("18:30");
            page.locator(row + "friday-hasta").fill("15:00");
            Response unequal = page.waitForResponse(r -> r.request().method().equals("POST"),
                    () -> page.locator(form + " button.primary").click());
            assertThat(unequal.status()).isEqualTo(422);
            assertThat(page.locator("#horario-" + calendar + "-dias-error").innerText())
                    .contains("deben durar lo mismo").contains("7 h, 9 h, 10 h 30 min");
            assertThat(page.locator(row + "thursday-hasta").inputValue()).isEqualTo("18:30");
            assertThat(liveCalendars(FP)).isEqualTo(original);

            // Nine hours each: Thursday 09:30–18:30, Friday 06:00–15:00.
            page.locator(row + "thursday-desde").fill("09:30");
            page.locator(row + "friday-desde").fill("06:00");
            page.locator(form + " button.primary").click();
            page.waitForURL(u -> u.contains("guardado=1"));
            assertThat(page.locator(".notice-success").innerText()).isEqualTo("Los cambios del calendario se guardaron.");
            assertThat(page.locator("section[aria-labelledby='cal-" + calendar + "'] dl").innerText())
                    .contains("lunes, martes, miércoles: 08:00–17:00").contains("jueves: 09:30–18:30")
                    .contains("viernes: 06:00–15:00");
            assertThat(page.locator(row + "friday-hasta").inputValue()).isEqualTo("15:00");
            JsonNode saved = liveCalendars(FP);
            assertThat(hoursOf(saved, calendar)).isEqualTo(Json.parse(
                    "[{\"days\":[\"MONDAY\",\"TUESDAY\",\"WEDNESDAY\"],\"from\":\"08:00\",\"to\":\"17:00\"},"
                            + "{\"days\":[\"THURSDAY\"],\"from\":\"09:30\",\"to\":\"18:30\"},"
                            + "{\"days\":[\"FRIDAY\"],\"from\":\"06:00\",\"to\":\"15:00\"}]"));
            // The SLA engine runs on the new hours: Thursday's hour ends that evening, Friday's on Monday.
            assertThat(dueInOneHour(calendar, "2026-11-26T17:30:00")).isEqualTo("2026-11-26T18:30:00-05:00");
            assertThat(dueInOneHour(calendar, "2026-11-27T14:30:00")).isEqualTo("2026-11-30T08:30:00-05:00");
            // Prosperidad Social's calendars did not move.
            assertThat(liveCalendars(PS)).isEqualTo(psOriginal);

            // Opening after closing: said next to Friday's closing time, typed values kept, nothing saved.
            page.locator(row + "friday-desde").fill("16:00");
            Response badOrder = page.waitForResponse(r -> r.request().method().equals("POST"),
                    () -> page.locator(form + " button.primary").click());
            assertThat(badOrder.status()).isEqualTo(422);
            assertThat(page.locator(row + "friday-hasta-error").innerText())
                    .isEqualTo("La hora de inicio del viernes (16:00) debe ser anterior a la hora de cierre (15:00).");
            assertThat(page.locator(row + "friday-hasta").getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(page.locator(row + "friday-hasta").getAttribute("aria-describedby"))
                    .contains("horario-" + calendar + "-friday-hasta-error");
            assertThat(page.locator(".error-summary a").first().getAttribute("href")).isEqualTo(row + "friday-hasta");
            assertThat(page.locator(row + "friday-desde").inputValue()).isEqualTo("16:00");
            assertThat(page.locator(row + "thursday-hasta").inputValue()).isEqualTo("18:30");
            TestBrowser.assertAccessible(page, FP + "-admin-calendarios-horario-errores");
            assertThat(liveCalendars(FP)).isEqualTo(saved);

            // No working day at all: said once for the week, nothing saved.
            for (String day : List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")) {
                page.locator(row + day + "-trabaja").uncheck();
            }
            Response noDay = page.waitForResponse(r -> r.request().method().equals("POST"),
                    () -> page.locator(form + " button.primary").click());
            assertThat(noDay.status()).isEqualTo(422);
            assertThat(page.locator("#horario-" + calendar + "-dias-error").innerText())
                    .isEqualTo("Marque al menos un día de atención.");
            assertThat(page.locator("#horario-" + calendar + "-dias").getAttribute("aria-describedby"))
                    .isEqualTo("horario-" + calendar + "-dias-error");
            assertThat(page.locator(row + "monday-trabaja").isChecked()).isFalse();
            assertThat(page.locator(".error-summary").innerText()).contains("Marque al menos un día de atención.");
            TestBrowser.assertAccessible(page, FP + "-admin-calendarios-horario-sin-dias");
            assertThat(liveCalendars(FP)).isEqualTo(saved);
        } finally {
            // Other classes count on the entity's own hours: put the calendars back as they were.
            if (!liveCalendars(FP).equals(original)) {
                platform.bean(TenantConfigService.class).editLive(
                        platform.bean(TenantRegistry.class).bySlug(FP).orElseThrow(), ConfigKind.CALENDARS, original,
                        "AdminPagesBrowserTest");
            }
            page.context().close();
        }
        assertThat(liveCalendars(FP)).isEqualTo(original);
        assertThat(dueInOneHour(calendar, "2026-11-27T14:30:00")).isEqualTo("2026-11-27T15:30:00-05:00");
    }

    @Test
    void oneTenantsAdminCannotChangeTheOthersHours() {
        String fpCalendar = platform.bean(TenantRegistry.class).bySlug(FP).orElseThrow().config().tenant().attentionCalendar();
        String psCalendar = platform.bean(TenantRegistry.class).bySlug(PS).orElseThrow().config().tenant().attentionCalendar();
        assertThat(platform.bean(TenantRegistry.class).bySlug(FP).orElseThrow().config().calendars().find(psCalendar))
                .as("the calendar keys differ between the entities").isEmpty();
        JsonNode psBefore = liveCalendars(PS);
        JsonNode fpBefore = liveCalendars(FP);
        Page page = admin(FP, "/admin/calendarios");
        String csrf = java.net.URLEncoder.encode(page.locator("form[action='/admin/calendarios/" + fpCalendar
                + "/horario'] input[name=csrf]").inputValue(), StandardCharsets.UTF_8);
        Cookie session = page.context().cookies().stream()
                .filter(c -> c.name.equals(SessionCookieAuthenticationFetcher.COOKIE)).findFirst().orElseThrow();
        String sunday = "&trabaja-sunday=on&desde-sunday=00%3A00&hasta-sunday=23%3A00";

        // PS's calendar key on FP's host, with FP's session and its form token: not a calendar of this entity.
        HttpResponse<String> onFp = postForm(FP, "/admin/calendarios/" + psCalendar + "/horario", session.value,
                "csrf=" + csrf + sunday);
        assertThat(onFp.statusCode()).isEqualTo(404);
        assertThat(onFp.body()).contains("No encontramos esa página");

        // FP's session cookie on PS's host: nobody there, sent to sign in.
        HttpResponse<String> onPs = postForm(PS, "/admin/calendarios/" + psCalendar + "/horario", session.value,
                "csrf=" + csrf + sunday);
        assertThat(onPs.statusCode()).isEqualTo(303);
        assertThat(onPs.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/auth/login"));

        // On its own host and calendar, a form without this session's token is refused.
        HttpResponse<String> noToken = postForm(FP, "/admin/calendarios/" + fpCalendar + "/horario", session.value,
                "csrf=x" + sunday);
        assertThat(noToken.statusCode()).isEqualTo(403);

        // The same session and token do reach the form (a bad edit: 422), so the refusals above are the tenant's.
        HttpResponse<String> bad = postForm(FP, "/admin/calendarios/" + fpCalendar + "/horario", session.value,
                "csrf=" + csrf + "&trabaja-sunday=on&desde-sunday=23%3A00&hasta-sunday=22%3A00");
        assertThat(bad.statusCode()).isEqualTo(422);

        assertThat(liveCalendars(PS)).isEqualTo(psBefore);
        assertThat(liveCalendars(FP)).isEqualTo(fpBefore);
        page.context().close();
    }

    @Test
    void aRulesTargetGroupAndAGroupsNameAreEditedAndRestored() {
        TenantContext ps = platform.bean(TenantRegistry.class).bySlug(PS).orElseThrow();
        co.mesa.tenantconfig.TenantConfig.Rule rule = ps.config().routing().rules().get(0);
        String original = rule.assignTo().group();
        co.mesa.tenantconfig.TenantConfig.Group other = ps.config().groups().groups().stream()
                .filter(g -> !g.key().equals(original)).findFirst().orElseThrow();
        String otherName = other.name().texts().get("es-CO");
        Page page = admin(PS, "/admin/grupos");
        try {
            page.locator("#grupo-" + rule.key()).selectOption(other.key());
            page.locator("tr[data-rule='" + rule.key() + "'] button").click();
            page.waitForURL(u -> u.contains("guardado=1"));
            assertThat(page.locator("tr[data-rule='" + rule.key() + "'] .rule-group").innerText()).isEqualTo(otherName);
            assertThat(platform.bean(TenantRegistry.class).bySlug(PS).orElseThrow().config().routing().rules().get(0)
                    .assignTo().group()).isEqualTo(other.key());

            // A group's Spanish name is required: told so next to the field, nothing saved.
            page.locator("details:has(#nombreEs-" + other.key() + ") summary").click();
            page.locator("#nombreEs-" + other.key()).fill("");
            page.locator("form[action='/admin/grupos/" + other.key() + "'] button").click();
            assertThat(page.locator("#nombreEs-" + other.key() + "-error").innerText())
                    .isEqualTo("Escriba el nombre del grupo en español.");
            TestBrowser.assertAccessible(page, PS + "-admin-grupos-errores");
            page.locator("#nombreEs-" + other.key()).fill(otherName + " (renombrado)");
            page.locator("form[action='/admin/grupos/" + other.key() + "'] button").click();
            page.waitForURL(u -> u.contains("guardado=1"));
            assertThat(page.locator("tr[data-rule='" + rule.key() + "'] .rule-group").innerText())
                    .isEqualTo(otherName + " (renombrado)");
        } finally {
            page.navigate(TestBrowser.origin(PS) + "/admin/grupos");
            page.locator("details:has(#nombreEs-" + other.key() + ") summary").click();
            page.locator("#nombreEs-" + other.key()).fill(otherName);
            page.locator("form[action='/admin/grupos/" + other.key() + "'] button").click();
            page.waitForURL(u -> u.contains("guardado=1"));
            page.navigate(TestBrowser.origin(PS) + "/admin/grupos");
            page.locator("#grupo-" + rule.key()).selectOption(original);
            page.locator("tr[data-rule='" + rule.key() + "'] button").click();
            page.waitForURL(u -> u.contains("guardado=1"));
        }
        assertThat(platform.bean(TenantRegistry.class).bySlug(PS).orElseThrow().config().routing().rules().get(0)
                .assignTo().group()).isEqualTo(original);
        page.context().close();
    }

    @Test
    void adminPagesSpeakEnglishWhenAskedAndStillPassAxe() {
        for (String[] visit : List.of(new String[]{FP, "/admin/catalogo", "Catalog"},
                new String[]{PS, "/admin/calendarios", "Calendars"})) {
            Page page = admin(visit[0], "/admin");
            page.navigate(TestBrowser.origin(visit[0]) + "/idioma?lang=en&volver=" + visit[1]);
            assertThat(page.locator("html").getAttribute("lang")).isEqualTo("en");
            assertThat(page.locator("h1").innerText()).isEqualTo(visit[2]);
            TestBrowser.assertAccessible(page, visit[0] + "-admin" + visit[1].replace('/', '-') + "-en");
            page.context().close();
        }
    }

    @Test
    void aRequesterGetsTheForbiddenPageAndAnonymousVisitorsAreSentToSignIn() {
        Page page = TestBrowser.get().newPage();
        Response anonymous = page.navigate(TestBrowser.origin(FP) + "/admin/catalogo");
        assertThat(page.url()).doesNotStartWith(TestBrowser.origin(FP)); // Keycloak's sign-in page
        assertThat(anonymous.status()).isEqualTo(200);
        page.locator("#username").fill(REQUESTER);
        page.locator("#password").fill(TestRealms.PASSWORD);
        page.locator("#kc-login").click();
        page.waitForURL(u -> u.startsWith(TestBrowser.origin(FP)) && !u.contains("/auth/"));
        Response forbidden = page.navigate(TestBrowser.origin(FP) + "/admin");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(page.locator(".main-nav").innerText()).doesNotContain("Administración");
        TestBrowser.assertAccessible(page, FP + "-admin-prohibido");
        page.context().close();
    }

    @Test
    void oneTenantsAdminIsNobodyOnTheOthersHost() {
        Page page = admin(PS, "/admin");
        Cookie session = page.context().cookies().stream()
                .filter(c -> c.name.equals(SessionCookieAuthenticationFetcher.COOKIE)).findFirst().orElseThrow();
        // The PS session cookie presented on FP's host: no session there, so sign in first.
        HttpResponse<String> viaCookie = platform.get(FP + ".localhost", "/admin/catalogo",
                "Cookie", SessionCookieAuthenticationFetcher.COOKIE + "=" + session.value, "Accept", "text/html");
        assertThat(viaCookie.statusCode()).isEqualTo(303);
        assertThat(viaCookie.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/auth/login"));
        // A PS admin token on FP's admin API: 401.
        String psToken = TestRealms.accessToken(realm(PS), TestRealms.DIRECT_CLIENT, ADMIN);
        HttpResponse<String> viaToken = platform.get(FP + ".localhost", "/api/v1/admin/config/catalog",
                "Authorization", "Bearer " + psToken);
        assertThat(viaToken.statusCode()).isEqualTo(401);
        // A page form posted to FP with the PS cookie changes nothing either.
        HttpResponse<String> post = platform.send(platform.request(FP + ".localhost", "/admin/grupos/x")
                .header("Cookie", SessionCookieAuthenticationFetcher.COOKIE + "=" + session.value)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("csrf=x&nombreEs=Hack")).build());
        assertThat(post.statusCode()).isEqualTo(303);
        page.context().close();
    }
}
