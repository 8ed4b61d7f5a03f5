package co.mesa.tenantconfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kestra-style fixtures: {@code fixtures/valid/minimal} is a complete tenant; each folder of
 * {@code fixtures/invalid/} replaces (or removes, via remove.txt) files of it to make one defect,
 * and {@code expected.txt} lists the problems the validator must report, exactly.
 */
class FixturesTest {

    static final Path FIXTURES = Path.of("fixtures");
    static final Path MINIMAL = FIXTURES.resolve("valid/minimal");

    @Test
    void minimalFixtureIsValid() throws IOException {
        TenantFolders.ReadResult read = TenantFolders.read(MINIMAL);
        assertThat(read.problems()).isEmpty();
        TenantConfigValidator.Result result = new TenantConfigValidator().check(read.bundle());
        assertThat(result.problems()).isEmpty();
        assertThat(result.config().tenant().slug()).isEqualTo("minimal");
        assertThat(result.config().workflow().states()).hasSize(3);
    }

    @Test
    void workflowBindsListValuedFromRejectableAndActions() throws IOException {
        TenantConfig.Workflow w = new TenantConfigValidator().validate(TenantFolders.read(MINIMAL).bundle()).workflow();
        // A single value is read as a list of one.
        assertThat(w.transitions().get(0).from()).containsExactly("abierto");
        assertThat(w.transitions().get(1).from()).containsExactly("abierto", "en-proceso");
        assertThat(w.transitions().get(1).when()).isNull();
        assertThat(w.states()).extracting(TenantConfig.State::rejectable).containsExactly(true, false, false);
        assertThat(w.actions()).extracting(TenantConfig.Action::kind).containsExactly("question", "internalNote", "reject");
        TenantConfig.Action note = w.action("internalNote").orElseThrow();
        assertThat(note.states()).as("absent: any open state").isEmpty();
        assertThat(note.published()).isFalse();
        assertThat(note.requiresNote()).isTrue();
        assertThat(w.action("question").orElseThrow().published()).isTrue();
        assertThat(w.action("escalate")).isEmpty();
    }

    @Test
    void routingBindsRequesterGroupsNamedAgentAndStrategy() throws IOException {
        TenantConfig config = new TenantConfigValidator().validate(TenantFolders.read(MINIMAL).bundle());
        List<TenantConfig.Rule> rules = config.routing().rules();
        assertThat(rules).extracting(TenantConfig.Rule::key).containsExactly("correo", "jefes");
        TenantConfig.Rule correo = rules.get(0);
        assertThat(correo.when().requesterGroups()).as("absent: anyone").isEmpty();
        assertThat(correo.assignTo().strategy()).as("absent: " + TenantConfig.AssignTo.DEFAULT_STRATEGY).isNull();
        assertThat(correo.assignTo().agent()).isNull();
        TenantConfig.Rule jefes = rules.get(1);
        // Free names: a realm role and a directory group with a space and capitals, not checked as keys.
        assertThat(jefes.when().requesterGroups()).containsExactly("jefes", "Jefes de Área");
        assertThat(jefes.when().references()).doesNotContainKey("requesterGroups");
        assertThat(jefes.assignTo()).isEqualTo(new TenantConfig.AssignTo("mesa", "least-loaded", "ana.perez"));
        // An SLA condition is the same Match: without requesterGroups the list is empty.
        assertThat(config.sla().policies()).allSatisfy(p -> assertThat(p.appliesTo().requesterGroups()).isEmpty());
    }

    @Test
    void groupsBindVendor(@TempDir Path tmp) throws IOException {
        TenantConfig.Group mesa = new TenantConfigValidator().validate(TenantFolders.read(MINIMAL).bundle())
                .groups().groups().get(0);
        assertThat(mesa.vendor()).isFalse();
        assertThat(mesa.vendorName()).isNull();

        // A vendor at second level is valid and reads its company name.
        Path folder = overlay(FIXTURES.resolve("invalid/vendor-first-line"), tmp.resolve("minimal"));
        Path groups = folder.resolve("groups.yaml");
        String contractor = "    name: {es-CO: \"Contratista de soporte\"}\n    tier: ";
        assertThat(Files.readString(groups)).contains(contractor + "primer-nivel");
        Files.writeString(groups, Files.readString(groups).replace(contractor + "primer-nivel",
                contractor + "segundo-nivel"));
        TenantConfig.Groups read = new TenantConfigValidator().validate(TenantFolders.read(folder).bundle()).groups();
        assertThat(read.groups()).extracting(TenantConfig.Group::key, TenantConfig.Group::vendor)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("mesa", false),
                        org.assertj.core.groups.Tuple.tuple("fabrica", true),
                        org.assertj.core.groups.Tuple.tuple("contratista", true));
        assertThat(read.groups().get(1).vendorName().texts()).containsEntry("es-CO", "Fábrica Ejemplo S.A.S.");
    }

    @Test
    void requesterGroupsAndAgentAreCheckedByTheSchemaOnly(@TempDir Path tmp) throws IOException {
        Path folder = overlay(Files.createDirectory(tmp.resolve("no-changes")), tmp.resolve("minimal"));
        Path routing = folder.resolve("routing.yaml");
        Files.writeString(routing, Files.readString(routing)
                .replace("requesterGroups: [jefes, \"Jefes de Área\"]", "requesterGroups: [jefes, \" \", jefes]")
                .replace("agent: ana.perez", "agent: Ana Perez"));
        assertThat(problemsOf(folder)).containsExactlyInAnyOrder(
                "minimal/routing.yaml: /rules/1/when/requesterGroups: must have only unique items in the array",
                "minimal/routing.yaml: /rules/1/when/requesterGroups/1: does not match the regex pattern \\S",
                "minimal/routing.yaml: /rules/1/assignTo/agent: does not match the regex pattern ^[^\\sA-Z]+$");
    }

    @Test
    void actionKindsInCodeAreTheSchemaEnum() throws IOException {
        com.fasterxml.jackson.databind.JsonNode schema = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Path.of("schema/workflow.schema.json").toFile());
        List<String> inSchema = new ArrayList<>();
        schema.at("/properties/actions/items/properties/kind/enum").forEach(n -> inSchema.add(n.asText()));
        assertThat(inSchema).containsExactlyElementsOf(TenantConfig.Action.KINDS);
    }

    static Stream<String> invalidFixtures() throws IOException {
        try (Stream<Path> dirs = Files.list(FIXTURES.resolve("invalid"))) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFixtures")
    void invalidFixtureFailsWithItsExpectedMessage(String name, @TempDir Path tmp) throws IOException {
        Path fixture = FIXTURES.resolve("invalid").resolve(name);
        Path expectedFile = fixture.resolve("expected.txt");
        assertThat(expectedFile).as("every invalid fixture states what it expects").exists();
        List<String> expected = Files.readAllLines(expectedFile).stream().filter(l -> !l.isBlank()).toList();
        assertThat(expected).isNotEmpty();

        List<String> problems = problemsOf(overlay(fixture, tmp.resolve("minimal")));

        assertThat(problems).as(name).containsExactlyInAnyOrderElementsOf(expected);
    }

    static Path overlay(Path fixture, Path target) throws IOException {
        Files.createDirectories(target);
        try (Stream<Path> base = Files.list(MINIMAL)) {
            for (Path f : base.toList()) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
        }
        try (Stream<Path> patch = Files.list(fixture)) {
            for (Path f : patch.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Files.copy(f, target.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path remove = fixture.resolve("remove.txt");
        if (Files.exists(remove)) {
            for (String file : Files.readAllLines(remove)) {
                if (!file.isBlank()) {
                    Files.delete(target.resolve(file.trim()));
                }
            }
        }
        return target;
    }

    static List<String> problemsOf(Path folder) throws IOException {
        TenantFolders.ReadResult read = TenantFolders.read(folder);
        List<String> problems = new ArrayList<>();
        read.problems().forEach(p -> problems.add(p.toString()));
        if (read.problems().isEmpty()) {
            new TenantConfigValidator().check(read.bundle()).problems().forEach(p -> problems.add(p.toString()));
        }
        return problems;
    }

    /** Prints what each invalid fixture yields; run by hand when adding a fixture, then review and copy. */
    public static void main(String[] args) throws IOException {
        for (String name : invalidFixtures().toList()) {
            Path tmp = Files.createTempDirectory("fixture");
            System.out.println("== " + name);
            problemsOf(overlay(FIXTURES.resolve("invalid").resolve(name), tmp.resolve("minimal"))).forEach(System.out::println);
        }
    }
}
