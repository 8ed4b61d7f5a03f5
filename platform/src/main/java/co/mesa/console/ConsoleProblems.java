package co.mesa.console;

import co.mesa.record.RecordService;
import co.mesa.record.RecordView;
import co.mesa.tenant.TenantContext;
import co.mesa.web.page.PageShell;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The console home's tab "Problemas y errores conocidos" (002 §11, issue 26): counters by state — overall,
 * assigned to me, to my groups — each a link to the list of exactly what it counts. Kept apart from the home's
 * controller: one model entry, one partial. Empty (no section) where the entity keeps no problems.
 */
@Singleton
public class ConsoleProblems {

    private final RecordService records;

    public ConsoleProblems(RecordService records) {
        this.records = records;
    }

    /** The section's model: {@code sections} (title, id, counters with label, count, href), or null. */
    public Map<String, Object> section(PageShell.Page page, TenantContext tenant) {
        if (tenant.config().workflow().record(RecordService.PROBLEM).isEmpty()) {
            return null;
        }
        RecordView.Counters counters = records.counters(tenant, page.auth(), RecordService.PROBLEM, page.locale());
        List<Map<String, Object>> sections = new ArrayList<>();
        sections.add(part(page, "overview", counters.overview()));
        sections.add(part(page, "mine", counters.mine()));
        sections.add(part(page, "groups", counters.groups()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sections", sections);
        return out;
    }

    private static Map<String, Object> part(PageShell.Page page, String view, List<RecordView.Counter> counters) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (RecordView.Counter c : counters) {
            // The overview counts what the list's default view ("all") shows.
            items.add(Map.of("label", c.stateName(), "count", c.count(),
                    "href", ConsoleProblemController.listHref("overview".equals(view) ? "all" : view, c.state())));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", "problems-" + view);
        m.put("title", page.t("console.problems.view." + view));
        m.put("counters", items);
        return m;
    }
}
