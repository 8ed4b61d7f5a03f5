package co.mesa.sla;

import co.mesa.tenantconfig.I18n;
import co.mesa.tenantconfig.TenantConfig;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Hand-computed due dates and business time. Unless a test says otherwise the calendar is
 * Prosperidad Social's: Monday–Friday 08:00–17:00, America/Bogota (UTC−5), Colombian holidays.
 */
class BusinessCalendarTest {

    static final DayOfWeek[] WEEKDAYS = {MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY};
    static final BusinessCalendar OFFICE = calendar("America/Bogota", "colombia", List.of(),
            window("08:00", "17:00", WEEKDAYS));

    // ---- due dates ---------------------------------------------------------------------------

    @Test
    void theIssuesExampleSpansAWeekend() {
        // Fri 27 Nov 2026 16:00–17:00 = 1 h; Sat, Sun closed; Mon 30 Nov 08:00 + 1 h 30 = 09:30.
        assertThat(due("2026-11-27T16:00:00-05:00", "PT2H30M")).isEqualTo(at("2026-11-30T09:30:00-05:00"));
    }

    @Test
    void twoHolidayRulesOnMonday30June2025CloseOneDay() {
        // Fri 27 Jun 16:00–17:00 = 1 h; weekend; Mon 30 Jun is a holiday (San Pedro y San Pablo and
        // Sagrado Corazón); Tue 1 Jul 08:00 + 1 h = 09:00.
        assertThat(due("2025-06-27T16:00:00-05:00", "PT2H")).isEqualTo(at("2025-07-01T09:00:00-05:00"));
        // Mon 23 Jun 2025 (Corpus Christi) is closed too: Fri 20 Jun 16:00 + 2 h = Tue 24 Jun 09:00.
        assertThat(due("2025-06-20T16:00:00-05:00", "PT2H")).isEqualTo(at("2025-06-24T09:00:00-05:00"));
    }

    @Test
    void aStartBeforeOpeningCountsFromTheOpening() {
        assertThat(due("2026-03-10T06:15:00-05:00", "PT1H")).isEqualTo(at("2026-03-10T09:00:00-05:00"));
    }

    @Test
    void aStartAtClosingCountsFromTheNextOpening() {
        assertThat(due("2026-03-10T17:00:00-05:00", "PT1H")).isEqualTo(at("2026-03-11T09:00:00-05:00"));
    }

    @Test
    void aStartAfterClosingCountsFromTheNextOpening() {
        assertThat(due("2026-03-10T19:45:00-05:00", "PT30M")).isEqualTo(at("2026-03-11T08:30:00-05:00"));
        // Friday evening: the next opening is Monday.
        assertThat(due("2026-03-13T22:00:00-05:00", "PT30M")).isEqualTo(at("2026-03-16T08:30:00-05:00"));
    }

    @Test
    void timeRunningOutExactlyAtClosingIsDueAtTheClosingNotTheNextOpening() {
        assertThat(due("2026-03-10T15:00:00-05:00", "PT2H")).isEqualTo(at("2026-03-10T17:00:00-05:00"));
        // Three whole days from Monday's opening end on Wednesday's closing.
        assertThat(due("2026-03-09T08:00:00-05:00", "PT27H")).isEqualTo(at("2026-03-11T17:00:00-05:00"));
        // Friday's closing, not Monday's opening.
        assertThat(due("2026-11-27T16:00:00-05:00", "PT1H")).isEqualTo(at("2026-11-27T17:00:00-05:00"));
    }

    @Test
    void multiDayTargets() {
        // docs/tenant-config.md: opened Monday 15:00, 3 business days (27 h) → Thursday 15:00.
        assertThat(due("2026-03-09T15:00:00-05:00", "PT27H")).isEqualTo(at("2026-03-12T15:00:00-05:00"));
        // Holy Week 2026: Wed 1 Apr 10:00–17:00 = 7 h; Thu 2 and Fri 3 Apr holidays; weekend;
        // Mon 6 Apr 9 h (16 h); Tue 7 Apr 08:00 + 2 h = 10:00.
        assertThat(due("2026-04-01T10:00:00-05:00", "PT18H")).isEqualTo(at("2026-04-07T10:00:00-05:00"));
        // Two weeks (90 h) from Mon 9 Mar 08:00: weeks of 9–13 and 16–20 Mar; Mon 23 Mar is a
        // holiday (San José moved), so the 90th hour ends at Fri 20 Mar 17:00.
        assertThat(due("2026-03-09T08:00:00-05:00", "PT90H")).isEqualTo(at("2026-03-20T17:00:00-05:00"));
        // One more hour crosses the holiday: Tue 24 Mar 09:00.
        assertThat(due("2026-03-09T08:00:00-05:00", "PT91H")).isEqualTo(at("2026-03-24T09:00:00-05:00"));
    }

    @Test
    void aWholeYearOfBusinessTimeEndsOnTheYearsLastWorkingClosing() {
        // 2026 starts on a Thursday: 261 weekdays; its 18 holidays all fall on weekdays → 243 days × 9 h.
        assertThat(OFFICE.businessTimeBetween(at("2026-01-01T00:00:00-05:00"), at("2027-01-01T00:00:00-05:00"), List.of()))
                .isEqualTo(Duration.ofHours(2187));
        assertThat(due("2026-01-01T00:00:00-05:00", "PT2187H")).isEqualTo(at("2026-12-31T17:00:00-05:00"));
        // 2025 starts on a Wednesday: 261 weekdays; of its 17 holidays 20 Jul is a Sunday → 245 days × 9 h.
        assertThat(OFFICE.businessTimeBetween(at("2025-01-01T00:00:00-05:00"), at("2026-01-01T00:00:00-05:00"), List.of()))
                .isEqualTo(Duration.ofHours(2205));
    }

    @Test
    void aPauseAcrossAWeekendStopsTheClockUntilItEnds() {
        // Fri 16:00–16:30 counts 30 min; paused until Mon 30 Nov 09:00; 2 h more → 11:00.
        assertThat(OFFICE.addBusinessTime(at("2026-11-27T16:00:00-05:00"), Duration.parse("PT2H30M"),
                List.of(pause("2026-11-27T16:30:00-05:00", "2026-11-30T09:00:00-05:00"))))
                .isEqualTo(at("2026-11-30T11:00:00-05:00"));
    }

    @Test
    void aPauseAcrossAHolidayStopsTheClockUntilItEnds() {
        // Paused from Fri 27 Jun 2025 16:00 to Tue 1 Jul 08:30 (over the weekend and the 30 June holiday).
        assertThat(OFFICE.addBusinessTime(at("2025-06-27T16:00:00-05:00"), Duration.ofHours(2),
                List.of(pause("2025-06-27T16:00:00-05:00", "2025-07-01T08:30:00-05:00"))))
                .isEqualTo(at("2025-07-01T10:30:00-05:00"));
        // A pause lying only in closed time (the weekend and the holiday) changes nothing.
        assertThat(OFFICE.addBusinessTime(at("2025-06-27T16:00:00-05:00"), Duration.ofHours(2),
                List.of(pause("2025-06-28T00:00:00-05:00", "2025-07-01T00:00:00-05:00"))))
                .isEqualTo(at("2025-07-01T09:00:00-05:00"));
    }

    @Test
    void overlappingPausesMerge() {
        // Tue 10 Mar 2026: 08:00–09:00 counts 1 h; paused 09:00–10:30 (two pauses overlapping); 10:30 + 2 h.
        assertThat(OFFICE.addBusinessTime(at("2026-03-10T08:00:00-05:00"), Duration.ofHours(3),
                List.of(pause("2026-03-10T09:30:00-05:00", "2026-03-10T10:30:00-05:00"),
                        pause("2026-03-10T09:00:00-05:00", "2026-03-10T10:00:00-05:00"))))
                .isEqualTo(at("2026-03-10T12:30:00-05:00"));
        // The same pause twice is one pause.
        Interval p = pause("2026-03-10T09:00:00-05:00", "2026-03-10T10:00:00-05:00");
        assertThat(OFFICE.addBusinessTime(at("2026-03-10T08:00:00-05:00"), Duration.ofHours(3), List.of(p, p)))
                .isEqualTo(at("2026-03-10T12:00:00-05:00"));
    }

    @Test
    void aPauseStartingWhenTheTimeRunsOutDoesNotMoveTheDueDate() {
        assertThat(OFFICE.addBusinessTime(at("2026-03-10T08:00:00-05:00"), Duration.ofHours(1),
                List.of(pause("2026-03-10T09:00:00-05:00", "2026-03-10T12:00:00-05:00"))))
                .isEqualTo(at("2026-03-10T09:00:00-05:00"));
    }

    @Test
    void aStartInsideAPauseCountsFromThePausesEnd() {
        assertThat(OFFICE.addBusinessTime(at("2026-03-10T10:00:00-05:00"), Duration.ofMinutes(30),
                List.of(pause("2026-03-10T09:00:00-05:00", "2026-03-10T11:00:00-05:00"))))
                .isEqualTo(at("2026-03-10T11:30:00-05:00"));
    }

    @Test
    void inputsInUtcGiveTheSameInstant() {
        // 21:00Z is 16:00 in Bogotá.
        assertThat(due("2026-11-27T21:00:00Z", "PT2H30M")).isEqualTo(at("2026-11-30T14:30:00Z"));
    }

    @Test
    void fractionsOfASecondAreDropped() {
        assertThat(OFFICE.addBusinessTime(Instant.parse("2026-03-10T13:00:00.750Z"), Duration.ofSeconds(1, 900_000_000), List.of()))
                .isEqualTo(Instant.parse("2026-03-10T13:00:01Z"));
    }

    @Test
    void aZeroTargetIsDueAtTheStart() {
        assertThat(due("2026-03-14T10:00:00-05:00", "PT0S")).isEqualTo(at("2026-03-14T10:00:00-05:00"));
    }

    @Test
    void aNegativeTargetIsRefused() {
        assertThatThrownBy(() -> OFFICE.addBusinessTime(Instant.EPOCH, Duration.ofHours(-1), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- other calendars -----------------------------------------------------------------------

    @Test
    void severalWindowsADayAndTheEndOfTheFirstIsAClosingTime() {
        BusinessCalendar split = calendar("America/Bogota", "colombia", List.of(),
                window("08:00", "12:00", WEEKDAYS), window("14:00", "18:00", WEEKDAYS));
        assertThat(split.addBusinessTime(at("2026-03-10T11:30:00-05:00"), Duration.ofHours(1), List.of()))
                .isEqualTo(at("2026-03-10T14:30:00-05:00"));
        assertThat(split.addBusinessTime(at("2026-03-10T11:00:00-05:00"), Duration.ofHours(1), List.of()))
                .isEqualTo(at("2026-03-10T12:00:00-05:00"));
        assertThat(split.businessTimeBetween(at("2026-03-10T00:00:00-05:00"), at("2026-03-11T00:00:00-05:00"), List.of()))
                .isEqualTo(Duration.ofHours(8));
    }

    @Test
    void adjacentWindowsAreOneStretch() {
        BusinessCalendar adjacent = calendar("America/Bogota", "colombia", List.of(),
                window("08:00", "12:00", WEEKDAYS), window("12:00", "17:00", WEEKDAYS));
        assertThat(adjacent.addBusinessTime(at("2026-03-10T11:00:00-05:00"), Duration.ofHours(2), List.of()))
                .isEqualTo(at("2026-03-10T13:00:00-05:00"));
        assertThat(adjacent.weeklyOpenTime()).isEqualTo(Duration.ofHours(45));
    }

    @Test
    void twentyFourHundredEndsTheDay() {
        BusinessCalendar allDay = calendar("America/Bogota", "none", List.of(), window("00:00", "24:00", WEEKDAYS));
        // Fri 27 Nov 2026 23:00 + 1 h: runs out at Friday's 24:00, which is Saturday 00:00.
        assertThat(allDay.addBusinessTime(at("2026-11-27T23:00:00-05:00"), Duration.ofHours(1), List.of()))
                .isEqualTo(at("2026-11-28T00:00:00-05:00"));
        assertThat(allDay.addBusinessTime(at("2026-11-27T23:00:00-05:00"), Duration.ofHours(2), List.of()))
                .isEqualTo(at("2026-11-30T01:00:00-05:00"));
        // Monday 00:00–24:00 and Tuesday 00:00–24:00 run on without a break.
        assertThat(allDay.addBusinessTime(at("2026-11-30T12:00:00-05:00"), Duration.ofHours(24), List.of()))
                .isEqualTo(at("2026-12-01T12:00:00-05:00"));
    }

    @Test
    void theEntitysOwnClosuresCloseTheWholeDay() {
        BusinessCalendar withClosure = calendar("America/Bogota", "colombia", List.of(LocalDate.parse("2026-03-11")),
                window("08:00", "17:00", WEEKDAYS));
        assertThat(withClosure.addBusinessTime(at("2026-03-10T16:00:00-05:00"), Duration.ofHours(2), List.of()))
                .isEqualTo(at("2026-03-12T09:00:00-05:00"));
        assertThat(OFFICE.addBusinessTime(at("2026-03-10T16:00:00-05:00"), Duration.ofHours(2), List.of()))
                .isEqualTo(at("2026-03-11T09:00:00-05:00"));
    }

    @Test
    void aCalendarWithoutHolidaysWorksOnThem() {
        BusinessCalendar noHolidays = calendar("America/Bogota", "none", List.of(), window("08:00", "17:00", WEEKDAYS));
        assertThat(noHolidays.addBusinessTime(at("2025-06-27T16:00:00-05:00"), Duration.ofHours(2), List.of()))
                .isEqualTo(at("2025-06-30T09:00:00-05:00"));
        assertThat(noHolidays.closedDays(2025)).isEmpty();
    }

    @Test
    void daylightSavingZonesCountRealTime() {
        BusinessCalendar weekends = calendar("America/New_York", "none", List.of(), window("00:00", "24:00", SATURDAY, SUNDAY));
        // Sunday 8 March 2026 springs forward: 23 hours; Sunday 1 November 2026 falls back: 25 hours.
        assertThat(weekends.businessTimeBetween(Instant.parse("2026-03-08T05:00:00Z"), Instant.parse("2026-03-09T04:00:00Z"), List.of()))
                .isEqualTo(Duration.ofHours(23));
        assertThat(weekends.businessTimeBetween(Instant.parse("2026-11-01T04:00:00Z"), Instant.parse("2026-11-02T05:00:00Z"), List.of()))
                .isEqualTo(Duration.ofHours(25));
        // Saturday 7 March 00:00 EST + 47 h = Sunday 24:00 EDT (Monday 04:00Z).
        assertThat(weekends.addBusinessTime(Instant.parse("2026-03-07T05:00:00Z"), Duration.ofHours(47), List.of()))
                .isEqualTo(Instant.parse("2026-03-09T04:00:00Z"));
    }

    // ---- business time between -----------------------------------------------------------------

    @Test
    void businessTimeBetweenIsTheInverseOfAdding() {
        assertThat(OFFICE.businessTimeBetween(at("2026-11-27T16:00:00-05:00"), at("2026-11-30T09:30:00-05:00"), List.of()))
                .isEqualTo(Duration.parse("PT2H30M"));
        assertThat(OFFICE.businessTimeBetween(at("2025-06-27T16:00:00-05:00"), at("2025-07-01T10:30:00-05:00"),
                List.of(pause("2025-06-27T16:00:00-05:00", "2025-07-01T08:30:00-05:00"))))
                .isEqualTo(Duration.ofHours(2));
    }

    @Test
    void businessTimeBetweenAnEndNotAfterTheStartIsZero() {
        assertThat(OFFICE.businessTimeBetween(at("2026-03-10T12:00:00-05:00"), at("2026-03-10T10:00:00-05:00"), List.of()))
                .isZero();
        assertThat(OFFICE.businessTimeBetween(at("2026-03-10T12:00:00-05:00"), at("2026-03-10T12:00:00-05:00"), List.of()))
                .isZero();
    }

    // ---- the calendar's shape ------------------------------------------------------------------

    @Test
    void aCalendarIsNamedByItsKeyAndZone() {
        BusinessCalendar ps = BusinessCalendar.of(new TenantConfig.Calendar("mesa-servicios", I18n.of("Mesa"),
                "America/Bogota", List.of(window("08:00", "17:00", WEEKDAYS)), "colombia", List.of()));
        assertThat(ps.key()).isEqualTo("mesa-servicios");
        assertThat(ps.zone()).isEqualTo(java.time.ZoneId.of("America/Bogota"));
        assertThat(ps.weeklyOpenTime()).isEqualTo(Duration.ofHours(45));
    }

    @Test
    void aCalendarThatIsNeverOpenIsRefused() {
        assertThatThrownBy(() -> calendar("America/Bogota", "colombia", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("never open");
    }

    @Test
    void aWindowMustEndAfterItStarts() {
        // An empty window, and a night shift written as one window (it must be split at midnight).
        assertThatThrownBy(() -> calendar("America/Bogota", "colombia", List.of(), window("08:00", "08:00", WEEKDAYS)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not end after it starts");
        assertThatThrownBy(() -> calendar("America/Bogota", "colombia", List.of(), window("22:00", "06:00", WEEKDAYS)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void windowsListedAfternoonFirstAreWalkedInTheDaysOrder() {
        BusinessCalendar split = calendar("America/Bogota", "colombia", List.of(),
                window("14:00", "18:00", WEEKDAYS), window("08:00", "12:00", WEEKDAYS));
        assertThat(split.addBusinessTime(at("2026-03-10T07:00:00-05:00"), Duration.ofHours(1), List.of()))
                .isEqualTo(at("2026-03-10T09:00:00-05:00"));
        assertThat(split.addBusinessTime(at("2026-03-10T11:30:00-05:00"), Duration.ofHours(1), List.of()))
                .isEqualTo(at("2026-03-10T14:30:00-05:00"));
        assertThat(split.businessTimeBetween(at("2026-03-10T00:00:00-05:00"), at("2026-03-11T00:00:00-05:00"), List.of()))
                .isEqualTo(Duration.ofHours(8));
    }

    @Test
    void overlappingWindowsCountTheirSharedHoursOnce() {
        // 08:00–12:00 and 10:00–14:00 are one stretch of 6 h a day, 30 h a week.
        BusinessCalendar overlapping = calendar("America/Bogota", "colombia", List.of(),
                window("08:00", "12:00", WEEKDAYS), window("10:00", "14:00", WEEKDAYS));
        assertThat(overlapping.weeklyOpenTime()).isEqualTo(Duration.ofHours(30));
        // Two weeks from Mon 9 Mar 2026 08:00: 9–13 and 16–20 Mar (Mon 23 Mar is a holiday) → Fri 20 Mar 14:00.
        assertThat(overlapping.addBusinessTime(at("2026-03-09T08:00:00-05:00"), Duration.ofHours(60), List.of()))
                .isEqualTo(at("2026-03-20T14:00:00-05:00"));
    }

    @Test
    void noPausesMayBeGivenAsNull() {
        assertThat(OFFICE.addBusinessTime(at("2026-11-27T16:00:00-05:00"), Duration.parse("PT2H30M"), null))
                .isEqualTo(at("2026-11-30T09:30:00-05:00"));
        assertThat(OFFICE.businessTimeBetween(at("2026-11-27T16:00:00-05:00"), at("2026-11-30T09:30:00-05:00"), null))
                .isEqualTo(Duration.parse("PT2H30M"));
    }

    // ---- across a year's end and a clock change ------------------------------------------------

    @Test
    void aWalkIntoTheNextYearClosesItsHolidays() {
        // Thu 31 Dec 2026 16:00–17:00 = 1 h; Fri 1 Jan 2027 is a holiday; weekend; Mon 4 Jan 08:00 + 1 h.
        assertThat(due("2026-12-31T16:00:00-05:00", "PT2H")).isEqualTo(at("2027-01-04T09:00:00-05:00"));
        assertThat(OFFICE.businessTimeBetween(at("2026-12-31T16:00:00-05:00"), at("2027-01-04T09:00:00-05:00"), List.of()))
                .isEqualTo(Duration.ofHours(2));
        // The year's first day is a closed day like any other.
        assertThat(OFFICE.isClosedDay(LocalDate.parse("2027-01-01"))).isTrue();
        assertThat(OFFICE.isClosedDay(LocalDate.parse("2027-01-04"))).isFalse();
    }

    @Test
    void aWindowOpeningInTheSpringForwardGapOpensAtTheChange() {
        // New York, Sunday 8 March 2026: 02:00 EST jumps to 03:00 EDT, so 02:30 never happens and the
        // 02:30–05:00 window runs 03:00–05:00 EDT (07:00Z–09:00Z): 2 h instead of 2 h 30.
        BusinessCalendar night = calendar("America/New_York", "none", List.of(), window("02:30", "05:00", SUNDAY));
        assertThat(night.businessTimeBetween(Instant.parse("2026-03-08T05:00:00Z"), Instant.parse("2026-03-09T04:00:00Z"), List.of()))
                .isEqualTo(Duration.ofHours(2));
        assertThat(night.addBusinessTime(Instant.parse("2026-03-07T17:00:00Z"), Duration.ofHours(1), List.of()))
                .isEqualTo(Instant.parse("2026-03-08T08:00:00Z"));
    }

    @Test
    void aWindowOpeningInTheRepeatedHourOpensAtItsFirstOccurrence() {
        // New York, Sunday 1 November 2026: 02:00 EDT falls back to 01:00 EST. The 01:30–03:00 window opens
        // at the first 01:30 (EDT, 05:30Z) and closes at 03:00 EST (08:00Z): 2 h 30 of real time.
        BusinessCalendar night = calendar("America/New_York", "none", List.of(), window("01:30", "03:00", SUNDAY));
        assertThat(night.businessTimeBetween(Instant.parse("2026-11-01T04:00:00Z"), Instant.parse("2026-11-02T05:00:00Z"), List.of()))
                .isEqualTo(Duration.ofMinutes(150));
        assertThat(night.addBusinessTime(Instant.parse("2026-10-31T16:00:00Z"), Duration.ofHours(1), List.of()))
                .isEqualTo(Instant.parse("2026-11-01T06:30:00Z"));
    }

    // ---- closed days ---------------------------------------------------------------------------

    @Test
    void theFirstGregorianYearHasHolidaysAndTheOneBeforeHasNone() {
        assertThat(OFFICE.closedDays(ColombianHolidays.FIRST_YEAR)).isEqualTo(ColombianHolidays.of(ColombianHolidays.FIRST_YEAR))
                .contains(LocalDate.of(1583, 1, 1));
        assertThat(OFFICE.closedDays(ColombianHolidays.FIRST_YEAR - 1)).isEmpty();
    }

    @Test
    void theYearsFirstHolidayIsAClosedDay() {
        assertThat(OFFICE.isClosedDay(LocalDate.parse("2026-01-01"))).isTrue();
        assertThat(OFFICE.isClosedDay(LocalDate.parse("2026-01-02"))).isFalse();
        assertThat(OFFICE.isClosedDay(LocalDate.parse("2026-12-25"))).isTrue();
    }

    @Test
    void closedDaysAreTheHolidaysAndTheClosuresOfThatYearOnly() {
        BusinessCalendar withClosures = calendar("America/Bogota", "colombia",
                List.of(LocalDate.parse("2026-12-24"), LocalDate.parse("2027-12-24"), LocalDate.parse("2026-01-01")),
                window("08:00", "17:00", WEEKDAYS));
        assertThat(withClosures.closedDays(2026)).hasSize(19).contains(LocalDate.parse("2026-12-24"))
                .doesNotContain(LocalDate.parse("2027-12-24"));
        assertThat(withClosures.closedDays(2026).first()).isEqualTo(LocalDate.parse("2026-01-01"));
        assertThat(withClosures.isClosedDay(LocalDate.parse("2027-12-24"))).isTrue();
        assertThat(withClosures.isClosedDay(LocalDate.parse("2027-12-23"))).isFalse();
        // A holiday on a Sunday is listed all the same (20 July 2025).
        assertThat(OFFICE.closedDays(2025)).contains(LocalDate.parse("2025-07-20"));
    }

    @Nested
    class TheEntitysData {
        @Test
        void aClosureInOneTenantsCalendarDoesNotShowInAnothers() {
            // Both launch tenants keep a Monday–Friday 08:00–17:00 Colombian calendar; one adds a día cívico.
            TenantConfig.Calendar ps = new TenantConfig.Calendar("mesa-servicios", I18n.of("Mesa"), "America/Bogota",
                    List.of(window("08:00", "17:00", WEEKDAYS)), "colombia", List.of(LocalDate.parse("2026-03-11")));
            TenantConfig.Calendar fp = new TenantConfig.Calendar("tecnicos-primer-nivel", I18n.of("Técnicos"),
                    "America/Bogota", List.of(window("08:00", "17:00", WEEKDAYS)), "colombia", List.of());
            assertThat(BusinessCalendar.of(ps).closedDays(2026)).contains(LocalDate.parse("2026-03-11"));
            assertThat(BusinessCalendar.of(fp).closedDays(2026)).doesNotContain(LocalDate.parse("2026-03-11"))
                    .isEqualTo(ColombianHolidays.of(2026));
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    static Instant due(String start, String target) {
        return OFFICE.addBusinessTime(at(start), Duration.parse(target), List.of());
    }

    static Instant at(String isoWithOffset) {
        return OffsetDateTime.parse(isoWithOffset).toInstant();
    }

    static Interval pause(String from, String to) {
        return new Interval(at(from), at(to));
    }

    static TenantConfig.Window window(String from, String to, DayOfWeek... days) {
        return new TenantConfig.Window(Arrays.asList(days), LocalTime.parse(from), to);
    }

    static BusinessCalendar calendar(String zone, String holidays, List<LocalDate> closures, TenantConfig.Window... windows) {
        return BusinessCalendar.of(new TenantConfig.Calendar("test", I18n.of("Prueba"), zone, List.of(windows), holidays,
                closures));
    }
}
