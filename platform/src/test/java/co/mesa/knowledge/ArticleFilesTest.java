package co.mesa.knowledge;

import co.mesa.identity.Roles;
import co.mesa.identity.SessionCookieAuthenticationFetcher;
import co.mesa.shared.ProblemException;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.Json;
import co.mesa.testsupport.MesaPlatform;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestSessions;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.security.authentication.Authentication;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;

import static co.mesa.testsupport.CaseApi.FP;
import static co.mesa.testsupport.CaseApi.PS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Images and files of articles (issue 25): added on the console's editor within the entity's limits (a
 * refused file leaves nothing stored and says why next to the field), shown inline when they are raster
 * images, read with the article's audience rules (an agents-only article's file is as unknown to a
 * requester or a visitor as another entity's), and removed. Tenant administrators reach the editor too.
 */
@NeedsKeycloak
public class ArticleFilesTest {

    static final String COOKIE = SessionCookieAuthenticationFetcher.COOKIE;
    static MesaPlatform platform;
    static CaseApi api;
    static KnowledgeService kb;
    static ArticleFiles files;
    static TenantContext fp;
    static TenantContext ps;
    static String tag;
    static Authentication author;
    static Article pub;
    static Article agentsOnly;
    static Article draft;

    @BeforeAll
    static void articles() {
        platform = MesaPlatform.withKeycloak();
        api = new CaseApi();
        kb = platform.bean(KnowledgeService.class);
        files = platform.bean(ArticleFiles.class);
        TenantRegistry registry = platform.bean(TenantRegistry.class);
        fp = registry.bySlug("funcion-publica").orElseThrow();
        ps = registry.bySlug("prosperidad-social").orElseThrow();
        tag = KnowledgeServiceTest.letters(10);
        author = KnowledgeServiceTest.person("kbf-autor-" + tag, List.of(), Roles.AGENT);
        Authentication reviewer = KnowledgeServiceTest.person("kbf-revisor-" + tag, List.of(), Roles.SUPERVISOR);
        pub = publish(reviewer, "Cambiar el fondo de pantalla " + tag, Article.Audience.PUBLIC);
        agentsOnly = publish(reviewer, "Reinstalar el agente de inventario " + tag, Article.Audience.AGENTS);
        draft = kb.create(fp, author, KnowledgeServiceTest.draft("Borrador con imagen " + tag, "Cuerpo", Article.Audience.PUBLIC,
                List.of()));
    }

    static Article publish(Authentication reviewer, String title, Article.Audience audience) {
        Article a = kb.create(fp, author, KnowledgeServiceTest.draft(title, "Pasos de " + title, audience, List.of()));
        a = kb.transition(fp, author, a.id(), a.version(), Article.ArticleState.REVIEW, null);
        return kb.transition(fp, reviewer, a.id(), a.version(), Article.ArticleState.PUBLISHED, null);
    }

    public static byte[] png(String text) {
        BufferedImage image = new BufferedImage(40 + text.length(), 20, BufferedImage.TYPE_INT_RGB);
        image.getGraphics().drawString(text, 2, 14);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The editor's file form as a browser posts it: multipart, the page's CSRF token, one file. */
    static HttpResponse<String> upload(String host, String cookie, UUID article, String name, String type, byte[] content) {
        String csrf = Json.parse(platform.get(host, "/auth/session", "Cookie", COOKIE + "=" + cookie).body()).get("csrf").asText();
        String boundary = "----mesa" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + csrf + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name + "\"\r\n"
                + "Content-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return platform.send(platform.request(host, "/consola/conocimiento/" + article + "/archivos")
                .header("Cookie", COOKIE + "=" + cookie).header("Accept", "text/html")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    static HttpResponse<byte[]> fetch(String host, String path, String... headers) {
        HttpRequest.Builder b = platform.request(host, path);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return platform.sendBytes(b.GET().build());
    }

    static int stored(TenantContext t, UUID article) {
        return platform.bean(TenantTransactions.class).read(t.id(), c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM kb_article_file WHERE article_id = ?")) {
                s.setObject(1, article);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    @Test
    void anAgentAddsAnImageOnTheEditorAndVisitorsSeeItInThePublicArticle() {
        api.agent("funcion-publica", "kbf-agente", "mesa-servicio-primer-nivel");
        String cookie = TestSessions.signIn(FP, "kbf-agente");
        byte[] image = png("fondo " + tag);
        HttpResponse<String> added = upload(FP, cookie, pub.id(), "fondo-" + tag + ".png", "image/png", image);
        assertThat(added.statusCode()).as(added.body()).isEqualTo(303);
        assertThat(added.headers().firstValue("Location").orElseThrow()).contains("aviso=archivo");

        List<ArticleFiles.FileView> list = files.list(fp, pub.id());
        assertThat(list).extracting(ArticleFiles.FileView::name).containsExactly("fondo-" + tag + ".png");
        ArticleFiles.FileView f = list.get(0);
        assertThat(f.image()).isTrue();
        assertThat(f.markdown()).isEqualTo("![fondo-" + tag + ".png](" + f.url() + ")");

        // The editor lists it with the Markdown that shows it.
        String editor = platform.get(FP, "/consola/conocimiento/" + pub.id(), "Cookie", COOKIE + "=" + cookie).body();
        assertThat(editor).contains(f.url()).contains("![fondo-" + tag + ".png](");

        // A visitor reads it without signing in, inline, byte for byte, and never sniffed as something else.
        HttpResponse<byte[]> got = fetch(FP, f.url());
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).isEqualTo(image);
        assertThat(got.headers().firstValue("Content-Type").orElseThrow()).startsWith("image/png");
        assertThat(got.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("inline;");
        assertThat(got.headers().firstValue("X-Content-Type-Options")).contains("nosniff");

        // In the body's Markdown it renders as an image of the page's own origin (the pages' CSP allows 'self').
        assertThat(Markdown.html(f.markdown())).contains("<img src=\"" + f.url() + "\"");
        // The public article lists it; the API gives its address.
        assertThat(platform.get(FP, "/conocimiento/" + pub.id()).body()).contains("href=\"" + f.url() + "\"");
        JsonNode one = Json.parse(platform.get(FP, "/api/v1/kb/articles/" + pub.id(), "Accept", "application/json").body());
        assertThat(one.at("/files/0/url").asText()).isEqualTo(f.url());
        assertThat(one.at("/files/0/mediaType").asText()).isEqualTo("image/png");
        assertThat(one.at("/files/0/size").asInt()).isEqualTo(image.length);

        // Another entity's host does not know it.
        assertThat(fetch(PS, f.url()).statusCode()).isEqualTo(404);

        // Removed: gone from the list and from its address.
        HttpResponse<String> removed = KnowledgeApiTest.post(FP, "/consola/conocimiento/" + pub.id() + "/archivos/" + f.id()
                + "/quitar", cookie, java.util.Map.of());
        assertThat(removed.statusCode()).isEqualTo(303);
        assertThat(files.list(fp, pub.id())).isEmpty();
        assertThat(fetch(FP, f.url()).statusCode()).isEqualTo(404);
    }

    @Test
    void refusedFilesAreNamedNextToTheFieldAndNothingIsStored() {
        api.agent("funcion-publica", "kbf-agente-2", "mesa-servicio-primer-nivel");
        String cookie = TestSessions.signIn(FP, "kbf-agente-2");
        int before = stored(fp, draft.id());
        // An executable that calls itself a PNG: its bytes say otherwise.
        byte[] exe = new byte[256];
        exe[0] = 'M';
        exe[1] = 'Z';
        HttpResponse<String> disguised = upload(FP, cookie, draft.id(), "foto-" + tag + ".png", "image/png", exe);
        assertThat(disguised.statusCode()).isEqualTo(415);
        assertThat(disguised.body()).contains("id=\"kb-file-error\"").contains("foto-" + tag + ".png")
                .contains("aria-invalid=\"true\"");
        // A type the entity does not take.
        HttpResponse<String> wrongType = upload(FP, cookie, draft.id(), "script-" + tag + ".sh", "application/x-sh",
                "echo hola".getBytes(StandardCharsets.UTF_8));
        assertThat(wrongType.statusCode()).isEqualTo(415);
        assertThat(wrongType.body()).contains("script-" + tag + ".sh").contains("application/x-sh");
        assertThat(stored(fp, draft.id())).isEqualTo(before);

        // More than the limit of files per article: a problem that says what to do, nothing written.
        byte[] image = png("muchos");
        for (int i = stored(fp, draft.id()); i < ArticleFiles.MAX_PER_ARTICLE; i++) {
            files.attach(fp, author, draft.id(), "paso-" + i + ".png", "image/png", image);
        }
        assertThatThrownBy(() -> files.attach(fp, author, draft.id(), "uno-mas.png", "image/png", image))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status().getCode()).isEqualTo(422);
                    assertThat(e.detailKey()).isEqualTo("problem.kb.files.too-many.detail");
                });
        assertThat(stored(fp, draft.id())).isEqualTo(ArticleFiles.MAX_PER_ARTICLE);
    }

    @Test
    void filesFollowTheirArticlesAudienceAndNeverCrossEntities() {
        ArticleFiles.FileView guide = files.attach(fp, author, agentsOnly.id(), "guia-" + tag + ".pdf", "application/pdf",
                "%PDF-1.4\n%guía de agentes\n".getBytes(StandardCharsets.UTF_8));
        assertThat(guide.image()).isFalse();
        assertThat(guide.markdown()).startsWith("[guia-" + tag + ".pdf](");
        ArticleFiles.FileView preview = files.attach(fp, author, draft.id(), "borrador-" + tag + ".png", "image/png", png("b"));

        // Anonymous and requesters: neither the agents-only file nor a draft's.
        assertThat(fetch(FP, guide.url()).statusCode()).isEqualTo(404);
        assertThat(fetch(FP, preview.url()).statusCode()).isEqualTo(404);
        String requester = api.token("funcion-publica", "kbf-solicitante", Roles.REQUESTER);
        assertThat(fetch(FP, guide.url(), "Authorization", "Bearer " + requester).statusCode()).isEqualTo(404);
        assertThat(fetch(FP, preview.url(), "Authorization", "Bearer " + requester).statusCode()).isEqualTo(404);

        // An agent reads both (the draft's for the editor's preview); a non-image is a download.
        String agent = api.agent("funcion-publica", "kbf-agente-3", "mesa-servicio-primer-nivel");
        HttpResponse<byte[]> pdf = fetch(FP, guide.url(), "Authorization", "Bearer " + agent);
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment;");
        assertThat(fetch(FP, preview.url(), "Authorization", "Bearer " + agent).statusCode()).isEqualTo(200);

        // Prosperidad Social's agents, on their own host or through its service, never see Función Pública's.
        String psAgent = api.token("prosperidad-social", "kbf-agente-ps", Roles.AGENT);
        assertThat(fetch(PS, guide.url(), "Authorization", "Bearer " + psAgent).statusCode()).isEqualTo(404);
        assertThat(files.list(ps, agentsOnly.id())).isEmpty();
        Authentication psAuthor = KnowledgeServiceTest.person("kbf-autor-ps-" + tag, List.of(), Roles.AGENT);
        assertThatThrownBy(() -> files.attach(ps, psAuthor, agentsOnly.id(), "intruso.png", "image/png", png("x")))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status().getCode()).isEqualTo(404));
        assertThat(files.remove(ps, psAuthor, agentsOnly.id(), UUID.fromString(guide.id()))).isFalse();
        assertThat(files.list(fp, agentsOnly.id())).extracting(ArticleFiles.FileView::id).contains(guide.id());
        // Requesters cannot add files.
        Authentication requesterAuth = KnowledgeServiceTest.person("kbf-req-" + tag, List.of(), Roles.REQUESTER);
        assertThatThrownBy(() -> files.attach(fp, requesterAuth, pub.id(), "x.png", "image/png", png("x")))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status().getCode()).isEqualTo(403));
    }

    @Test
    void tenantAdministratorsWithoutTheAgentRoleReachTheEditor() {
        api.token("funcion-publica", "kbf-admin", Roles.REQUESTER, Roles.TENANT_ADMIN);
        String cookie = TestSessions.signIn(FP, "kbf-admin");
        HttpResponse<String> list = platform.get(FP, "/consola/conocimiento", "Cookie", COOKIE + "=" + cookie);
        assertThat(list.statusCode()).isEqualTo(200);
        // Its menu offers what the administrator may open: not the queue, which is the agents'.
        assertThat(list.body()).contains("href=\"/consola/conocimiento\"").doesNotContain("href=\"/consola/cola\"");
        assertThat(platform.get(FP, "/consola/conocimiento/" + draft.id(), "Cookie", COOKIE + "=" + cookie).statusCode())
                .isEqualTo(200);
        // A requester still may not.
        api.token("funcion-publica", "kbf-solo-solicitante", Roles.REQUESTER);
        String requester = TestSessions.signIn(FP, "kbf-solo-solicitante");
        assertThat(platform.get(FP, "/consola/conocimiento", "Cookie", COOKIE + "=" + requester).statusCode()).isEqualTo(403);
    }
}
