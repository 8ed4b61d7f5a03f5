package co.mesa.report;

import co.mesa.shared.Clocks;
import co.mesa.shared.TenantId;
import co.mesa.shared.TenantTransactions;
import co.mesa.sla.BusinessCalendars;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The monthly indicators of one entity by case type, by the definitions of {@code docs/indicadores.md} (the
 * page {@code /indicadores/definiciones}): what was filed, closed and open at each month's end; the response and
 * resolution targets settled in the month (met on time, or fell due unmet) with closed cases read from their frozen
 * SLA outcome, so a later policy change never rewrites a past month; the mean resolution business time of the cases
 * closed in the month; and the survey answers given in it. Nothing personal leaves here: counts and means only.
 *
 * <p>Past months are stored ({@link ReportMonths}, kept in step with writes); answers are also cached per entity, data
 * revision and range for at most {@link #STALE} (the open data's promise) unless {@code mesa.report.answer-cache} is
 * false (the benchmark's misses).
 */
@Singleton
public class Indicators {

    /** The most an answer may lag behind the cases. */
    public static final Duration STALE = Duration.ofMinutes(15);
    public static final int MAX_MONTHS = 36;

    /** One month and case type. Percentages and means: one decimal, null when nothing fell due or was answered. */
    public record Row(String entity, YearMonth month, String caseType, long casesFiled, long casesClosed,
                      long openAtMonthEnd, @Nullable BigDecimal firstResponseOnTimePct,
                      @Nullable BigDecimal resolutionOnTimePct, long expired,
                      @Nullable BigDecimal meanResolutionBusinessHours, long surveysAnswered,
                      @Nullable BigDecimal satisfactionAvg) {
    }

    private record Key(TenantId tenant, long revision, YearMonth from, YearMonth to) { }

    private final TenantTransactions tx;
    private final BusinessCalendars calendars;
    private final JsonMapper json;
    private final Clocks clocks;
    private final ReportMonths months;
    private final boolean answerCache;
    private final Cache<Key, List<Month>> cache = Caffeine.newBuilder().maximumSize(2_000).expireAfterWrite(STALE).build();

    public Indicators(TenantTransactions tx, BusinessCalendars calendars, JsonMapper json, Clocks clocks,
                      ReportMonths months, @Value("${mesa.report.answer-cache:true}") boolean answerCache) {
        this.tx = tx;
        this.calendars = calendars;
        this.json = json;
        this.clocks = clocks;
        this.months = months;
        this.answerCache = answerCache;
    }

    /** The current month in the entity's zone. */
    public YearMonth currentMonth(TenantContext tenant) {
        return YearMonth.from(clocks.clock().instant().atZone(tenant.zone()));
    }

    /** The raw counts behind one month and case type's row: what the report sums over a range. */
    public record Tally(long filed, long closed, long openAtEnd, long responseSettled, long responseMet,
                        long resolutionSettled, long resolutionMet, long expired, long resolvedCount,
                        long resolvedSeconds, long surveys, long scaleAnswers, long scaleSum) {

        public static final Tally ZERO = new Tally(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        /** Two periods one after the other: sums, the open count of the later one. */
        public Tally then(Tally later) {
            return new Tally(filed + later.filed, closed + later.closed, later.openAtEnd,
                    responseSettled + later.responseSettled, responseMet + later.responseMet,
                    resolutionSettled + later.resolutionSettled, resolutionMet + later.resolutionMet,
                    expired + later.expired, resolvedCount + later.resolvedCount, resolvedSeconds + later.resolvedSeconds,
                    surveys + later.surveys, scaleAnswers + later.scaleAnswers, scaleSum + later.scaleSum);
        }

        /** Two case types side by side over the same period: everything sums. */
        public Tally plus(Tally other) {
            return new Tally(filed + other.filed, closed + other.closed, openAtEnd + other.openAtEnd,
                    responseSettled + other.responseSettled, responseMet + other.responseMet,
                    resolutionSettled + other.resolutionSettled, resolutionMet + other.resolutionMet,
                    expired + other.expired, resolvedCount + other.resolvedCount, resolvedSeconds + other.resolvedSeconds,
                    surveys + other.surveys, scaleAnswers + other.scaleAnswers, scaleSum + other.scaleSum);
        }

        @Nullable
        public BigDecimal responseOnTimePct() {
            return pct(responseMet, responseSettled);
        }

        @Nullable
        public BigDecimal resolutionOnTimePct() {
            return pct(resolutionMet, resolutionSettled);
        }

        @Nullable
        public BigDecimal meanResolutionHours() {
            return resolvedCount == 0 ? null : hours(resolvedSeconds, resolvedCount);
        }

        @Nullable
        public BigDecimal satisfactionAvg() {
            return scaleAnswers == 0 ? null : mean(scaleSum, scaleAnswers);
        }
    }

    /** One month and case type's tally. */
    public record Month(YearMonth month, String caseType, Tally tally) {
    }

    /** Rows for every month from {@code from} to {@code to} (inclusive) and every declared case type, in that order. */
    public List<Row> monthly(TenantContext tenant, YearMonth from, YearMonth to) {
        List<Row> rows = new ArrayList<>();
        for (Month m : tallies(tenant, from, to)) {
            Tally n = m.tally();
            rows.add(new Row(tenant.slug(), m.month(), m.caseType(), n.filed(), n.closed(), n.openAtEnd(),
                    n.responseOnTimePct(), n.resolutionOnTimePct(), n.expired(), n.meanResolutionHours(), n.surveys(),
                    n.satisfactionAvg()));
        }
        return rows;
    }

    /** The tallies for every month and declared case type, in that order (past months stored: {@link ReportMonths}). */
    public List<Month> tallies(TenantContext tenant, YearMonth from, YearMonth to) {
        ReportMonths.Compute compute = (a, b) -> compute(tenant, a, b);
        return answerCache ? cache.get(new Key(tenant.id(), tenant.revision(), from, to),
                k -> months.tallies(tenant, from, to, compute)) : months.tallies(tenant, from, to, compute);
    }

    /** A recount from the cases, past the stored months and the cache: what the stored months must equal. */
    List<Month> recount(TenantContext tenant, YearMonth from, YearMonth to) {
        return compute(tenant, from, to);
    }

    private List<Month> compute(TenantContext tenant, YearMonth from, YearMonth to) {
        ZoneId zone = tenant.zone();
        Instant start = from.atDay(1).atStartOfDay(zone).toInstant();
        Instant end = to.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        Instant now = clocks.clock().instant();
        List<String> types = tenant.config().workflow().caseTypes().stream().map(TenantConfig.CaseType::key).toList();
        Map<String, Counts> counts = new LinkedHashMap<>();
        for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
            for (String type : types) {
                counts.put(m + "/" + type, new Counts());
            }
        }
        Set<String> scale = new HashSet<>();
        for (TenantConfig.SurveyQuestion q : tenant.config().settings().survey() == null ? List.<TenantConfig.SurveyQuestion>of()
                : tenant.config().settings().survey().questions()) {
            if ("scale".equals(q.type())) {
                scale.add(q.key());
            }
        }
        tx.read(tenant.id(), c -> {
            cases(c, tenant, start, end, now, from, to, counts);
            surveys(c, zone, start, end, scale, counts);
            return null;
        });
        List<Month> months = new ArrayList<>();
        for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
            for (String type : types) {
                Counts n = counts.get(m + "/" + type);
                months.add(new Month(m, type, new Tally(n.filed, n.closed, n.openAtEnd, n.responseSettled,
                        n.responseMet, n.resolutionSettled, n.resolutionMet, n.expired, n.resolvedCount,
                        n.resolvedSeconds, n.surveys, n.scaleAnswers, n.scaleSum)));
            }
        }
        return List.copyOf(months);
    }

    private static final class Counts {
        long filed, closed, openAtEnd, responseSettled, responseMet, resolutionSettled, resolutionMet, expired;
        long resolvedCount, resolvedSeconds, surveys, scaleAnswers, scaleSum;
    }

    private void cases(Connection c, TenantContext tenant, Instant start, Instant end, Instant now, YearMonth from,
                       YearMonth to, Map<String, Counts> counts) throws SQLException {
        ZoneId zone = tenant.zone();
        CaseFacts.scan(c, json, tenant.config(), start, end, f -> {
            String type = f.type();
            Counts filed = at(counts, zone, type, f.created());
            if (filed != null) {
                filed.filed++;
            }
            if (f.closed() != null) {
                Counts closing = at(counts, zone, type, f.closed());
                if (closing != null) {
                    closing.closed++;
                    Duration time = f.resolutionTime(tenant, calendars);
                    if (time != null) {
                        closing.resolvedCount++;
                        closing.resolvedSeconds += time.getSeconds();
                    }
                }
            }
            for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
                if (f.openAt(m.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant())) {
                    Counts n = counts.get(m + "/" + type);
                    if (n != null) {
                        n.openAtEnd++;
                    }
                }
            }
            CaseFacts.Settled response = f.response(now);
            CaseFacts.Settled resolution = f.resolution(now);
            if (response != null) {
                Counts n = at(counts, zone, type, response.at());
                if (n != null) {
                    n.responseSettled++;
                    n.responseMet += response.onTime() ? 1 : 0;
                }
            }
            if (resolution != null) {
                Counts n = at(counts, zone, type, resolution.at());
                if (n != null) {
                    n.resolutionSettled++;
                    if (resolution.onTime()) {
                        n.resolutionMet++;
                    } else {
                        n.expired++;
                    }
                }
            }
        });
    }

    private void surveys(Connection c, ZoneId zone, Instant start, Instant end, Set<String> scale,
                         Map<String, Counts> counts) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT s.id, s.answered_at, sc.case_type, a.question, a.value "
                + "FROM case_survey s JOIN service_case sc ON sc.tenant_id = s.tenant_id AND sc.id = s.case_id "
                + "LEFT JOIN case_survey_answer a ON a.tenant_id = s.tenant_id AND a.survey_id = s.id "
                + "WHERE s.answered_at >= ? AND s.answered_at < ?")) {
            ps.setTimestamp(1, Timestamp.from(start));
            ps.setTimestamp(2, Timestamp.from(end));
            Set<String> seen = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Counts n = at(counts, zone, rs.getString(3), rs.getTimestamp(2).toInstant());
                    if (n == null) {
                        continue;
                    }
                    if (seen.add(rs.getString(1))) {
                        n.surveys++;
                    }
                    String question = rs.getString(4);
                    String value = rs.getString(5);
                    if (question != null && scale.contains(question) && value != null && value.matches("[1-5]")) {
                        n.scaleAnswers++;
                        n.scaleSum += Integer.parseInt(value);
                    }
                }
            }
        }
    }

    @Nullable
    private static Counts at(Map<String, Counts> counts, ZoneId zone, String type, Instant at) {
        return counts.get(YearMonth.from(at.atZone(zone)) + "/" + type);
    }

    @Nullable
    static BigDecimal pct(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part * 100).divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP);
    }

    static BigDecimal hours(long seconds, long count) {
        return BigDecimal.valueOf(seconds).divide(BigDecimal.valueOf(3600L * count), 1, RoundingMode.HALF_UP);
    }

    static BigDecimal mean(long sum, long count) {
        return BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(count), 1, RoundingMode.HALF_UP);
    }
}
