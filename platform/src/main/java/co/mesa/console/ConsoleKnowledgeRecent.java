package co.mesa.console;

import co.mesa.knowledge.Article;
import co.mesa.knowledge.KnowledgeController;
import co.mesa.knowledge.KnowledgeService;
import co.mesa.tenant.TenantContext;
import co.mesa.web.page.PageShell;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The console home's section of topics created or changed in the last days (002 §11); the entity sets how many
 * days ({@code settings.knowledge.recentDays}). Kept apart from the home's controller: one model entry, one partial.
 */
@Singleton
public class ConsoleKnowledgeRecent {

    static final int MAX = 10;

    private final KnowledgeService knowledge;
    private final java.time.Clock clock;

    public ConsoleKnowledgeRecent(KnowledgeService knowledge, java.time.Clock clock) {
        this.knowledge = knowledge;
        this.clock = clock;
    }

    /** The section's model: {@code days} and {@code items} (title, url, when, changed or new). */
    public Map<String, Object> section(PageShell.Page page, TenantContext tenant) {
        int days = tenant.config().settings().knowledge().recentDays();
        java.time.Instant since = clock.instant().minus(java.time.Duration.ofDays(days));
        List<Map<String, Object>> items = new ArrayList<>();
        for (Article a : knowledge.recent(tenant, days, MAX)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("title", a.title());
            m.put("url", KnowledgeController.url(a.id()));
            m.put("when", ConsoleKnowledgeController.when(page, tenant.zone(), a.updatedAt()));
            m.put("isNew", !a.createdAt().isBefore(since));
            items.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("days", days);
        out.put("items", items);
        return out;
    }
}
