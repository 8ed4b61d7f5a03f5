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
 * SLA target and a warning out of the data's range); and a save after a conflict applies each row's
 * edit to the item it was typed for, even when another administrator reordered the list meanwhile.
 * Each case in an entity copy of its own (the changes must not reach other classes).
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

    @Test
    void aResaveAfterAConflictAppliesEachRowToItsOwnCategoryWhenTheListWasReordered() {
        TenantConfig.Service service = tenant().config().catalog().services()
                .filter(s -> s.categories().size() >= 2).findFirst().orElseThrow();
        String action = "/admin/servicios/" + service.key();
        String first = service.categories().get(0).key();
        String second = service.categories().get(1).key();
        String secondName = service.categories().get(1).name().texts().get("es-CO");
        Session adela = Session.of(ADMIN);
        Session aurora = Session.of(ADMIN2);
        Document adelasPage = adela.get(action);

        // Aurora puts the second category first and saves.
        Document auroras = aurora.get(action);
        assertThat(aurora.submit(form(auroras, action), Map.of("c1-position", "1", "c0-position", "2")).statusCode()).isEqualTo(303);
        assertThat(live(ConfigKind.CATALOG).toString()).contains(second);

        // Adela, on the page she read before, renames the first category as she saw it: a conflict.
        HttpResponse<String> conflict = adela.submit(form(adelasPage, action), Map.of("c0-nameEs", "Renombrada por Adela"));
        assertThat(conflict.statusCode()).isEqualTo(422);
        Document shown = html(conflict);
        assertThat(shown.select(".error-summary").text()).contains(ADMIN2);
        // The re-shown form has her name on the row of that category, now second.
        assertThat(shown.selectFirst("input[name=c1-key]").val()).isEqualTo(first);
        assertThat(shown.getElementById("c1-nameEs").val()).isEqualTo("Renombrada por Adela");
        assertThat(shown.getElementById("c0-nameEs").val()).isEqualTo(secondName);

        // Saving again applies it to that category, and keeps Aurora's order.
        assertThat(adela.submit(form(shown, action), Map.of()).statusCode()).isEqualTo(303);
        JsonNode categories = categoriesOf(live(ConfigKind.CATALOG), service.key());
        assertThat(categories.get(0).path("key").asText()).isEqualTo(second);
        assertThat(categories.get(0).path("name").path("es-CO").asText()).isEqualTo(secondName);
        assertThat(categories.get(1).path("key").asText()).isEqualTo(first);
        assertThat(categories.get(1).path("name").path("es-CO").asText()).isEqualTo("Renombrada por Adela");
    }

    @Test
    void aResaveAfterAConflictAppliesAFieldEditToItsOwnFieldWhenAnotherWasInsertedAbove() {
        TenantConfig.Service service = tenant().config().catalog().services()
                .filter(s -> s.templates().stream().anyMatch(t -> t.fields().size() >= 2)).findFirst().orElseThrow();
        TenantConfig.Template template = service.templates().stream().filter(t -> t.fields().size() >= 2).findFirst().orElseThrow();
        String action = "/admin/catalogo/" + service.key() + "/" + template.key();
        String edited = template.fields().get(1).key();
        Session adela = Session.of(ADMIN);
        Session aurora = Session.of(ADMIN2);
        Document adelasPage = adela.get(action);

        // Aurora adds a field and puts it first.
        Document auroras = aurora.get(action);
        HttpResponse<String> added = aurora.submit(form(auroras, action), Map.of("new-key", "insertado-arriba",
                "new-labelEs", "Insertado arriba", "new-type", "text"));
        assertThat(added.statusCode()).isEqualTo(303);
        Document withNew = aurora.get(action);
        int last = template.fields().size();
        Map<String, String> moves = new LinkedHashMap<>();
        moves.put("f" + last + "-position", "1");
        for (int i = 0; i < last; i++) {
            moves.put("f" + i + "-position", String.valueOf(i + 2));
        }
        assertThat(aurora.submit(form(withNew, action), moves).statusCode()).isEqualTo(303);

        // Adela relabels the second field as she saw it: a conflict, then the re-save.
        HttpResponse<String> conflict = adela.submit(form(adelasPage, action), Map.of("f1-labelEs", "Etiqueta de Adela"));
        assertThat(conflict.statusCode()).isEqualTo(422);
        Document shown = html(conflict);
        assertThat(shown.selectFirst("input[name=f2-key]").val()).isEqualTo(edited);
        assertThat(shown.getElementById("f2-labelEs").val()).isEqualTo("Etiqueta de Adela");
        assertThat(adela.submit(form(shown, action), Map.of()).statusCode()).isEqualTo(303);

        JsonNode fields = templateOf(live(ConfigKind.CATALOG), template.key()).path("fields");
        assertThat(fields.get(0).path("key").asText()).isEqualTo("insertado-arriba");
        assertThat(fields.get(0).path("label").path("es-CO").asText()).isEqualTo("Insertado arriba");
        for (JsonNode f : fields) {
            boolean hers = f.path("key").asText().equals(edited);
            assertThat(f.path("label").path("es-CO").asText().equals("Etiqueta de Adela")).as(f.toString()).isEqualTo(hers);
        }
    }

    /**
     * The SLA targets, a group's name and a routing rule's group: a form read before another save is
     * refused with what changed, keeps what was typed and writes nothing (the first save stays).
     */
    @Test
    void aStaleSaveOnTheSlaGroupsAndRoutingPagesIsRefusedWithWhatChanged() {
        Session admin = Session.of(ADMIN);
        TenantConfig config = tenant().config();
        String policy = config.sla().policies().get(0).key();
        String group = config.groups().groups().get(0).key();
        TenantConfig.Rule routed = config.routing().rules().stream().filter(r -> r.assignTo().group() != null)
                .findFirst().orElseThrow();
        String rule = routed.key();
        String now = routed.assignTo().group();
        String otherGroup = config.groups().groups().stream().map(TenantConfig.Group::key).filter(k -> !k.equals(now))
                .findFirst().orElseThrow();
        List<String[]> cases = List.of(
                new String[]{"/admin/ans", "/admin/ans/politicas/" + policy, "t0.response", "1 h 7 min", "1 h 13 min", "p-" + policy + "-t0-response"},
                new String[]{"/admin/grupos", "/admin/grupos/" + group, "nombreEs", "Grupo renombrado uno", "Grupo renombrado dos", "nombreEs-" + group},
                new String[]{"/admin/grupos", "/admin/reglas/" + rule, "grupo", otherGroup, now, "grupo-" + rule});
        for (String[] c : cases) {
            Document read = admin.get(c[0]);
            assertThat(admin.submit(form(read, c[1]), Map.of(c[2], c[3])).statusCode()).as(c[1]).isEqualTo(303);
            ConfigKind kind = c[1].startsWith("/admin/ans") ? ConfigKind.SLA_POLICIES
                    : c[1].startsWith("/admin/grupos") ? ConfigKind.GROUPS : ConfigKind.ROUTING;
            JsonNode afterFirst = live(kind);
            HttpResponse<String> stale = admin.submit(form(read, c[1]), Map.of(c[2], c[4]));
            assertThat(stale.statusCode()).as(c[1]).isEqualTo(422);
            Document page = html(stale);
            assertThat(page.select(".error-summary").text()).as(c[1]).contains("Otra persona guardó cambios").contains(ADMIN);
            assertThat(value(page.getElementById(c[5]))).as(c[1]).isEqualTo(c[4]);
            assertThat(live(kind)).as(c[1]).isEqualTo(afterFirst);
        }
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

    @Test
    void aFormNeverCarriesAVersionNewerThanTheConfigItShows() {
        TenantConfigService configs = platform.bean(TenantConfigService.class);
        TenantContext served = tenant();
        int live = configs.liveVersion(served.id(), ConfigKind.CALENDARS);
        assertThat(configs.liveVersionShownBy(served, ConfigKind.CALENDARS)).isEqualTo(live);
        // A replica still serving the config of an earlier revision: its forms carry no version they could
        // write over newer data with (-1 is refused as stale, with what changed since).
        TenantContext behind = new TenantContext(served.id(), served.slug(), served.revision() - 1, served.config());
        assertThat(configs.liveVersionShownBy(behind, ConfigKind.CALENDARS)).isEqualTo(-1);
        assertThat(AdminEdits.parseVersion(AdminEdits.version(configs, behind, ConfigKind.CALENDARS))).isNull();
    }

    static JsonNode categoriesOf(JsonNode catalog, String service) {
        for (JsonNode line : catalog.path("serviceLines")) {
            for (JsonNode s : line.path("services")) {
                if (s.path("key").asText().equals(service)) {
                    return s.path("categories");
                }
            }
        }
        throw new AssertionError("no service " + service);
    }

    static JsonNode templateOf(JsonNode catalog, String template) {
        for (JsonNode line : catalog.path("serviceLines")) {
            for (JsonNode s : line.path("services")) {
                for (JsonNode t : s.path("templates")) {
                    if (t.path("key").asText().equals(template)) {
                        return t;
                    }
                }
            }
        }
        throw new AssertionError("no template " + template);
    }
}
