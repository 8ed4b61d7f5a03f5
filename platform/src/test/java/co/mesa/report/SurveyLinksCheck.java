package co.mesa.report;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report's survey figures followed to their lists (issue 24, {@code /consola/informe/encuestas}): each linked count
 * equals its list's length, each linked mean the mean of the listed answers (a scale's mean, a yes/no's % of "yes"),
 * no list holds the other entity's cases, and no list shows a free-text answer.
 */
final class SurveyLinksCheck {

    private SurveyLinksCheck() {
    }

    /** A survey list: every page's codes, its stated count and the listed answers' values (answers' lists only). */
    record Surveys(List<String> codes, long count, List<String> values, String bodies) {
    }

    static Surveys follow(String host, String session, String href) {
        List<String> codes = new ArrayList<>();
        List<String> values = new ArrayList<>();
        StringBuilder bodies = new StringBuilder();
        long count = -1;
        String next = href;
        while (next != null) {
            HttpResponse<String> r = ReportFiguresTest.get(host, next, session);
            assertThat(r.statusCode()).as(next + "\n" + r.body()).isEqualTo(200);
            bodies.append(r.body());
            Document page = Jsoup.parse(r.body());
            count = Long.parseLong(page.selectFirst("#report-surveys-count strong").text().replaceAll("\\D", ""));
            page.select("#report-surveys tbody th a").forEach(a -> codes.add(a.text()));
            page.select("#report-surveys tbody td.answer").forEach(td -> values.add(td.attr("data-value")));
            Element more = page.selectFirst("a[rel=next]");
            next = more == null ? null : more.attr("href");
        }
        return new Surveys(codes, count, values, bodies.toString());
    }

    /** The mean as the report shows it, computed here from the listed values. */
    static String mean(String kind, List<String> values) {
        if (values.isEmpty()) {
            return "—";
        }
        long sum = 0;
        for (String v : values) {
            sum += kind.equals("scale") ? Integer.parseInt(v) : v.equals("yes") ? 100 : 0;
        }
        return BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(values.size()), 1, RoundingMode.HALF_UP).toPlainString();
    }

    /** Every survey link of the report over {@code query}, checked; the lists by link. */
    static Map<String, Surveys> checkEverySurveyFigure(String host, String session, String query, String otherPrefix,
                                                       String neverShown) {
        HttpResponse<String> r = ReportFiguresTest.get(host, "/consola/informe?" + query, session);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<Element> links = Jsoup.parse(r.body()).select("a[href^=/consola/informe/encuestas]");
        // Per case type and in total: answered and satisfaction; the response rate's two parts; per question two.
        assertThat(links).hasSizeGreaterThanOrEqualTo(2 * 3 + 2 + 2 * 2);
        Map<String, Surveys> lists = new LinkedHashMap<>();
        for (Element a : links) {
            String href = a.attr("href");
            Surveys listed = lists.computeIfAbsent(href, h -> follow(host, session, h));
            assertThat(listed.codes()).as(href).hasSize((int) listed.count());
            assertThat(listed.codes()).as(href).noneMatch(code -> code.startsWith(otherPrefix));
            assertThat(listed.bodies()).as(href).doesNotContain(neverShown);
            if (a.hasAttr("data-stat")) {
                assertThat(listed.values()).as(href).hasSize((int) listed.count());
                assertThat(a.text()).as(href).isEqualTo(mean(a.attr("data-kind"), listed.values()));
            } else {
                assertThat(listed.count()).as(href).isEqualTo(Long.parseLong(a.text()));
            }
        }
        return lists;
    }
}
