package co.mesa.sla;

import co.mesa.tenantconfig.I18n;
import co.mesa.tenantconfig.TenantConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Due-date computations on Prosperidad Social's calendar (Monday–Friday 08:00–17:00, Bogotá,
 * Colombian holidays). Targets from issue 5: ≤ 2 µs for 3 business days with 5 pauses, ≤ 20 µs
 * for a one-year target. Starts rotate over a year so that holidays, weekends and pauses fall
 * differently each call, and the calendar's per-year closed-day cache is warm as in service.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class BusinessCalendarBenchmark {

    private static final int STARTS = 256;

    /** 3 business days of 9 hours. */
    private static final Duration THREE_DAYS = Duration.ofHours(27);
    /** A year of business time: 2026 has 243 working days of 9 hours. */
    private static final Duration ONE_YEAR = Duration.ofHours(2187);

    private BusinessCalendar calendar;
    private Instant[] starts;
    private List<List<Interval>> fivePauses;
    private int next;

    @Setup
    public void setUp() {
        calendar = BusinessCalendar.of(new TenantConfig.Calendar("mesa-servicios", I18n.of("Mesa de Servicios"),
                "America/Bogota", List.of(new TenantConfig.Window(List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY,
                DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY), LocalTime.of(8, 0), "17:00")),
                "colombia", List.of()));
        starts = new Instant[STARTS];
        fivePauses = new ArrayList<>();
        Instant first = Instant.parse("2026-01-02T14:17:00Z");
        for (int i = 0; i < STARTS; i++) {
            // Every 1 day 9 h 7 min: starts at all hours, on weekdays, weekends and holidays.
            Instant start = first.plus(Duration.ofMinutes(i * (33L * 60 + 7)));
            starts[i] = start;
            List<Interval> pauses = new ArrayList<>();
            for (int p = 0; p < 5; p++) {
                // Pauses of 45 min to 5 h 45 min spread over the next week, some overlapping.
                Instant from = start.plus(Duration.ofMinutes(90L + p * 1_500L + (i * 37L % 400)));
                pauses.add(new Interval(from, from.plus(Duration.ofMinutes(45L + (i + p) * 61L % 300))));
            }
            fivePauses.add(List.copyOf(pauses));
        }
    }

    @Benchmark
    public Instant threeBusinessDaysWithFivePauses() {
        int i = next++ & (STARTS - 1);
        return calendar.addBusinessTime(starts[i], THREE_DAYS, fivePauses.get(i));
    }

    @Benchmark
    public Instant oneYearTarget() {
        int i = next++ & (STARTS - 1);
        return calendar.addBusinessTime(starts[i], ONE_YEAR, List.of());
    }
}
