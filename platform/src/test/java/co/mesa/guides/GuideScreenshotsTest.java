package co.mesa.guides;

import co.mesa.tenantconfig.TenantConfig;
import co.mesa.tenantconfig.TenantConfigValidator;
import co.mesa.tenantconfig.TenantFolders;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guides (docs/guias/, issue 22) against what produces their pictures and what points into them, without
 * services: every screenshot a guide shows is in docs/guias/img/ and is one a browser test takes
 * ({@code TestBrowser.assertAccessible} or {@code screenshot}, names read from the tests' sources), no
 * picture is left there that no guide uses, both languages of a guide have the same sections, and the
 * launch entities' notes name sections that exist.
 */
class GuideScreenshotsTest {

    static final Path GUIDES = Path.of("..", "docs", "guias");
    static final Pattern IMAGE = Pattern.compile("!\\[[^]]*]\\((?:\\.\\./)?img/([A-Za-z0-9._-]+\\.png)\\)");
    static final Pattern SHOT = Pattern.compile("(?:assertAccessible|screenshot)\\(\\s*\\w+\\s*,\\s*([^;]+?)\\);");
    static final Guides guides = new Guides();

    static List<Path> markdown() throws IOException {
        try (Stream<Path> files = Stream.concat(Files.list(GUIDES), Files.list(GUIDES.resolve("en")))) {
            return files.filter(f -> f.toString().endsWith(".md")).sorted().toList();
        }
    }

    static Set<String> referenced() throws IOException {
        Set<String> out = new TreeSet<>();
        for (Path md : markdown()) {
            Matcher m = IMAGE.matcher(Files.readString(md));
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /**
     * What the browser tests name their screenshots, as patterns: string literals stay, anything computed
     * ({@code slug}, {@code FP}, {@code lang}, {@code tab[0]}) may be any lowercase name part.
     */
    static List<Pattern> produced() throws IOException {
        List<Pattern> out = new ArrayList<>();
        try (Stream<Path> sources = Files.walk(Path.of("src", "test", "java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith("BrowserTest.java")).toList()) {
                Matcher m = SHOT.matcher(Files.readString(source));
                while (m.find()) {
                    StringBuilder regex = new StringBuilder();
                    for (String part : m.group(1).split("\\+")) {
                        String p = part.strip();
                        regex.append(p.startsWith("\"") && p.endsWith("\"") ? Pattern.quote(p.substring(1, p.length() - 1))
                                : "[a-z0-9-]+");
                    }
                    out.add(Pattern.compile(regex + "\\.png"));
                }
            }
        }
        return out;
    }

    @Test
    void everyPictureAGuideShowsIsThereAndIsOneABrowserTestTakes() throws IOException {
        Set<String> referenced = referenced();
        assertThat(referenced).as("the guides show screenshots").hasSizeGreaterThan(10);
        List<Pattern> produced = produced();
        assertThat(produced).as("screenshots the browser tests take").hasSizeGreaterThan(30);
        List<String> missing = referenced.stream().filter(n -> !Files.isRegularFile(GUIDES.resolve("img").resolve(n))).toList();
        assertThat(missing).as("referenced but not in docs/guias/img/ (run bash .ci/guide-shots)").isEmpty();
        List<String> orphans = referenced.stream().filter(n -> produced.stream().noneMatch(p -> p.matcher(n).matches())).toList();
        assertThat(orphans).as("referenced but taken by no browser test").isEmpty();
        try (Stream<Path> files = Files.list(GUIDES.resolve("img"))) {
            List<String> stale = files.map(f -> f.getFileName().toString()).filter(n -> !referenced.contains(n)).toList();
            assertThat(stale).as("in docs/guias/img/ but used by no guide (run bash .ci/guide-shots)").isEmpty();
        }
    }

    @Test
    void aNameNoTestTakesIsCaught() throws IOException {
        List<Pattern> produced = produced();
        assertThat(produced.stream().anyMatch(p -> p.matcher("funcion-publica-consola-inicio.png").matches())).isTrue();
        assertThat(produced.stream().anyMatch(p -> p.matcher("funcion-publica-consola-no-existe.png").matches())).isFalse();
    }

    @Test
    void bothLanguagesOfEveryGuideHaveTheSameSectionsAndATitle() {
        for (Guide g : Guide.values()) {
            Guides.Document es = guides.document(g, Locale.forLanguageTag("es-CO"));
            Guides.Document en = guides.document(g, Locale.ENGLISH);
            assertThat(es.title()).as(g.id()).isNotBlank().isNotEqualTo(en.title());
            assertThat(es.sections()).as(g.id()).hasSizeGreaterThanOrEqualTo(4);
            assertThat(en.sections().stream().map(Guides.Section::id).toList()).as(g.id())
                    .isEqualTo(es.sections().stream().map(Guides.Section::id).toList());
        }
    }

    @Test
    void theLaunchEntitiesNotesNameSectionsThatExist() throws IOException {
        List<String> wrong = new ArrayList<>();
        int notes = 0;
        for (Path folder : TenantFolders.list(Path.of("..", "tenant-config"))) {
            TenantConfig config = new TenantConfigValidator().validate(TenantFolders.read(folder).bundle());
            for (var byGuide : config.settings().guideNotes().entrySet()) {
                Guide guide = Guide.byId(byGuide.getKey()).orElseThrow();
                for (String section : byGuide.getValue().keySet()) {
                    notes++;
                    if (!guides.document(guide, Locale.forLanguageTag("es-CO")).has(section)) {
                        wrong.add(folder.getFileName() + ": " + guide.id() + "#" + section);
                    }
                }
            }
        }
        assertThat(notes).isGreaterThanOrEqualTo(4);
        assertThat(wrong).as("notes of sections no guide has").isEmpty();
    }

    @Test
    void aNoteIsMarkdownWithoutRawHtml() {
        String html = guides.note("**Correcta** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=y>");
        // Raw HTML stays visible text (escaped), never markup; the unsafe link loses its target.
        assertThat(html).contains("<strong>Correcta</strong>").doesNotContain("<script").contains("&lt;script&gt;")
                .doesNotContain("javascript:").doesNotContain("<img").contains("&lt;img");
    }

    static Set<String> ids(Guide g) {
        return guides.document(g, Locale.forLanguageTag("es-CO")).sections().stream().map(Guides.Section::id)
                .collect(Collectors.toSet());
    }
}
