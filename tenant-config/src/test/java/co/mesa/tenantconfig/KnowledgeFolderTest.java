package co.mesa.tenantconfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The launch knowledge bases validate (five public articles at least, no personal data) and bad files are refused. */
class KnowledgeFolderTest {

    static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+\\.[\\w.]+");
    static final Pattern MOBILE = Pattern.compile("\\b3\\d{9}\\b");

    static TenantConfig config(String slug) throws IOException {
        return new TenantConfigValidator().validate(TenantFolders.read(Path.of(slug)).bundle());
    }

    @ParameterizedTest
    @ValueSource(strings = {"funcion-publica", "prosperidad-social"})
    void launchEntitiesShipFivePublicArticlesWithoutPersonalData(String slug) throws IOException {
        KnowledgeFolder.ReadResult read = KnowledgeFolder.read(Path.of(slug), config(slug));
        assertThat(read.problems()).isEmpty();
        assertThat(read.entries()).filteredOn(e -> e.audience().equals("public")).hasSizeGreaterThanOrEqualTo(5);
        for (KnowledgeFolder.Entry e : read.entries()) {
            String all = e.title() + " " + e.summary() + " " + e.body();
            assertThat(EMAIL.matcher(all).find()).as(e.file() + " holds an e-mail address").isFalse();
            assertThat(MOBILE.matcher(all).find()).as(e.file() + " holds a mobile number").isFalse();
            assertThat(all).as(e.file()).doesNotContain("Pepito", "Edwin");
        }
    }

    @Test
    void badFilesAreRefusedWithWhereAndWhat(@TempDir Path root) throws IOException {
        Path folder = root.resolve("funcion-publica");
        Files.createDirectories(folder.resolve("kb"));
        Files.writeString(folder.resolve("kb/sin-cabecera.md"), "Solo texto");
        Files.writeString(folder.resolve("kb/servicio-inexistente.md"),
                "---\ntitle: T\nsummary: S\naudience: public\nservices: [no-existe]\n---\nCuerpo\n");
        Files.writeString(folder.resolve("kb/audiencia-mala.md"),
                "---\ntitle: T\nsummary: S\naudience: todos\nautor: alguien\n---\nCuerpo\n");
        Files.writeString(folder.resolve("kb/Mayusculas.md"), "---\ntitle: T\nsummary: S\naudience: public\n---\nCuerpo\n");
        Files.writeString(folder.resolve("kb/bien.md"), "---\ntitle: T\nsummary: S\naudience: public\n---\nCuerpo\n");
        KnowledgeFolder.ReadResult read = KnowledgeFolder.read(folder, config("funcion-publica"));
        assertThat(read.problems()).extracting(Object::toString).containsExactlyInAnyOrder(
                "funcion-publica/kb/Mayusculas.md: /: unknown file: expected <lower-case-name>.md",
                "funcion-publica/kb/audiencia-mala.md: /autor: unknown field: expected one of " + KnowledgeFolder.FIELDS,
                "funcion-publica/kb/audiencia-mala.md: /audience: must be one of " + KnowledgeFolder.AUDIENCES,
                "funcion-publica/kb/servicio-inexistente.md: /services/0: unknown service 'no-existe'",
                "funcion-publica/kb/sin-cabecera.md: /: must start with a front matter between '---' lines");
        assertThat(read.entries()).extracting(KnowledgeFolder.Entry::file).containsExactly("bien.md");
    }
}
