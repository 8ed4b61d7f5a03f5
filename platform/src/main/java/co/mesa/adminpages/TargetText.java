package co.mesa.adminpages;

import co.mesa.tenantconfig.BusinessDuration;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An SLA target's business time as an administrator reads and types it: "8 h", "2 h 30 min",
 * "45 min", "15 días" (or "15 days"); ISO-8601 ("PT8H") is taken too. Empty: not measured.
 */
final class TargetText {

    /** At most a year of business time: the tenant data's own limit for business days. */
    static final int MAX_DAYS = 365;
    static final long MAX_MINUTES = 365L * 24 * 60;

    private static final Pattern DAYS = Pattern.compile("(\\d{1,4})\\s*(?:d|d[ií]as?|days?)\\.?",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern HOURS_MINUTES = Pattern.compile(
            "(?:(\\d{1,6})\\s*(?:h|hrs?|horas?|hours?)\\.?)?\\s*(?:(\\d{1,6})\\s*(?:m|mins?|minutos?|minutes?)\\.?)?",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /** What was typed: valid or not, and the target (null when empty: not measured). */
    record Parsed(boolean valid, boolean outOfRange, @Nullable BusinessDuration value) {
        static final Parsed NONE = new Parsed(true, false, null);
        static final Parsed INVALID = new Parsed(false, false, null);
        static final Parsed OUT_OF_RANGE = new Parsed(false, true, null);
    }

    private TargetText() {
    }

    /**
     * A whole number of business days as typed ({@code 400 días}), whatever its size, or null when the
     * text is not days: out-of-range days are written as typed, and the tenant data's own limits
     * (1–365, the schema's) refuse them next to the input.
     */
    @Nullable
    static Integer days(@Nullable String raw) {
        Matcher days = DAYS.matcher(raw == null ? "" : raw.strip().replaceAll("\\s+", " "));
        return days.matches() ? Integer.valueOf(days.group(1)) : null;
    }

    static Parsed parse(@Nullable String raw) {
        String s = raw == null ? "" : raw.strip().replaceAll("\\s+", " ");
        if (s.isEmpty()) {
            return Parsed.NONE;
        }
        Matcher days = DAYS.matcher(s);
        if (days.matches()) {
            long n = Long.parseLong(days.group(1));
            return n < 1 || n > MAX_DAYS ? Parsed.OUT_OF_RANGE : new Parsed(true, false, new BusinessDuration(null, (int) n));
        }
        long minutes;
        if (s.regionMatches(true, 0, "PT", 0, 2)) {
            try {
                Duration d = Duration.parse(s.toUpperCase(Locale.ROOT));
                if (d.toSecondsPart() != 0 || d.isNegative()) {
                    return Parsed.INVALID;
                }
                minutes = d.toMinutes();
            } catch (DateTimeParseException e) {
                return Parsed.INVALID;
            }
        } else {
            Matcher hm = HOURS_MINUTES.matcher(s);
            if (!hm.matches() || (hm.group(1) == null && hm.group(2) == null)) {
                return Parsed.INVALID;
            }
            minutes = (hm.group(1) == null ? 0 : Long.parseLong(hm.group(1)) * 60)
                    + (hm.group(2) == null ? 0 : Long.parseLong(hm.group(2)));
        }
        if (minutes < 1 || minutes > MAX_MINUTES) {
            return Parsed.OUT_OF_RANGE;
        }
        return new Parsed(true, false, new BusinessDuration(Duration.ofMinutes(minutes), null));
    }

    /** Hours and minutes as the form shows them ("8 h", "2 h 30 min", "45 min"); days go through the bundle. */
    static String hours(Duration d) {
        long h = d.toHours();
        int m = d.toMinutesPart();
        if (h == 0) {
            return m + " min";
        }
        return m == 0 ? h + " h" : h + " h " + m + " min";
    }
}
