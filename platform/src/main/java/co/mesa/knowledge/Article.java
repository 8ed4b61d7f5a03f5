package co.mesa.knowledge;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A knowledge base article as stored now: its text, links to the catalog, audience and life-cycle state. */
public record Article(UUID id, ArticleState state, String title, String summary, String body, List<String> keywords,
                      List<String> services, List<String> categories, Audience audience, List<String> audienceGroups,
                      @Nullable UUID authorId, @Nullable UUID reviewerId, int version, @Nullable String source,
                      Instant createdAt, Instant updatedAt, @Nullable Instant publishedAt) {

    /** Who may read a published article. */
    public enum Audience {
        PUBLIC, STAFF, AGENTS;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static java.util.Optional<Audience> of(@Nullable String key) {
            for (Audience a : values()) {
                if (a.key().equals(key)) {
                    return java.util.Optional.of(a);
                }
            }
            return java.util.Optional.empty();
        }
    }

    /** The life cycle: borrador → en revisión → publicado → archivado. */
    public enum ArticleState {
        DRAFT, REVIEW, PUBLISHED, ARCHIVED;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static ArticleState of(String key) {
            return valueOf(key.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** What an author writes: everything but the state and who. */
    public record Draft(String title, String summary, String body, List<String> keywords, List<String> services,
                        List<String> categories, Audience audience, List<String> audienceGroups) {
        public Draft {
            keywords = List.copyOf(keywords);
            services = List.copyOf(services);
            categories = List.copyOf(categories);
            audienceGroups = List.copyOf(audienceGroups);
        }
    }

    public Draft draft() {
        return new Draft(title, summary, body, keywords, services, categories, audience, audienceGroups);
    }

    /** One kept version, with who made it and when. */
    public record Version(int version, ArticleState state, Draft content, @Nullable UUID actorId, String actorName,
                          @Nullable String note, Instant at) {
    }

    /** One result of a list or a search; {@code titleHtml}/{@code snippetHtml} escape everything but the marks. */
    public record Hit(UUID id, String title, String summary, String titleHtml, String snippetHtml, List<String> services,
                      Instant updatedAt) {
    }

    /** A page of hits and the cursor of the next one (null on the last). */
    public record HitPage(List<Hit> items, @Nullable String next) {
    }

    /** "¿Le fue útil?" answers and "Esto resolvió mi problema" counts. */
    public record Counts(int helpful, int notHelpful, int resolved, int linkedCases) {
    }
}
