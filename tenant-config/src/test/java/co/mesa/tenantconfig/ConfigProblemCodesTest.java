package co.mesa.tenantconfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static co.mesa.tenantconfig.FixturesTest.MINIMAL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Problems carry a code, its arguments and the path of the value they concern (issue 21), so that the
 * admin pages can say each in the reader's language next to the input it came from.
 */
class ConfigProblemCodesTest {

    static List<ConfigProblem> problemsAfter(ConfigKind kind, Consumer<ObjectNode> edit) throws java.io.IOException {
        TenantBundle minimal = TenantFolders.read(MINIMAL).bundle();
        Map<ConfigKind, JsonNode> documents = new EnumMap<>(minimal.documents());
        ObjectNode doc = documents.get(kind).deepCopy();
        edit.accept(doc);
        documents.put(kind, doc);
        return SemanticChecksTest.VALIDATOR.check(new TenantBundle(minimal.slug(), documents)).problems();
    }

    @Test
    void aSchemaLimitNamesItsKeywordAndTheLimit() throws java.io.IOException {
        List<ConfigProblem> problems = problemsAfter(ConfigKind.SLA_POLICIES, sla -> sla.put("warningPercent", 100));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("/warningPercent");
            assertThat(p.code()).isEqualTo("schema.maximum");
            assertThat(p.args()).contains("99");
        });
    }

    @Test
    void aDateOfTheRightShapeThatIsNoDayIsUnreadableAtItsOwnPath() throws java.io.IOException {
        List<ConfigProblem> problems = problemsAfter(ConfigKind.CALENDARS, cal -> ((ObjectNode) cal.path("calendars").get(0))
                .putArray("extraClosedDays").add("2031-01-02").add("2031-02-30"));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("/calendars/0/extraClosedDays/1");
            assertThat(p.code()).isEqualTo("unreadable");
            assertThat(p.args()).containsExactly("2031-02-30");
        });
    }

    @Test
    void aKeyUsedTwiceAndAnUnknownOneNameTheKey() throws java.io.IOException {
        List<ConfigProblem> problems = problemsAfter(ConfigKind.CATALOG, catalog -> {
            ObjectNode template = (ObjectNode) catalog.path("serviceLines").get(0).path("services").get(0).path("templates").get(0);
            ArrayNode fields = template.has("fields") ? (ArrayNode) template.get("fields") : template.putArray("fields");
            fields.addObject().put("key", "repetido").put("type", "text").put("required", false).putObject("label").put("es-CO", "Uno");
            fields.addObject().put("key", "repetido").put("type", "text").put("required", false).putObject("label").put("es-CO", "Dos");
            template.put("category", "no-existe");
        });
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo("/serviceLines/0/services/0/templates/0/fields");
            assertThat(p.code()).isEqualTo("duplicate");
            assertThat(p.args()).containsExactly("repetido");
        });
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo("/serviceLines/0/services/0/templates/0/category");
            assertThat(p.code()).isEqualTo("unknown");
            assertThat(p.args()).containsExactly("category", "no-existe");
        });
    }
}
