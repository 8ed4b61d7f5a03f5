package co.mesa.web.page;

import co.mesa.sla.TargetWords;
import co.mesa.ticket.SlaView;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * "Fecha resolución … sumando los tiempos transcurridos en subestados con parada de reloj" (002
 * §14.2) shown on the agent's and the requester's case page (issue 20): the spans in which the
 * case's clock ran or stood still with their reasons, and each target's due date and how far the
 * pauses moved it. Only presents what {@code sla/} computed for the case ({@link SlaView}); a
 * closed case shows its final outcome, never "paused".
 */
public final class SlaTimeline {

    private SlaTimeline() {
    }

    /** The partial's model ({@code shell/sla-timeline.hbs}); null when no SLA applies or nothing to show. */
    @Nullable
    public static Map<String, Object> of(PageShell.Page page, @Nullable SlaView sla, @Nullable Instant closedAt,
                                         Instant now) {
        return of(page::t, page::platformMessage, sla, closedAt, now);
    }

    /** The same with the page's texts and the platform's (targets in words) given as lookups. */
    @Nullable
    public static Map<String, Object> of(TargetWords.Texts page, TargetWords.Texts platform, @Nullable SlaView sla,
                                         @Nullable Instant closedAt, Instant now) {
        if (sla == null || sla.policy() == null) {
            return null;
        }
        boolean closed = sla.frozen() || closedAt != null;
        List<SlaView.SpanView> spans = new ArrayList<>();
        for (SlaView.SpanView s : sla.timeline()) {
            // A closed case's clock ends with the closing: the span that starts there is its outcome, not a pause.
            if (closed && s.end() == null && closedAt != null && !s.start().isBefore(closedAt)) {
                continue;
            }
            spans.add(s);
        }
        if (spans.isEmpty()) {
            return null;
        }
        Instant first = spans.get(0).start();
        Instant last = closed && closedAt != null ? closedAt : now;
        for (SlaView.SpanView s : spans) {
            if (s.end() != null && s.end().isAfter(last)) {
                last = s.end();
            }
        }
        long total = Math.max(1, Duration.between(first, last).getSeconds());
        List<Map<String, Object>> rows = new ArrayList<>();
        Duration pausedTotal = Duration.ZERO;
        for (SlaView.SpanView s : spans) {
            Instant end = s.end() != null ? s.end() : last;
            Duration wall = Duration.between(s.start(), end);
            if (!s.counted()) {
                pausedTotal = pausedTotal.plus(wall);
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("start", s.start());
            r.put("end", s.end() != null ? s.end() : (closed ? closedAt : null));
            r.put("ongoing", s.end() == null && !closed);
            r.put("counted", s.counted());
            r.put("clock", page.t(s.counted() ? "sla.timeline.counted" : "sla.timeline.stopped"));
            r.put("reason", s.label() != null ? s.label() : s.reason());
            r.put("length", elapsed(page, wall));
            // Widths of the picture in whole tenths of a percent, at least a sliver so a short pause shows.
            double width = Math.max(0.8, 100.0 * Duration.between(s.start(), end).getSeconds() / total);
            r.put("width", String.format(Locale.ROOT, "%.1f", width));
            rows.add(r);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", rows);
        m.put("closed", closed);
        m.put("closedAt", closedAt);
        m.put("paused", !closed && sla.paused());
        m.put("pausedTotal", pausedTotal.isZero() ? null : elapsed(page, pausedTotal));
        List<Map<String, Object>> targets = new ArrayList<>();
        add(page, platform, targets, "sla.timeline.response", sla.response(), closed);
        add(page, platform, targets, "sla.timeline.resolution", sla.resolution(), closed);
        m.put("targets", targets);
        m.put("outcome", closed ? page.t(sla.expired() ? "sla.timeline.outcome.breached" : "sla.timeline.outcome.met")
                : null);
        return m;
    }

    private static void add(TargetWords.Texts page, TargetWords.Texts platform, List<Map<String, Object>> out, String name,
                            @Nullable SlaView.TargetView t, boolean closed) {
        if (t == null) {
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", page.t(name));
        m.put("target", TargetWords.of(platform, t.target(), t.businessDays()));
        m.put("dueAt", t.dueAt());
        m.put("dueWithoutPauses", t.dueWithoutPauses());
        m.put("moved", t.dueAt() != null && t.dueWithoutPauses() != null && !t.dueAt().equals(t.dueWithoutPauses()));
        m.put("metAt", t.metAt());
        String status = t.status();
        if (closed && "PAUSED".equals(status)) {
            // Closed while its clock stood still and never met: the outcome is that it was not met.
            status = "NOT_MET";
        }
        m.put("status", page.t("sla.timeline.status." + status));
        m.put("waiting", "PAUSED".equals(status));
        out.add(m);
    }

    /** Wall-clock time of a span: "3 d 2 h", "2 h 15 min", "40 min". */
    static String elapsed(TargetWords.Texts page, Duration d) {
        long days = d.toDays();
        long hours = d.toHoursPart();
        long minutes = d.toMinutesPart();
        if (days > 0) {
            return hours == 0 ? page.t("sla.timeline.elapsed.wholeDays", days)
                    : page.t("sla.timeline.elapsed.days", days, hours);
        }
        if (hours > 0) {
            return minutes == 0 ? page.t("sla.timeline.elapsed.wholeHours", hours)
                    : page.t("sla.timeline.elapsed.hours", hours, minutes);
        }
        return page.t("sla.timeline.elapsed.minutes", minutes);
    }
}
