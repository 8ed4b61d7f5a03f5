package co.mesa.web;

import co.mesa.testsupport.NeedsServices;
import co.mesa.tenant.TenantRegistry;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.testsupport.Json;
import co.mesa.testsupport.MesaPlatform;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** The edge and the first public endpoints, over real HTTP on the started platform. */
@NeedsServices
class PublicEndpointsTest {

    static final String FP = "funcion-publica.localhost";
    static final String PS = "prosperidad-social.localhost";

    static MesaPlatform platform;

    @BeforeAll
    static void start() {
        platform = MesaPlatform.get();
    }

    // ---- the edge ------------------------------------------------------------------------------

    @Test
    void anUnknownHostIsA404ProblemNeverADefaultTenant() {
        HttpResponse<String> r = platform.get("otra-entidad.localhost", "/api/v1/tenant");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode problem = Json.parse(r.body());
        assertThat(problem.get("status").asInt()).isEqualTo(404);
        assertThat(problem.get("title").asText()).isEqualTo("Entidad no encontrada");
        assertThat(problem.get("detail").asText()).contains("otra-entidad.localhost");
        assertThat(r.body()).doesNotContain("Función Pública").doesNotContain("Prosperidad");
    }

    @Test
    void anUnknownHostGetsAnAccessibleSpanishPageInABrowser() {
        HttpResponse<String> r = platform.get("otra-entidad.localhost", "/", "Accept", "text/html,application/xhtml+xml");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/html"));
        assertThat(r.body()).contains("<html lang=\"es-CO\">").contains("<h1>Entidad no encontrada</h1>");
    }

    @Test
    void theProblemSpeaksEnglishWhenAsked() {
        HttpResponse<String> r = platform.get("nadie.localhost", "/api/v1/catalog", "Accept-Language", "en-US,en;q=0.9");
        assertThat(Json.parse(r.body()).get("title").asText()).isEqualTo("Entity not found");
    }

    @Test
    void thePlatformHostServesNoTenantEndpoint() {
        HttpResponse<String> r = platform.get("mesa.localhost", "/api/v1/catalog");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(Json.parse(r.body()).get("type").asText()).endsWith("/no-tenant-on-host");
    }

    @Test
    void anUnknownPathIsAProblemWithoutStackTrace() {
        HttpResponse<String> r = platform.get(FP, "/api/v1/nada");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(Json.parse(r.body()).get("title").asText()).isEqualTo("No encontrado");
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at co.mesa");
    }

    @Test
    void anUnknownAddressIsTheEntitysOwnSpanishPageForABrowserAndAProblemForJson() {
        HttpResponse<String> page = platform.get(FP, "/esta-pagina-no-existe", "Accept", "text/html,application/xhtml+xml");
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/html"));
        assertThat(page.body()).contains("<html lang=\"es-CO\"").contains("No encontrado")
                .contains("La dirección solicitada no existe.").contains("Departamento Administrativo de la Función Pública")
                .doesNotContain("\"type\"");
        HttpResponse<String> json = platform.get(FP, "/esta-pagina-no-existe", "Accept", "application/json");
        assertThat(json.statusCode()).isEqualTo(404);
        assertThat(json.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(Json.parse(json.body()).get("type").asText()).endsWith("/not-found");
        // The API stays JSON even for a browser's Accept.
        HttpResponse<String> api = platform.get(FP, "/api/v1/nada", "Accept", "text/html");
        assertThat(api.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    }

    @Test
    void theHostPortAndLetterCaseDoNotMatter() {
        HttpResponse<String> r = platform.get("Funcion-Publica.LOCALHOST:8080", "/api/v1/tenant");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Json.parse(r.body()).get("slug").asText()).isEqualTo("funcion-publica");
    }

    // ---- GET /api/v1/tenant ----------------------------------------------------------------------

    @Test
    void eachHostAnswersForItsOwnEntity() {
        JsonNode fp = Json.parse(platform.get(FP, "/api/v1/tenant").body());
        JsonNode ps = Json.parse(platform.get(PS, "/api/v1/tenant").body());
        assertThat(fp.get("slug").asText()).isEqualTo("funcion-publica");
        assertThat(fp.get("name").asText()).contains("Función Pública");
        assertThat(ps.get("slug").asText()).isEqualTo("prosperidad-social");
        assertThat(ps.get("name").asText()).contains("Prosperidad Social");
        assertThat(fp.get("branding").get("theme").asText()).isEqualTo("funcion-publica");
        assertThat(ps.get("branding").get("logo").asText()).isEqualTo("/assets/prosperidad-social/img/logo.svg");
    }

    @Test
    void prosperidadSocialPublishesItsAttentionHoursAndPhoneChannel() {
        JsonNode ps = Json.parse(platform.get(PS, "/api/v1/tenant").body());
        assertThat(ps.get("timeZone").asText()).isEqualTo("America/Bogota");
        assertThat(ps.get("locale").asText()).isEqualTo("es-CO");
        JsonNode hours = ps.get("attentionHours");
        assertThat(hours.get("holidays").asText()).isEqualTo("colombia");
        assertThat(hours.get("hours")).hasSize(1);
        assertThat(texts(hours.get("hours").get(0).get("days")))
                .containsExactly("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY");
        assertThat(hours.get("hours").get(0).get("from").asText()).isEqualTo("08:00");
        assertThat(hours.get("hours").get(0).get("to").asText()).isEqualTo("17:00");
        assertThat(ps.get("channels").toString()).contains("1000");
    }

    @Test
    void labelsFollowAcceptLanguage() {
        String es = Json.parse(platform.get(PS, "/api/v1/tenant").body()).get("attentionHours").get("name").asText();
        String en = Json.parse(platform.get(PS, "/api/v1/tenant", "Accept-Language", "en").body())
                .get("attentionHours").get("name").asText();
        TenantConfig.Calendar cal = config("prosperidad-social").calendars()
                .find(config("prosperidad-social").tenant().attentionCalendar()).orElseThrow();
        assertThat(es).isEqualTo(cal.name().texts().get("es-CO"));
        assertThat(en).isEqualTo(cal.name().texts().get("en")).isNotEqualTo(es);
    }

    // ---- GET /api/v1/catalog ---------------------------------------------------------------------

    @Test
    void prosperidadSocialTargetsComeFromItsPoliciesAsBusinessTime() {
        JsonNode catalog = Json.parse(platform.get(PS, "/api/v1/catalog").body());
        assertThat(catalog.get("priority").asText()).isEqualTo("media");
        // 003 §4.2.1: Acceso Remoto 8 h, Mesa de Servicios 2.5 h, storage 3 days (3 × 9 h), databases "depends".
        assertThat(service(catalog, "acceso-remoto").get("resolutionTarget").asText()).isEqualTo("PT8H");
        assertThat(service(catalog, "acceso-remoto").get("responseTarget").isNull()).isTrue();
        assertThat(service(catalog, "gestion-incidentes-requerimientos").get("resolutionTarget").asText()).isEqualTo("PT2H30M");
        assertThat(service(catalog, "almacenamiento-respaldo-restauracion").get("resolutionTarget").asText()).isEqualTo("PT27H");
        JsonNode databases = service(catalog, "administracion-bases-datos");
        assertThat(databases.get("resolutionTarget").isNull()).isTrue();
        assertThat(databases.get("targetNote").asText()).contains("complejidad");
        assertThat(service(catalog, "acceso-remoto").get("name").asText()).isEqualTo("Acceso Remoto");
    }

    @Test
    void anonymousCallersSeeOnlyUnrestrictedTemplates() {
        JsonNode catalog = Json.parse(platform.get(PS, "/api/v1/catalog").body());
        List<String> shown = new ArrayList<>();
        for (JsonNode s : catalog.get("services")) {
            for (JsonNode t : s.get("templates")) {
                assertThat(t.get("restricted").asBoolean()).as(t.get("key").asText()).isFalse();
                shown.add(t.get("key").asText());
            }
        }
        List<String> restricted = config("prosperidad-social").catalog().services()
                .flatMap(s -> s.templates().stream()).filter(t -> !t.unrestricted()).map(TenantConfig.Template::key).toList();
        List<String> open = config("prosperidad-social").catalog().services()
                .flatMap(s -> s.templates().stream()).filter(TenantConfig.Template::unrestricted).map(TenantConfig.Template::key).toList();
        assertThat(restricted).as("the guide restricts some services to directors and coordinators").isNotEmpty();
        assertThat(shown).containsExactlyInAnyOrderElementsOf(open).doesNotContainAnyElementsOf(restricted);
    }

    @Test
    void eachEntitySeesOnlyItsOwnCatalog() {
        JsonNode fp = Json.parse(platform.get(FP, "/api/v1/catalog").body());
        JsonNode ps = Json.parse(platform.get(PS, "/api/v1/catalog").body());
        assertThat(keys(fp.get("serviceLines"))).containsExactlyElementsOf(
                config("funcion-publica").catalog().serviceLines().stream().map(TenantConfig.ServiceLine::key).toList());
        assertThat(keys(ps.get("serviceLines"))).containsExactlyElementsOf(
                config("prosperidad-social").catalog().serviceLines().stream().map(TenantConfig.ServiceLine::key).toList());
        assertThat(keys(fp.get("services"))).contains("sigep", "suit").doesNotContain("administracion-firewall-perimetral");
        assertThat(keys(ps.get("services"))).contains("administracion-firewall-perimetral").doesNotContain("sigep", "suit");
    }

    @Test
    void funcionPublicaServicesCarryTheirPolicysTargetsAtTheDefaultPriority() {
        JsonNode fp = Json.parse(platform.get(FP, "/api/v1/catalog").body());
        TenantConfig config = config("funcion-publica");
        JsonNode acceso = service(fp, "acceso-remoto");
        assertThat(acceso.get("slaPolicy").asText()).isEqualTo("sla-ti-24-horas");
        assertThat(acceso.get("resolutionTarget").asText()).isEqualTo("PT24H");
        assertThat(fp.get("priority").asText()).isEqualTo(config.tenant().defaultPriority());
    }

    @ParameterizedTest
    @ValueSource(strings = {FP, PS})
    void templatesCarryFieldsAndRequiredAttachmentsInTheRequestLanguage(String host) {
        JsonNode en = Json.parse(platform.get(host, "/api/v1/catalog", "Accept-Language", "en").body());
        JsonNode es = Json.parse(platform.get(host, "/api/v1/catalog").body());
        assertThat(en.get("services").get(0).get("name").asText())
                .isNotEqualTo(es.get("services").get(0).get("name").asText());
    }

    @Test
    void theOpenApiDocumentDescribesTheCatalog() {
        HttpResponse<String> r = platform.get(FP, "/openapi/mesa-1.yml");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("/api/v1/catalog").contains("/api/v1/tenant")
                .contains("resolutionTarget").contains("responseTarget").contains("TemplateAttachment")
                // The tenant comes from the host, never from a parameter the document would invite clients to send.
                .doesNotContain("- name: tenant\n");
    }

    @Test
    void theApiDocumentIsServedAsYamlOnEveryHostWithoutSignIn() {
        for (String host : List.of(FP, PS, "mesa.localhost", "cualquiera.localhost")) {
            HttpResponse<String> r = platform.get(host, "/api/v1/openapi.yml");
            assertThat(r.statusCode()).as(host).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/yaml"));
            assertThat(r.body()).startsWith("openapi: 3").contains("/api/v1/catalog");
        }
    }

    @Test
    void healthIsServedOnAnyHostForProbes() {
        assertThat(platform.get("10.0.0.7", "/health/readiness").statusCode()).isEqualTo(200);
        assertThat(platform.get("10.0.0.7", "/health/liveness").statusCode()).isEqualTo(200);
    }

    private static TenantConfig config(String slug) {
        return platform.bean(TenantRegistry.class).bySlug(slug).orElseThrow().config();
    }

    private static JsonNode service(JsonNode catalog, String key) {
        for (JsonNode s : catalog.get("services")) {
            if (s.get("key").asText().equals(key)) {
                return s;
            }
        }
        throw new AssertionError("no service " + key + " in " + keys(catalog.get("services")));
    }

    private static List<String> keys(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.get("key").asText()).toList();
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
