package co.mesa.report;

import co.mesa.tenant.TenantContext;
import co.mesa.web.page.PageShell;
import jakarta.inject.Singleton;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's rates (issue 24) as a page model: reopen rate ("Incorrecta" and survey reopenings) and rejection rate
 * over the cases closed in the period, each part linked to its cases; the survey's response rate and the answers'
 * mean per question, each part linked to the surveys or answers it counts ({@link ReportSurveys}).
 */
@Singleton
public class ReportRatesView {

    private final ReportCases reportCases;
    private final SurveyFigures surveys;

    public ReportRatesView(ReportCases reportCases, SurveyFigures surveys) {
        this.reportCases = reportCases;
        this.surveys = surveys;
    }

    public Map<String, Object> model(TenantContext tenant, PageShell.Page page, YearMonth from, YearMonth to) {
        // Every case has one type: the type breakdown's sums are the entity's totals.
        long[] total = new long[ReportCases.Figure.values().length];
        for (ReportCases.Counts n : reportCases.breakdowns(tenant, from, to).get(ReportCases.Dimension.type).values()) {
            for (int i = 0; i < total.length; i++) {
                total[i] += n.n()[i];
            }
        }
        long closed = total[ReportCases.Figure.closed.ordinal()];
        List<Map<String, Object>> rates = new ArrayList<>();
        for (ReportCases.Figure f : List.of(ReportCases.Figure.reopened, ReportCases.Figure.rejected)) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("key", f.name());
            r.put("name", page.t("report.rate." + f.name()));
            r.put("pct", ReportBreakdownView.text(Indicators.pct(total[f.ordinal()], closed)));
            r.put("part", total[f.ordinal()]);
            r.put("partHref", ReportBreakdownView.link(from, to, f, null, null));
            r.put("whole", closed);
            r.put("wholeHref", ReportBreakdownView.link(from, to, ReportCases.Figure.closed, null, null));
            rates.add(r);
        }
        SurveyFigures.Figures s = surveys.figures(tenant, from, to);
        List<Map<String, Object>> questions = new ArrayList<>();
        for (SurveyFigures.Question q : s.questions()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("text", page.label(q.question().text()));
            m.put("kind", page.t("report.survey.kind." + q.question().type()));
            m.put("answers", q.answers());
            m.put("mean", ReportBreakdownView.text(q.mean()));
            m.put("type", q.question().type());
            m.put("href", ReportSurveys.link(from, to, ReportSurveys.Figure.question, q.question().key(), null));
            questions.add(m);
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("rates", rates);
        model.put("surveyOffered", s.offered());
        model.put("surveyAnswered", s.answered());
        model.put("surveyPct", ReportBreakdownView.text(s.responsePct()));
        model.put("surveyOfferedHref", ReportSurveys.link(from, to, ReportSurveys.Figure.offered, null, null));
        model.put("surveyAnsweredHref", ReportSurveys.link(from, to, ReportSurveys.Figure.responded, null, null));
        model.put("questions", questions);
        return model;
    }
}
