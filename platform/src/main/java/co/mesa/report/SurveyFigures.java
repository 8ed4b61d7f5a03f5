package co.mesa.report;

import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The survey's figures of a period (issue 24, survey of issue 23): how many surveys were offered in it and how many
 * of those were answered (the response rate), and per question the answers given in the period: for a scale question
 * their mean (1 to 5), for a yes/no question the share of "yes". Counts and means only; one read.
 */
@Singleton
public class SurveyFigures {

    /** {@code mean}: a scale question's mean, or a yes/no question's % of "yes"; null when nobody answered it. */
    public record Question(TenantConfig.SurveyQuestion question, long answers, BigDecimal mean) {
    }

    public record Figures(long offered, long answered, List<Question> questions) {

        public BigDecimal responsePct() {
            return Indicators.pct(answered, offered);
        }
    }

    private final TenantTransactions tx;

    public SurveyFigures(TenantTransactions tx) {
        this.tx = tx;
    }

    public Figures figures(TenantContext tenant, YearMonth from, YearMonth to) {
        Instant start = ReportCases.start(tenant, from);
        Instant end = ReportCases.end(tenant, to);
        return tx.read(tenant.id(), c -> {
            long offered;
            long answered;
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*), count(answered_at) FROM case_survey "
                    + "WHERE offered_at >= ? AND offered_at < ?")) {
                ps.setTimestamp(1, Timestamp.from(start));
                ps.setTimestamp(2, Timestamp.from(end));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    offered = rs.getLong(1);
                    answered = rs.getLong(2);
                }
            }
            Map<String, Map<String, Long>> byQuestion = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT a.question, a.value, count(*) FROM case_survey s "
                    + "JOIN case_survey_answer a ON a.tenant_id = s.tenant_id AND a.survey_id = s.id "
                    + "WHERE s.answered_at >= ? AND s.answered_at < ? GROUP BY a.question, a.value")) {
                ps.setTimestamp(1, Timestamp.from(start));
                ps.setTimestamp(2, Timestamp.from(end));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byQuestion.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), rs.getLong(3));
                    }
                }
            }
            // The answers that count are those the question's list shows (ReportSurveys.counts), so each mean is the
            // mean of its list.
            List<Question> out = new ArrayList<>();
            for (TenantConfig.SurveyQuestion q : ReportSurveys.countedQuestions(tenant.config())) {
                long answers = 0;
                long sum = 0;
                for (Map.Entry<String, Long> v : byQuestion.getOrDefault(q.key(), Map.of()).entrySet()) {
                    if (ReportSurveys.counts(q, v.getKey())) {
                        answers += v.getValue();
                        sum += v.getValue() * (q.type().equals("scale") ? Integer.parseInt(v.getKey())
                                : v.getKey().equals("yes") ? 1 : 0);
                    }
                }
                BigDecimal mean = q.type().equals("scale") ? (answers == 0 ? null : Indicators.mean(sum, answers))
                        : Indicators.pct(sum, answers);
                out.add(new Question(q, answers, mean));
            }
            return new Figures(offered, answered, out);
        });
    }
}
