package co.mesa.sla;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.Collections;
import java.util.NavigableSet;
import java.util.TreeSet;

/** Colombia's national holidays for any Gregorian year, computed from Ley 51 de 1983 and Easter. */
public final class ColombianHolidays {

    /** The first year the Gregorian Easter computation is defined for. */
    public static final int FIRST_YEAR = 1583;

    // Asked again for every year each calendar and each holiday request crosses.
    /** Holidays per year, computed once: every due date asks. */
    private static final Cache<Integer, NavigableSet<LocalDate>> CACHE = Caffeine.newBuilder()
            .maximumSize(1_000).expireAfterAccess(java.time.Duration.ofHours(1)).build();

    private static final int[][] FIXED = {{1, 1}, {5, 1}, {7, 20}, {8, 7}, {12, 8}, {12, 25}};
    // Ley 51 de 1983, art. 1: these move to the following Monday when they fall on another day.
    private static final int[][] MOVED_TO_MONDAY = {{1, 6}, {3, 19}, {6, 29}, {8, 15}, {10, 12}, {11, 1}, {11, 11}};
    // Ascension (Thursday), Corpus Christi (Thursday) and Sacred Heart (Friday) are never Mondays,
    // so the law's move lands them on Easter + 43, + 64 and + 71; the offsets are kept as the law
    // states them and moved by the same rule as the fixed ones.
    private static final int[] EASTER_MOVED_TO_MONDAY = {39, 60, 68};
    // Holy Thursday and Good Friday stay where they fall.
    private static final int[] EASTER_FIXED = {-3, -2};

    private ColombianHolidays() {
    }

    /** The year's holidays, sorted, each date once (two rules on one day make one holiday). */
    public static NavigableSet<LocalDate> of(int year) {
        if (year < FIRST_YEAR) {
            throw new IllegalArgumentException("no Gregorian Easter before " + FIRST_YEAR + ": " + year);
        }
        return CACHE.get(year, ColombianHolidays::compute);
    }

    public static boolean isHoliday(LocalDate date) {
        return date.getYear() >= FIRST_YEAR && of(date.getYear()).contains(date);
    }

    /** Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
    public static LocalDate easter(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, day);
    }

    private static NavigableSet<LocalDate> compute(int year) {
        TreeSet<LocalDate> days = new TreeSet<>();
        for (int[] md : FIXED) {
            days.add(LocalDate.of(year, Month.of(md[0]), md[1]));
        }
        for (int[] md : MOVED_TO_MONDAY) {
            days.add(nextMonday(LocalDate.of(year, Month.of(md[0]), md[1])));
        }
        LocalDate easter = easter(year);
        for (int offset : EASTER_FIXED) {
            days.add(easter.plusDays(offset));
        }
        for (int offset : EASTER_MOVED_TO_MONDAY) {
            days.add(nextMonday(easter.plusDays(offset)));
        }
        return Collections.unmodifiableNavigableSet(days);
    }

    private static LocalDate nextMonday(LocalDate date) {
        return date.with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
    }
}
