package co.mesa.report;

import io.micronaut.core.annotation.Nullable;

import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/** The report's period: {@code desde}/{@code hasta} as YYYY-MM, inclusive, at most {@link Indicators#MAX_MONTHS}. */
record ReportPeriod(YearMonth from, YearMonth to) {

    private static final Pattern MONTH = Pattern.compile("\\d{4}-(0[1-9]|1[0-2])");

    /** From desde/hasta (YYYY-MM; default {@code now}'s month); null when malformed, reversed or too long. */
    @Nullable
    static ReportPeriod parse(YearMonth now, @Nullable String desde, @Nullable String hasta) {
        YearMonth from;
        YearMonth to;
        try {
            to = hasta == null || hasta.isBlank() ? null : month(hasta);
            from = desde == null || desde.isBlank() ? null : month(desde);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (to == null) {
            to = from == null ? now : from;
        }
        if (from == null) {
            from = to;
        }
        if (from.isAfter(to) || ChronoUnit.MONTHS.between(from, to) + 1 > Indicators.MAX_MONTHS) {
            return null;
        }
        return new ReportPeriod(from, to);
    }

    private static YearMonth month(String value) {
        String v = value.strip();
        if (!MONTH.matcher(v).matches()) {
            throw new IllegalArgumentException(v);
        }
        return YearMonth.parse(v);
    }
}
