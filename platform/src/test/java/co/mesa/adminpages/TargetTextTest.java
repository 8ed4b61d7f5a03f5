package co.mesa.adminpages;

import co.mesa.tenantconfig.BusinessDuration;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link TargetText}: what an administrator types for an SLA target, and how the form shows a target. */
class TargetTextTest {

    static BusinessDuration hours(long minutes) {
        return new BusinessDuration(Duration.ofMinutes(minutes), null);
    }

    @Test
    void hoursAndMinutesInSpanishEnglishOrIso() {
        assertThat(TargetText.parse("8 h").value()).isEqualTo(hours(480));
        assertThat(TargetText.parse("2 h 30 min").value()).isEqualTo(hours(150));
        assertThat(TargetText.parse(" 2h30m ").value()).isEqualTo(hours(150));
        assertThat(TargetText.parse("24 horas").value()).isEqualTo(hours(1440));
        assertThat(TargetText.parse("1 hour 5 minutes").value()).isEqualTo(hours(65));
        assertThat(TargetText.parse("45 min").value()).isEqualTo(hours(45));
        assertThat(TargetText.parse("90 minutos").value()).isEqualTo(hours(90));
        assertThat(TargetText.parse("PT2H30M").value()).isEqualTo(hours(150));
        assertThat(TargetText.parse("pt9h").value()).isEqualTo(hours(540));
    }

    @Test
    void businessDays() {
        assertThat(TargetText.parse("15 días").value()).isEqualTo(new BusinessDuration(null, 15));
        assertThat(TargetText.parse("1 día").value()).isEqualTo(new BusinessDuration(null, 1));
        assertThat(TargetText.parse("3 dias").value()).isEqualTo(new BusinessDuration(null, 3));
        assertThat(TargetText.parse("5 Days").value()).isEqualTo(new BusinessDuration(null, 5));
    }

    @Test
    void emptyIsNotMeasuredAndNonsenseIsRefused() {
        assertThat(TargetText.parse("  ")).isEqualTo(TargetText.Parsed.NONE);
        assertThat(TargetText.parse(null).valid()).isTrue();
        assertThat(TargetText.parse(null).value()).isNull();
        for (String bad : new String[] {"8", "ocho horas", "h", "2 h 30", "-3 h", "1.5 h", "PT30S", "P1D", "3 semanas"}) {
            assertThat(TargetText.parse(bad).valid()).as(bad).isFalse();
            assertThat(TargetText.parse(bad).outOfRange()).as(bad).isFalse();
        }
    }

    @Test
    void zeroAndMoreThanAYearAreOutOfRange() {
        for (String far : new String[] {"0 h", "0 min", "0 días", "366 días", "8761 h", "PT0M"}) {
            assertThat(TargetText.parse(far).valid()).as(far).isFalse();
            assertThat(TargetText.parse(far).outOfRange()).as(far).isTrue();
        }
        assertThat(TargetText.parse("365 días").valid()).isTrue();
        assertThat(TargetText.parse("8760 h").valid()).isTrue();
    }

    @Test
    void theFormShowsWhatItWouldReadBack() {
        for (long minutes : new long[] {45, 60, 150, 540, 1440}) {
            String shown = TargetText.hours(Duration.ofMinutes(minutes));
            assertThat(TargetText.parse(shown).value()).as(shown).isEqualTo(hours(minutes));
        }
        assertThat(TargetText.hours(Duration.ofMinutes(150))).isEqualTo("2 h 30 min");
        assertThat(TargetText.hours(Duration.ofHours(8))).isEqualTo("8 h");
    }
}
