package co.mesa.knowledge;

import co.mesa.shared.Problem;
import co.mesa.shared.ProblemException;
import co.mesa.tenant.TenantContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code GET /api/v1/kb/articles}: the entity's knowledge base as the caller may read it (anonymous callers:
 * the public articles), searched in Spanish with accents and small typos tolerated; and one article.
 */
@Controller("/api/v1/kb/articles")
@Secured(SecurityRule.IS_ANONYMOUS)
@Tag(name = "Knowledge base")
public class KnowledgeController {

    /** One article of a list: where to read it. */
    @Serdeable
    @Schema(name = "ArticleItem")
    public record Item(UUID id, String title, String summary, String url) {
    }

    /** A page of articles; {@code next} is the opaque cursor of the following page, null on the last. */
    @Serdeable
    @Schema(name = "ArticlePage")
    public record ItemPage(List<Item> items, @Nullable String next) {
    }

    /** One article: its Markdown, the same as safe HTML, its links to the catalog, and its images and files. */
    @Serdeable
    @Schema(name = "Article")
    public record ArticleView(UUID id, String title, String summary, String url, String body, String html,
                              List<String> keywords, List<String> services, List<String> categories, String audience,
                              Instant updatedAt, List<FileItem> files) {
    }

    /** An image or file of an article: where to read it (with the article's audience rules), its type and size. */
    @Serdeable
    @Schema(name = "ArticleFile")
    public record FileItem(String name, String mediaType, int size, String url) {
    }

    private final KnowledgeService knowledge;
    private final ArticleFiles files;

    public KnowledgeController(KnowledgeService knowledge, ArticleFiles files) {
        this.knowledge = knowledge;
        this.files = files;
    }

    /** The article's page on the entity's host. */
    public static String url(UUID id) {
        return "/conocimiento/" + id;
    }

    @Get("{?q,service,match,size,cursor}")
    @Operation(summary = "Search or list the articles the caller may read",
            description = "With q: the articles matching every word (accents and small typos tolerated), most relevant "
                    + "first. Without q: the readable articles, newest first. service keeps the articles of one catalog "
                    + "service; match=any finds articles with any of the words (the request form's suggestions). "
                    + "Anonymous callers see the public articles only.")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ItemPage.class)))
    @ApiResponse(responseCode = "400", description = "A size or cursor is invalid (invalidParams)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ItemPage list(@Parameter(hidden = true) TenantContext tenant, @Nullable Authentication auth,
                         @Nullable @QueryValue String q, @Nullable @QueryValue String service,
                         @Nullable @QueryValue String match, @Nullable @QueryValue String size,
                         @Nullable @QueryValue String cursor) {
        if (match != null && !match.equals("any") && !match.equals("all")) {
            throw KnowledgeProblems.badQuery(List.of(new ProblemException.ParamError("match", "kb.param.match")));
        }
        int pageSize = 20;
        if (size != null) {
            try {
                pageSize = Integer.parseInt(size.strip());
            } catch (NumberFormatException e) {
                pageSize = -1;
            }
            if (pageSize < 1 || pageSize > KnowledgeService.MAX_PAGE) {
                throw KnowledgeProblems.badQuery(List.of(new ProblemException.ParamError("size", "kb.param.size",
                        KnowledgeService.MAX_PAGE)));
            }
        }
        if (q != null && q.length() > 200) {
            throw KnowledgeProblems.badQuery(List.of(new ProblemException.ParamError("q", "kb.param.too-long", 200)));
        }
        Article.HitPage page = knowledge.search(tenant, Reader.of(auth, List.of()), q,
                service == null || service.isBlank() ? null : service.strip(), "any".equals(match), pageSize, cursor);
        return new ItemPage(page.items().stream().map(h -> new Item(h.id(), h.title(), h.summary(), url(h.id()))).toList(),
                page.next());
    }

    @Get("/{id}")
    @Operation(summary = "One article the caller may read",
            description = "Unknown, another entity's, not published or not for the caller → 404.")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ArticleView.class)))
    @ApiResponse(responseCode = "404", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ArticleView get(@Parameter(hidden = true) TenantContext tenant, @Nullable Authentication auth, @PathVariable String id) {
        UUID articleId = uuid(id).orElseThrow(KnowledgeProblems::notFound);
        Article a = knowledge.read(tenant, Reader.of(auth, List.of()), articleId).orElseThrow(KnowledgeProblems::notFound);
        return new ArticleView(a.id(), a.title(), a.summary(), url(a.id()), a.body(), Markdown.html(a.body()), a.keywords(),
                a.services(), a.categories(), a.audience().key(), a.updatedAt(),
                files.list(tenant, a.id()).stream().map(f -> new FileItem(f.name(), f.mediaType(), f.size(), f.url())).toList());
    }

    /** A UUID from a path segment, empty when it is not one. */
    public static java.util.Optional<UUID> uuid(@Nullable String s) {
        if (s == null || s.length() != 36) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(UUID.fromString(s));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }
}
