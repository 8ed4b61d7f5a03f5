package co.mesa.knowledge;

import co.mesa.identity.PeopleService;
import co.mesa.identity.PersonView;
import co.mesa.identity.Roles;
import co.mesa.knowledge.internal.ArticleFeedbackStore;
import co.mesa.knowledge.internal.ArticleSearchStore;
import co.mesa.knowledge.internal.ArticleStore;
import co.mesa.shared.ProblemException;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The entity's knowledge base: articles with their audience and life cycle (borrador → en revisión →
 * publicado → archivado, every version kept), Spanish full-text search tolerant of accents and small typos,
 * "¿Le fue útil?" once per person, "Esto resolvió mi problema" counts and articles linked to cases.
 */
@Singleton
public class KnowledgeService {

    /** Longest page of a list or search. */
    public static final int MAX_PAGE = 50;
    /** Query words considered; more are ignored. */
    static final int MAX_WORDS = 8;
    /** Words shorter than this are never "corrected" (trigrams of short words say little). */
    static final int MIN_CORRECTED = 4;
    private static final int MAX_OFFSET = 1_000;
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final TenantTransactions tx;
    private final ArticleStore store;
    private final ArticleSearchStore searches;
    private final ArticleFeedbackStore feedback;
    private final PeopleService people;
    private final Clock clock;

    public KnowledgeService(TenantTransactions tx, ArticleStore store, ArticleSearchStore searches,
                            ArticleFeedbackStore feedback, PeopleService people, Clock clock) {
        this.tx = tx;
        this.store = store;
        this.searches = searches;
        this.feedback = feedback;
        this.people = people;
        this.clock = clock;
    }

    // ---- reading -------------------------------------------------------------------------------------

    /** A published article the reader may read; empty otherwise (unknown, another entity's, not for them). */
    public Optional<Article> read(TenantContext tenant, Reader reader, UUID id) {
        return tx.read(tenant.id(), c -> store.find(c, tenant.id(), id)).filter(reader::mayRead);
    }

    /** Any article of the entity, whatever its state, for its authors and reviewers. */
    public Optional<Article> forAuthors(TenantContext tenant, Authentication auth, UUID id) {
        requireAuthor(auth);
        return tx.read(tenant.id(), c -> store.find(c, tenant.id(), id));
    }

    /** The entity's articles for authors, most recently changed first, optionally in one state. */
    public List<Article> all(TenantContext tenant, Authentication auth, @Nullable Article.ArticleState state) {
        requireAuthor(auth);
        return tx.read(tenant.id(), c -> store.all(c, tenant.id(), state, 200));
    }

    /**
     * A page of the articles the reader may read: with {@code q}, those matching every word (or any, for
     * suggestions), each word or its nearest word of the entity's articles, ranked with matches highlighted;
     * without, newest first. {@code service} keeps the articles linked to that catalog service.
     */
    public Article.HitPage search(TenantContext tenant, Reader reader, @Nullable String q, @Nullable String service,
                                  boolean anyWord, int size, @Nullable String cursor) {
        int offset = offset(cursor);
        int limit = Math.max(1, Math.min(size, MAX_PAGE));
        List<String> words = queryWords(q);
        List<Article.Hit> hits = tx.read(tenant.id(), c -> {
            List<Map.Entry<String, String>> pairs = new ArrayList<>();
            List<String> correctable = words.stream().filter(w -> w.length() >= MIN_CORRECTED).toList();
            Map<String, String> near = searches.nearestWords(c, tenant.id(), correctable);
            for (String w : words) {
                pairs.add(Map.entry(w, near.getOrDefault(w, w)));
            }
            return searches.search(c, tenant.id(), reader, pairs, anyWord, service, limit + 1, offset);
        });
        String next = hits.size() > limit && offset + limit <= MAX_OFFSET ? cursor(offset + limit) : null;
        return new Article.HitPage(hits.size() > limit ? hits.subList(0, limit) : hits, next);
    }

    /** Published articles created or changed in the last {@code days} days, newest first (the console's home). */
    public List<Article> recent(TenantContext tenant, int days, int limit) {
        Instant since = clock.instant().minus(Duration.ofDays(Math.max(1, days)));
        return tx.read(tenant.id(), c -> store.changedSince(c, tenant.id(), since, Math.max(1, Math.min(limit, 50))));
    }

    public List<Article.Version> versions(TenantContext tenant, Authentication auth, UUID id) {
        requireAuthor(auth);
        return tx.read(tenant.id(), c -> store.versions(c, tenant.id(), id));
    }

    /** Votes, "resolved my problem" and linked cases of an article, for agents. */
    public Article.Counts counts(TenantContext tenant, UUID id) {
        return tx.read(tenant.id(), c -> feedback.counts(c, tenant.id(), id));
    }

    // ---- writing -------------------------------------------------------------------------------------

    /** A new draft by an agent. */
    public Article create(TenantContext tenant, Authentication auth, Article.Draft draft) {
        requireAuthor(auth);
        Article.Draft clean = validate(tenant, draft);
        return tx.write(tenant.id(), c -> {
            PersonView me = people.caller(c, tenant, auth);
            Instant now = clock.instant();
            Article a = new Article(UUID.randomUUID(), Article.ArticleState.DRAFT, clean.title(), clean.summary(), clean.body(),
                    clean.keywords(), clean.services(), clean.categories(), clean.audience(), clean.audienceGroups(),
                    me.id(), null, 1, null, now, now, null);
            store.insert(c, tenant.id(), a, null);
            store.insertVersion(c, tenant.id(), a, me.id(), me.name(), null);
            searches.addWords(c, tenant.id(), words(a));
            return a;
        });
    }

    /**
     * New content for an article known at {@code expectedVersion} (409 when it changed since). Drafts are any
     * author's to edit; an article in review or published only its reviewers'; an archived one nobody's.
     */
    public Article edit(TenantContext tenant, Authentication auth, UUID id, int expectedVersion, Article.Draft draft) {
        requireAuthor(auth);
        Article.Draft clean = validate(tenant, draft);
        return tx.write(tenant.id(), c -> {
            Article a = store.forUpdate(c, tenant.id(), id).orElseThrow(KnowledgeProblems::notFound);
            if (a.version() != expectedVersion) {
                throw KnowledgeProblems.stale();
            }
            if (a.state() == Article.ArticleState.ARCHIVED
                    || a.state() != Article.ArticleState.DRAFT && !reviewer(tenant, auth)) {
                throw KnowledgeProblems.forbidden("problem.kb.edit-forbidden.detail");
            }
            PersonView me = people.caller(c, tenant, auth);
            Article changed = new Article(a.id(), a.state(), clean.title(), clean.summary(), clean.body(), clean.keywords(),
                    clean.services(), clean.categories(), clean.audience(), clean.audienceGroups(), a.authorId(),
                    a.reviewerId(), a.version() + 1, a.source(), a.createdAt(), clock.instant(), a.publishedAt());
            store.update(c, tenant.id(), changed, null);
            store.insertVersion(c, tenant.id(), changed, me.id(), me.name(), null);
            searches.addWords(c, tenant.id(), words(changed));
            return changed;
        });
    }

    /**
     * Moves an article along its life cycle: an author sends a draft to review (or takes an archived one
     * back to draft); a reviewer (supervisor or the entity's administrator) publishes it or returns it to
     * draft with a note, archives a published one or withdraws it to draft.
     */
    public Article transition(TenantContext tenant, Authentication auth, UUID id, int expectedVersion,
                              Article.ArticleState target, @Nullable String note) {
        requireAuthor(auth);
        return tx.write(tenant.id(), c -> {
            Article a = store.forUpdate(c, tenant.id(), id).orElseThrow(KnowledgeProblems::notFound);
            if (a.version() != expectedVersion) {
                throw KnowledgeProblems.stale();
            }
            Article.ArticleState from = a.state();
            boolean byAuthor = from == Article.ArticleState.DRAFT && target == Article.ArticleState.REVIEW
                    || from == Article.ArticleState.ARCHIVED && target == Article.ArticleState.DRAFT;
            boolean byReviewer = from == Article.ArticleState.REVIEW
                    && (target == Article.ArticleState.PUBLISHED || target == Article.ArticleState.DRAFT)
                    || from == Article.ArticleState.PUBLISHED
                    && (target == Article.ArticleState.ARCHIVED || target == Article.ArticleState.DRAFT);
            if (!byAuthor && !byReviewer) {
                throw KnowledgeProblems.notFromHere(from.key(), target.key());
            }
            if (byReviewer && !reviewer(tenant, auth)) {
                throw KnowledgeProblems.forbidden("problem.kb.review-forbidden.detail");
            }
            PersonView me = people.caller(c, tenant, auth);
            Instant now = clock.instant();
            boolean publishing = target == Article.ArticleState.PUBLISHED;
            Article moved = new Article(a.id(), target, a.title(), a.summary(), a.body(), a.keywords(), a.services(),
                    a.categories(), a.audience(), a.audienceGroups(), a.authorId(), byReviewer ? me.id() : a.reviewerId(),
                    a.version() + 1, a.source(), a.createdAt(), now, publishing ? now : a.publishedAt());
            store.update(c, tenant.id(), moved, null);
            store.insertVersion(c, tenant.id(), moved, me.id(), me.name(), note == null || note.isBlank() ? null : note.strip());
            return moved;
        });
    }

    /**
     * A known error's article (issue 26): published at once for agents only, in the problem's own transaction
     * (problem management is the review), marked by {@code source} ({@code problema:<code>}). Called again for
     * the same source, it adds a version with the new text; an article someone archived stays archived.
     */
    public UUID publishKnownError(Connection c, TenantContext tenant, UUID authorId, String authorName, String source,
                                  String title, String summary, String body) throws java.sql.SQLException {
        Instant now = clock.instant();
        Optional<Article> existing = store.bySource(c, tenant.id(), source);
        if (existing.isPresent()) {
            Article a = existing.get();
            Article changed = new Article(a.id(), a.state(), title, summary, body, a.keywords(), a.services(),
                    a.categories(), a.audience(), a.audienceGroups(), a.authorId(), a.reviewerId(), a.version() + 1,
                    a.source(), a.createdAt(), now, a.publishedAt());
            store.update(c, tenant.id(), changed, null);
            store.insertVersion(c, tenant.id(), changed, authorId, authorName, null);
            searches.addWords(c, tenant.id(), words(changed));
            return a.id();
        }
        Article a = new Article(UUID.randomUUID(), Article.ArticleState.PUBLISHED, title, summary, body, List.of(),
                List.of(), List.of(), Article.Audience.AGENTS, List.of(), authorId, authorId, 1, source, now, now, now);
        store.insert(c, tenant.id(), a, null);
        store.insertVersion(c, tenant.id(), a, authorId, authorName, null);
        searches.addWords(c, tenant.id(), words(a));
        return a.id();
    }

    /** "¿Le fue útil?": the signed-in reader's answer, once; false when they had answered already. */
    public boolean vote(TenantContext tenant, Authentication auth, UUID id, boolean helpful) {
        Reader reader = Reader.of(auth, List.of());
        return tx.write(tenant.id(), c -> {
            Article a = store.find(c, tenant.id(), id).filter(reader::mayRead).orElseThrow(KnowledgeProblems::notFound);
            PersonView me = people.caller(c, tenant, auth);
            return feedback.vote(c, tenant.id(), a.id(), me.id(), helpful, clock.instant());
        });
    }

    /** Whether the signed-in reader has answered "¿Le fue útil?" for this article. */
    public boolean voted(TenantContext tenant, Authentication auth, UUID id) {
        return tx.write(tenant.id(), c -> feedback.hasVoted(c, tenant.id(), id, people.caller(c, tenant, auth).id()));
    }

    /** "Esto resolvió mi problema": the person leaves the request form without filing; counted per article. */
    public void resolvedMyProblem(TenantContext tenant, Authentication auth, UUID id, @Nullable String template) {
        Reader reader = Reader.of(auth, List.of());
        tx.write(tenant.id(), c -> {
            Article a = store.find(c, tenant.id(), id).filter(reader::mayRead).orElseThrow(KnowledgeProblems::notFound);
            feedback.deflection(c, tenant.id(), a.id(), people.caller(c, tenant, auth).id(),
                    template == null || !KEY.matcher(template).matches() ? null : template, clock.instant());
            return null;
        });
    }

    /** Links an article an agent may read to a case of the entity; false when it was linked already. */
    public boolean linkToCase(TenantContext tenant, Authentication auth, UUID caseId, UUID articleId) {
        requireAuthor(auth);
        Reader reader = Reader.of(auth, List.of());
        return tx.write(tenant.id(), c -> {
            Article a = store.find(c, tenant.id(), articleId).filter(reader::mayRead).orElseThrow(KnowledgeProblems::notFound);
            return feedback.link(c, tenant.id(), caseId, a.id(), people.caller(c, tenant, auth).id(), clock.instant());
        });
    }

    /** The articles linked to a case. */
    public List<Article> linkedTo(TenantContext tenant, UUID caseId) {
        return tx.read(tenant.id(), c -> feedback.linked(c, tenant.id(), caseId));
    }

    // ---- rules ---------------------------------------------------------------------------------------

    /** Agents (and supervisors, administrators) write articles. */
    public static boolean author(@Nullable Authentication auth) {
        return auth != null && (auth.getRoles().contains(Roles.AGENT) || auth.getRoles().contains(Roles.SUPERVISOR)
                || auth.getRoles().contains(Roles.TENANT_ADMIN));
    }

    /**
     * Who reviews (publishes, returns, archives) is tenant data: the roles or directory groups of the entity's
     * {@code settings.knowledge.reviewers} (supervisors and administrators unless it says otherwise).
     */
    public static boolean reviewer(TenantContext tenant, @Nullable Authentication auth) {
        if (auth == null) {
            return false;
        }
        Reader reader = Reader.of(auth, List.of());
        return tenant.config().settings().knowledge().reviewers().stream().anyMatch(reader.audiences()::contains);
    }

    private static void requireAuthor(Authentication auth) {
        if (!author(auth)) {
            throw KnowledgeProblems.forbidden("problem.kb.authors-only.detail");
        }
    }

    /** The draft as stored: trimmed, marks of highlighting removed, checked against the entity's catalog. */
    public static Article.Draft validate(TenantContext tenant, Article.Draft d) {
        List<ProblemException.ParamError> errors = new ArrayList<>();
        String title = clean(d.title());
        String summary = clean(d.summary());
        String body = d.body() == null ? "" : d.body().replace(String.valueOf(ArticleSearchStore.MARK_START), "")
                .replace(String.valueOf(ArticleSearchStore.MARK_END), "").replace("\r\n", "\n");
        if (title.isEmpty()) {
            errors.add(new ProblemException.ParamError("title", "kb.param.required"));
        } else if (title.length() > 200) {
            errors.add(new ProblemException.ParamError("title", "kb.param.too-long", 200));
        }
        if (summary.length() > 500) {
            errors.add(new ProblemException.ParamError("summary", "kb.param.too-long", 500));
        }
        if (body.strip().isEmpty()) {
            errors.add(new ProblemException.ParamError("body", "kb.param.required"));
        } else if (body.length() > 100_000) {
            errors.add(new ProblemException.ParamError("body", "kb.param.too-long", 100_000));
        }
        TenantConfig.Catalog catalog = tenant.config().catalog();
        List<String> services = distinct(d.services());
        for (String s : services) {
            if (catalog.service(s).isEmpty()) {
                errors.add(new ProblemException.ParamError("services", "kb.param.service.unknown", s));
            }
        }
        List<String> categories = distinct(d.categories());
        for (String k : categories) {
            boolean known = catalog.services().anyMatch(s -> s.categories() != null
                    && s.categories().stream().anyMatch(cat -> cat.key().equals(k)));
            if (!known) {
                errors.add(new ProblemException.ParamError("categories", "kb.param.category.unknown", k));
            }
        }
        List<String> groups = distinct(d.audienceGroups());
        for (String g : groups) {
            if (!KEY.matcher(g).matches()) {
                errors.add(new ProblemException.ParamError("audienceGroups", "kb.param.group.invalid", g));
            }
        }
        List<String> keywords = new ArrayList<>();
        for (String k : d.keywords()) {
            String kw = clean(k).replace(",", " ").strip();
            if (!kw.isEmpty() && !keywords.contains(kw)) {
                keywords.add(kw);
            }
        }
        if (String.join(", ", keywords).length() > 1000) {
            errors.add(new ProblemException.ParamError("keywords", "kb.param.too-long", 1000));
        }
        if (d.audience() == null) {
            errors.add(new ProblemException.ParamError("audience", "kb.param.audience.unknown"));
        }
        if (!errors.isEmpty()) {
            throw KnowledgeProblems.invalid(errors);
        }
        return new Article.Draft(title, summary, body, keywords, services, categories, d.audience(), groups);
    }

    private static String clean(@Nullable String s) {
        if (s == null) {
            return "";
        }
        return s.replace(String.valueOf(ArticleSearchStore.MARK_START), "").replace(String.valueOf(ArticleSearchStore.MARK_END), "")
                .replaceAll("\\s+", " ").strip();
    }

    private static List<String> distinct(@Nullable List<String> values) {
        if (values == null) {
            return List.of();
        }
        return values.stream().map(String::strip).filter(v -> !v.isEmpty()).distinct().toList();
    }

    // ---- words ---------------------------------------------------------------------------------------

    /** Lower case without accents: "Contraseña" → "contrasena", as PostgreSQL's unaccent folds it. */
    public static String fold(@Nullable String s) {
        if (s == null) {
            return "";
        }
        return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
    }

    /** The distinct folded words of a query, at most {@link #MAX_WORDS}. */
    static List<String> queryWords(@Nullable String q) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : NOT_WORD.split(fold(q))) {
            if (w.length() >= 2 && w.length() <= 40) {
                out.add(w);
            }
            if (out.size() == MAX_WORDS) {
                break;
            }
        }
        return List.copyOf(out);
    }

    /** The folded words of an article for the entity's word list. */
    static Set<String> words(Article a) {
        Set<String> out = new LinkedHashSet<>();
        String text = a.title() + " " + a.summary() + " " + String.join(" ", a.keywords()) + " " + Markdown.text(a.body());
        for (String w : NOT_WORD.split(fold(text))) {
            if (w.length() >= MIN_CORRECTED && w.length() <= 30 && !w.chars().allMatch(Character::isDigit)) {
                out.add(w);
            }
        }
        return out;
    }

    private static String cursor(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("o" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int offset(@Nullable String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return 0;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (s.startsWith("o")) {
                int o = Integer.parseInt(s.substring(1));
                if (o >= 0 && o <= MAX_OFFSET + MAX_PAGE) {
                    return o;
                }
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw KnowledgeProblems.badQuery(List.of(new ProblemException.ParamError("cursor", "kb.param.cursor")));
    }

    /** Work inside one tenant-bound transaction, for the folder import. */
    <T> T write(TenantContext tenant, TenantTransactions.SqlWork<T> work) {
        return tx.write(tenant.id(), work);
    }

    ArticleStore store() {
        return store;
    }

    ArticleSearchStore searches() {
        return searches;
    }

    Clock clock() {
        return clock;
    }
}
