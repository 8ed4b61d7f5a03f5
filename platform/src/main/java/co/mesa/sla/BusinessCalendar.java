package co.mesa.sla;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import co.mesa.tenantconfig.TenantConfig;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A calendar's business clock: its weekly windows in its zone, less national holidays and the
 * entity's closures; arithmetic at second precision, walking whole windows (decision 0005).
 */
public final class BusinessCalendar {

    private static final int DAY = 86_400;
    private static final int WEEK_DAYS = 7;

    private final String key;
    private final ZoneId zone;
    private final ZoneRules rules;
    /** Per ISO weekday (index 0 = Monday): merged windows as [from, to, from, to, …] seconds of the day. */
    private final int[][] windows;
    private final long weekOpenSeconds;
    private final boolean colombianHolidays;
    private final NavigableSet<LocalDate> extraClosedDays;
    /** Closed days per year as epoch days, for the walks; a calendar is asked about a few years only. */
    private final Cache<Integer, int[]> closedEpochDaysByYear = Caffeine.newBuilder()
            .maximumSize(200).expireAfterAccess(java.time.Duration.ofHours(1)).build();
    // From these points on the zone's offset never changes again, so local days are all 24 hours
    // long and whole weeks can be skipped; zones that still change (DST) are walked day by day.
    private final long fixedFromInstant;
    private final long fixedFromLocal;
    private final int fixedOffset;

    private BusinessCalendar(String key, ZoneId zone, int[][] windows, boolean colombianHolidays,
                             NavigableSet<LocalDate> extraClosedDays) {
        this.key = key;
        this.zone = zone;
        this.rules = zone.getRules();
        this.windows = windows;
        this.colombianHolidays = colombianHolidays;
        this.extraClosedDays = extraClosedDays;
        long week = 0;
        for (int[] day : windows) {
            for (int j = 0; j < day.length; j += 2) {
                week += day[j + 1] - day[j];
            }
        }
        if (week == 0) {
            throw new IllegalArgumentException("calendar " + key + " is never open");
        }
        this.weekOpenSeconds = week;
        if (rules.isFixedOffset()) {
            fixedFromInstant = Long.MIN_VALUE;
            fixedFromLocal = Long.MIN_VALUE;
            fixedOffset = rules.getOffset(Instant.EPOCH).getTotalSeconds();
        } else if (rules.getTransitionRules().isEmpty() && !rules.getTransitions().isEmpty()) {
            List<ZoneOffsetTransition> all = rules.getTransitions();
            ZoneOffsetTransition last = all.get(all.size() - 1);
            fixedFromInstant = last.toEpochSecond();
            fixedFromLocal = Math.max(last.getDateTimeBefore().toEpochSecond(ZoneOffset.UTC),
                    last.getDateTimeAfter().toEpochSecond(ZoneOffset.UTC));
            fixedOffset = last.getOffsetAfter().getTotalSeconds();
        } else {
            fixedFromInstant = Long.MAX_VALUE;
            fixedFromLocal = Long.MAX_VALUE;
            fixedOffset = 0;
        }
    }

    /** The engine for a tenant calendar; immutable, so callers cache it per calendar and data revision. */
    public static BusinessCalendar of(TenantConfig.Calendar calendar) {
        List<List<int[]>> perDay = new ArrayList<>();
        for (int i = 0; i < WEEK_DAYS; i++) {
            perDay.add(new ArrayList<>());
        }
        for (TenantConfig.Window w : calendar.hours()) {
            int from = w.from().toSecondOfDay();
            int to = "24:00".equals(w.to()) ? DAY : java.time.LocalTime.parse(w.to()).toSecondOfDay();
            if (to <= from) {
                throw new IllegalArgumentException("window " + w.from() + "-" + w.to() + " of " + calendar.key()
                        + " does not end after it starts");
            }
            for (DayOfWeek d : w.days()) {
                perDay.get(d.getValue() - 1).add(new int[]{from, to});
            }
        }
        int[][] windows = new int[WEEK_DAYS][];
        for (int i = 0; i < WEEK_DAYS; i++) {
            windows[i] = merge(perDay.get(i));
        }
        return new BusinessCalendar(calendar.key(), ZoneId.of(calendar.timeZone()), windows,
                "colombia".equals(calendar.holidays()),
                Collections.unmodifiableNavigableSet(new TreeSet<>(calendar.extraClosedDays())));
    }

    // Adjacent windows (08:00–12:00, 12:00–17:00) are one stretch: time running out at 12:00
    // must not be answered as a closing time.
    private static int[] merge(List<int[]> spans) {
        spans.sort((a, b) -> Integer.compare(a[0], b[0]));
        List<int[]> merged = new ArrayList<>();
        for (int[] s : spans) {
            int[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && s[0] <= last[1]) {
                last[1] = Math.max(last[1], s[1]);
            } else {
                merged.add(new int[]{s[0], s[1]});
            }
        }
        int[] flat = new int[merged.size() * 2];
        for (int i = 0; i < merged.size(); i++) {
            flat[2 * i] = merged.get(i)[0];
            flat[2 * i + 1] = merged.get(i)[1];
        }
        return flat;
    }

    public String key() {
        return key;
    }

    public ZoneId zone() {
        return zone;
    }

    /** Open time in a week without holidays or closures. */
    public Duration weeklyOpenTime() {
        return Duration.ofSeconds(weekOpenSeconds);
    }

    /**
     * Every national holiday (when the calendar follows Colombia's) and every closure of the
     * entity in {@code year}, sorted, each once — including those on days the calendar would be
     * closed anyway (a holiday on a Sunday is still a holiday people look for).
     */
    public SortedSet<LocalDate> closedDays(int year) {
        TreeSet<LocalDate> days = new TreeSet<>();
        if (colombianHolidays && year >= ColombianHolidays.FIRST_YEAR) {
            days.addAll(ColombianHolidays.of(year));
        }
        days.addAll(extraClosedDays.subSet(LocalDate.of(year, 1, 1), true, LocalDate.of(year, 12, 31), true));
        return Collections.unmodifiableSortedSet(days);
    }

    public boolean isClosedDay(LocalDate date) {
        return Arrays.binarySearch(closedEpochDays(date.getYear()), (int) date.toEpochDay()) >= 0;
    }

    /**
     * The earliest instant at which {@code target} of business time has elapsed since
     * {@code start}, not counting time inside {@code pauses}. Time running out exactly at a
     * closing time answers that closing time. Fractions of a second are dropped.
     */
    public Instant addBusinessTime(Instant start, Duration target, List<Interval> pauses) {
        Objects.requireNonNull(start, "start");
        if (target.isNegative()) {
            throw new IllegalArgumentException("negative target: " + target);
        }
        long remaining = target.getSeconds();
        long t = start.getEpochSecond();
        if (remaining == 0) {
            return Instant.ofEpochSecond(t);
        }
        long[][] merged = mergePauses(pauses);
        long[] ps = merged[0];
        long[] pe = merged[1];
        int n = ps.length;
        int pi = 0;
        long day = localDay(t);
        ClosedDays closed = new ClosedDays();
        while (true) {
            while (pi < n && pe[pi] <= t) {
                pi++;
            }
            if (remaining > weekOpenSeconds) {
                long dayStart = toInstant(day, 0);
                if (t <= dayStart && day * DAY >= fixedFromLocal) {
                    long weeks = (remaining - 1) / weekOpenSeconds;
                    weeks = Math.min(weeks, (closed.nextOnOrAfter(day) - day) / WEEK_DAYS);
                    if (pi < n) {
                        weeks = Math.min(weeks, (localDay(ps[pi]) - day) / WEEK_DAYS);
                    }
                    if (weeks > 0) {
                        day += weeks * WEEK_DAYS;
                        remaining -= weeks * weekOpenSeconds;
                        t = toInstant(day, 0);
                    }
                }
            }
            if (!closed.contains(day)) {
                int[] w = windows[dayOfWeekIndex(day)];
                for (int j = 0; j < w.length; j += 2) {
                    long we = toInstant(day, w[j + 1]);
                    if (we <= t) {
                        continue;
                    }
                    long s = Math.max(toInstant(day, w[j]), t);
                    while (s < we) {
                        while (pi < n && pe[pi] <= s) {
                            pi++;
                        }
                        if (pi < n && ps[pi] <= s) {
                            s = pe[pi];
                            continue;
                        }
                        long segmentEnd = pi < n ? Math.min(we, ps[pi]) : we;
                        long available = segmentEnd - s;
                        if (available >= remaining) {
                            return Instant.ofEpochSecond(s + remaining);
                        }
                        remaining -= available;
                        s = segmentEnd;
                    }
                    t = we;
                }
            }
            day++;
        }
    }

    /** Business time in [a, b) not inside {@code pauses}; zero when b is not after a. Second precision. */
    public Duration businessTimeBetween(Instant a, Instant b, List<Interval> pauses) {
        long t = a.getEpochSecond();
        long end = b.getEpochSecond();
        if (end <= t) {
            return Duration.ZERO;
        }
        long[][] merged = mergePauses(pauses);
        long[] ps = merged[0];
        long[] pe = merged[1];
        int n = ps.length;
        int pi = 0;
        long counted = 0;
        long day = localDay(t);
        long lastDay = localDay(end);
        ClosedDays closed = new ClosedDays();
        while (day <= lastDay) {
            while (pi < n && pe[pi] <= t) {
                pi++;
            }
            long dayStart = toInstant(day, 0);
            if (t <= dayStart && day * DAY >= fixedFromLocal) {
                long weeks = (lastDay - day) / WEEK_DAYS;
                weeks = Math.min(weeks, (closed.nextOnOrAfter(day) - day) / WEEK_DAYS);
                if (pi < n) {
                    weeks = Math.min(weeks, (localDay(ps[pi]) - day) / WEEK_DAYS);
                }
                if (weeks > 0) {
                    day += weeks * WEEK_DAYS;
                    counted += weeks * weekOpenSeconds;
                    t = toInstant(day, 0);
                }
            }
            if (!closed.contains(day)) {
                int[] w = windows[dayOfWeekIndex(day)];
                for (int j = 0; j < w.length; j += 2) {
                    long we = Math.min(toInstant(day, w[j + 1]), end);
                    if (we <= t) {
                        continue;
                    }
                    long s = Math.max(toInstant(day, w[j]), t);
                    while (s < we) {
                        while (pi < n && pe[pi] <= s) {
                            pi++;
                        }
                        if (pi < n && ps[pi] <= s) {
                            s = pe[pi];
                            continue;
                        }
                        long segmentEnd = pi < n ? Math.min(we, ps[pi]) : we;
                        counted += segmentEnd - s;
                        s = segmentEnd;
                    }
                    t = we;
                }
            }
            day++;
        }
        return Duration.ofSeconds(counted);
    }

    /** Sorted, merged, at whole seconds: [starts, ends]. */
    private static long[][] mergePauses(List<Interval> pauses) {
        if (pauses == null || pauses.isEmpty()) {
            return new long[][]{new long[0], new long[0]};
        }
        long[][] spans = new long[pauses.size()][];
        for (int i = 0; i < spans.length; i++) {
            Interval p = pauses.get(i);
            spans[i] = new long[]{p.start().getEpochSecond(), p.end().getEpochSecond()};
        }
        Arrays.sort(spans, (x, y) -> Long.compare(x[0], y[0]));
        long[] starts = new long[spans.length];
        long[] ends = new long[spans.length];
        int m = 0;
        for (long[] s : spans) {
            if (s[1] <= s[0]) {
                continue;
            }
            if (m > 0 && s[0] <= ends[m - 1]) {
                ends[m - 1] = Math.max(ends[m - 1], s[1]);
            } else {
                starts[m] = s[0];
                ends[m] = s[1];
                m++;
            }
        }
        return new long[][]{Arrays.copyOf(starts, m), Arrays.copyOf(ends, m)};
    }

    private static int dayOfWeekIndex(long epochDay) {
        // 1970-01-01 was a Thursday (index 3).
        return (int) Math.floorMod(epochDay + 3, 7L);
    }

    private long localDay(long instant) {
        int offset = instant >= fixedFromInstant ? fixedOffset
                : rules.getOffset(Instant.ofEpochSecond(instant)).getTotalSeconds();
        return Math.floorDiv(instant + offset, DAY);
    }

    /**
     * The instant a local wall-clock time of a day begins. A time skipped by a forward change
     * begins at the change (the window opens as soon as its time exists); a repeated time is
     * read at its first occurrence.
     */
    private long toInstant(long epochDay, int secondOfDay) {
        long local = epochDay * DAY + secondOfDay;
        if (local >= fixedFromLocal) {
            return local - fixedOffset;
        }
        LocalDateTime ldt = LocalDateTime.ofEpochSecond(local, 0, ZoneOffset.UTC);
        ZoneOffsetTransition change = rules.getTransition(ldt);
        if (change == null) {
            return local - rules.getOffset(ldt).getTotalSeconds();
        }
        return change.isGap() ? change.toEpochSecond() : local - change.getOffsetBefore().getTotalSeconds();
    }

    private int[] closedEpochDays(int year) {
        return closedEpochDaysByYear.get(year,
                y -> closedDays(y).stream().mapToInt(d -> (int) d.toEpochDay()).toArray());
    }

    /** A walk's view of closed days: the current year's array, reloaded when the walk enters another year. */
    private final class ClosedDays {
        private long yearStart = Long.MAX_VALUE;
        private long yearEnd = Long.MIN_VALUE;
        private int year;
        private int[] days;

        boolean contains(long epochDay) {
            select(epochDay);
            return Arrays.binarySearch(days, (int) epochDay) >= 0;
        }

        /** The next closed day on or after {@code epochDay}, or the end of the next year when none comes sooner. */
        long nextOnOrAfter(long epochDay) {
            select(epochDay);
            int i = Arrays.binarySearch(days, (int) epochDay);
            i = i >= 0 ? i : -i - 1;
            if (i < days.length) {
                return days[i];
            }
            int[] next = closedEpochDays(year + 1);
            return next.length > 0 ? next[0] : LocalDate.of(year + 2, 1, 1).toEpochDay();
        }

        private void select(long epochDay) {
            if (epochDay < yearStart || epochDay >= yearEnd) {
                year = LocalDate.ofEpochDay(epochDay).getYear();
                yearStart = LocalDate.of(year, 1, 1).toEpochDay();
                yearEnd = LocalDate.of(year + 1, 1, 1).toEpochDay();
                days = closedEpochDays(year);
            }
        }
    }
}
