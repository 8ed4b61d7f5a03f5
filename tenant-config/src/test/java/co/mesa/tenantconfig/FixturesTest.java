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
