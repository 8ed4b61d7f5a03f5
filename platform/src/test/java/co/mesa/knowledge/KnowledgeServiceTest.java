package co.mesa.knowledge;

import co.mesa.identity.Roles;
import co.mesa.shared.ProblemException;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.MesaPlatform;
import co.mesa.testsupport.NeedsServices;
import io.micronaut.http.HttpStatus;
import io.micronaut.security.authentication.Authentication;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The knowledge base against the real database: accent- and typo-tolerant Spanish search, the audience rules,
 * the review flow with every version kept, votes once per person, "Esto resolvió mi problema" counts, stored
 * XSS made inert, the launch content imported once, and one entity never reading or changing another's.
 */
@NeedsServices
class KnowledgeServiceTest {

    static KnowledgeService kb;
    static KnowledgeImport importer;
    static TenantContext fp;
    static TenantContext ps;
    static Authentication fpAgent;
    static Authentication fpReviewer;
    static Authentication fpRequester;
    static Authentication fpHead;
    static Authentication psAgent;
    static Authentication psReviewer;
    static String suffix;

    @BeforeAll
    static void setUp() {
        MesaPlatform platform = MesaPlatform.get();
        kb = platform.bean(KnowledgeService.class);
        importer = platform.bean(KnowledgeImport.class);
        TenantRegistry registry = platform.bean(TenantRegistry.class);
        fp = registry.bySlug("funcion-publica").orElseThrow();
        ps = registry.bySlug("prosperidad-social").orElseThrow();
        suffix = letters(8);
        fpAgent = person("kb-agente-" + suffix, List.of("mesa-servicio-primer-nivel"), Roles.REQUESTER, Roles.AGENT);
        fpReviewer = person("kb-revisora-" + suffix, List.of(), Roles.REQUESTER, Roles.SUPERVISOR);
        fpRequester = person("kb-solicitante-" + suffix, List.of(), Roles.REQUESTER);
        fpHead = person("kb-jefe-" + suffix, List.of("jefes-area"), Roles.REQUESTER);
        psAgent = person("kb-agente-" + suffix, List.of(), Roles.REQUESTER, Roles.AGENT);
        psReviewer = person("kb-revisor-" + suffix, List.of(), Roles.REQUESTER, Roles.SUPERVISOR);
    }

    static Authentication person(String username, List<String> groups, String... roles) {
        return Authentication.build(UUID.randomUUID().toString(), List.of(roles), Map.of("preferred_username", username,
                "name", "Prueba " + username, "mesaGroups", groups, "email", username + "@kb.example.invalid"));
    }

    /** A word no article has, in letters only (the query's words are letters and digits). */
    static String letters(int n) {
        Random r = new Random();
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append((char) ('a' + r.nextInt(26)));
        }
        return s.toString();
    }

    static Article.Draft draft(String title, String body, Article.Audience audience, List<String> groups, String... services) {
        return new Article.Draft(title, "Resumen de " + title, body, List.of(), List.of(services), List.of(), audience, groups);
    }

    static Article publish(TenantContext t, Authentication author, Authentication reviewer, Article.Draft d) {
        Article a = kb.create(t, author, d);
        a = kb.transition(t, author, a.id(), a.version(), Article.ArticleState.REVIEW, null);
        return kb.transition(t, reviewer, a.id(), a.version(), Article.ArticleState.PUBLISHED, null);
    }

    static List<UUID> found(TenantContext t, Reader reader, String q) {
        return kb.search(t, reader, q, null, false, 50, null).items().stream().map(Article.Hit::id).toList();
    }

    static Reader reader(Authentication auth) {
        return Reader.of(auth, List.of());
    }

    // ---- search ----------------------------------------------------------------------------------

    @Test
    void aTypoEquallyNearToTwoWordsFindsTheArticlesOfBoth() {
        // "impresroa" is as near to "impresion" as to "impresora" (trigram similarity 0.43 each): the search must not
        // depend on which of the two some other article happened to bring into the entity's words.
        String tag = letters(10);
        Article queue = publish(fp, fpAgent, fpReviewer, draft("Reiniciar la cola de impresión " + tag,
                "La impresión se detiene. " + tag, Article.Audience.STAFF, List.of()));
        Article printer = publish(fp, fpAgent, fpReviewer, draft("La impresora del piso " + tag,
                "Revise el papel. " + tag, Article.Audience.PUBLIC, List.of()));
        assertThat(found(fp, Reader.ANONYMOUS, "impresroa " + tag)).containsExactly(printer.id());
        Reader staff = Reader.of(person("kb-lector-" + tag, List.of(), Roles.REQUESTER), List.of());
        assertThat(found(fp, staff, "impresroa " + tag)).containsExactlyInAnyOrder(printer.id(), queue.id());
    }

    @Test
    void accentsAndSmallTyposStillFindTheArticleRankedAndHighlighted() {
        String tag = letters(10);
        Article password = publish(fp, fpAgent, fpReviewer, draft("Cambiar la contraseña del correo " + tag,
                "Para cambiar su contraseña abra la configuración de la cuenta. " + tag, Article.Audience.PUBLIC, List.of()));
        Article printer = publish(fp, fpAgent, fpReviewer, draft("La impresora no imprime " + tag,
                "Revise que la impresora tenga papel y tóner. " + tag, Article.Audience.PUBLIC, List.of()));

        assertThat(found(fp, Reader.ANONYMOUS, "contrasena " + tag)).containsExactly(password.id());
        assertThat(found(fp, Reader.ANONYMOUS, "CONTRASEÑA " + tag)).containsExactly(password.id());
        assertThat(found(fp, Reader.ANONYMOUS, "contrasela " + tag)).containsExactly(password.id());
        assertThat(found(fp, Reader.ANONYMOUS, "impresroa " + tag)).containsExactly(printer.id());
        assertThat(found(fp, Reader.ANONYMOUS, "impresoras " + tag)).containsExactly(printer.id());
        // Both match the tag; the one whose title holds the other word ranks first.
        assertThat(kb.search(fp, Reader.ANONYMOUS, "impresora " + tag, null, true, 10, null).items())
                .extracting(Article.Hit::id).startsWith(printer.id()).contains(password.id());
        Article.Hit hit = kb.search(fp, Reader.ANONYMOUS, "contrasena " + tag, null, false, 10, null).items().get(0);
        assertThat(hit.titleHtml()).contains("<mark>contraseña</mark>");
        // Nothing close: nothing found (no article is "corrected" into a match).
        assertThat(found(fp, Reader.ANONYMOUS, "zzzzqqqq " + tag)).isEmpty();
    }

    @Test
    void withoutWordsTheReadableArticlesComeNewestFirstInPagesWithACursor() {
        String tag = letters(10);
        Article first = publish(fp, fpAgent, fpReviewer, draft("Primero " + tag, "Cuerpo " + tag, Article.Audience.PUBLIC, List.of(), "eventos-institucionales"));
        Article second = publish(fp, fpAgent, fpReviewer, draft("Segundo " + tag, "Cuerpo " + tag, Article.Audience.PUBLIC, List.of(),
                "eventos-institucionales"));
        // Other tests publish too: the service no launch article names keeps this list to ours.
        Article.HitPage page = kb.search(fp, Reader.ANONYMOUS, null, "eventos-institucionales", false, 1, null);
        assertThat(page.items()).extracting(Article.Hit::id).containsExactly(second.id());
        assertThat(page.next()).isNotNull();
        assertThat(kb.search(fp, Reader.ANONYMOUS, null, "eventos-institucionales", false, 1, page.next()).items())
                .extracting(Article.Hit::id).containsExactly(first.id());
        assertThat(kb.search(fp, Reader.ANONYMOUS, tag, "eventos-institucionales", false, 10, null).items()).hasSize(2);
        assertThat(kb.search(fp, Reader.ANONYMOUS, tag, "suit", false, 10, null).items()).isEmpty();
        assertThatThrownBy(() -> kb.search(fp, Reader.ANONYMOUS, null, null, false, 1, "forjado"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat((Object) e.status()).isEqualTo(HttpStatus.BAD_REQUEST));
    }

    // ---- audiences -------------------------------------------------------------------------------

    @Test
    void eachReaderSeesExactlyTheAudiencesMeantForThem() {
        String tag = letters(10);
        Article pub = publish(fp, fpAgent, fpReviewer, draft("Público " + tag, tag, Article.Audience.PUBLIC, List.of()));
        Article staff = publish(fp, fpAgent, fpReviewer, draft("Personal " + tag, tag, Article.Audience.STAFF, List.of()));
        Article agents = publish(fp, fpAgent, fpReviewer, draft("Agentes " + tag, tag, Article.Audience.AGENTS, List.of()));
        Article heads = publish(fp, fpAgent, fpReviewer, draft("Jefes " + tag, tag, Article.Audience.STAFF, List.of("jefes-area")));
        Article draftOnly = kb.create(fp, fpAgent, draft("Borrador " + tag, tag, Article.Audience.PUBLIC, List.of()));

        assertThat(found(fp, Reader.ANONYMOUS, tag)).containsExactlyInAnyOrder(pub.id());
        assertThat(found(fp, reader(fpRequester), tag)).containsExactlyInAnyOrder(pub.id(), staff.id());
        assertThat(found(fp, reader(fpHead), tag)).containsExactlyInAnyOrder(pub.id(), staff.id(), heads.id());
        assertThat(found(fp, reader(fpAgent), tag)).containsExactlyInAnyOrder(pub.id(), staff.id(), agents.id(), heads.id());
        // One by one, the same rules.
        assertThat(kb.read(fp, Reader.ANONYMOUS, staff.id())).isEmpty();
        assertThat(kb.read(fp, reader(fpRequester), agents.id())).isEmpty();
        assertThat(kb.read(fp, reader(fpRequester), heads.id())).isEmpty();
        assertThat(kb.read(fp, reader(fpHead), heads.id())).isPresent();
        assertThat(kb.read(fp, reader(fpAgent), draftOnly.id())).as("a draft is nobody's reading").isEmpty();
        assertThat(kb.forAuthors(fp, fpAgent, draftOnly.id())).isPresent();
        assertThatThrownBy(() -> kb.forAuthors(fp, fpRequester, draftOnly.id())).isInstanceOf(ProblemException.class);
    }

    // ---- life cycle --------------------------------------------------------------------------------

    @Test
    void theReviewFlowKeepsEveryVersionWithWhoAndWhen() {
        String tag = letters(10);
        Article a = kb.create(fp, fpAgent, draft("Versión uno " + tag, "Línea uno\nLínea dos", Article.Audience.PUBLIC, List.of()));
        a = kb.edit(fp, fpAgent, a.id(), a.version(), draft("Versión dos " + tag, "Línea uno\nLínea dos cambiada", Article.Audience.PUBLIC, List.of()));
        Article stale = a;
        assertThatThrownBy(() -> kb.edit(fp, fpAgent, stale.id(), stale.version() - 1, stale.draft()))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat((Object) e.status()).isEqualTo(HttpStatus.CONFLICT));
        a = kb.transition(fp, fpAgent, a.id(), a.version(), Article.ArticleState.REVIEW, null);
        Article inReview = a;
        assertThatThrownBy(() -> kb.transition(fp, fpAgent, inReview.id(), inReview.version(), Article.ArticleState.PUBLISHED, null))
                .as("an agent does not publish").isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat((Object) e.status()).isEqualTo(HttpStatus.FORBIDDEN));
        assertThatThrownBy(() -> kb.edit(fp, fpAgent, inReview.id(), inReview.version(), inReview.draft()))
                .as("in review, only reviewers edit").isInstanceOf(ProblemException.class);
        assertThat(kb.read(fp, reader(fpRequester), a.id())).isEmpty();
        a = kb.transition(fp, fpReviewer, a.id(), a.version(), Article.ArticleState.DRAFT, "Falta el paso final");
        a = kb.edit(fp, fpAgent, a.id(), a.version(), draft("Versión tres " + tag, "Línea uno\nLínea dos cambiada\nPaso final",
                Article.Audience.PUBLIC, List.of()));
        a = kb.transition(fp, fpAgent, a.id(), a.version(), Article.ArticleState.REVIEW, null);
        a = kb.transition(fp, fpReviewer, a.id(), a.version(), Article.ArticleState.PUBLISHED, null);
        assertThat(kb.read(fp, reader(fpRequester), a.id())).isPresent();
        Article published = a;
        assertThatThrownBy(() -> kb.transition(fp, fpReviewer, published.id(), published.version(), Article.ArticleState.REVIEW, null))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat((Object) e.status()).isEqualTo(HttpStatus.CONFLICT));
        a = kb.transition(fp, fpReviewer, a.id(), a.version(), Article.ArticleState.ARCHIVED, null);
        assertThat(kb.read(fp, reader(fpRequester), a.id())).isEmpty();

        List<Article.Version> versions = kb.versions(fp, fpAgent, a.id());
        assertThat(versions).extracting(Article.Version::version).containsExactly(8, 7, 6, 5, 4, 3, 2, 1);
        assertThat(versions).extracting(v -> v.state().key()).containsExactly(
                "archived", "published", "review", "draft", "draft", "review", "draft", "draft");
        assertThat(versions.get(4).note()).isEqualTo("Falta el paso final");
        assertThat(versions.get(4).actorName()).isEqualTo("Prueba kb-revisora-" + suffix);
        assertThat(versions.get(7).actorName()).isEqualTo("Prueba kb-agente-" + suffix);
        assertThat(versions.get(7).content().title()).isEqualTo("Versión uno " + tag);
        assertThat(versions).allSatisfy(v -> assertThat(v.at()).isNotNull());

        List<ArticleDiff.Line> diff = ArticleDiff.body(versions.get(7).content().body(), versions.get(0).content().body());
        assertThat(diff).extracting(l -> l.kind() + " " + l.text()).containsExactly(
                "SAME Línea uno", "REMOVED Línea dos", "ADDED Línea dos cambiada", "ADDED Paso final");
    }

    // ---- votes and "resolved my problem" -----------------------------------------------------------

    @Test
    void eachPersonAnswersOnceAndResolvedProblemsAreCounted() {
        Article a = publish(fp, fpAgent, fpReviewer, draft("Votos " + letters(8), "Cuerpo", Article.Audience.STAFF, List.of()));
        assertThat(kb.vote(fp, fpRequester, a.id(), true)).isTrue();
        assertThat(kb.vote(fp, fpRequester, a.id(), false)).as("a second answer is not counted").isFalse();
        assertThat(kb.vote(fp, fpHead, a.id(), false)).isTrue();
        assertThat(kb.voted(fp, fpRequester, a.id())).isTrue();
        kb.resolvedMyProblem(fp, fpRequester, a.id(), "restablecer-contrasena");
        kb.resolvedMyProblem(fp, fpHead, a.id(), null);
        assertThat(kb.counts(fp, a.id())).isEqualTo(new Article.Counts(1, 1, 2, 0));
    }

    // ---- stored XSS ------------------------------------------------------------------------------

    @Test
    void scriptInTitlesAndBodiesIsRenderedInert() {
        String tag = letters(10);
        Article a = publish(fp, fpAgent, fpReviewer, draft("<script>alert('t')</script> " + tag,
                "Hola <script>alert(1)</script> <img src=x onerror=alert(2)>\n\n[clic](javascript:alert(3)) "
                        + "<a href=\"https://x\" onclick=\"alert(4)\">a</a>\n\n![i](javascript:alert(5))\n\n**negrita** " + tag,
                Article.Audience.PUBLIC, List.of()));
        String html = Markdown.html(a.body());
        // Raw HTML is text, not markup: no script element, no event handler attribute, no javascript: target.
        org.jsoup.nodes.Document doc = org.jsoup.Jsoup.parseBodyFragment(html);
        assertThat(doc.select("script, iframe, style, object")).isEmpty();
        assertThat(doc.getAllElements()).allSatisfy(el -> el.attributes().forEach(at -> {
            assertThat(at.getKey()).doesNotStartWith("on");
            assertThat(at.getValue().toLowerCase()).doesNotContain("javascript:");
        }));
        assertThat(doc.select("a[href=https://x]")).isEmpty();
        assertThat(html).doesNotContain("<script").contains("&lt;script&gt;").contains("<strong>negrita</strong>");
        Article.Hit hit = kb.search(fp, Reader.ANONYMOUS, tag, null, false, 5, null).items().get(0);
        assertThat(hit.titleHtml()).doesNotContain("<script").contains("&lt;script&gt;");
        assertThat(hit.snippetHtml()).doesNotContain("<script");
    }

    // ---- launch content ----------------------------------------------------------------------------

    @Test
    void launchContentIsImportedOnceAndAnArticleEditedInTheProductIsNotOverwritten(@TempDir Path root) throws IOException {
        // The real folders: every launch entity has its public articles, and a second run changes nothing.
        Path real = MesaPlatform.repoRoot().resolve("tenant-config");
        importer.importAll(real);
        List<KnowledgeImport.Report> again = importer.importAll(real);
        assertThat(again).extracting(KnowledgeImport.Report::slug).contains("funcion-publica", "prosperidad-social");
        assertThat(again).allSatisfy(r -> assertThat(r.files()).isNotEmpty()
                .allSatisfy(f -> assertThat(f.outcome()).isEqualTo(KnowledgeImport.Outcome.UNCHANGED)));
        assertThat(kb.search(ps, Reader.ANONYMOUS, "F-DE-10", null, false, 5, null).items()).isNotEmpty();
        assertThat(kb.search(fp, Reader.ANONYMOUS, "radicar solicitud", null, false, 5, null).items()).isNotEmpty();

        // One file of our own, through its life.
        Path folder = root.resolve("funcion-publica");
        Files.createDirectories(folder.resolve("kb"));
        String name = "prueba-" + letters(8) + ".md";
        Path file = folder.resolve("kb").resolve(name);
        Files.writeString(file, "---\ntitle: Primera " + suffix + "\nsummary: S\naudience: public\n---\nUno\n");
        KnowledgeImport.FileReport created = importer.importFolder(fp, folder).files().get(0);
        assertThat(created.outcome()).isEqualTo(KnowledgeImport.Outcome.CREATED);
        assertThat(importer.importFolder(fp, folder).files().get(0).outcome()).isEqualTo(KnowledgeImport.Outcome.UNCHANGED);
        Files.writeString(file, "---\ntitle: Segunda " + suffix + "\nsummary: S\naudience: public\n---\nDos\n");
        assertThat(importer.importFolder(fp, folder).files().get(0).outcome()).isEqualTo(KnowledgeImport.Outcome.UPDATED);
        Article a = kb.read(fp, Reader.ANONYMOUS, created.articleId()).orElseThrow();
        assertThat(a.title()).isEqualTo("Segunda " + suffix);
        kb.edit(fp, fpReviewer, a.id(), a.version(), draft("Editada en el producto " + suffix, "Tres", Article.Audience.PUBLIC, List.of()));
        Files.writeString(file, "---\ntitle: Tercera " + suffix + "\nsummary: S\naudience: public\n---\nCuatro\n");
        assertThat(importer.importFolder(fp, folder).files().get(0).outcome())
                .isEqualTo(KnowledgeImport.Outcome.KEPT_EDITED_IN_PRODUCT);
        assertThat(kb.read(fp, Reader.ANONYMOUS, a.id()).orElseThrow().title()).isEqualTo("Editada en el producto " + suffix);
    }

    // ---- isolation ---------------------------------------------------------------------------------

    @Test
    void oneEntityNeverReadsNorChangesAnothersArticles() {
        String tag = letters(10);
        Article mine = publish(fp, fpAgent, fpReviewer, draft("Solo de Función Pública " + tag, tag, Article.Audience.PUBLIC, List.of()));
        assertThat(found(ps, Reader.ANONYMOUS, tag)).isEmpty();
        assertThat(found(ps, reader(psAgent), tag)).isEmpty();
        assertThat(kb.read(ps, Reader.ANONYMOUS, mine.id())).isEmpty();
        assertThatThrownBy(() -> kb.forAuthors(ps, psAgent, mine.id()).orElseThrow(KnowledgeProblems::notFound))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat((Object) e.status()).isEqualTo(HttpStatus.NOT_FOUND));
        assertThatThrownBy(() -> kb.edit(ps, psReviewer, mine.id(), mine.version(), mine.draft()))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat((Object) e.status()).isEqualTo(HttpStatus.NOT_FOUND));
        assertThatThrownBy(() -> kb.transition(ps, psReviewer, mine.id(), mine.version(), Article.ArticleState.ARCHIVED, null))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat((Object) e.status()).isEqualTo(HttpStatus.NOT_FOUND));
        assertThatThrownBy(() -> kb.vote(ps, psAgent, mine.id(), true))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat((Object) e.status()).isEqualTo(HttpStatus.NOT_FOUND));
        assertThat(kb.versions(ps, psAgent, mine.id())).isEmpty();
        assertThat(kb.read(fp, Reader.ANONYMOUS, mine.id()).orElseThrow().version()).isEqualTo(mine.version());
        assertThat(kb.counts(fp, mine.id())).isEqualTo(new Article.Counts(0, 0, 0, 0));
    }
}
