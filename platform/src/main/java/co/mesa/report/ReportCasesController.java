package co.mesa.report;

import co.mesa.identity.Roles;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.web.page.PageRenderer;
import co.mesa.web.page.PageShell;
import co.mesa.web.page.QueryString;
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

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cases behind one figure of the ANS report (issue 24): {@code cifra} over {@code desde}–{@code hasta}, within
 * {@code por}={@code valor} when given, exactly as the report counts them ({@link ReportCases}), over the whole entity
 * (the report's scope, not the caller's groups). Codes, types, states and dates only: no titles nor people.
 */
@Controller
@Hidden
@Secured({Roles.SUPERVISOR, Roles.TENANT_ADMIN})
public class ReportCasesController {

    static final int PAGE_SIZE = 100;

    private final PageShell shell;
    private final Indicators indicators;
    private final ReportCases reportCases;

    public ReportCasesController(PageShell shell, Indicators indicators, ReportCases reportCases) {
        this.shell = shell;
        this.indicators = indicators;
        this.reportCases = reportCases;
    }

    @Get(value = "/consola/informe/casos", produces = MediaType.TEXT_HTML)
    public HttpResponse<?> cases(TenantContext tenant, HttpRequest<?> request, Authentication auth,
                                 @Nullable @QueryValue String desde, @Nullable @QueryValue String hasta,
                                 @Nullable @QueryValue String cifra, @Nullable @QueryValue String por,
                                 @Nullable @QueryValue String valor, @Nullable @QueryValue String pagina) {
        PageShell.Page page = shell.page(tenant, request, auth);
        ReportPeriod range = ReportPeriod.parse(indicators.currentMonth(tenant), desde, hasta);
        if (range == null) {
            return page.error(HttpStatus.BAD_REQUEST, "report.invalid.title", "report.invalid.detail");
        }
        Optional<ReportCases.Figure> figure = ReportCases.Figure.of(cifra);
        Optional<ReportCases.Dimension> dimension = ReportCases.Dimension.of(por);
        int pageNumber = pageNumber(pagina);
        if (figure.isEmpty() || (por != null && dimension.isEmpty()) || (dimension.isPresent() != (valor != null))
                || pageNumber < 1) {
            return page.error(HttpStatus.BAD_REQUEST, "report.cases.invalid.title", "report.cases.invalid.detail");
        }
        List<CaseFacts> all = reportCases.cases(tenant, range.from(), range.to(), figure.get(), dimension.orElse(null),
                valor);
        int first = (pageNumber - 1) * PAGE_SIZE;
        List<CaseFacts> shown = first >= all.size() ? List.of() : all.subList(first, Math.min(all.size(), first + PAGE_SIZE));
        Map<String, Object> model = new HashMap<>();
        model.put("nav", "report");
        model.put("figureName", page.t("report.figure." + figure.get().name()));
        model.put("within", dimension.map(d -> page.t("report.by." + d.name()) + ": "
                + ReportBreakdownView.label(tenant.config(), page, d, valor, Map.of())).orElse(null));
        model.put("desde", range.from().toString());
        model.put("hasta", range.to().toString());
        model.put("count", all.size());
        model.put("reportHref", "/consola/informe?desde=" + range.from() + "&hasta=" + range.to());
        boolean settled = figure.get() == ReportCases.Figure.response || figure.get() == ReportCases.Figure.resolution;
        model.put("settled", settled);
        java.time.Instant now = reportCases.now();
        List<Map<String, Object>> rows = new ArrayList<>();
        long onTime = 0;
        for (CaseFacts f : all) {
            CaseFacts.Settled s = figure.get() == ReportCases.Figure.response ? f.response(now) : f.resolution(now);
            onTime += settled && s != null && s.onTime() ? 1 : 0;
        }
        // The resolved list: each case's own resolution business time, in whole seconds as the report sums them.
        Map<java.util.UUID, Long> times = new HashMap<>();
        if (figure.get() == ReportCases.Figure.resolved) {
            all.forEach(f -> times.put(f.id(), reportCases.resolutionSeconds(tenant, f)));
            long[] seconds = times.values().stream().mapToLong(Long::longValue).sorted().toArray();
            model.put("times", page.t("report.cases.times",
                    ReportBreakdownView.text(seconds.length == 0 ? null
                            : Indicators.hours(java.util.Arrays.stream(seconds).sum(), seconds.length)),
                    ReportBreakdownView.text(ReportCases.p90Hours(seconds))));
        }
        for (CaseFacts f : shown) {
            Map<String, Object> row = row(tenant, page, f, figure.get(), now);
            Long seconds = times.get(f.id());
            if (seconds != null) {
                row.put("seconds", seconds);
                row.put("hours", Indicators.hours(seconds, 1).toPlainString());
            }
            rows.add(row);
        }
        model.put("onTime", onTime);
        model.put("rows", rows);
        QueryString kept = QueryString.of().add("desde", range.from().toString()).add("hasta", range.to().toString())
                .add("cifra", figure.get().name()).add("por", dimension.map(Enum::name).orElse(null)).add("valor", valor);
        if (first + PAGE_SIZE < all.size()) {
            model.put("nextHref", kept.copy().add("pagina", String.valueOf(pageNumber + 1)).on("/consola/informe/casos"));
        }
        if (pageNumber > 1) {
            model.put("previousHref", kept.copy().add("pagina", String.valueOf(pageNumber - 1)).on("/consola/informe/casos"));
        }
        return page.render("console/report-cases", page.t("report.cases.title", model.get("figureName")), model);
    }

    private static Map<String, Object> row(TenantContext tenant, PageShell.Page page, CaseFacts f,
                                           ReportCases.Figure figure, java.time.Instant now) {
        TenantConfig config = tenant.config();
        String zone = tenant.zone().getId();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id().toString());
        m.put("code", f.code());
        m.put("type", config.workflow().caseTypes().stream().filter(t -> t.key().equals(f.type()))
                .map(t -> page.label(t.name())).findFirst().orElse(f.type()));
        m.put("state", config.workflow().states().stream().filter(s -> s.key().equals(f.state()))
                .map(s -> page.label(s.name())).findFirst().orElse(f.state()));
        m.put("created", PageRenderer.formatDateTime(f.created(), zone, page.locale()));
        m.put("closed", f.closed() == null ? "—" : PageRenderer.formatDateTime(f.closed(), zone, page.locale()));
        CaseFacts.Settled s = figure == ReportCases.Figure.response || figure == ReportCases.Figure.responseMet
                ? f.response(now) : f.resolution(now);
        m.put("onTime", s == null ? "—" : page.t(s.onTime() ? "report.cases.onTime.yes" : "report.cases.onTime.no"));
        return m;
    }

    /** The page asked for, 1 when none; -1 when it is not a number. */
    static int pageNumber(@Nullable String pagina) {
        if (pagina == null || pagina.isBlank()) {
            return 1;
        }
        try {
            return Integer.parseInt(pagina.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
