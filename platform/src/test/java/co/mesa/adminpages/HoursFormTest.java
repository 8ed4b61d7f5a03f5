package co.mesa.adminpages;

import co.mesa.tenantconfig.I18n;
import co.mesa.tenantconfig.TenantConfig;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.assertj.core.api.Assertions.assertThat;

/** The hours form's own logic: how a calendar fills it, and how its rows become {@code hours} windows. */
class HoursFormTest {

    static TenantConfig.Calendar calendar(TenantConfig.Window... windows) {
        return new TenantConfig.Calendar("prueba", I18n.of("Calendario de prueba"), "America/Bogota", List.of(windows),
                "colombia", List.of());
    }

    static TenantConfig.Window window(String from, String to, DayOfWeek... days) {
        return new TenantConfig.Window(List.of(days), LocalTime.parse(from), to);
    }

    @Test
    void aWeekdayCalendarFillsOneRowPerDayAndSavesBackToTheSameWindow() {
        HoursForm f = HoursForm.of(calendar(window("08:00", "17:00", MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY)));

        assertThat(f.rows).extracting(r -> r.day).containsExactly(DayOfWeek.values());
        assertThat(f.rows.get(4).works).isTrue();
        assertThat(f.rows.get(4).from).isEqualTo("08:00");
        assertThat(f.rows.get(4).to).isEqualTo("17:00");
        assertThat(f.rows.get(5).works).isFalse();
        assertThat(f.notOnePerDay).isFalse();
        assertThat(f.windows().toString()).isEqualTo("[{\"days\":[\"MONDAY\",\"TUESDAY\",\"WEDNESDAY\",\"THURSDAY\","
                + "\"FRIDAY\"],\"from\":\"08:00\",\"to\":\"17:00\"}]");
        assertThat(f.lengths()).containsExactly(Duration.ofHours(9));
    }

    @Test
    void daysWithTheSameHoursShareAWindowEvenWhenNotNextToEachOther() {
        HoursForm f = HoursForm.of(calendar(window("08:00", "17:00", MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY)));
        f.rows.get(1).to = "12:00";        // Tuesday mornings only
        f.rows.get(5).works = true;       // Saturday like Monday
        f.rows.get(5).from = "08:00";
        f.rows.get(5).to = "17:00";

        assertThat(f.windows().toString()).isEqualTo(
                "[{\"days\":[\"MONDAY\",\"WEDNESDAY\",\"THURSDAY\",\"FRIDAY\",\"SATURDAY\"],"
                        + "\"from\":\"08:00\",\"to\":\"17:00\"},"
                        + "{\"days\":[\"TUESDAY\"],\"from\":\"08:00\",\"to\":\"12:00\"}]");
        assertThat(f.lengths()).containsExactly(Duration.ofHours(4), Duration.ofHours(9));
        assertThat(HoursForm.format(Duration.ofMinutes(630))).isEqualTo("10 h 30 min");
    }

    @Test
    void aSplitShiftShowsItsFirstWindowAndRaisesTheNotice() {
        HoursForm f = HoursForm.of(calendar(window("14:00", "18:00", MONDAY), window("08:00", "12:00", MONDAY),
                window("08:00", "24:00", SATURDAY)));

        assertThat(f.notOnePerDay).isTrue();
        assertThat(f.rows.get(0).from).isEqualTo("08:00");
        assertThat(f.rows.get(0).to).isEqualTo("12:00");
        assertThat(f.rows.get(5).to).isEqualTo("24:00");
        assertThat(HoursForm.of(calendar(window("08:00", "12:00", MONDAY), window("08:00", "24:00", SATURDAY)))
                .notOnePerDay).as("open until 24:00").isTrue();
        assertThat(HoursForm.of(calendar(window("08:00", "12:00", MONDAY), window("14:00", "18:00", TUESDAY)))
                .notOnePerDay).isFalse();
    }
}
