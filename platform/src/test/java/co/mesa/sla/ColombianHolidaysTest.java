package co.mesa.sla;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** National holidays by Ley 51 de 1983, checked against lists derived by hand from the rules. */
class ColombianHolidaysTest {

    /*
     * Easter by the anonymous Gregorian algorithm, by hand:
     *   2025: a = 2025 mod 19 = 11, b = 20, c = 25, d = 5, e = 0, f = 1, g = 6,
     *         h = (209 + 20 − 5 − 6 + 15) mod 30 = 23, i = 6, k = 1, l = (32 + 0 + 12 − 23 − 1) mod 7 = 6,
     *         m = (11 + 253 + 132) / 451 = 0, h + l − 7m + 114 = 143 → month 143 / 31 = 4, day 143 mod 31 + 1 = 20:
     *         Easter Sunday 20 April 2025.
     *   2026: a = 12, b = 20, c = 26, d = 5, e = 0, f = 1, g = 6, h = (228 + 20 − 5 − 6 + 15) mod 30 = 12,
     *         i = 6, k = 2, l = (32 + 12 − 12 − 2) mod 7 = 2, m = 0, 12 + 2 + 114 = 128 → 4, 128 mod 31 + 1 = 5:
     *         Easter Sunday 5 April 2026.
     *
     * 2025 (1 Jan is a Wednesday):
     *   fixed: 1 Jan (Wed), 1 May (Thu), 20 Jul (Sun), 7 Aug (Thu), 8 Dec (Mon), 25 Dec (Thu);
     *   Holy Thursday E−3 = 17 Apr, Good Friday E−2 = 18 Apr;
     *   to Monday: 6 Jan is a Monday → 6 Jan; 19 Mar (Wed) → 24 Mar; 29 Jun (Sun) → 30 Jun;
     *              15 Aug (Fri) → 18 Aug; 12 Oct (Sun) → 13 Oct; 1 Nov (Sat) → 3 Nov; 11 Nov (Tue) → 17 Nov;
     *   Ascension E+39 = Thu 29 May → Mon 2 Jun; Corpus Christi E+60 = Thu 19 Jun → Mon 23 Jun;
     *   Sacred Heart E+68 = Fri 27 Jun → Mon 30 Jun — the same day as San Pedro y San Pablo: one holiday.
     *   18 rules, 17 dates.
     *
     * 2026 (1 Jan is a Thursday):
     *   fixed: 1 Jan (Thu), 1 May (Fri), 20 Jul (Mon), 7 Aug (Fri), 8 Dec (Tue), 25 Dec (Fri);
     *   Holy Thursday 2 Apr, Good Friday 3 Apr;
     *   to Monday: 6 Jan (Tue) → 12 Jan; 19 Mar (Thu) → 23 Mar; 29 Jun is a Monday → 29 Jun;
     *              15 Aug (Sat) → 17 Aug; 12 Oct is a Monday → 12 Oct; 1 Nov (Sun) → 2 Nov; 11 Nov (Wed) → 16 Nov;
     *   Ascension E+39 = Thu 14 May → Mon 18 May; Corpus Christi E+60 = Thu 4 Jun → Mon 8 Jun;
     *   Sacred Heart E+68 = Fri 12 Jun → Mon 15 Jun.
     *   18 dates.
     */
    static final List<String> HOLIDAYS_2025 = List.of("2025-01-01", "2025-01-06", "2025-03-24", "2025-04-17",
            "2025-04-18", "2025-05-01", "2025-06-02", "2025-06-23", "2025-06-30", "2025-07-20", "2025-08-07",
            "2025-08-18", "2025-10-13", "2025-11-03", "2025-11-17", "2025-12-08", "2025-12-25");
    static final List<String> HOLIDAYS_2026 = List.of("2026-01-01", "2026-01-12", "2026-03-23", "2026-04-02",
            "2026-04-03", "2026-05-01", "2026-05-18", "2026-06-08", "2026-06-15", "2026-06-29", "2026-07-20",
            "2026-08-07", "2026-08-17", "2026-10-12", "2026-11-02", "2026-11-16", "2026-12-08", "2026-12-25");

    @Test
    void the2025HolidaysAreTheHandDerivedList() {
        assertThat(ColombianHolidays.of(2025)).containsExactlyElementsOf(dates(HOLIDAYS_2025));
    }

    @Test
    void the2026HolidaysAreTheHandDerivedList() {
        assertThat(ColombianHolidays.of(2026)).containsExactlyElementsOf(dates(HOLIDAYS_2026));
    }

    @ParameterizedTest
    @CsvSource({"1984,1984-04-22", "2000,2000-04-23", "2008,2008-03-23", "2011,2011-04-24", "2019,2019-04-21",
            "2024,2024-03-31", "2025,2025-04-20", "2026,2026-04-05", "2038,2038-04-25", "2285,2285-03-22"})
    void easterSunday(int year, String easter) {
        assertThat(ColombianHolidays.easter(year)).isEqualTo(LocalDate.parse(easter));
        assertThat(ColombianHolidays.easter(year).getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
    }

    @Test
    void everyYearHasTheLawsShape() {
        for (int year = 1984; year <= 2199; year++) {
            var days = ColombianHolidays.of(year);
            LocalDate easter = ColombianHolidays.easter(year);
            // 18 rules; only collisions (several rules on one Monday) make fewer dates.
            assertThat(days).hasSizeBetween(16, 18).allMatch(d -> d.getYear() == days.first().getYear());
            assertThat(days).contains(easter.minusDays(3), easter.minusDays(2), easter.plusDays(43),
                    easter.plusDays(64), easter.plusDays(71), LocalDate.of(year, 7, 20), LocalDate.of(year, 12, 25));
            for (int[] md : new int[][]{{1, 6}, {3, 19}, {6, 29}, {8, 15}, {10, 12}, {11, 1}, {11, 11}}) {
                LocalDate base = LocalDate.of(year, md[0], md[1]);
                LocalDate moved = Stream.iterate(base, d -> d.plusDays(1))
                        .filter(d -> d.getDayOfWeek() == DayOfWeek.MONDAY).findFirst().orElseThrow();
                assertThat(days).as("%s moved", base).contains(moved);
                assertThat(moved).isBetween(base, base.plusDays(6));
            }
        }
    }

    @Test
    void isHolidayAndTheCacheAnswerTheSame() {
        assertThat(ColombianHolidays.isHoliday(LocalDate.parse("2025-06-30"))).isTrue();
        assertThat(ColombianHolidays.isHoliday(LocalDate.parse("2025-06-29"))).isFalse();
        assertThat(ColombianHolidays.of(2026)).isSameAs(ColombianHolidays.of(2026));
    }

    @Test
    void theListCannotBeChanged() {
        assertThatThrownBy(() -> ColombianHolidays.of(2026).add(LocalDate.parse("2026-12-24")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void holidaysStartWithTheFirstGregorianYear() {
        // Easter 1583 fell on 10 April: Holy Thursday 7 April, Good Friday 8 April.
        assertThat(ColombianHolidays.of(ColombianHolidays.FIRST_YEAR))
                .contains(LocalDate.of(1583, 1, 1), LocalDate.of(1583, 4, 7), LocalDate.of(1583, 4, 8), LocalDate.of(1583, 12, 25));
        assertThat(ColombianHolidays.isHoliday(LocalDate.of(1583, 1, 1))).isTrue();
        // Before it there is no Gregorian Easter to count from: no list, and no day is a holiday.
        assertThatThrownBy(() -> ColombianHolidays.of(1582))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1582");
        assertThat(ColombianHolidays.isHoliday(LocalDate.of(1582, 12, 25))).isFalse();
    }

    private static List<LocalDate> dates(List<String> iso) {
        return iso.stream().map(LocalDate::parse).toList();
    }
}
