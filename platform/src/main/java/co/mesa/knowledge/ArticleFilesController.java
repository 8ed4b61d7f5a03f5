package co.mesa.knowledge;

import co.mesa.tenant.TenantContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * An article's image or file, read with the article's audience rules (public articles' files without
 * signing in, like their pages). Raster images are shown inline, so an article's body can show them;
 * everything else, SVG included, is a download. Unknown, not readable and another entity's all answer 404.
 */
@Controller
@Hidden
@Secured(SecurityRule.IS_ANONYMOUS)
public class ArticleFilesController {

    private final ArticleFiles files;

    public ArticleFilesController(ArticleFiles files) {
        this.files = files;
    }

    @Get("/conocimiento/{id}/archivos/{fileId}")
    public HttpResponse<byte[]> file(TenantContext tenant, @Nullable Authentication auth, @PathVariable String id,
                                     @PathVariable String fileId) {
        UUID articleId = KnowledgeController.uuid(id).orElseThrow(KnowledgeProblems::notFound);
        UUID file = KnowledgeController.uuid(fileId).orElseThrow(KnowledgeProblems::notFound);
        ArticleFiles.Download d = files.download(tenant, auth, Reader.of(auth, List.of()), articleId, file)
                .orElseThrow(KnowledgeProblems::notFound);
        String name = URLEncoder.encode(d.fileName(), StandardCharsets.UTF_8).replace("+", "%20");
        return HttpResponse.ok(d.content()).contentType(d.mediaType())
                .header(HttpHeaders.CONTENT_DISPOSITION, (d.inline() ? "inline" : "attachment") + "; filename*=UTF-8''" + name)
                .header("X-Content-Type-Options", "nosniff")
                // Only the entity's own readers: a private article's file is not kept by shared caches.
                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=300")
                .header("Content-Security-Policy", "default-src 'none'; sandbox");
    }
}
