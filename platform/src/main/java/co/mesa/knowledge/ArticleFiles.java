package co.mesa.knowledge;

import co.mesa.identity.PeopleService;
import co.mesa.knowledge.internal.ArticleFileStore;
import co.mesa.knowledge.internal.ArticleStore;
import co.mesa.shared.ProblemException;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.ticket.AttachmentService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Images and files of an article (issue 25): stored within the entity's attachment limits (the same check
 * as case attachments), listed on the article, and read with the article's audience rules — a file of an
 * article a reader may not read is as unknown as another entity's. Authors read the files of any article of
 * their entity (drafts included) so the editor's preview shows them.
 */
@Singleton
public class ArticleFiles {

    /** Files an article may carry: enough for a guide's screenshots, not a file share. */
    public static final int MAX_PER_ARTICLE = 20;

    /** Types a browser may show inside a page: raster images only (an SVG can carry script, so it is downloaded). */
    private static final Set<String> INLINE = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

    /** A file as pages and the API show it, with its address and, for images, the Markdown that shows it. */
    public record FileView(String id, String name, String mediaType, int size, String url, boolean image, String markdown) {
        /** The size as people read it: whole kilobytes, at least 1. */
        public String sizeLabel() {
            return Math.max(1, (size + 1023) / 1024) + " KB";
        }
    }

    /** What a download needs; {@code inline} when the browser may show it in a page. */
    public record Download(String fileName, String mediaType, byte[] content, boolean inline) {
    }

    private final TenantTransactions tx;
    private final ArticleStore articles;
    private final ArticleFileStore files;
    private final PeopleService people;
    private final Clock clock;

    public ArticleFiles(TenantTransactions tx, ArticleStore articles, ArticleFileStore files, PeopleService people, Clock clock) {
        this.tx = tx;
        this.articles = articles;
        this.files = files;
        this.people = people;
        this.clock = clock;
    }

    /** Adds a file to an article of the caller's entity (authors only), checked against the entity's limits. */
    public FileView attach(TenantContext tenant, Authentication auth, UUID articleId, @Nullable String fileName,
                           @Nullable String mediaType, byte[] content) {
        if (!KnowledgeService.author(auth)) {
            throw KnowledgeProblems.forbidden("problem.kb.authors-only.detail");
        }
        AttachmentService.Checked checked = AttachmentService.check(tenant.config().settings().attachments(), fileName,
                mediaType, content);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return tx.write(tenant.id(), c -> {
            articles.forUpdate(c, tenant.id(), articleId).orElseThrow(KnowledgeProblems::notFound);
            if (files.count(c, tenant.id(), articleId) >= MAX_PER_ARTICLE) {
                throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, "kb.files.too-many", "problem.kb.invalid.title",
                        "problem.kb.files.too-many.detail", MAX_PER_ARTICLE);
            }
            UUID by = people.caller(c, tenant, auth).id();
            ArticleFileStore.FileRow row = new ArticleFileStore.FileRow(UUID.randomUUID(), articleId, checked.fileName(),
                    checked.mediaType(), content.length, now);
            files.insert(c, tenant.id(), row, checked.sha256(), by, content);
            return view(row);
        });
    }

    /** The article's files, oldest first. Callers show them only where the article itself is shown. */
    public List<FileView> list(TenantContext tenant, UUID articleId) {
        return tx.read(tenant.id(), c -> files.list(c, tenant.id(), articleId)).stream().map(ArticleFiles::view).toList();
    }

    /** A file's bytes when the caller may read its article (published and for them, or any article for authors). */
    public Optional<Download> download(TenantContext tenant, @Nullable Authentication auth, Reader reader, UUID articleId,
                                       UUID fileId) {
        return tx.read(tenant.id(), c -> {
            Optional<Article> article = articles.find(c, tenant.id(), articleId);
            if (article.isEmpty() || !(reader.mayRead(article.get()) || KnowledgeService.author(auth))) {
                return Optional.<Download>empty();
            }
            return files.content(c, tenant.id(), articleId, fileId)
                    .map(s -> new Download(s.fileName(), s.mediaType(), s.content(), INLINE.contains(s.mediaType())));
        });
    }

    /** Removes a file from an article (authors only); false when there was no such file. */
    public boolean remove(TenantContext tenant, Authentication auth, UUID articleId, UUID fileId) {
        if (!KnowledgeService.author(auth)) {
            throw KnowledgeProblems.forbidden("problem.kb.authors-only.detail");
        }
        return tx.write(tenant.id(), c -> files.delete(c, tenant.id(), articleId, fileId));
    }

    /** The address a file is read at: on the entity's host, beside its article's page. */
    public static String url(UUID articleId, UUID fileId) {
        return "/conocimiento/" + articleId + "/archivos/" + fileId;
    }

    private static FileView view(ArticleFileStore.FileRow r) {
        String url = url(r.articleId(), r.id());
        boolean image = INLINE.contains(r.mediaType());
        String label = r.fileName().replaceAll("[\\[\\]()\\\\]", "");
        String markdown = image ? "![" + label + "](" + url + ")" : "[" + label + "](" + url + ")";
        return new FileView(r.id().toString(), r.fileName(), r.mediaType(), r.size(), url, image, markdown);
    }
}
