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

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The surveys or answers behind one survey figure of the ANS report (issue 24): {@code cifra} over {@code desde}–
 * {@code hasta}, within a case type ({@code por=type&valor=}) or of one question ({@code pregunta=}), exactly as the
 * report counts them ({@link ReportSurveys}); for answers, their mean as the report shows it. Over the whole entity,
 * for supervisors and the entity's administrators. Codes, types, dates and scale or yes/no values only: no free text
 * and no people.
 */
@Controller
@Hidden
@Secured({Roles.SUPERVISOR, Roles.TENANT_ADMIN})
public class ReportSurveysController {

    private final PageShell shell;
    private final Indicators indicators;
    private final ReportSurveys surveys;

    public ReportSurveysController(PageShell shell, Indicators indicators, ReportSurveys surveys) {
        this.shell = shell;
        this.indicators = indicators;
        this.surveys = surveys;
    }

    @Get(value = "/consola/informe/encuestas", produces = MediaType.TEXT_HTML)
    public HttpResponse<?> surveys(TenantContext tenant, HttpRequest<?> request, Authentication auth,
                                   @Nullable @QueryValue String desde, @Nullable @QueryValue String hasta,
                                   @Nullable @QueryValue String cifra, @Nullable @QueryValue String pregunta,
                                   @Nullable @QueryValue String por, @Nullable @QueryValue String valor,
                                   @Nullable @QueryValue String pagina) {
        PageShell.Page page = shell.page(tenant, request, auth);
        ReportPeriod range = ReportPeriod.parse(indicators.currentMonth(tenant), desde, hasta);
        if (range == null) {
            return page.error(HttpStatus.BAD_REQUEST, "report.invalid.title", "report.invalid.detail");
        }
        TenantConfig config = tenant.config();
        Optional<ReportSurveys.Figure> figure = ReportSurveys.Figure.of(cifra);
        Optional<TenantConfig.SurveyQuestion> question = ReportSurveys.countedQuestions(config).stream()
                .filter(q -> q.key().equals(pregunta)).findFirst();
        boolean typeOk = por == null ? valor == null : por.equals("type") && valor != null
                && figure.map(ReportSurveys.Figure::byType).orElse(false)
                && config.workflow().caseTypes().stream().anyMatch(t -> t.key().equals(valor));
        int pageNumber = ReportCasesController.pageNumber(pagina);
        if (figure.isEmpty() || !typeOk || pageNumber < 1
                || (figure.get() == ReportSurveys.Figure.question) != (pregunta != null)
                || (pregunta != null && question.isEmpty())) {
            return page.error(HttpStatus.BAD_REQUEST, "report.surveys.invalid.title", "report.surveys.invalid.detail");
        }
        ReportSurveys.Figure f = figure.get();
        List<ReportSurveys.Item> all = surveys.items(tenant, range.from(), range.to(), f, pregunta, valor);
        int size = ReportCasesController.PAGE_SIZE;
        int first = (pageNumber - 1) * size;
        List<ReportSurveys.Item> shown = first >= all.size() ? List.of() : all.subList(first, Math.min(all.size(), first + size));
        Map<String, Object> model = new HashMap<>();
        model.put("nav", "report");
        String figureName = question.map(q -> page.t("report.surveys.figure.question", page.label(q.text())))
                .orElse(page.t("report.surveys.figure." + f.name()));
        model.put("figureName", figureName);
        model.put("within", valor == null ? null : page.t("report.by.type") + ": "
                + ReportBreakdownView.label(config, page, ReportCases.Dimension.type, valor, Map.of()));
        model.put("desde", range.from().toString());
        model.put("hasta", range.to().toString());
        model.put("count", all.size());
        model.put("countText", page.t(f.answers() ? "report.surveys.count.answers" : "report.surveys.count", all.size()));
        model.put("reportHref", "/consola/informe?desde=" + range.from() + "&hasta=" + range.to());
        String kind = question.map(TenantConfig.SurveyQuestion::type).orElse("scale");
        if (f.answers()) {
            BigDecimal mean = ReportSurveys.mean(kind, all.stream().map(ReportSurveys.Item::value).toList());
            model.put("mean", page.t("report.surveys.mean." + kind, mean == null ? "—" : mean.toPlainString()));
        }
        model.put("answers", f.answers());
        model.put("kind", kind);
        List<TenantConfig.SurveyQuestion> columns = f.answers() ? List.of() : ReportSurveys.countedQuestions(config);
        model.put("questions", columns.stream().map(q -> page.label(q.text())).toList());
        Map<UUID, Map<String, String>> given = f.answers() ? Map.of()
                : surveys.answers(tenant, shown.stream().map(ReportSurveys.Item::survey).toList());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ReportSurveys.Item item : shown) {
            rows.add(row(tenant, page, item, columns, given.getOrDefault(item.survey(), Map.of())));
        }
        model.put("rows", rows);
        QueryString kept = QueryString.of().add("desde", range.from().toString()).add("hasta", range.to().toString())
                .add("cifra", f.name()).add("pregunta", pregunta).add("por", por).add("valor", valor);
        if (first + size < all.size()) {
            model.put("nextHref", kept.copy().add("pagina", String.valueOf(pageNumber + 1)).on(ReportSurveys.LIST));
        }
        if (pageNumber > 1) {
            model.put("previousHref", kept.copy().add("pagina", String.valueOf(pageNumber - 1)).on(ReportSurveys.LIST));
        }
        return page.render("console/report-surveys", page.t("report.surveys.title", figureName), model);
    }

    private static Map<String, Object> row(TenantContext tenant, PageShell.Page page, ReportSurveys.Item item,
                                           List<TenantConfig.SurveyQuestion> columns, Map<String, String> given) {
        TenantConfig config = tenant.config();
        String zone = tenant.zone().getId();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", item.caseId().toString());
        m.put("code", item.code());
        m.put("type", config.workflow().caseTypes().stream().filter(t -> t.key().equals(item.caseType()))
                .map(t -> page.label(t.name())).findFirst().orElse(item.caseType()));
        m.put("offered", PageRenderer.formatDateTime(item.offered(), zone, page.locale()));
        m.put("answered", item.answered() == null ? "—" : PageRenderer.formatDateTime(item.answered(), zone, page.locale()));
        if (item.value() != null) {
            m.put("question", ReportSurveys.countedQuestions(config).stream().filter(q -> q.key().equals(item.question()))
                    .map(q -> page.label(q.text())).findFirst().orElse(item.question()));
            m.put("value", item.value());
            m.put("shown", shown(page, item.value()));
        }
        List<Map<String, Object>> cells = new ArrayList<>();
        for (TenantConfig.SurveyQuestion q : columns) {
            String v = given.get(q.key());
            Map<String, Object> cell = new LinkedHashMap<>();
            cell.put("value", v == null ? "" : v);
            cell.put("shown", v == null ? "—" : shown(page, v));
            cells.add(cell);
        }
        m.put("cells", cells);
        return m;
    }

    private static String shown(PageShell.Page page, String value) {
        return value.equals("yes") || value.equals("no") ? page.t("report.surveys.answer." + value) : value;
    }
}
