package co.mesa.console;

import co.mesa.identity.Roles;
import co.mesa.knowledge.Article;
import co.mesa.knowledge.ArticleFiles;
import co.mesa.knowledge.KnowledgeController;
import co.mesa.shared.ProblemException;
import co.mesa.tenant.TenantContext;
import co.mesa.web.page.MultipartForm;
import co.mesa.web.page.PageShell;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.http.server.multipart.MultipartBody;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Images and files of an article in the console's editor (issue 25): add one within the entity's limits
 * (a refusal names the file and what to change, on the editor, next to the file field), or remove one.
 * The editor lists each file with the Markdown that shows or links it in the body.
 */
@Controller
@Hidden
@Secured({Roles.AGENT, Roles.SUPERVISOR, Roles.TENANT_ADMIN})
@Produces(MediaType.TEXT_HTML)
public class ConsoleKnowledgeFilesController {

    private final PageShell shell;
    private final ArticleFiles files;
    private final ConsoleKnowledgeController editor;

    public ConsoleKnowledgeFilesController(PageShell shell, ArticleFiles files, ConsoleKnowledgeController editor) {
        this.shell = shell;
        this.files = files;
        this.editor = editor;
    }

    @Post(value = "/consola/conocimiento/{id}/archivos", consumes = MediaType.MULTIPART_FORM_DATA)
    public Mono<HttpResponse<?>> add(TenantContext tenant, HttpRequest<?> request, Authentication auth, @PathVariable String id,
                                     @Body MultipartBody body) {
        // Parts are collected on the event loop; storing them (JDBC) runs on the blocking side.
        return Flux.from(body).collectList().publishOn(Schedulers.boundedElastic())
                .map(parts -> add(tenant, request, auth, id, MultipartForm.of(parts)));
    }

    private HttpResponse<?> add(TenantContext tenant, HttpRequest<?> request, Authentication auth, String id, MultipartForm form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<Article> found = editor.find(tenant, auth, id);
        if (found.isEmpty()) {
            return page.error(HttpStatus.NOT_FOUND, "console.kb.notfound.title", "console.kb.notfound.detail");
        }
        Article a = found.get();
        if (form.files("file").isEmpty()) {
            return editor.withFileProblem(page, tenant, a, page.t("console.kb.files.none")).status(HttpStatus.UNPROCESSABLE_ENTITY);
        }
        CompletedFileUpload f = form.files("file").get(0);
        try {
            String type = f.getContentType().map(MediaType::toString).orElse(null);
            files.attach(tenant, auth, a.id(), f.getFilename(), type, f.getBytes());
            return PageShell.Page.redirect("/consola/conocimiento/" + a.id() + "?aviso=archivo#kb-files");
        } catch (ProblemException e) {
            String message = e.paramErrors().isEmpty() ? page.problemDetail(e)
                    : page.platformMessage(e.paramErrors().get(0).key(), e.paramErrors().get(0).arguments());
            return editor.withFileProblem(page, tenant, a, f.getFilename() + ": " + message).status(e.status());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Post(value = "/consola/conocimiento/{id}/archivos/{fileId}/quitar", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> remove(TenantContext tenant, HttpRequest<?> request, Authentication auth, @PathVariable String id,
                                  @PathVariable String fileId, @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<Article> found = editor.find(tenant, auth, id);
        Optional<UUID> file = KnowledgeController.uuid(fileId);
        if (found.isEmpty() || file.isEmpty() || !files.remove(tenant, auth, found.get().id(), file.get())) {
            return page.error(HttpStatus.NOT_FOUND, "console.kb.notfound.title", "console.kb.notfound.detail");
        }
        return PageShell.Page.redirect("/consola/conocimiento/" + found.get().id() + "?aviso=archivo-quitado#kb-files");
    }
}
