package co.mesa.sla;

import co.mesa.shared.Messages;
import co.mesa.shared.Problem;
import co.mesa.shared.ProblemException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the public calendar and SLA endpoints' query parameters, gathering every problem in the caller's language. */
final class SlaQueryParameters {

    static final int FIRST_YEAR = 1984;
    static final int LAST_YEAR = 2199;
    static final Duration MIN_TARGET = Duration.ofMinutes(1);
    static final Duration MAX_TARGET = Duration.ofHours(10_000);

    private static final DateTimeFormatter INSTANT = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffsetId().optionalEnd()
            .toFormatter(Locale.ROOT);
    private static final Pattern YEAR = Pattern.compile("\\d{1,9}");
    private static final Pattern HOURS_MINUTES = Pattern.compile("PT(?:(\\d{1,9})H)?(?:(\\d{1,9})M)?",
            Pattern.CASE_INSENSITIVE);
    // Any ISO-8601 duration naming days (P3D, P1DT2H) or larger units, told apart to say why it is refused.
    private static final Pattern WITH_DATE_PART = Pattern.compile("[+-]?P(?:\\d+[YMWD])+(?:T.*)?",
            Pattern.CASE_INSENSITIVE);

    private final Messages messages;
    private final Locale locale;
    private final List<Problem.InvalidParam> problems = new ArrayList<>();

    SlaQueryParameters(Messages messages, Locale locale) {
        this.messages = messages;
        this.locale = locale;
    }

    @Nullable
    Integer year(String name, @Nullable String value) {
        if (isBlank(value)) {
            return invalid(name, "sla.param.required");
        }
        String v = value.strip();
        if (!YEAR.matcher(v).matches()) {
            return invalid(name, "sla.param.year.format", v);
        }
        int year = Integer.parseInt(v);
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            return invalid(name, "sla.param.year.range", FIRST_YEAR, LAST_YEAR);
        }
        return year;
    }

    /**
     * An ISO-8601 local date-time with an optional offset ({@code Z} too); without one it is read
     * in {@code zone}. Query strings turn an unescaped {@code +} into a space, so a space is read
     * as {@code +}. Fractions of a second are dropped.
     */
    @Nullable
    Instant instant(String name, @Nullable String value, ZoneId zone, boolean required) {
        if (isBlank(value)) {
            return required ? invalid(name, "sla.param.required") : null;
        }
        String v = value.replace(' ', '+').strip();
        Instant instant = parseInstant(v, zone);
        if (instant == null) {
            return invalid(name, "sla.param.instant.format", v);
        }
        int year = instant.atZone(zone).getYear();
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            return invalid(name, "sla.param.instant.range", v, FIRST_YEAR, LAST_YEAR);
        }
        return instant;
    }

    @Nullable
    Duration target(String name, @Nullable String value) {
        if (isBlank(value)) {
            return invalid(name, "sla.param.required");
        }
        String v = value.strip();
        Matcher m = HOURS_MINUTES.matcher(v);
        if (!m.matches() || (m.group(1) == null && m.group(2) == null)) {
            return WITH_DATE_PART.matcher(v).matches() ? invalid(name, "sla.param.target.days", v)
                    : invalid(name, "sla.param.target.format", v);
        }
        Duration target = Duration.ofHours(m.group(1) == null ? 0 : Long.parseLong(m.group(1)))
                .plusMinutes(m.group(2) == null ? 0 : Long.parseLong(m.group(2)));
        if (target.compareTo(MIN_TARGET) < 0 || target.compareTo(MAX_TARGET) > 0) {
            return invalid(name, "sla.param.target.range", v);
        }
        return target;
    }

    /** Each {@code start/end}; a problem is named {@code pause[i]} after the parameter's position (from 0). */
    List<Interval> pauses(String name, @Nullable List<String> values, ZoneId zone) {
        List<Interval> pauses = new ArrayList<>();
        if (values == null) {
            return pauses;
        }
        for (int i = 0; i < values.size(); i++) {
            String raw = values.get(i) == null ? "" : values.get(i).strip();
            String at = name + "[" + i + "]";
            String[] parts = raw.split("/", -1);
            if (parts.length != 2) {
                invalid(at, "sla.param.pause.format", raw);
                continue;
            }
            int before = problems.size();
            Instant start = instant(at, parts[0], zone, true);
            Instant end = instant(at, parts[1], zone, true);
            if (problems.size() > before) {
                continue;
            }
            if (!end.isAfter(start)) {
                invalid(at, "sla.param.pause.order", raw);
                continue;
            }
            pauses.add(new Interval(start, end));
        }
        return pauses;
    }

    void unknownCalendar(String name, String key) {
        invalid(name, "sla.param.calendar.unknown", key);
    }

    /** Throws the 400 problem when any parameter was wrong. */
    void check() {
        if (!problems.isEmpty()) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "invalid-parameters", "problem.bad-request.title",
                    "problem.sla.invalid-parameters.detail", problems);
        }
    }

    @Nullable
    private static Instant parseInstant(String value, ZoneId zone) {
        try {
            TemporalAccessor parsed = INSTANT.parseBest(value, OffsetDateTime::from, LocalDateTime::from);
            Instant instant = parsed instanceof OffsetDateTime odt ? odt.toInstant()
                    : ZonedDateTime.of((LocalDateTime) parsed, zone).toInstant();
            return instant.truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private <T> T invalid(String name, String key, Object... args) {
        problems.add(new Problem.InvalidParam(name, messages.get(locale, key, args)));
        return null;
    }

    private static boolean isBlank(@Nullable String value) {
        return value == null || value.isBlank();
    }
}
