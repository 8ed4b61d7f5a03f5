package co.mesa.adminpages;

import co.mesa.identity.Roles;
import co.mesa.identity.SessionCookieAuthenticationFetcher;
import co.mesa.tenant.TenantConfigService;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.tenantconfig.ConfigKind;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.testsupport.MesaPlatform;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestRealms;
import co.mesa.testsupport.TestSessions;
import co.mesa.testsupport.TestTenants;
import com.fasterxml.jackson.databind.JsonNode;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.FormElement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 21 on the admin pages, at the HTML they answer: what the tenant data's checks refuse is said
 * next to the input it concerns, in Spanish from the bundles, with what was typed kept and a link to
 * the input in the error summary (a field key used twice in a template, a closure that is no date, an
 * SLA target and a warning out of the data's range), and a service's page shows its SLA targets. In an
 * entity copy of its own (the changes must not reach other classes); {@link AdminConflictsTest} shares it.
 */
@NeedsKeycloak
class AdminFormProblemsTest {

    static final String SLUG = "c21p-fp";
    static final String ADMIN = "c21p-admin";
    static final String ADMIN2 = "c21p-admin-dos";
    static final String COOKIE = SessionCookieAuthenticationFetcher.COOKIE;
    static MesaPlatform platform;
    static String host;

    @BeforeAll
    static void copyOfTheEntity() {
        platform = MesaPlatform.withKeycloak();
        host = TestTenants.copyOf("funcion-publica", SLUG);
        TestRealms.ensureUser(SLUG, ADMIN, "Adela", "Administradora", List.of(Roles.TENANT_ADMIN));
        TestRealms.ensureUser(SLUG, ADMIN2, "Aurora", "Administradora", List.of(Roles.TENANT_ADMIN));
    }

    /** One administrator's page session: reads pages and posts their forms as a browser would. */
    record Session(String cookie) {
        static Session of(String user) {
            return new Session(TestSessions.signIn(host, user));
        }

        Document get(String path) {
            HttpResponse<String> r = platform.get(host, path, "Cookie", COOKIE + "=" + cookie, "Accept", "text/html");
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            return Jsoup.parse(r.body(), "http://" + host + path);
        }

        /** Posts {@code form}'s fields as the page holds them, with {@code changes} typed over them. */
        HttpResponse<String> submit(FormElement form, Map<String, String> changes) {
            Map<String, String> fields = new LinkedHashMap<>();
            form.formData().forEach(kv -> fields.putIfAbsent(kv.key(), kv.value()));
            changes.forEach((k, v) -> {
                if (v == null) {
                    fields.remove(k);
                } else {
                    fields.put(k, v);
                }
            });
            String body = fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                    .collect(Collectors.joining("&"));
            return platform.send(platform.request(host, form.attr("action")).header("Cookie", COOKIE + "=" + cookie)
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The page's form posting to {@code action} (not a row's "remove" button form). */
    static FormElement form(Document page, String action) {
        Element f = page.select("form[method=post][action=" + action + "]").stream()
                .filter(e -> e.select("[name=eliminar]").isEmpty()).findFirst().orElse(null);
        assertThat(f).as("a form posting to " + action).isNotNull();
        return (FormElement) f;
    }

    /** An input's value as a browser would submit it (jsoup's {@code val()} does not read a select's choice). */
    static String value(Element input) {
        if (input.tagName().equals("select")) {
            Element chosen = input.selectFirst("option[selected]");
            return chosen == null ? "" : chosen.val();
        }
        return input.val();
    }

    static Document html(HttpResponse<String> r) {
        return Jsoup.parse(r.body());
    }

    static TenantContext tenant() {
        return platform.bean(TenantRegistry.class).bySlug(SLUG).orElseThrow();
    }

    static JsonNode live(ConfigKind kind) {
        return platform.bean(TenantConfigService.class).live(tenant().id(), SLUG).documents().get(kind);
    }

    /** The field's message, its link in the summary and the input's typed value. */
    static void refusedAt(Document page, String id, String typed, String... says) {
        Element error = page.getElementById(id + "-error");
        assertThat(error).as("a message next to #" + id + " in:\n" + page.select("main").text()).isNotNull();
        for (String s : says) {
            assertThat(error.text()).contains(s);
        }
        assertThat(page.select(".error-summary a[href=#" + id + "]")).as("the summary links to #" + id).hasSize(1);
        assertThat(page.select(".error-summary").text()).doesNotContain("#/").doesNotContain(".yaml");
        Element input = page.getElementById(id);
        assertThat(input).isNotNull();
        assertThat(input.attr("aria-invalid")).isEqualTo("true");
        if (typed != null) {
            assertThat(input.val()).isEqualTo(typed);
        }
    }

    @Test
    void aFieldKeyUsedTwiceInATemplateIsRefusedNextToTheNewKey() {
        TenantConfig.Service service = tenant().config().catalog().services()
                .filter(s -> s.templates().stream().anyMatch(t -> !t.fields().isEmpty())).findFirst().orElseThrow();
        TenantConfig.Template template = service.templates().stream().filter(t -> !t.fields().isEmpty()).findFirst().orElseThrow();
        String taken = template.fields().get(0).key();
        String action = "/admin/catalogo/" + service.key() + "/" + template.key();
        Session admin = Session.of(ADMIN);
        JsonNode before = live(ConfigKind.CATALOG);

        HttpResponse<String> r = admin.submit(form(admin.get(action), action),
                Map.of("new-key", taken, "new-labelEs", "Campo repetido", "new-type", "text"));

        assertThat(r.statusCode()).isEqualTo(422);
        Document page = html(r);
        refusedAt(page, "new-key", taken, "Ya existe un campo con la clave " + taken);
        assertThat(page.getElementById("new-labelEs").val()).isEqualTo("Campo repetido");
        assertThat(live(ConfigKind.CATALOG)).isEqualTo(before);
    }

    @Test
    void aClosureThatIsNoDateOrIsListedTwiceIsRefusedNextToTheDate() {
        String calendar = tenant().config().calendars().calendars().get(0).key();
        String action = "/admin/calendarios/" + calendar + "/cierres";
        Session admin = Session.of(ADMIN);
        JsonNode before = live(ConfigKind.CALENDARS);

        // The shape of a date, but no day of the calendar: the tenant data cannot read it.
        HttpResponse<String> r = admin.submit(form(admin.get("/admin/calendarios"), action), Map.of("fecha", "2031-02-30"));
        assertThat(r.statusCode()).isEqualTo(422);
        refusedAt(html(r), "fecha-" + calendar, "2031-02-30", "«2031-02-30» no es válida", "AAAA-MM-DD");
        // Not the shape of a date: the data's pattern.
        r = admin.submit(form(admin.get("/admin/calendarios"), action), Map.of("fecha", "30/02/2031"));
        assertThat(r.statusCode()).isEqualTo(422);
        refusedAt(html(r), "fecha-" + calendar, "30/02/2031", "AAAA-MM-DD");
        assertThat(live(ConfigKind.CALENDARS)).isEqualTo(before);

        // A day already closed: the data's "no day twice".
        r = admin.submit(form(admin.get("/admin/calendarios"), action), Map.of("fecha", "2031-03-03"));
        assertThat(r.statusCode()).isEqualTo(303);
        r = admin.submit(form(admin.get("/admin/calendarios"), action), Map.of("fecha", "2031-03-03"));
        assertThat(r.statusCode()).isEqualTo(422);
        refusedAt(html(r), "fecha-" + calendar, "2031-03-03", "2031-03-03 ya está en la lista");
    }

    @Test
    void anSlaTargetOrWarningOutOfTheDataRangeIsRefusedNextToIt() {
        TenantConfig.SlaPolicy policy = tenant().config().sla().policies().get(0);
        String action = "/admin/ans/politicas/" + policy.key();
        Session admin = Session.of(ADMIN);
        JsonNode before = live(ConfigKind.SLA_POLICIES);

        HttpResponse<String> r = admin.submit(form(admin.get("/admin/ans"), action), Map.of("t0.resolution", "400 días"));
        assertThat(r.statusCode()).isEqualTo(422);
        refusedAt(html(r), "p-" + policy.key() + "-t0-resolution", "400 días", "«400 días» está fuera del rango");

        r = admin.submit(form(admin.get("/admin/ans"), "/admin/ans/aviso"), Map.of("aviso", "100"));
        assertThat(r.statusCode()).isEqualTo(422);
        refusedAt(html(r), "aviso", "100", "«100» no es un porcentaje válido");
        assertThat(live(ConfigKind.SLA_POLICIES)).isEqualTo(before);
    }

    /** A service's page shows, next to it, the SLA policies that can apply to its cases, with their targets. */
    @Test
    void aServicesPageShowsTheSlaTargetsThatCanApplyToIt() {
        TenantConfig config = tenant().config();
        Session admin = Session.of(ADMIN);
        int checked = 0;
        for (TenantConfig.ServiceLine line : config.catalog().serviceLines()) {
            for (TenantConfig.Service service : line.services()) {
                Document page = admin.get("/admin/servicios/" + service.key());
                Element section = page.selectFirst("section[aria-labelledby=targets-title]");
                assertThat(section).isNotNull();
                for (TenantConfig.SlaPolicy p : config.sla().policies()) {
                    TenantConfig.Match when = p.appliesTo();
                    boolean open = when == null || when.services().isEmpty() && when.serviceLines().isEmpty();
                    boolean names = when != null && (when.services().contains(service.key()) || when.serviceLines().contains(line.key()));
                    Element link = section.selectFirst("a[href=/admin/ans#politica-" + p.key() + "]");
                    assertThat(link != null).as(service.key() + " / " + p.key()).isEqualTo(open || names);
                    if (link != null) {
                        assertThat(link.parent().select("li li")).as(p.key()).hasSize(p.targets().size());
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isPositive();
    }

}
