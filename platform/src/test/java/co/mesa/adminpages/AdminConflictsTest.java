package co.mesa.adminpages;

import co.mesa.tenant.TenantConfigService;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.ConfigKind;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.testsupport.NeedsKeycloak;
import com.fasterxml.jackson.databind.JsonNode;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static co.mesa.adminpages.AdminFormProblemsTest.ADMIN;
import static co.mesa.adminpages.AdminFormProblemsTest.ADMIN2;
import static co.mesa.adminpages.AdminFormProblemsTest.Session;
import static co.mesa.adminpages.AdminFormProblemsTest.form;
import static co.mesa.adminpages.AdminFormProblemsTest.html;
import static co.mesa.adminpages.AdminFormProblemsTest.live;
import static co.mesa.adminpages.AdminFormProblemsTest.tenant;
import static co.mesa.adminpages.AdminFormProblemsTest.value;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 21: two administrators at once on the admin pages. A save after a conflict applies each row's
 * edit to the item it was typed for, even when the other reordered or inserted rows meanwhile, and keeps
 * the other's order; a stale save on the SLA, groups and routing pages is refused with what changed,
 * keeping what was typed; and a form never carries a version newer than the config it shows. In the
 * entity copy of {@link AdminFormProblemsTest}.
 */
@NeedsKeycloak
class AdminConflictsTest {

    static co.mesa.testsupport.MesaPlatform platform;

    @BeforeAll
    static void copyOfTheEntity() {
        AdminFormProblemsTest.copyOfTheEntity();
        platform = AdminFormProblemsTest.platform;
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
