package co.mesa.sla;

import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A case's SLA, derived from its history and nothing else: the spans in which its clock ran or
 * stood still (by the tenant's current flags on states and substates, and while the entity was
 * suspended), and from them the response and resolution due dates on a business calendar. Pure:
 * the same history, calendar and targets always give the same answer, so changing a policy, a
 * calendar or a flag recomputes open cases without losing any paused time.
 */
public final class SlaClock {

    /** Where the case stood from {@code at} on: whether its clock stops there, and why (a state or substate key). */
    public record Mark(Instant at, boolean stopped, String reason) {
    }

    /** One span of the timeline; {@code end} null while it lasts. */
    public record Span(Instant start, @Nullable Instant end, boolean counted, String reason) {
    }

    /** How one target stands. */
    public enum Status { RUNNING, PAUSED, MET, BREACHED }

    /**
     * One target's outcome; {@code dueAt} is null while paused (the remaining time is what counts then).
     * {@code dueWithoutPauses}: when it would fall due had the clock never stopped, so a page can say how
     * far the pauses moved it.
     */
    public record Target(Duration target, @Nullable Instant dueAt, @Nullable Instant warnAt, @Nullable Instant metAt,
                         Status status, @Nullable Duration remaining, @Nullable Instant dueWithoutPauses) {

        public Target(Duration target, @Nullable Instant dueAt, @Nullable Instant warnAt, @Nullable Instant metAt,
                      Status status, @Nullable Duration remaining) {
            this(target, dueAt, warnAt, metAt, status, remaining, null);
        }
    }

    /** The whole picture; {@code response} / {@code resolution} null when the policy sets no such target. */
    public record Result(List<Span> timeline, @Nullable Target response, @Nullable Target resolution, boolean paused,
                         boolean expired, @Nullable Instant nextCheck) {
    }

    private SlaClock() {
    }

    /**
     * @param created      when the case was filed
     * @param marks        from the filing on, each position's clock flag, oldest first (the first at {@code created})
     * @param suspensions  periods the entity was suspended; an open one ends at null
     * @param firstResponse when the first response was given, or null
     * @param resolved     when the solution was given (and still stands), or null
     * @param warningPercent share of a target after which to warn, or null
     */
    public static Result compute(BusinessCalendar calendar, Instant created, List<Mark> marks,
                                 List<Span> suspensions, @Nullable Duration responseTarget,
                                 @Nullable Duration resolutionTarget, @Nullable Instant firstResponse,
                                 @Nullable Instant resolved, @Nullable Integer warningPercent, Instant now) {
        List<Span> timeline = timeline(created, marks, suspensions);
        List<Interval> closedPauses = new ArrayList<>();
        Instant openPause = null;
        for (Span s : timeline) {
            if (!s.counted()) {
                if (s.end() == null) {
                    openPause = s.start();
                } else if (s.end().isAfter(s.start())) {
                    closedPauses.add(new Interval(s.start(), s.end()));
                }
            }
        }
        Target response = responseTarget == null ? null
                : target(calendar, created, responseTarget, closedPauses, openPause, firstResponse, warningPercent, now);
        Target resolution = resolutionTarget == null ? null
                : target(calendar, created, resolutionTarget, closedPauses, openPause, resolved, warningPercent, now);
        boolean paused = openPause != null;
        boolean expired = resolution != null && resolution.status() == Status.BREACHED;
        Instant next = null;
        for (Target t : new Target[] {response, resolution}) {
            if (t == null || t.status() != Status.RUNNING) {
                continue;
            }
            for (Instant i : new Instant[] {t.warnAt(), t.dueAt()}) {
                if (i != null && i.isAfter(now) && (next == null || i.isBefore(next))) {
                    next = i;
                }
            }
        }
        return new Result(timeline, response, resolution, paused, expired, next);
    }

    /** Counted and paused spans from the filing on; suspensions cut across whatever the case was doing. */
    static List<Span> timeline(Instant created, List<Mark> marks, List<Span> suspensions) {
        List<Span> own = new ArrayList<>();
        for (int i = 0; i < marks.size(); i++) {
            Mark m = marks.get(i);
            Instant start = m.at().isBefore(created) ? created : m.at();
            Instant end = i + 1 < marks.size() ? marks.get(i + 1).at() : null;
            if (end != null && !end.isAfter(start)) {
                continue;
            }
            Span last = own.isEmpty() ? null : own.get(own.size() - 1);
            if (last != null && last.counted() == !m.stopped() && Objects.equals(last.reason(), m.reason())) {
                own.set(own.size() - 1, new Span(last.start(), end, last.counted(), last.reason()));
            } else {
                own.add(new Span(start, end, !m.stopped(), m.reason()));
            }
        }
        List<Span> out = own;
        for (Span s : suspensions) {
            out = cut(out, s.start().isBefore(created) ? created : s.start(), s.end());
        }
        return out;
    }

    /** Replaces [from, to) of the timeline with a paused "suspension" span. */
    private static List<Span> cut(List<Span> spans, Instant from, @Nullable Instant to) {
        if (to != null && !to.isAfter(from)) {
            return spans;
        }
        List<Span> out = new ArrayList<>();
        boolean inserted = false;
        for (Span s : spans) {
            Instant sEnd = s.end();
            boolean before = sEnd != null && !sEnd.isAfter(from);
            boolean after = to != null && !s.start().isBefore(to);
            if (before) {
                out.add(s);
                continue;
            }
            if (after) {
                if (!inserted) {
                    out.add(new Span(from, to, false, "suspension"));
                    inserted = true;
                }
                out.add(s);
                continue;
            }
            if (s.start().isBefore(from)) {
                out.add(new Span(s.start(), from, s.counted(), s.reason()));
            }
            if (!inserted) {
                out.add(new Span(from, to, false, "suspension"));
                inserted = true;
            }
            if (to != null && (sEnd == null || sEnd.isAfter(to))) {
                out.add(new Span(to, sEnd, s.counted(), s.reason()));
            }
        }
        if (!inserted) {
            out.add(new Span(from, to, false, "suspension"));
        }
        return out;
    }

    private static Target target(BusinessCalendar calendar, Instant created, Duration target, List<Interval> pauses,
                                 @Nullable Instant openPause, @Nullable Instant metAt, @Nullable Integer warningPercent,
                                 Instant now) {
        Target t = measured(calendar, created, target, pauses, openPause, metAt, warningPercent, now);
        return new Target(t.target(), t.dueAt(), t.warnAt(), t.metAt(), t.status(), t.remaining(),
                calendar.addBusinessTime(created, target, List.of()));
    }

    private static Target measured(BusinessCalendar calendar, Instant created, Duration target, List<Interval> pauses,
                                 @Nullable Instant openPause, @Nullable Instant metAt, @Nullable Integer warningPercent,
                                 Instant now) {
        Duration warnShare = warningPercent == null ? null : target.multipliedBy(warningPercent).dividedBy(100);
        if (metAt != null) {
            List<Interval> before = upTo(pauses, metAt);
            Instant due = calendar.addBusinessTime(created, target, before);
            return new Target(target, due, null, metAt, metAt.isAfter(due) ? Status.BREACHED : Status.MET, null);
        }
        if (openPause != null) {
            Duration used = calendar.businessTimeBetween(created, openPause, pauses);
            Duration left = target.minus(used);
            if (left.isNegative() || left.isZero()) {
                Instant due = calendar.addBusinessTime(created, target, pauses);
                return new Target(target, due, null, null, Status.BREACHED, Duration.ZERO);
            }
            return new Target(target, null, null, null, Status.PAUSED, left);
        }
        Instant due = calendar.addBusinessTime(created, target, pauses);
        Instant warn = warnShare == null || warnShare.isZero() ? null : calendar.addBusinessTime(created, warnShare, pauses);
        if (!now.isBefore(due)) {
            return new Target(target, due, warn, null, Status.BREACHED, Duration.ZERO);
        }
        return new Target(target, due, warn, null, Status.RUNNING, calendar.businessTimeBetween(now, due, pauses));
    }

    private static List<Interval> upTo(List<Interval> pauses, Instant limit) {
        List<Interval> out = new ArrayList<>();
        for (Interval i : pauses) {
            if (i.start().isBefore(limit)) {
                out.add(i.end().isAfter(limit) ? new Interval(i.start(), limit) : i);
            }
        }
        return out;
    }
}
