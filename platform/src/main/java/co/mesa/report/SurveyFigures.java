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
        TenantConfig.Survey survey = tenant.config().settings().survey();
        List<TenantConfig.SurveyQuestion> questions = survey == null ? List.of() : survey.questions();
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
            Map<String, long[]> byQuestion = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT a.question, a.value, count(*) FROM case_survey s "
                    + "JOIN case_survey_answer a ON a.tenant_id = s.tenant_id AND a.survey_id = s.id "
                    + "WHERE s.answered_at >= ? AND s.answered_at < ? GROUP BY a.question, a.value")) {
                ps.setTimestamp(1, Timestamp.from(start));
                ps.setTimestamp(2, Timestamp.from(end));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String value = rs.getString(2);
                        long n = rs.getLong(3);
                        long[] sums = byQuestion.computeIfAbsent(rs.getString(1), k -> new long[2]);
                        if (value.matches("[1-5]")) {
                            sums[0] += n;
                            sums[1] += n * Integer.parseInt(value);
                        } else if (value.equals("yes") || value.equals("no")) {
                            sums[0] += n;
                            sums[1] += value.equals("yes") ? n : 0;
                        }
                    }
                }
            }
            List<Question> out = new ArrayList<>();
            for (TenantConfig.SurveyQuestion q : questions) {
                long[] sums = byQuestion.getOrDefault(q.key(), new long[2]);
                BigDecimal mean = switch (q.type()) {
                    case "scale" -> sums[0] == 0 ? null : Indicators.mean(sums[1], sums[0]);
                    case "yesNo" -> Indicators.pct(sums[1], sums[0]);
                    default -> null;
                };
                if (!q.type().equals("text")) {
                    out.add(new Question(q, sums[0], mean));
                }
            }
            return new Figures(offered, answered, out);
        });
    }
}
