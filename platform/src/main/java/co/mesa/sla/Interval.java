package co.mesa.sla;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** A half-open span of time [start, end) during which a case's clock is stopped. */
public record Interval(Instant start, Instant end) {

    public Interval {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("an interval must end after it starts: " + start + "/" + end);
        }
    }

    /** The union of {@code intervals} as disjoint intervals, sorted; touching ones become one. */
    public static List<Interval> merge(List<Interval> intervals) {
        List<Interval> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparing(Interval::start));
        List<Interval> merged = new ArrayList<>();
        for (Interval i : sorted) {
            Interval last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && !i.start().isAfter(last.end())) {
                if (i.end().isAfter(last.end())) {
                    merged.set(merged.size() - 1, new Interval(last.start(), i.end()));
                }
            } else {
                merged.add(i);
            }
        }
        return List.copyOf(merged);
    }
}
