package co.mesa.console;

import co.mesa.record.ChangeService;
import co.mesa.record.ChangeView;
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
 * The console home's tab "Cambios y entregas" (002 §11, issue 27): counters by state — overall, assigned to me, to
 * my groups, in my work team, in my groups in the work team (the last two without new and finished changes) — each a
 * link to the list of exactly what it counts. One model entry, one partial; no section where the entity keeps no
 * changes.
 */
@Singleton
public class ConsoleChanges {

    static final List<String> VIEWS = List.of("overview", "mine", "groups", "team", "teamGroups");

    private final ChangeService changes;

    public ConsoleChanges(ChangeService changes) {
        this.changes = changes;
    }

    /** The section's model: {@code sections} (title, id, counters with label, count, href), or null. */
    public Map<String, Object> section(PageShell.Page page, TenantContext tenant) {
        if (tenant.config().workflow().record(RecordService.CHANGE).isEmpty()) {
            return null;
        }
        ChangeView.Counters counters = changes.counters(tenant, page.auth(), page.locale());
        List<List<RecordView.Counter>> by = List.of(counters.overview(), counters.mine(), counters.groups(), counters.team(),
                counters.teamGroups());
        List<Map<String, Object>> sections = new ArrayList<>();
        for (int i = 0; i < VIEWS.size(); i++) {
            String view = VIEWS.get(i);
            List<Map<String, Object>> items = new ArrayList<>();
            for (RecordView.Counter c : by.get(i)) {
                items.add(Map.of("label", c.stateName(), "count", c.count(),
                        "href", ConsoleChangeController.listHref("overview".equals(view) ? "all" : view, c.state())));
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", "changes-" + view);
            m.put("title", page.t("console.changes.view." + view));
            m.put("counters", items);
            sections.add(m);
        }
        return Map.of("sections", sections);
    }
}
