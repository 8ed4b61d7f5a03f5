package co.mesa.report;

import co.mesa.identity.Roles;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.web.page.PageShell;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The entity's ANS report (issue 24) for its supervisors and administrators: a month or a range of months, by case
 * type, from the same {@link Indicators} as the open data, with a server-drawn chart and its data table, and the
 * CSV and XLSX exports. Every figure is the entity's own (row level security) and counts only.
 */
@Controller
@Hidden
@Secured({Roles.SUPERVISOR, Roles.TENANT_ADMIN})
public class ReportPagesController {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final PageShell shell;
    private final Indicators indicators;
    private final ReportBreakdownView breakdowns;
    private final ReportRatesView rates;
    private final ReportIndicatorView indicator;
    private final ReportCases reportCases;

    public ReportPagesController(PageShell shell, Indicators indicators, ReportBreakdownView breakdowns,
                                 ReportRatesView rates, ReportIndicatorView indicator, ReportCases reportCases) {
        this.reportCases = reportCases;
        this.indicator = indicator;
        this.shell = shell;
        this.indicators = indicators;
        this.breakdowns = breakdowns;
        this.rates = rates;
    }

    @Get(value = "/consola/informe", produces = MediaType.TEXT_HTML)
    public HttpResponse<?> report(TenantContext tenant, HttpRequest<?> request, Authentication auth,
                                  @Nullable @QueryValue String desde, @Nullable @QueryValue String hasta) {
        PageShell.Page page = shell.page(tenant, request, auth);
        ReportPeriod range = range(tenant, desde, hasta);
        if (range == null) {
            return page.error(HttpStatus.BAD_REQUEST, "report.invalid.title", "report.invalid.detail");
        }
        return page.render("console/report", page.t("report.title"), model(tenant, page, range));
    }

    @Get(value = "/consola/informe/exportar.pdf")
    public HttpResponse<?> pdf(TenantContext tenant, HttpRequest<?> request, Authentication auth,
                               @Nullable @QueryValue String desde, @Nullable @QueryValue String hasta) {
        PageShell.Page page = shell.page(tenant, request, auth);
        ReportPeriod range = range(tenant, desde, hasta);
        if (range == null) {
            return page.error(HttpStatus.BAD_REQUEST, "report.invalid.title", "report.invalid.detail");
        }
        byte[] pdf = ReportPdf.render(page, page.label(tenant.config().tenant().name()), model(tenant, page, range));
        return HttpResponse.ok(pdf).contentType(MediaType.of("application/pdf"))
                .header("Content-Disposition", "attachment; filename=\"informe-ans-" + tenant.slug() + "-"
                        + range.from() + "-" + range.to() + ".pdf\"");
    }

    /** The report's figures for the page and the PDF. */
    private Map<String, Object> model(TenantContext tenant, PageShell.Page page, ReportPeriod range) {
        List<Indicators.Month> months = indicators.tallies(tenant, range.from(), range.to());
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("nav", "report");
        model.put("desde", range.from().toString());
        model.put("hasta", range.to().toString());
        model.put("query", "desde=" + range.from() + "&hasta=" + range.to());
        Map<String, Indicators.Tally> byType = new LinkedHashMap<>();
        Map<YearMonth, Indicators.Tally> byMonth = new LinkedHashMap<>();
        for (Indicators.Month m : months) {
            byType.merge(m.caseType(), m.tally(), Indicators.Tally::then);
            byMonth.merge(m.month(), m.tally(), Indicators.Tally::plus);
        }
        List<Map<String, Object>> types = new ArrayList<>();
        Indicators.Tally total = Indicators.Tally.ZERO;
        Map<String, long[]> seconds = reportCases.resolutionSeconds(tenant, range.from(), range.to());
        java.util.stream.LongStream.Builder all = java.util.stream.LongStream.builder();
        for (TenantConfig.CaseType type : tenant.config().workflow().caseTypes()) {
            Indicators.Tally t = byType.getOrDefault(type.key(), Indicators.Tally.ZERO);
            long[] times = seconds.getOrDefault(type.key(), new long[0]);
            types.add(figures(page.label(type.name()), t, range, type.key(), times));
            java.util.Arrays.stream(times).forEach(all);
            total = total.plus(t);
        }
        model.put("types", types);
        model.put("total", figures(page.t("report.total"), total, range, null, all.build().sorted().toArray()));
        model.put("breakdowns", breakdowns.sections(tenant, page, range.from(), range.to()));
        model.put("rates", rates.model(tenant, page, range.from(), range.to()));
        model.put("indicator", indicator.model(tenant, page, range.from(), range.to()));
        long max = 1;
        for (Indicators.Tally t : byMonth.values()) {
            max = Math.max(max, Math.max(t.filed(), t.closed()));
        }
        List<Map<String, Object>> monthRows = new ArrayList<>();
        List<Map<String, Object>> bars = new ArrayList<>();
        int slot = ReportCharts.WIDTH / Math.max(1, byMonth.size());
        int barWidth = Math.max(2, slot / 3);
        int i = 0;
        for (Map.Entry<YearMonth, Indicators.Tally> e : byMonth.entrySet()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("month", e.getKey().toString());
            row.put("filed", e.getValue().filed());
            row.put("closed", e.getValue().closed());
            monthRows.add(row);
            int x = i * slot + slot / 6;
            bars.add(ReportCharts.bar("chart-filed", x, barWidth, e.getValue().filed(), max,
                    page.t("report.chart.bar.filed", e.getKey().toString(), e.getValue().filed())));
            bars.add(ReportCharts.bar("chart-closed", x + barWidth, barWidth, e.getValue().closed(), max,
                    page.t("report.chart.bar.closed", e.getKey().toString(), e.getValue().closed())));
            i++;
        }
        model.put("months", monthRows);
        model.put("bars", bars);
        model.put("chartWidth", ReportCharts.WIDTH);
        model.put("chartHeight", ReportCharts.HEIGHT + 4);
        return model;
    }

    @Get(value = "/consola/informe/exportar.csv")
    public HttpResponse<?> csv(TenantContext tenant, HttpRequest<?> request, Authentication auth,
                               @Nullable @QueryValue String desde, @Nullable @QueryValue String hasta) {
        ReportPeriod range = range(tenant, desde, hasta);
        if (range == null) {
            PageShell.Page page = shell.page(tenant, request, auth);
            return page.error(HttpStatus.BAD_REQUEST, "report.invalid.title", "report.invalid.detail");
        }
        String body = OpenDataController.csv(indicators.monthly(tenant, range.from(), range.to()));
        return HttpResponse.ok(body.getBytes(StandardCharsets.UTF_8)).contentType(OpenDataController.CSV)
                .header("Content-Disposition", "attachment; filename=\"informe-ans-" + tenant.slug() + "-"
                        + range.from() + "-" + range.to() + ".csv\"");
    }

    @Get(value = "/consola/informe/exportar.xlsx")
    public HttpResponse<?> xlsx(TenantContext tenant, HttpRequest<?> request, Authentication auth,
                                @Nullable @QueryValue String desde, @Nullable @QueryValue String hasta) {
        ReportPeriod range = range(tenant, desde, hasta);
        if (range == null) {
            PageShell.Page page = shell.page(tenant, request, auth);
            return page.error(HttpStatus.BAD_REQUEST, "report.invalid.title", "report.invalid.detail");
        }
        return HttpResponse.ok(xlsx(indicators.monthly(tenant, range.from(), range.to())))
                .contentType(MediaType.of(XLSX))
                .header("Content-Disposition", "attachment; filename=\"informe-ans-" + tenant.slug() + "-"
                        + range.from() + "-" + range.to() + ".xlsx\"");
    }

    /** The open data's columns and rows, numbers as numbers, empty cells where the CSV is empty. */
    static byte[] xlsx(List<Indicators.Row> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Workbook workbook = new Workbook(out, "Mesa", "1.0");
            Worksheet sheet = workbook.newWorksheet("Indicadores");
            for (int c = 0; c < OpenDataController.COLUMNS.size(); c++) {
                sheet.value(0, c, OpenDataController.COLUMNS.get(c));
            }
            int r = 1;
            for (Indicators.Row row : rows) {
                Object[] values = {row.entity(), row.month().toString(), row.caseType(), row.casesFiled(),
                        row.casesClosed(), row.openAtMonthEnd(), row.firstResponseOnTimePct(), row.resolutionOnTimePct(),
                        row.expired(), row.meanResolutionBusinessHours(), row.surveysAnswered(), row.satisfactionAvg()};
                for (int c = 0; c < values.length; c++) {
                    Object v = values[c];
                    if (v instanceof String s) {
                        sheet.value(r, c, s);
                    } else if (v instanceof Number n) {
                        sheet.value(r, c, n);
                    }
                }
                r++;
            }
            workbook.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A case type's figures (all types' when {@code type} is null), each count linked to the cases it counts. */
    private static Map<String, Object> figures(String name, Indicators.Tally t, ReportPeriod range, @Nullable String type,
                                               long[] resolutionSeconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, String> links = new LinkedHashMap<>();
        for (ReportCases.Figure f : ReportCases.Figure.values()) {
            links.put(f.name(), ReportBreakdownView.link(range.from(), range.to(), f,
                    type == null ? null : ReportCases.Dimension.type, type));
        }
        links.put("surveys", ReportSurveys.link(range.from(), range.to(), ReportSurveys.Figure.answered, null, type));
        links.put("satisfaction", ReportSurveys.link(range.from(), range.to(), ReportSurveys.Figure.scale, null, type));
        m.put("links", links);
        m.put("name", name);
        m.put("p90Hours", text(ReportCases.p90Hours(resolutionSeconds)));
        m.put("filed", t.filed());
        m.put("closed", t.closed());
        m.put("open", t.openAtEnd());
        m.put("responsePct", text(t.responseOnTimePct()));
        m.put("resolutionPct", text(t.resolutionOnTimePct()));
        m.put("expired", t.expired());
        m.put("meanHours", text(t.meanResolutionHours()));
        m.put("surveys", t.surveys());
        m.put("satisfaction", text(t.satisfactionAvg()));
        return m;
    }

    private static String text(@Nullable BigDecimal value) {
        return value == null ? "—" : value.toPlainString();
    }

    @Nullable
    private ReportPeriod range(TenantContext tenant, @Nullable String desde, @Nullable String hasta) {
        return ReportPeriod.parse(indicators.currentMonth(tenant), desde, hasta);
    }
}
