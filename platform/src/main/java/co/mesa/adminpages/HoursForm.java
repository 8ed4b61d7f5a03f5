package co.mesa.adminpages;

import co.mesa.tenantconfig.TenantConfig;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A calendar's weekly hours as the admin page edits them: one row per weekday, Monday to Sunday,
 * with "works this day" and one window (from, to). Saved as the calendar's {@code hours}: windows
 * that group the days with the same from/to, in the shape of {@code calendars.yaml}.
 */
final class HoursForm {

    /** {@code HH:MM}, 00:00–23:59; {@code 24:00} is also accepted as the end of a day, like the tenant data. */
    static final Pattern TIME = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");
    static final String END_OF_DAY = "24:00";

    static final class Row {
        final DayOfWeek day;
        boolean works;
        String from = "";
        String to = "";

        Row(DayOfWeek day) {
            this.day = day;
        }
    }

    final List<Row> rows = new ArrayList<>();
    /** The live hours have a day the form cannot show exactly (two windows, or open until 24:00). */
    boolean notOnePerDay;

    private HoursForm() {
        for (DayOfWeek d : DayOfWeek.values()) {
            rows.add(new Row(d));
        }
    }

    /** The form as the calendar's hours fill it: each day's earliest window. */
    static HoursForm of(TenantConfig.Calendar calendar) {
        HoursForm f = new HoursForm();
        Map<DayOfWeek, List<TenantConfig.Window>> byDay = new HashMap<>();
        for (TenantConfig.Window w : calendar.hours()) {
            for (DayOfWeek d : w.days()) {
                byDay.computeIfAbsent(d, k -> new ArrayList<>()).add(w);
            }
        }
        for (Row r : f.rows) {
            List<TenantConfig.Window> windows = byDay.getOrDefault(r.day, List.of());
            if (windows.isEmpty()) {
                continue;
            }
            TenantConfig.Window first = windows.stream().min(Comparator.comparing(TenantConfig.Window::from)).orElseThrow();
            r.works = true;
            r.from = first.from().toString();
            r.to = first.to();
            if (windows.size() > 1 || END_OF_DAY.equals(first.to())) {
                f.notOnePerDay = true;
            }
        }
        return f;
    }

    /** The posted form, checked; problems go to {@code errors} by input id (see {@link #id}). */
    static HoursForm read(Map<String, String> form, String calendar, Errors errors, Locale locale) {
        HoursForm f = new HoursForm();
        for (Row r : f.rows) {
            String day = param(r.day);
            r.works = form.containsKey("trabaja-" + day);
            r.from = form.getOrDefault("desde-" + day, "").strip();
            r.to = form.getOrDefault("hasta-" + day, "").strip();
            if (!r.works) {
                continue;
            }
            String name = r.day.getDisplayName(TextStyle.FULL, locale);
            String fromId = id(calendar, r.day, "desde");
            String toId = id(calendar, r.day, "hasta");
            boolean fromOk = false;
            boolean toOk = false;
            if (r.from.isEmpty()) {
                errors.field(fromId, "admin.calendars.hours.error.from-required", name);
            } else if (!TIME.matcher(r.from).matches()) {
                errors.field(fromId, "admin.calendars.hours.error.format", r.from, name);
            } else {
                fromOk = true;
            }
            if (r.to.isEmpty()) {
                errors.field(toId, "admin.calendars.hours.error.to-required", name);
            } else if (!TIME.matcher(r.to).matches() && !END_OF_DAY.equals(r.to)) {
                errors.field(toId, "admin.calendars.hours.error.format", r.to, name);
            } else {
                toOk = true;
            }
            if (fromOk && toOk && !LocalTime.parse(r.from).isBefore(toTime(r.to))) {
                errors.field(toId, "admin.calendars.hours.error.order", name, r.from, r.to);
            }
        }
        if (f.rows.stream().noneMatch(r -> r.works)) {
            errors.field(daysId(calendar), "admin.calendars.hours.error.no-day");
        }
        return f;
    }

    /** How long each checked day is open (rows already checked by {@link #read}). */
    java.util.SortedSet<java.time.Duration> lengths() {
        java.util.SortedSet<java.time.Duration> out = new java.util.TreeSet<>();
        for (Row r : rows) {
            if (r.works) {
                java.time.Duration end = END_OF_DAY.equals(r.to) ? java.time.Duration.ofHours(24)
                        : java.time.Duration.between(LocalTime.MIDNIGHT, LocalTime.parse(r.to));
                out.add(end.minus(java.time.Duration.between(LocalTime.MIDNIGHT, LocalTime.parse(r.from))));
            }
        }
        return out;
    }

    /** A length as people write it: {@code 9 h} or {@code 8 h 30 min}. */
    static String format(java.time.Duration d) {
        return d.toHours() + " h" + (d.toMinutesPart() == 0 ? "" : " " + d.toMinutesPart() + " min");
    }

    /** The checked rows as {@code hours} windows: days with the same from/to together, in weekday order. */
    ArrayNode windows() {
        Map<String, List<DayOfWeek>> grouped = new LinkedHashMap<>();
        for (Row r : rows) {
            if (r.works) {
                grouped.computeIfAbsent(r.from + "-" + r.to, k -> new ArrayList<>()).add(r.day);
            }
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        grouped.forEach((span, days) -> {
            var window = out.addObject();
            ArrayNode list = window.putArray("days");
            days.forEach(d -> list.add(d.name()));
            int dash = span.indexOf('-');
            window.put("from", span.substring(0, dash));
            window.put("to", span.substring(dash + 1));
        });
        return out;
    }

    /** The rows for the page, each with its day's name, input ids and messages. */
    List<Map<String, Object>> model(String calendar, Locale locale, Map<String, String> fieldErrors) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new HashMap<>();
            m.put("param", param(r.day));
            String name = r.day.getDisplayName(TextStyle.FULL, locale);
            m.put("name", name);
            m.put("label", name.substring(0, 1).toUpperCase(locale) + name.substring(1));
            m.put("works", r.works);
            m.put("from", r.from);
            m.put("to", r.to);
            m.put("hintId", "horario-" + calendar + "-hint");
            m.put("daysErrorId", fieldErrors.containsKey(daysId(calendar)) ? daysId(calendar) + "-error" : null);
            for (String part : List.of("trabaja", "desde", "hasta")) {
                String id = id(calendar, r.day, part);
                m.put(part + "Id", id);
                m.put(part + "Error", fieldErrors.get(id));
            }
            out.add(m);
        }
        return out;
    }

    /** The form parameter's day suffix: {@code lunes}… would depend on the language, so the English name, lower case. */
    static String param(DayOfWeek day) {
        return day.name().toLowerCase(Locale.ROOT);
    }

    /** An input's id: {@code horario-<calendar>-<day>-<part>}. */
    static String id(String calendar, DayOfWeek day, String part) {
        return "horario-" + calendar + "-" + param(day) + "-" + part;
    }

    /** The id of the group of days (the fieldset), where "no working day" is said. */
    static String daysId(String calendar) {
        return "horario-" + calendar + "-dias";
    }

    private static LocalTime toTime(String to) {
        return END_OF_DAY.equals(to) ? LocalTime.MAX : LocalTime.parse(to);
    }
}
