package co.mesa.sla;

import co.mesa.tenantconfig.I18n;
import co.mesa.tenantconfig.TenantConfig;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The window-jumping engine against a naive oracle that walks minute by minute, asking of each
 * minute only "is the calendar open now and the case not paused?", on random cases (fixed seed).
 */
class BusinessCalendarPropertyTest {

    static final long SEED = 20261127L;
    static final int CASES = 2_000;
    static final DayOfWeek[] WEEKDAYS = {MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY};

    /** The calendars tried, each with the length of one of its business days (the unit of "10 business days"). */
    record Subject(TenantConfig.Calendar config, BusinessCalendar engine, Oracle oracle, long businessDayMinutes) {
        static Subject of(String zone, String holidays, List<LocalDate> closures, long dayMinutes, TenantConfig.Window... w) {
            TenantConfig.Calendar c = new TenantConfig.Calendar("c", I18n.of("c"), zone, List.of(w), holidays, closures);
            return new Subject(c, BusinessCalendar.of(c), new Oracle(c), dayMinutes);
        }
    }

    static final List<Subject> SUBJECTS = List.of(
            Subject.of("America/Bogota", "colombia", List.of(), 9 * 60, window("08:00", "17:00", WEEKDAYS)),
            Subject.of("America/Bogota", "colombia", List.of(LocalDate.parse("2025-12-24"), LocalDate.parse("2026-03-11"),
                            LocalDate.parse("2026-12-24"), LocalDate.parse("2027-06-04")), 8 * 60,
                    window("07:30", "12:00", WEEKDAYS), window("13:30", "17:00", WEEKDAYS), window("08:00", "12:00", SATURDAY)),
            Subject.of("America/Bogota", "colombia", List.of(), 9 * 60,
                    window("08:00", "12:00", WEEKDAYS), window("12:00", "17:00", WEEKDAYS)),
            Subject.of("America/Bogota", "none", List.of(LocalDate.parse("2026-01-02")), 24 * 60,
                    window("00:00", "24:00", MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY)),
            Subject.of("America/Bogota", "colombia", List.of(), 6 * 60,
                    window("18:00", "24:00", WEEKDAYS), window("00:00", "02:00", SATURDAY)),
            // A zone that still changes its clocks: windows are local times, the clock counts real time.
            Subject.of("America/New_York", "none", List.of(LocalDate.parse("2026-07-03")), 9 * 60,
                    window("08:00", "17:00", WEEKDAYS), window("00:00", "24:00", SUNDAY)));

    @Test
    void theEngineAgreesWithAMinuteByMinuteOracle() {
        Random random = new Random(SEED);
        Instant from = Instant.parse("2024-12-01T00:00:00Z");
        long spanMinutes = Duration.between(from, Instant.parse("2027-06-01T00:00:00Z")).toMinutes();
        for (int n = 0; n < CASES; n++) {
            Subject subject = SUBJECTS.get(random.nextInt(SUBJECTS.size()));
            long startMinute = from.getEpochSecond() / 60 + (long) (random.nextDouble() * spanMinutes);
            if (random.nextInt(4) == 0) {
                // A quarter of the starts on a whole hour (both zones are whole hours off UTC), so that
                // starts at opening and closing times come up.
                startMinute -= Math.floorMod(startMinute, 60);
            }
            long targetMinutes = random.nextInt(4) == 0
                    ? subject.businessDayMinutes() * (1 + random.nextInt(10))
                    : 1 + (long) random.nextInt((int) (10 * subject.businessDayMinutes()));
            List<Interval> pauses = new ArrayList<>();
            int count = random.nextInt(4);
            for (int p = 0; p < count; p++) {
                long pauseStart = startMinute - 2 * 1440 + random.nextInt(16 * 1440);
                long length = random.nextBoolean() ? 1 + random.nextInt(240) : 1 + random.nextInt(3 * 1440);
                pauses.add(new Interval(Instant.ofEpochSecond(pauseStart * 60), Instant.ofEpochSecond((pauseStart + length) * 60)));
            }
            Instant start = Instant.ofEpochSecond(startMinute * 60);
            Duration target = Duration.ofMinutes(targetMinutes);
            String what = "case " + n + ": " + subject.config().hours() + " in " + subject.config().timeZone()
                    + ", start " + start + ", target " + target + ", pauses " + pauses;

            Instant expected = subject.oracle().due(startMinute, targetMinutes, pauses);
            Instant actual = subject.engine().addBusinessTime(start, target, pauses);
            assertThat(actual).as(what).isEqualTo(expected);
            assertThat(subject.engine().businessTimeBetween(start, actual, pauses)).as(what).isEqualTo(target);
            // Between start and any instant, the engine counts what the oracle counts.
            long otherMinute = startMinute + random.nextInt(20 * 1440);
            assertThat(subject.engine().businessTimeBetween(start, Instant.ofEpochSecond(otherMinute * 60), pauses))
                    .as(what + ", until " + Instant.ofEpochSecond(otherMinute * 60))
                    .isEqualTo(Duration.ofMinutes(subject.oracle().count(startMinute, otherMinute, pauses)));
        }
    }

    /**
     * Knows nothing of windows as spans: asks each minute whether its local time lies in one.
     * It remembers the last hour's offset and the last day's answers only to stay fast (both
     * zones change offsets on whole hours).
     */
    static final class Oracle {
        private final ZoneRules rules;
        private final List<int[]> windows = new ArrayList<>();
        private final List<Set<DayOfWeek>> windowDays = new ArrayList<>();
        private final Set<Long> closedEpochDays = new HashSet<>();
        private long memoHour = Long.MIN_VALUE;
        private int memoOffset;
        private long memoDay = Long.MIN_VALUE;
        private DayOfWeek memoDow;
        private boolean memoClosed;

        Oracle(TenantConfig.Calendar calendar) {
            this.rules = ZoneId.of(calendar.timeZone()).getRules();
            for (TenantConfig.Window w : calendar.hours()) {
                int to = "24:00".equals(w.to()) ? 1440 : LocalTime.parse(w.to()).toSecondOfDay() / 60;
                windows.add(new int[]{w.from().toSecondOfDay() / 60, to});
                windowDays.add(Set.copyOf(w.days()));
            }
            for (int year = 2020; year <= 2030; year++) {
                if ("colombia".equals(calendar.holidays())) {
                    ColombianHolidays.of(year).forEach(d -> closedEpochDays.add(d.toEpochDay()));
                }
            }
            calendar.extraClosedDays().forEach(d -> closedEpochDays.add(d.toEpochDay()));
        }

        int offsetMinutesAt(long epochMinute) {
            long hour = Math.floorDiv(epochMinute, 60);
            if (hour != memoHour) {
                memoHour = hour;
                memoOffset = rules.getOffset(Instant.ofEpochSecond(hour * 3600)).getTotalSeconds() / 60;
            }
            return memoOffset;
        }

        /** Whether the minute starting at {@code epochMinute} is business time. */
        boolean open(long epochMinute) {
            long local = epochMinute + offsetMinutesAt(epochMinute);
            long day = Math.floorDiv(local, 1440);
            if (day != memoDay) {
                memoDay = day;
                memoDow = LocalDate.ofEpochDay(day).getDayOfWeek();
                memoClosed = closedEpochDays.contains(day);
            }
            if (memoClosed) {
                return false;
            }
            int minuteOfDay = (int) Math.floorMod(local, 1440);
            for (int i = 0; i < windows.size(); i++) {
                int[] w = windows.get(i);
                if (minuteOfDay >= w[0] && minuteOfDay < w[1] && windowDays.get(i).contains(memoDow)) {
                    return true;
                }
            }
            return false;
        }

        static boolean paused(long epochMinute, List<Interval> pauses) {
            long second = epochMinute * 60;
            for (Interval p : pauses) {
                if (p.start().getEpochSecond() <= second && second < p.end().getEpochSecond()) {
                    return true;
                }
            }
            return false;
        }

        Instant due(long startMinute, long targetMinutes, List<Interval> pauses) {
            long counted = 0;
            for (long m = startMinute; ; m++) {
                if (open(m) && !paused(m, pauses) && ++counted == targetMinutes) {
                    return Instant.ofEpochSecond((m + 1) * 60);
                }
            }
        }

        long count(long fromMinute, long untilMinute, List<Interval> pauses) {
            long counted = 0;
            for (long m = fromMinute; m < untilMinute; m++) {
                if (open(m) && !paused(m, pauses)) {
                    counted++;
                }
            }
            return counted;
        }
    }

    static TenantConfig.Window window(String from, String to, DayOfWeek... days) {
        return new TenantConfig.Window(List.of(days), LocalTime.parse(from), to);
    }
}
