package co.mesa.report;

import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.web.page.PageShell;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The entity's own indicator (issue 24, tenant data: {@code settings.yaml indicator}) as the report's first section:
 * the on-time % of a figure over one key of a breakdown, or per key of it, from the same counts as the breakdowns,
 * each % linked to the targets it measures.
 */
@Singleton
public class ReportIndicatorView {

    private final ReportCases reportCases;

    public ReportIndicatorView(ReportCases reportCases) {
        this.reportCases = reportCases;
    }

    /** Null when the entity names no indicator (or one this version does not know). */
    @Nullable
    public Map<String, Object> model(TenantContext tenant, PageShell.Page page, YearMonth from, YearMonth to) {
        TenantConfig.Indicator indicator = tenant.config().settings().indicator();
        if (indicator == null) {
            return null;
        }
        ReportCases.Figure settled = ReportCases.Figure.of(indicator.figure()).orElse(null);
        ReportCases.Dimension by = ReportCases.Dimension.of(indicator.by()).orElse(null);
        if (settled == null || by == null || (settled != ReportCases.Figure.response && settled != ReportCases.Figure.resolution)) {
            return null;
        }
        ReportCases.Figure met = settled == ReportCases.Figure.response ? ReportCases.Figure.responseMet
                : ReportCases.Figure.resolutionMet;
        Map<String, ReportCases.Counts> counts = reportCases.breakdowns(tenant, from, to).get(by);
        List<String> keys = indicator.key() != null ? List.of(indicator.key())
                : counts.keySet().stream().filter(k -> !k.equals(ReportCases.NONE)).sorted().toList();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String key : keys) {
            ReportCases.Counts n = counts.get(key);
            long s = n == null ? 0 : n.get(settled);
            long m = n == null ? 0 : n.get(met);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", ReportBreakdownView.label(tenant.config(), page, by, key, Map.of()));
            row.put("pct", ReportBreakdownView.text(Indicators.pct(m, s)));
            row.put("met", m);
            row.put("settled", s);
            row.put("href", ReportBreakdownView.link(from, to, settled, by, key));
            rows.add(row);
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", page.label(indicator.name()));
        model.put("figure", page.t("report.indicator.figure." + settled.name()));
        model.put("by", page.t("report.by." + by.name()));
        model.put("rows", rows);
        return model;
    }
}
