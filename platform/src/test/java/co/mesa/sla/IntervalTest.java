package co.mesa.sla;

import org.junit.jupiter.api.Test;

import java.util.List;

import static co.mesa.sla.BusinessCalendarTest.at;
import static co.mesa.sla.BusinessCalendarTest.pause;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A clock-stop interval: half-open, never empty, and the union of several. Pure logic. */
class IntervalTest {

    @Test
    void anIntervalMustEndAfterItStarts() {
        assertThatThrownBy(() -> new Interval(at("2026-03-10T09:00:00-05:00"), at("2026-03-10T09:00:00-05:00")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must end after it starts");
        assertThatThrownBy(() -> new Interval(at("2026-03-10T10:00:00-05:00"), at("2026-03-10T09:00:00-05:00")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Interval(null, at("2026-03-10T09:00:00-05:00"))).isInstanceOf(NullPointerException.class);
    }

    @Test
    void theUnionIsSortedAndJoinsOverlappingAndTouchingIntervals() {
        List<Interval> merged = Interval.merge(List.of(
                pause("2026-03-10T13:15:00-05:00", "2026-03-10T13:45:00-05:00"),
                pause("2026-03-10T10:00:00-05:00", "2026-03-10T11:00:00-05:00"),
                pause("2026-03-10T13:00:00-05:00", "2026-03-10T14:00:00-05:00"),
                // touches the 10:00–11:00 one: one stretch
                pause("2026-03-10T09:00:00-05:00", "2026-03-10T10:00:00-05:00"),
                pause("2026-03-10T10:30:00-05:00", "2026-03-10T12:00:00-05:00")));
        assertThat(merged).containsExactly(
                pause("2026-03-10T09:00:00-05:00", "2026-03-10T12:00:00-05:00"),
                pause("2026-03-10T13:00:00-05:00", "2026-03-10T14:00:00-05:00"));
        assertThat(Interval.merge(List.of())).isEmpty();
    }
}
