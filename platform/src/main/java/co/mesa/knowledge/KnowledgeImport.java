package co.mesa.knowledge;

import co.mesa.knowledge.internal.ArticleStore;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.tenantconfig.KnowledgeFolder;
import co.mesa.tenantconfig.TenantFolders;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Imports each tenant's launch articles ({@code tenant-config/<slug>/kb/*.md}) once: a new file becomes a
 * published article; a changed file updates its article only while nobody edited it in the product; an
 * article edited in the product is kept and the import says so. Replicas serialise on an advisory lock.
 */
@Singleton
@Requires(notEnv = "migrate-only")
public class KnowledgeImport {

    private static final Logger LOG = LoggerFactory.getLogger(KnowledgeImport.class);
    static final String ACTOR = "Contenido inicial (tenant-config)";

    /** What became of one file. */
    public enum Outcome { CREATED, UPDATED, UNCHANGED, KEPT_EDITED_IN_PRODUCT }

    public record FileReport(String file, Outcome outcome, UUID articleId) {
    }

    /** A tenant's import: one line per file, or the problems that stopped it. */
    public record Report(String slug, List<FileReport> files, List<String> problems) {
    }

    private final KnowledgeService knowledge;
    private final TenantRegistry registry;
    private final String dir;

    public KnowledgeImport(KnowledgeService knowledge, TenantRegistry registry, @Value("${mesa.tenant-config.dir:}") String dir) {
        this.knowledge = knowledge;
        this.registry = registry;
        this.dir = dir;
    }

    /** After the tenants' own import (which runs at start-up), then as often as the folders are rescanned. */
    @Scheduled(fixedDelay = "${mesa.tenant-config.rescan-interval:30s}", initialDelay = "${mesa.knowledge.import-delay:3s}")
    void rescan() {
        if (dir == null || dir.isBlank() || !Files.isDirectory(Path.of(dir))) {
            return;
        }
        try {
            importAll(Path.of(dir));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Knowledge base import failed: {}", e.toString());
        }
    }

    public List<Report> importAll(Path root) throws IOException {
        List<Report> out = new ArrayList<>();
        for (Path folder : TenantFolders.list(root)) {
            if (Files.isDirectory(folder.resolve(KnowledgeFolder.DIR))) {
                registry.bySlug(folder.getFileName().toString()).ifPresent(t -> out.add(importFolder(t, folder)));
            }
        }
        return out;
    }

    /** Imports one tenant's {@code kb/} folder against its live catalog. */
    public Report importFolder(TenantContext tenant, Path folder) {
        MDC.put("tenant", tenant.slug());
        try {
            KnowledgeFolder.ReadResult read = KnowledgeFolder.read(folder, tenant.config());
            if (!read.problems().isEmpty()) {
                List<String> problems = read.problems().stream().map(Object::toString).toList();
                LOG.error("Knowledge base of {} not imported: {}", tenant.slug(), problems);
                return new Report(tenant.slug(), List.of(), problems);
            }
            List<FileReport> files = knowledge.write(tenant, c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
                    ps.setString(1, "mesa:kb-import:" + tenant.slug());
                    ps.execute();
                }
                List<FileReport> done = new ArrayList<>();
                for (KnowledgeFolder.Entry e : read.entries()) {
                    done.add(importOne(c, tenant, e));
                }
                return done;
            });
            for (FileReport f : files) {
                if (f.outcome() == Outcome.KEPT_EDITED_IN_PRODUCT) {
                    LOG.info("kb/{} changed, but its article {} was edited in the product since it was imported: not overwritten",
                            f.file(), f.articleId());
                } else if (f.outcome() != Outcome.UNCHANGED) {
                    LOG.info("kb/{}: {} (article {})", f.file(), f.outcome(), f.articleId());
                }
            }
            return new Report(tenant.slug(), files, List.of());
        } catch (IOException e) {
            return new Report(tenant.slug(), List.of(), List.of("cannot read " + folder + ": " + e.getMessage()));
        } finally {
            MDC.remove("tenant");
        }
    }

    private FileReport importOne(java.sql.Connection c, TenantContext tenant, KnowledgeFolder.Entry e) throws java.sql.SQLException {
        ArticleStore store = knowledge.store();
        String source = KnowledgeFolder.DIR + "/" + e.file();
        Article.Draft draft = KnowledgeService.validate(tenant, new Article.Draft(e.title(), e.summary(), e.body(), e.keywords(),
                e.services(), e.categories(), Article.Audience.of(e.audience()).orElseThrow(), e.audienceGroups()));
        Instant now = knowledge.clock().instant();
        Optional<Article> existing = store.bySource(c, tenant.id(), source);
        if (existing.isEmpty()) {
            Article a = new Article(UUID.randomUUID(), Article.ArticleState.PUBLISHED, draft.title(), draft.summary(), draft.body(),
                    draft.keywords(), draft.services(), draft.categories(), draft.audience(), draft.audienceGroups(), null, null,
                    1, source, now, now, now);
            store.insert(c, tenant.id(), a, e.hash());
            store.insertVersion(c, tenant.id(), a, null, ACTOR, source);
            knowledge.searches().addWords(c, tenant.id(), KnowledgeService.words(a));
            return new FileReport(e.file(), Outcome.CREATED, a.id());
        }
        Article a = existing.get();
        ArticleStore.SourceMark mark = store.sourceMark(c, tenant.id(), a.id()).orElseThrow();
        if (mark.hash().equals(e.hash())) {
            return new FileReport(e.file(), Outcome.UNCHANGED, a.id());
        }
        if (a.version() != mark.version()) {
            return new FileReport(e.file(), Outcome.KEPT_EDITED_IN_PRODUCT, a.id());
        }
        Article changed = new Article(a.id(), a.state(), draft.title(), draft.summary(), draft.body(), draft.keywords(),
                draft.services(), draft.categories(), draft.audience(), draft.audienceGroups(), a.authorId(), a.reviewerId(),
                a.version() + 1, source, a.createdAt(), now, a.publishedAt());
        store.update(c, tenant.id(), changed, e.hash());
        store.insertVersion(c, tenant.id(), changed, null, ACTOR, source);
        knowledge.searches().addWords(c, tenant.id(), KnowledgeService.words(changed));
        return new FileReport(e.file(), Outcome.UPDATED, a.id());
    }
}
