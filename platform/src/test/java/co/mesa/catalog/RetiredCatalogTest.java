package co.mesa.catalog;

import co.mesa.identity.Roles;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestTenants;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static co.mesa.testsupport.CaseApi.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 21: a retired template or service disappears from the catalog and cannot be named by a new case,
 * while an old case still shows it; another entity's catalog does not change.
 */
@NeedsKeycloak
class RetiredCatalogTest {

    static final String SLUG = "retiro-fp";

    @Test
    void aRetiredTemplateThenServiceLeaveTheCatalogAndNewCasesButOldCasesStillNameThem() {
        CaseApi api = new CaseApi();
        String host = TestTenants.copyOf("funcion-publica", SLUG);
        String requester = api.token(SLUG, "rc-solicitante", Roles.REQUESTER);
        String admin = api.token(SLUG, "rc-admin", Roles.TENANT_ADMIN);
        HttpResponse<String> old = api.create(host, requester, request("acceso-remoto"));
        assertThat(old.statusCode()).as(old.body()).isEqualTo(201);
        String oldId = CaseApi.json(old).get("id").asText();

        // The template first: the service stays, without it.
        retire(api, host, admin, "templates", "acceso-remoto");
        JsonNode service = service(api.send(host, "GET", "/api/v1/catalog", requester, null), "acceso-remoto");
        assertThat(service).as("the service is still offered").isNotNull();
        assertThat(service.get("templates").toString()).doesNotContain("\"key\":\"acceso-remoto\"");
        HttpResponse<String> refused = api.create(host, requester, request("acceso-remoto"));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(CaseApi.json(refused).get("invalidParams").toString()).contains("template")
                .contains("ya no se ofrece para casos nuevos");

        // Then the whole service.
        retire(api, host, admin, "services", "acceso-remoto");
        assertThat(service(api.send(host, "GET", "/api/v1/catalog", requester, null), "acceso-remoto")).isNull();
        HttpResponse<String> noService = api.create(host, requester, obj("origin", "portal", "service", "acceso-remoto",
                "category", "vpn", "caseType", "incidencia", "title", "Sin plantilla", "description", "Servicio retirado.",
                "impact", "moderado", "urgency", "medio"));
        assertThat(noService.statusCode()).as(noService.body()).isEqualTo(422);
        assertThat(CaseApi.json(noService).get("invalidParams").toString()).contains("service")
                .contains("ya no se ofrece para casos nuevos");

        // The old case still reads with its service's name.
        HttpResponse<String> read = api.get(host, requester, oldId);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(CaseApi.json(read).get("service").get("name").asText()).isEqualTo("Acceso remoto");

        // The original entity keeps offering it.
        String fpRequester = api.token("funcion-publica", "rc-solicitante", Roles.REQUESTER);
        assertThat(service(api.send("funcion-publica.localhost", "GET", "/api/v1/catalog", fpRequester, null),
                "acceso-remoto")).isNotNull();
    }

    static ObjectNode request(String template) {
        return obj("origin", "portal", "service", "acceso-remoto", "template", template, "title", "Necesito VPN",
                "description", "Para trabajar en casa.", "impact", "moderado", "urgency", "medio",
                "fields", obj("telefono-contacto", "601 555 0103"));
    }

    /** Marks a catalog item retired through the admin API, with the version it read. */
    static void retire(CaseApi api, String host, String admin, String what, String key) {
        HttpResponse<String> read = api.send(host, "GET", "/api/v1/admin/config/catalog", admin, null);
        JsonNode content = CaseApi.json(read).get("content");
        boolean found = false;
        for (JsonNode line : content.get("serviceLines")) {
            for (JsonNode service : line.get("services")) {
                if (what.equals("services") && service.get("key").asText().equals(key)) {
                    ((ObjectNode) service).put("retired", true);
                    found = true;
                }
                for (JsonNode template : service.path("templates")) {
                    if (what.equals("templates") && template.get("key").asText().equals(key)) {
                        ((ObjectNode) template).put("retired", true);
                        found = true;
                    }
                }
            }
        }
        assertThat(found).as(what + " " + key).isTrue();
        HttpResponse<String> saved = api.send(host, "PUT", "/api/v1/admin/config/catalog", admin, content.toString(),
                "If-Match", read.headers().firstValue("ETag").orElseThrow());
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
    }

    static JsonNode service(HttpResponse<String> catalog, String key) {
        assertThat(catalog.statusCode()).as(catalog.body()).isEqualTo(200);
        for (JsonNode s : CaseApi.json(catalog).get("services")) {
            if (s.get("key").asText().equals(key)) {
                return s;
            }
        }
        return null;
    }
}
