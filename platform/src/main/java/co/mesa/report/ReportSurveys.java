package co.mesa.report;

import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.web.page.QueryString;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The surveys and answers behind the report's survey figures (issue 24), by the same rules that count them: the
 * surveys answered in the period (by case type, as {@link Indicators} counts them), the surveys offered in it and those
 * of them answered (the response rate's parts, as {@link SurveyFigures} counts them), one question's answers given in
 * it, and the scale answers behind the satisfaction mean. Codes, types, dates and scale or yes/no values only: never a
 * free-text answer nor a person.
 */
@Singleton
public class ReportSurveys {

    static final String LIST = "/consola/informe/encuestas";

    /** The listed figures, as the report's links name them ({@code cifra=}). */
    public enum Figure {
        /** Answered in the period (the report's "Encuestas respondidas"), optionally of one case type. */
        answered,
        /** Offered in the period: the response rate's whole. */
        offered,
        /** Offered in the period and answered: the response rate's part. */
        responded,
        /** One question's answers given in the period ({@code pregunta=}). */
        question,
        /** The scale answers given in the period (the report's satisfaction), optionally of one case type. */
        scale;

        static Optional<Figure> of(@Nullable String name) {
            for (Figure f : values()) {
                if (f.name().equals(name)) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }

        /** Whether the figure exists per case type in the report. */
        boolean byType() {
            return this == answered || this == scale;
        }

        /** Whether each listed item is one answer (with a value) rather than one survey. */
        boolean answers() {
            return this == question || this == scale;
        }
    }

    /** One listed survey, or one answer of it ({@code question} and {@code value} set) for the answers' figures. */
    public record Item(UUID survey, UUID caseId, String code, String caseType, Instant offered, @Nullable Instant answered,
                       @Nullable String question, @Nullable String value) {
    }

    private final TenantTransactions tx;

    public ReportSurveys(TenantTransactions tx) {
        this.tx = tx;
    }

    /** The link to the surveys or answers a figure counts over the range, within one case type or question. */
    static String link(YearMonth from, YearMonth to, Figure figure, @Nullable String question, @Nullable String type) {
        return QueryString.of().add("desde", from.toString()).add("hasta", to.toString()).add("cifra", figure.name())
                .add("pregunta", question).add("por", type == null ? null : "type").add("valor", type).on(LIST);
    }

    /** Whether an answer counts for its question: a scale's 1 to 5, a yes/no's yes or no; a text answer never. */
    static boolean counts(TenantConfig.SurveyQuestion q, String value) {
        return switch (q.type()) {
            case "scale" -> value.matches("[1-5]");
            case "yesNo" -> value.equals("yes") || value.equals("no");
            default -> false;
        };
    }

    /** The questions whose answers the report counts (scale and yes/no), in the survey's order. */
    static List<TenantConfig.SurveyQuestion> countedQuestions(TenantConfig config) {
        TenantConfig.Survey survey = config.settings().survey();
        return survey == null ? List.of() : survey.questions().stream()
                .filter(q -> q.type().equals("scale") || q.type().equals("yesNo")).toList();
    }

    /** A list's mean as the report shows it: a scale's mean of 1 to 5, or a yes/no's % of "yes"; null when empty. */
    @Nullable
    static BigDecimal mean(String kind, List<String> values) {
        long n = values.size();
        long sum = 0;
        for (String v : values) {
            sum += kind.equals("scale") ? Integer.parseInt(v) : v.equals("yes") ? 1 : 0;
        }
        if (kind.equals("scale")) {
            return n == 0 ? null : Indicators.mean(sum, n);
        }
        return Indicators.pct(sum, n);
    }

    /**
     * What a figure counts over the range, oldest first; {@code question}: the question's key for {@link Figure#question};
     * {@code type}: a case type for the figures counted by type. Empty when the question is not a counted one.
     */
    public List<Item> items(TenantContext tenant, YearMonth from, YearMonth to, Figure figure, @Nullable String question,
                            @Nullable String type) {
        Instant start = ReportCases.start(tenant, from);
        Instant end = ReportCases.end(tenant, to);
        TenantConfig config = tenant.config();
        Set<String> declared = config.workflow().caseTypes().stream().map(TenantConfig.CaseType::key)
                .collect(Collectors.toSet());
        Map<String, TenantConfig.SurveyQuestion> counted = new HashMap<>();
        countedQuestions(config).forEach(q -> counted.put(q.key(), q));
        String select = "SELECT s.id, s.case_id, sc.code, sc.case_type, s.offered_at, s.answered_at";
        String from2 = " FROM case_survey s JOIN service_case sc ON sc.tenant_id = s.tenant_id AND sc.id = s.case_id";
        String answers = " JOIN case_survey_answer a ON a.tenant_id = s.tenant_id AND a.survey_id = s.id";
        String sql = switch (figure) {
            case answered -> select + ", NULL, NULL" + from2 + " WHERE s.answered_at >= ? AND s.answered_at < ?";
            case offered -> select + ", NULL, NULL" + from2 + " WHERE s.offered_at >= ? AND s.offered_at < ?";
            case responded -> select + ", NULL, NULL" + from2
                    + " WHERE s.offered_at >= ? AND s.offered_at < ? AND s.answered_at IS NOT NULL";
            case question, scale -> select + ", a.question, a.value" + from2 + answers
                    + " WHERE s.answered_at >= ? AND s.answered_at < ?";
        };
        List<Item> out = tx.read(tenant.id(), c -> {
            List<Item> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setTimestamp(1, Timestamp.from(start));
                ps.setTimestamp(2, Timestamp.from(end));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Item item = new Item(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                                rs.getString(4), instant(rs, 5), instant(rs, 6), rs.getString(7), rs.getString(8));
                        if (keep(figure, item, question, type, declared, counted)) {
                            items.add(item);
                        }
                    }
                }
            }
            return items;
        });
        Comparator<Item> order = figure == Figure.offered || figure == Figure.responded
                ? Comparator.comparing(Item::offered) : Comparator.comparing(Item::answered);
        out.sort(order.thenComparing(Item::code).thenComparing(i -> i.question() == null ? "" : i.question()));
        return out;
    }

    /** The rules of {@link Indicators} (answered, scale: declared case types) and {@link SurveyFigures} (the rest). */
    private static boolean keep(Figure figure, Item item, @Nullable String question, @Nullable String type,
                                Set<String> declared, Map<String, TenantConfig.SurveyQuestion> counted) {
        if (figure.byType() && (!declared.contains(item.caseType()) || (type != null && !type.equals(item.caseType())))) {
            return false;
        }
        return switch (figure) {
            case answered, offered, responded -> true;
            case question -> item.question().equals(question) && counted.containsKey(question)
                    && counts(counted.get(question), item.value());
            case scale -> counted.containsKey(item.question()) && counted.get(item.question()).type().equals("scale")
                    && counts(counted.get(item.question()), item.value());
        };
    }

    /** The counted answers (scale and yes/no) of these surveys, by survey and question: what a survey list shows. */
    public Map<UUID, Map<String, String>> answers(TenantContext tenant, List<UUID> surveys) {
        if (surveys.isEmpty()) {
            return Map.of();
        }
        Map<String, TenantConfig.SurveyQuestion> counted = new HashMap<>();
        countedQuestions(tenant.config()).forEach(q -> counted.put(q.key(), q));
        return tx.read(tenant.id(), c -> {
            Map<UUID, Map<String, String>> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT survey_id, question, value FROM case_survey_answer "
                    + "WHERE survey_id = ANY (?)")) {
                ps.setArray(1, c.createArrayOf("uuid", surveys.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        TenantConfig.SurveyQuestion q = counted.get(rs.getString(2));
                        if (q != null && counts(q, rs.getString(3))) {
                            out.computeIfAbsent(rs.getObject(1, UUID.class), k -> new HashMap<>())
                                    .put(q.key(), rs.getString(3));
                        }
                    }
                }
            }
            return out;
        });
    }

    @Nullable
    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
