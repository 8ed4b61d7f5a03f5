package co.mesa.report;

import co.mesa.identity.PeopleService;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.I18n;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.web.page.PageShell;
import co.mesa.web.page.QueryString;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The report's breakdowns (issue 24) as page models: per dimension a table of counts, each linked to the list of the
 * cases it counts ({@code /consola/informe/casos}), and a horizontal bar chart of the filed cases drawn from the same
 * rows. Names come from the entity's configuration (retired entries keep their names) and, for agents, the directory.
 */
@Singleton
public class ReportBreakdownView {

    static final String CASES = "/consola/informe/casos";

    private final ReportCases reportCases;
    private final PeopleService people;

    public ReportBreakdownView(ReportCases reportCases, PeopleService people) {
        this.reportCases = reportCases;
        this.people = people;
    }

    /** The link to the cases a figure counts over the range, within one dimension's key when given. */
    static String link(YearMonth from, YearMonth to, ReportCases.Figure figure, @Nullable ReportCases.Dimension d,
                       @Nullable String key) {
        return QueryString.of().add("desde", from.toString()).add("hasta", to.toString()).add("cifra", figure.name())
                .add("por", d == null ? null : d.name()).add("valor", key).on(CASES);
    }

    /** One section per dimension, in {@link ReportCases.Dimension} order; empty dimensions say so. */
    public List<Map<String, Object>> sections(TenantContext tenant, PageShell.Page page, YearMonth from, YearMonth to) {
        Map<ReportCases.Dimension, Map<String, ReportCases.Counts>> all = reportCases.breakdowns(tenant, from, to);
        Set<UUID> agents = new HashSet<>();
        all.get(ReportCases.Dimension.agent).keySet().stream().filter(k -> !k.equals(ReportCases.NONE))
                .forEach(k -> agents.add(UUID.fromString(k)));
        Map<UUID, String> agentNames = agents.isEmpty() ? Map.of() : people.names(tenant, agents);
        List<Map<String, Object>> sections = new ArrayList<>();
        for (ReportCases.Dimension d : ReportCases.Dimension.values()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Map.Entry<String, ReportCases.Counts> e : all.get(d).entrySet()) {
                rows.add(row(from, to, d, e.getKey(), label(tenant.config(), page, d, e.getKey(), agentNames), e.getValue()));
            }
            rows.sort(Comparator.comparing((Map<String, Object> r) -> -(long) r.get("filed"))
                    .thenComparing(r -> (String) r.get("name")));
            long max = 1;
            for (Map<String, Object> r : rows) {
                max = Math.max(max, (long) r.get("filed"));
            }
            List<Map<String, Object>> bars = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                Map<String, Object> r = rows.get(i);
                bars.add(ReportCharts.hbar("chart-filed", i, (long) r.get("filed"), max,
                        page.t("report.breakdown.bar", r.get("name"), r.get("filed"))));
            }
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("key", d.name());
            s.put("title", page.t("report.by." + d.name()));
            s.put("rows", rows);
            s.put("bars", bars);
            s.put("chartWidth", ReportCharts.WIDTH);
            s.put("chartHeight", Math.max(1, rows.size()) * ReportCharts.ROW);
            sections.add(s);
        }
        return sections;
    }

    private static Map<String, Object> row(YearMonth from, YearMonth to, ReportCases.Dimension d, String key, String name,
                                           ReportCases.Counts n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        Map<String, String> links = new HashMap<>();
        for (ReportCases.Figure f : ReportCases.Figure.values()) {
            m.put(f.name(), n.get(f));
            links.put(f.name(), link(from, to, f, d, key));
        }
        m.put("links", links);
        m.put("responsePct", text(Indicators.pct(n.get(ReportCases.Figure.responseMet), n.get(ReportCases.Figure.response))));
        m.put("resolutionPct", text(Indicators.pct(n.get(ReportCases.Figure.resolutionMet),
                n.get(ReportCases.Figure.resolution))));
        return m;
    }

    static String text(@Nullable java.math.BigDecimal value) {
        return value == null ? "—" : value.toPlainString();
    }

    /** A key's name in the page's language; the key itself when the configuration no longer knows it. */
    static String label(TenantConfig config, PageShell.Page page, ReportCases.Dimension d, String key,
                        Map<UUID, String> agentNames) {
        if (key.equals(ReportCases.NONE)) {
            return page.t("report.none." + d.name());
        }
        I18n name = switch (d) {
            case type -> config.workflow().caseTypes().stream().filter(t -> t.key().equals(key))
                    .map(TenantConfig.CaseType::name).findFirst().orElse(null);
            case line -> config.catalog().serviceLines().stream().filter(l -> l.key().equals(key))
                    .map(TenantConfig.ServiceLine::name).findFirst().orElse(null);
            case service -> config.catalog().service(key).map(TenantConfig.Service::name).orElse(null);
            case category -> config.catalog().services().flatMap(s -> s.categories().stream())
                    .filter(c -> c.key().equals(key)).map(TenantConfig.Category::name).findFirst().orElse(null);
            case group, vendor -> config.groups().groups().stream().filter(g -> g.key().equals(key))
                    .map(TenantConfig.Group::name).findFirst().orElse(null);
            case tier -> config.groups().tiers().stream().filter(t -> t.key().equals(key)).map(TenantConfig.Tier::name)
                    .findFirst().orElse(null);
            case site -> config.sites().all().filter(s -> s.key().equals(key)).map(TenantConfig.Site::name)
                    .findFirst().orElse(null);
            case agent, channel -> null;
        };
        if (d == ReportCases.Dimension.agent) {
            return agentNames.getOrDefault(UUID.fromString(key), key);
        }
        if (d == ReportCases.Dimension.channel) {
            return page.t("console.origin." + key);
        }
        if (d == ReportCases.Dimension.vendor && name != null) {
            TenantConfig.Group g = config.groups().groups().stream().filter(x -> x.key().equals(key)).findFirst().orElseThrow();
            String vendorName = page.label(g.vendorName());
            return vendorName.isBlank() ? page.label(name) : page.label(name) + " (" + vendorName + ")";
        }
        return name == null ? key : page.label(name);
    }
}
