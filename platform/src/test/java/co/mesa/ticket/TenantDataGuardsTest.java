package co.mesa.ticket;

import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.identity.Roles;
import co.mesa.tenant.ImportReport;
import co.mesa.tenant.TenantConfigService;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.MesaPlatform;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.stream.Stream;

import static co.mesa.testsupport.CaseApi.FP;
import static co.mesa.testsupport.CaseApi.json;
import static co.mesa.testsupport.CaseApi.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenant data that would strand cases is refused: administrators cannot edit the workflow live,
 * and an import that drops a state cases are in changes nothing. The live data exports as YAML
 * of the folder's shape.
 */
@NeedsKeycloak
class TenantDataGuardsTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static CaseApi api;
    static String admin;

    @BeforeAll
    static void people() {
        api = new CaseApi();
        admin = api.token("funcion-publica", "tg-admin", Roles.REQUESTER, Roles.TENANT_ADMIN);
    }

    @Test
    void anImportDroppingAStateCasesAreInIsRefusedWhole(@TempDir Path tmp) throws Exception {
        String requester = api.token("funcion-publica", "tg-solicitante", Roles.REQUESTER);
        String agent = api.agent("funcion-publica", "tg-agente", "mesa-servicio-primer-nivel");
        HttpResponse<String> r = api.create(FP, requester, obj("service", "acceso-remoto", "template", "acceso-remoto",
                "title", "Para rechazar", "description", "d", "fields", obj("telefono-contacto", "601 555 0106")));
        api.actOk(FP, agent, json(r).get("id").asText(), obj("kind", "reject", "note", "Fuera del alcance."));

        Path folder = tmp.resolve("funcion-publica");
        Files.createDirectories(folder);
        try (Stream<Path> files = Files.list(MesaPlatform.repoRoot().resolve("tenant-config/funcion-publica"))) {
            for (Path f : files.toList()) {
                Files.copy(f, folder.resolve(f.getFileName()));
            }
        }
        ObjectNode workflow = (ObjectNode) YAML.readTree(folder.resolve("workflow.yaml").toFile());
        removeWhere((ArrayNode) workflow.get("states"), n -> n.get("key").asText().equals("rechazada"));
        workflow.get("states").forEach(n -> ((ObjectNode) n).remove("rejectable"));
        removeWhere((ArrayNode) workflow.get("transitions"), n -> n.get("to").asText().equals("rechazada"));
        removeWhere((ArrayNode) workflow.get("actions"), n -> n.get("kind").asText().equals("reject"));
        // Transitions that also leave from it (the survey review's reopening) no longer name it.
        workflow.get("transitions").forEach(t -> {
            if (t.get("from").isArray()) {
                removeWhere((ArrayNode) t.get("from"), n -> n.asText().equals("rechazada"));
            }
        });
        YAML.writeValue(folder.resolve("workflow.yaml").toFile(), workflow);
        // Without a rejection there is no survey on rejection (issue 23).
        ObjectNode settings = (ObjectNode) YAML.readTree(folder.resolve("settings.yaml").toFile());
        ArrayNode offeredOn = (ArrayNode) settings.get("survey").get("offeredOn");
        removeWhere(offeredOn, n -> n.asText().equals("rejection"));
        YAML.writeValue(folder.resolve("settings.yaml").toFile(), settings);

        ImportReport report = api.platform().bean(TenantConfigService.class).importFolder(folder, "guard-test");
        assertThat(report.outcome()).isEqualTo(ImportReport.Outcome.INVALID);
        assertThat(report.describe()).contains("'rechazada'").contains("case(s) are in it");
        // Nothing changed: the live workflow still has the state.
        JsonNode live = json(api.send(FP, "GET", "/api/v1/admin/config/workflow", admin, null));
        assertThat(live.at("/content/states").findValuesAsText("key")).contains("rechazada");
    }

    @Test
    void administratorsCannotEditTheWorkflowLiveButCanExportAnyKindAsYaml() throws Exception {
        JsonNode live = json(api.send(FP, "GET", "/api/v1/admin/config/workflow", admin, null));
        HttpResponse<String> put = api.send(FP, "PUT", "/api/v1/admin/config/workflow", admin, live.get("content"));
        assertThat(put.statusCode()).isEqualTo(403);
        assertThat(json(put).get("detail").asText()).contains("importación validada");

        HttpResponse<String> yaml = api.send(FP, "GET", "/api/v1/admin/config/routing/export", admin, null);
        assertThat(yaml.statusCode()).isEqualTo(200);
        assertThat(yaml.headers().firstValue("Content-Type").orElse("")).startsWith("application/yaml");
        JsonNode routing = YAML.readTree(yaml.body());
        assertThat(routing.get("kind").asText()).isEqualTo("Routing");
        assertThat(routing.get("defaultGroup").asText()).isEqualTo("mesa-servicio-primer-nivel");
        JsonNode folder = YAML.readTree(MesaPlatform.repoRoot().resolve("tenant-config/funcion-publica/routing.yaml").toFile());
        assertThat(routing.get("rules")).isEqualTo(folder.get("rules"));
    }

    private static void removeWhere(ArrayNode array, java.util.function.Predicate<JsonNode> test) {
        for (Iterator<JsonNode> it = array.iterator(); it.hasNext(); ) {
            if (test.test(it.next())) {
                it.remove();
            }
        }
    }
}
