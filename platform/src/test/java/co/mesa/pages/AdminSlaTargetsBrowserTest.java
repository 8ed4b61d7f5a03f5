package co.mesa.pages;

import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.identity.Roles;
import co.mesa.identity.SessionCookieAuthenticationFetcher;
import co.mesa.tenant.TenantConfigService;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.tenantconfig.ConfigKind;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.MesaPlatform;
import co.mesa.testsupport.TestBrowser;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.Cookie;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static co.mesa.testsupport.CaseApi.json;
import static co.mesa.testsupport.CaseApi.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /admin/ans}: a tenant administrator edits an SLA policy's times and the warning threshold;
 * bad input is explained next to its field and changes nothing; open cases follow the new times;
 * one entity's administrator cannot touch the other's policies. Every edit is undone at the end.
 */
@NeedsKeycloak
class AdminSlaTargetsBrowserTest {

    static final String FP = AdminPagesBrowserTest.FP;
    static final String PS = AdminPagesBrowserTest.PS;
    static MesaPlatform platform;

    @BeforeAll
    static void realms() {
        AdminPagesBrowserTest.realms();
        platform = AdminPagesBrowserTest.platform;
    }

    static TenantContext tenant(String slug) {
        return platform.bean(TenantRegistry.class).bySlug(slug).orElseThrow();
    }

    static JsonNode liveSla(String slug) {
        return platform.bean(TenantConfigService.class).live(tenant(slug).id(), slug).documents().get(ConfigKind.SLA_POLICIES)
                .deepCopy();
    }

    static void restore(String slug, JsonNode sla) {
        if (!liveSla(slug).equals(sla)) {
            platform.bean(TenantConfigService.class).editLive(tenant(slug), ConfigKind.SLA_POLICIES, sla, "test restore");
        }
    }

    /** The catch-all policy (applies to every other case): acceso-remoto falls under it in Función Pública. */
    static TenantConfig.SlaPolicy catchAll(String slug) {
        return tenant(slug).config().sla().policies().stream()
                .filter(p -> p.appliesTo().services().isEmpty() && p.appliesTo().serviceLines().isEmpty()
                        && p.appliesTo().caseTypes().isEmpty() && p.appliesTo().categories().isEmpty())
                .findFirst().orElseThrow();
    }

    static Response save(Page page, String policy) {
        return page.waitForNavigation(() -> page.locator("#guardar-" + policy).click());
    }

    @Test
    void anAdministratorChangesAPolicysTimesAndOpenCasesFollow() {
        JsonNode original = liveSla(FP);
        TenantConfig.SlaPolicy policy = catchAll(FP);
        String key = policy.key();
        TenantConfig.Target target = policy.targets().get(0);
        assertThat(target.response().hours()).as("FP's catch-all measures hours").isNotNull();
        String response = "#p-" + key + "-t0-response";
        String resolution = "#p-" + key + "-t0-resolution";
        // A case of the policy filed before the change.
        CaseApi api = new CaseApi();
        String requester = api.token("funcion-publica", "ans-solicitante", Roles.REQUESTER);
        HttpResponse<String> filed = api.create(CaseApi.FP, requester, obj("service", "acceso-remoto",
                "template", "acceso-remoto", "title", "Caso antes del cambio de ANS", "description", "d",
                "fields", obj("telefono-contacto", "601 555 0190")));
        assertThat(filed.statusCode()).as(filed.body()).isEqualTo(201);
        String caseId = json(filed).get("id").asText();
        assertThat(json(filed).at("/sla/policy").asText()).isEqualTo(key);
        String dueBefore = json(filed).at("/sla/resolution/dueAt").asText();
        Page page = AdminPagesBrowserTest.admin(FP, "/admin/ans");
        try {
            assertThat(page.locator("h1").innerText()).isEqualTo("Objetivos de ANS");
            assertThat(page.locator("nav[aria-label='Secciones de administración'] a[aria-current=page]").innerText())
                    .isEqualTo("Objetivos de ANS");
            // Shown as the administrator would type them (FP's data: whole hours).
            assertThat(target.response().hours().toMinutesPart()).isZero();
            assertThat(target.resolution().hours().toMinutesPart()).isZero();
            assertThat(page.locator(response).inputValue()).isEqualTo(target.response().hours().toHours() + " h");
            assertThat(page.locator(resolution).inputValue()).isEqualTo(target.resolution().hours().toHours() + " h");
            assertThat(page.locator("label[for='" + resolution.substring(1) + "']").innerText()).isEqualTo("Solución");
            assertThat(page.locator(resolution).getAttribute("aria-describedby")).isEqualTo("targets-format");
            assertThat(page.locator("section[aria-labelledby='politica-" + key + "']").innerText())
                    .contains("Todos los casos que no toma una política anterior");
            TestBrowser.assertAccessible(page, FP + "-admin-ans");

            // Unreadable, then a first response longer than the resolution: explained, nothing saved.
            page.locator(response).fill("ocho horas");
            Response unreadable = save(page, key);
            assertThat(unreadable.status()).isEqualTo(422);
            assertThat(page.locator(response + "-error").innerText()).contains("«ocho horas» no es un tiempo válido");
            assertThat(page.locator(response).getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(page.locator(response).getAttribute("aria-describedby"))
                    .isEqualTo("targets-format " + response.substring(1) + "-error");
            assertThat(page.locator(".error-summary a").first().getAttribute("href")).isEqualTo(response);
            assertThat(page.locator(response).inputValue()).as("what was typed stays").isEqualTo("ocho horas");
            TestBrowser.assertAccessible(page, FP + "-admin-ans-errores");
            assertThat(liveSla(FP)).isEqualTo(original);

            page.locator(response).fill("30 h");
            page.locator(resolution).fill("24 h");
            assertThat(save(page, key).status()).isEqualTo(422);
            assertThat(page.locator(response + "-error").innerText()).contains("no puede tardar más que la solución");
            page.locator(response).fill("4 h");
            page.locator(resolution).fill("");
            assertThat(save(page, key).status()).isEqualTo(422);
            assertThat(page.locator(resolution + "-error").innerText()).contains("Escriba el tiempo de solución");
            page.locator(resolution).fill("400 días");
            assertThat(save(page, key).status()).isEqualTo(422);
            assertThat(page.locator(resolution + "-error").innerText()).contains("fuera del rango");
            assertThat(liveSla(FP)).isEqualTo(original);

            // Saved: the data, the page, and the open case's due date (recomputed, decision 0010).
            page.locator(response).fill("4 h");
            page.locator(resolution).fill("2 días");
            Response saved = save(page, key);
            assertThat(saved.status()).isEqualTo(200);
            assertThat(page.url()).contains("guardado=" + key);
            assertThat(page.locator("section[aria-labelledby='politica-" + key + "'] .notice-success").innerText())
                    .contains("Se guardaron los tiempos");
            assertThat(page.locator(response).inputValue()).isEqualTo("4 h");
            assertThat(page.locator(resolution).inputValue()).isEqualTo("2 días");
            TenantConfig.Target now = tenant(FP).config().sla().policies().stream().filter(p -> p.key().equals(key))
                    .findFirst().orElseThrow().targets().get(0);
            assertThat(now.response().hours()).isEqualTo(Duration.ofHours(4));
            assertThat(now.resolution().businessDays()).isEqualTo(2);
            assertThat(liveSla(FP).at("/policies").toString()).contains("{\"businessDays\":2}").contains("\"PT4H\"");
            JsonNode after = json(api.get(CaseApi.FP, requester, caseId));
            assertThat(after.at("/sla/response/target").asText()).isEqualTo("PT4H");
            assertThat(after.at("/sla/resolution/dueAt").asText()).isNotEqualTo(dueBefore);
            // Other policies are untouched.
            for (int i = 0; i < original.get("policies").size(); i++) {
                if (!original.at("/policies/" + i + "/key").asText().equals(key)) {
                    assertThat(liveSla(FP).at("/policies/" + i)).isEqualTo(original.at("/policies/" + i));
                }
            }
        } finally {
            restore(FP, original);
            page.context().close();
        }
        assertThat(json(api.get(CaseApi.FP, requester, caseId)).at("/sla/resolution/dueAt").asText()).isEqualTo(dueBefore);
    }

    @Test
    void theWarningThresholdIsAWholePercentageOrNothing() {
        JsonNode original = liveSla(PS);
        Page page = AdminPagesBrowserTest.admin(PS, "/admin/ans");
        try {
            TestBrowser.assertAccessible(page, PS + "-admin-ans");
            page.locator("#aviso").fill("150");
            Response refused = page.waitForNavigation(() -> page.locator("#aviso-submit").click());
            assertThat(refused.status()).isEqualTo(422);
            assertThat(page.locator("#aviso-error").innerText()).contains("«150» no es un porcentaje válido");
            assertThat(liveSla(PS)).isEqualTo(original);

            page.locator("#aviso").fill("85 %");
            page.waitForNavigation(() -> page.locator("#aviso-submit").click());
            assertThat(page.url()).contains("guardado=aviso");
            assertThat(page.locator("#aviso").inputValue()).isEqualTo("85");
            assertThat(tenant(PS).config().sla().warningPercent()).isEqualTo(85);

            page.locator("#aviso").fill("");
            page.waitForNavigation(() -> page.locator("#aviso-submit").click());
            assertThat(tenant(PS).config().sla().warningPercent()).as("empty: no warnings").isNull();
            assertThat(liveSla(PS).has("warningPercent")).isFalse();
        } finally {
            restore(PS, original);
            page.context().close();
        }
    }

    @Test
    void oneEntitysAdministratorCannotTouchTheOthersPolicies() {
        JsonNode fpBefore = liveSla(FP);
        JsonNode psBefore = liveSla(PS);
        String psPolicy = tenant(PS).config().sla().policies().get(0).key();
        assertThat(tenant(FP).config().sla().policies()).noneMatch(p -> p.key().equals(psPolicy));
        Page page = AdminPagesBrowserTest.admin(FP, "/admin/ans");
        try {
            String csrf = page.locator("input[name=csrf]").first().inputValue();
            // FP's administrator, with a good session and token, names a PS policy on FP's host: not found here.
            Object other = page.evaluate("async ([u, b]) => (await fetch(u, {method: 'POST', body: b, headers: "
                    + "{'Content-Type': 'application/x-www-form-urlencoded'}})).status",
                    java.util.List.of("/admin/ans/politicas/" + psPolicy, "csrf=" + csrf + "&t0.resolution=1+h"));
            assertThat(((Number) other).intValue()).isEqualTo(404);
            // The same session on PS's host is no session at all: sent to sign in, nothing changes.
            Cookie session = page.context().cookies().stream()
                    .filter(c -> c.name.equals(SessionCookieAuthenticationFetcher.COOKIE)).findFirst().orElseThrow();
            HttpResponse<String> cross = platform.send(platform.request(PS + ".localhost", "/admin/ans/politicas/" + psPolicy)
                    .header("Cookie", SessionCookieAuthenticationFetcher.COOKIE + "=" + session.value)
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("csrf=" + csrf + "&t0.resolution=1+h")).build());
            assertThat(cross.statusCode()).isEqualTo(303);
            assertThat(cross.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/auth/login"));
            // A requester of FP is refused the page.
            Page requester = TestBrowser.get().newPage();
            TestBrowser.signIn(requester, FP, AdminPagesBrowserTest.REQUESTER, "/");
            assertThat(requester.navigate(TestBrowser.origin(FP) + "/admin/ans").status()).isEqualTo(403);
            requester.context().close();
        } finally {
            page.context().close();
        }
        assertThat(liveSla(FP)).isEqualTo(fpBefore);
        assertThat(liveSla(PS)).isEqualTo(psBefore);
    }
}
