package co.mesa.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bars of the report's server-drawn SVG charts (issue 24): rectangles in the theme's primary and text colours (both AA
 * on white, decision 0030), each with its own {@code <title>}; every chart is followed by its data table. Public for
 * the supervisors' dashboard on the console home, which draws its backlog the same way.
 */
public final class ReportCharts {

    public static final int WIDTH = 640;
    public static final int HEIGHT = 200;
    /** A horizontal bar chart's row height. */
    public static final int ROW = 22;

    private ReportCharts() {
    }

    /** A vertical bar at {@code x}, {@code value} of {@code max} over the chart's height. */
    static Map<String, Object> bar(String cls, int x, int width, long value, long max, String label) {
        int h = (int) (HEIGHT * value / Math.max(1, max));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cls", cls);
        m.put("x", x);
        m.put("y", HEIGHT - h + 2);
        m.put("w", width);
        m.put("h", Math.max(h, value > 0 ? 1 : 0));
        m.put("label", label);
        return m;
    }

    /** A horizontal bar in row {@code row}, {@code value} of {@code max} over the chart's width. */
    public static Map<String, Object> hbar(String cls, int row, long value, long max, String label) {
        int w = (int) (WIDTH * value / Math.max(1, max));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cls", cls);
        m.put("x", 0);
        m.put("y", row * ROW + 3);
        m.put("w", Math.max(w, value > 0 ? 1 : 0));
        m.put("h", ROW - 6);
        m.put("label", label);
        return m;
    }

    /**
     * A horizontal bar chart of named counts, one bar per entry in order, the longest the chart's width: its
     * {@code bars}, {@code width} and {@code height}. {@code labels}: each bar's title, in the entries' order.
     */
    public static Map<String, Object> horizontal(String cls, java.util.List<Long> values, java.util.List<String> labels) {
        long max = 1;
        for (long v : values) {
            max = Math.max(max, v);
        }
        java.util.List<Map<String, Object>> bars = new java.util.ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            bars.add(hbar(cls, i, values.get(i), max, labels.get(i)));
        }
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("bars", bars);
        chart.put("width", WIDTH);
        chart.put("height", Math.max(1, values.size()) * ROW);
        return chart;
    }
}
