package co.mesa.console;

import co.mesa.record.MyWork;
import co.mesa.tenant.TenantContext;
import co.mesa.web.page.PageShell;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The console home's "Mis tareas" (002 §11, issue 27): open cases, problems, changes and tasks assigned to me and to
 * my groups, each counter a link to the list of exactly what it counts. One model entry, one partial.
 */
@Singleton
public class ConsoleMyWork {

    private final MyWork work;

    public ConsoleMyWork(MyWork work) {
        this.work = work;
    }

    public Map<String, Object> section(PageShell.Page page, TenantContext tenant) {
        MyWork.Work w = work.counters(tenant, page.auth());
        List<Map<String, Object>> sections = new ArrayList<>();
        sections.add(part(page, "mine", w.mine()));
        sections.add(part(page, "groups", w.groups()));
        return Map.of("sections", sections);
    }

    private static Map<String, Object> part(PageShell.Page page, String view, List<MyWork.Counter> counters) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (MyWork.Counter c : counters) {
            items.add(Map.of("label", page.t("console.work.kind." + c.kind()), "count", c.count(),
                    "href", "/consola/mis-tareas?vista=" + view + "&tipo=" + c.kind()));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", "work-" + view);
        m.put("title", page.t("console.work.view." + view));
        m.put("counters", items);
        return m;
    }
}
