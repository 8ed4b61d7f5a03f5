package co.mesa.console;

import co.mesa.identity.PeopleService;
import co.mesa.report.Dashboard;
import co.mesa.report.ReportCharts;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.ticket.CaseMajor;
import co.mesa.web.page.PageShell;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.UUID;

/**
 * The console home's supervisors' dashboard (issue 24): over what the supervisor's queue lists, the open backlog by
 * group and by agent, what falls due by the end of the next business day, the expired (linked: the queue's
 * {@code expired=true} lists exactly them), the open major incidents (linked to {@code major=true}); and the entity's survey novedades waiting for review. The backlog by group and by agent is also drawn
 * as server-side SVG bar charts, each followed by its table. Kept apart from
 * the home's controller: one model entry, one partial ({@code console/supervisor-dashboard}).
 */
@Singleton
public class ConsoleSupervisorDashboard {

    private final Dashboard dashboard;
    private final PeopleService people;
    private final CaseMajor major;

    public ConsoleSupervisorDashboard(Dashboard dashboard, PeopleService people, CaseMajor major) {
        this.dashboard = dashboard;
        this.people = people;
        this.major = major;
    }

    /** The section's model: {@code groups}, {@code agents} (name, count, href), and the four counters. */
    public Map<String, Object> section(PageShell.Page page, TenantContext tenant) {
        co.mesa.identity.PersonView me = people.signedIn(tenant, page.auth());
        Dashboard.Figures f = dashboard.figures(tenant, me.id(), me.groups());
        List<Map<String, Object>> groups = new ArrayList<>();
        f.byGroup().forEach((key, n) -> groups.add(item(key == null ? page.t("dashboard.noGroup") : groupName(page, tenant, key),
                n, key == null ? null : "/consola/cola?group=" + key)));
        Map<UUID, String> names = people.names(tenant, f.byAgent().keySet().stream().filter(Objects::nonNull).toList());
        List<Map<String, Object>> agents = new ArrayList<>();
        f.byAgent().forEach((id, n) -> agents.add(item(id == null ? page.t("dashboard.noAgent") : names.getOrDefault(id, "—"),
                n, id == null ? "/consola/cola?agent=none" : "/consola/cola?agent=" + id)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("groups", groups);
        out.put("agents", agents);
        // The backlog drawn like the report's breakdowns (issue 24), each chart followed by its table.
        out.put("groupChart", chart(page, groups));
        out.put("agentChart", chart(page, agents));
        out.put("due", f.dueByNextBusinessDay());
        out.put("dueLimit", f.dueLimit());
        out.put("expired", f.expired());
        out.put("reviews", f.pendingReviews());
        // Open major incidents (issue 20) of the supervisor's list: what the queue's major=true lists.
        out.put("major", major.openCount(tenant, page.auth()));
        out.put("majorHref", ConsoleMajorCases.HREF);
        return out;
    }

    private static Map<String, Object> chart(PageShell.Page page, List<Map<String, Object>> items) {
        List<Long> values = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (Map<String, Object> item : items) {
            values.add((Long) item.get("count"));
            labels.add(page.t("dashboard.chart.bar", item.get("name"), item.get("count")));
        }
        return ReportCharts.horizontal("chart-open", values, labels);
    }

    private static String groupName(PageShell.Page page, TenantContext tenant, String key) {
        return tenant.config().groups().groups().stream().filter(g -> g.key().equals(key)).findFirst()
                .map(TenantConfig.Group::name).map(page::label).orElse(key);
    }

    private static Map<String, Object> item(String name, long count, String href) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("count", count);
        m.put("href", href);
        return m;
    }
}
