package co.mesa.onboarding;

import co.mesa.testsupport.Json;
import co.mesa.shared.Messages;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.NeedsKeycloak;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's onboarding record in words (issue 20): each step's message from the bundles, in Spanish or in
 * English as the request asks, never the log's English; and a warning when the mail sender name does not name
 * the entity.
 */
@NeedsKeycloak
class OnboardingRecordWordsTest {

    @BeforeAll
    static void start() {
        OperatorOnboardingTest.start();
    }

    @Test
    void theRecordSpeaksTheReadersLanguageAndWarnsOfASenderNameThatIsNotTheEntitys() {
        String slug = Bundles.freshSlug("palabras");
        Map<String, byte[]> files = Bundles.files(slug);
        String settings = new String(files.get("settings.yaml"), StandardCharsets.UTF_8);
        assertThat(settings).contains("fromName: {es-CO: \"Mesa mínima\"}");
        files.put("settings.yaml", settings.replace("fromName: {es-CO: \"Mesa mínima\"}",
                "fromName: {es-CO: \"Mesa de Servicio - Otra Entidad\"}").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = OperatorOnboardingTest.post(OperatorOnboardingTest.operatorToken,
                OperatorOnboardingTest.PLATFORM_HOST, "/api/v1/operator/tenants", Bundles.zip(slug, files));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String location = r.headers().firstValue("Location").orElseThrow();

        JsonNode es = Json.parse(OperatorOnboardingTest.operatorGet(location).body());
        Map<String, JsonNode> steps = OperatorOnboardingTest.steps(es);
        assertThat(steps.get("import").get("message").asText()).startsWith("Datos de la entidad guardados")
                .contains(slug + ".localhost");
        assertThat(steps.get("realm").get("message").asText()).isEqualTo("Se creó el realm " + slug + " en Keycloak.");
        assertThat(steps.get("first-admin").get("message").asText()).startsWith("Se creó el usuario admin-" + slug);
        assertThat(steps.get("branding").get("message").asText()).startsWith("Logo image/svg+xml");
        assertThat(es.toString()).doesNotContain("provisioned").doesNotContain("created with roles");
        assertThat(es.get("warnings")).hasSize(1);
        assertThat(es.get("warnings").get(0).asText()).contains("«Mesa de Servicio - Otra Entidad»")
                .contains("no menciona a la entidad").contains("Mínima");

        HttpResponse<String> inEnglish = OperatorOnboardingTest.platform.get(OperatorOnboardingTest.PLATFORM_HOST, location,
                "Authorization", "Bearer " + OperatorOnboardingTest.operatorToken, "Accept-Language", "en");
        JsonNode en = Json.parse(inEnglish.body());
        assertThat(OperatorOnboardingTest.steps(en).get("realm").get("message").asText())
                .isEqualTo("Realm " + slug + " was created in Keycloak.");
        assertThat(en.get("warnings").get(0).asText()).contains("does not mention the entity");
    }

    @Test
    void theLaunchEntitiesSenderNamesNameThem() {
        TenantRegistry registry = OperatorOnboardingTest.platform.bean(TenantRegistry.class);
        Messages messages = OperatorOnboardingTest.platform.bean(Messages.class);
        for (String slug : new String[] {"funcion-publica", "prosperidad-social"}) {
            assertThat(StepText.warnings(messages, Locale.forLanguageTag("es-CO"),
                    registry.bySlug(slug).orElseThrow().config())).as(slug).isEmpty();
        }
    }
}
