package co.mesa.report;

import co.mesa.shared.Clocks;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report's breakdowns ({@link ReportCases#breakdowns}) month by month, past months stored like the tallies
 * ({@link ReportMonths}, decision 0035). A range's counts are the sum of its months' — every figure counts a case at
 * one instant of the range (filed, closed, a target settled) — except {@code open}, which is "open at the end of the
 * range": the last month's. Each month is classified with {@link ReportCases#counts} itself, so a figure and the list
 * behind its link still cannot disagree.
 */
@Singleton
public class ReportBreakdownMonths {

    /** Figures read at the end of the range rather than summed over it. */
    static final ReportCases.Figure AT_END = ReportCases.Figure.open;

    static final ReportMonths.Kind<Map<ReportCases.Dimension, Map<String, ReportCases.Counts>>> BREAKDOWNS =
            new ReportMonths.Kind<>() {
                public String name() {
                    return "breakdowns";
                }

                public String encode(Map<ReportCases.Dimension, Map<String, ReportCases.Counts>> figures) {
                    StringBuilder out = new StringBuilder();
                    figures.forEach((d, keys) -> keys.forEach((key, n) -> {
                        out.append(d.name()).append('\t').append(key).append('\t');
                        for (int i = 0; i < n.n().length; i++) {
                            out.append(i == 0 ? "" : ",").append(n.n()[i]);
                        }
                        out.append('\n');
                    }));
                    return out.toString();
                }

                public Map<ReportCases.Dimension, Map<String, ReportCases.Counts>> decode(String text) throws SQLException {
                    Map<ReportCases.Dimension, Map<String, ReportCases.Counts>> out = empty();
                    int figures = ReportCases.Figure.values().length;
                    for (String line : text.split("\n")) {
                        if (line.isEmpty()) {
                            continue;
                        }
                        String[] parts = line.split("\t");
                        String[] v = parts.length == 3 ? parts[2].split(",") : new String[0];
                        var d = ReportCases.Dimension.of(parts[0]);
                        if (v.length != figures || d.isEmpty()) {
                            throw new SQLException("unreadable stored breakdown: " + line);
                        }
                        long[] n = new long[figures];
                        for (int i = 0; i < figures; i++) {
                            n[i] = Long.parseLong(v[i]);
                        }
                        out.get(d.get()).put(parts[1], new ReportCases.Counts(n));
                    }
                    return out;
                }
            };

    private final TenantTransactions tx;
    private final JsonMapper json;
    private final Clocks clocks;
    private final ReportMonths months;

    public ReportBreakdownMonths(TenantTransactions tx, JsonMapper json, Clocks clocks, ReportMonths months) {
        this.tx = tx;
        this.json = json;
        this.clocks = clocks;
        this.months = months;
    }

    static Map<ReportCases.Dimension, Map<String, ReportCases.Counts>> empty() {
        Map<ReportCases.Dimension, Map<String, ReportCases.Counts>> out = new EnumMap<>(ReportCases.Dimension.class);
        for (ReportCases.Dimension d : ReportCases.Dimension.values()) {
            out.put(d, new LinkedHashMap<>());
        }
        return out;
    }

    /** Every dimension's keys and their counts over the range: its months summed, {@code open} from the last one. */
    Map<ReportCases.Dimension, Map<String, ReportCases.Counts>> breakdowns(TenantContext tenant, YearMonth from,
                                                                          YearMonth to) {
        Map<YearMonth, Map<ReportCases.Dimension, Map<String, ReportCases.Counts>>> byMonth =
                months.months(tenant, BREAKDOWNS, from, to, (a, b) -> compute(tenant, a, b));
        int figures = ReportCases.Figure.values().length;
        Map<ReportCases.Dimension, Map<String, ReportCases.Counts>> out = empty();
        for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
            boolean last = m.equals(to);
            byMonth.getOrDefault(m, Map.of()).forEach((d, keys) -> keys.forEach((key, n) -> {
                long[] sum = out.get(d).computeIfAbsent(key, k -> new ReportCases.Counts(new long[figures])).n();
                for (int i = 0; i < figures; i++) {
                    if (i != AT_END.ordinal() || last) {
                        sum[i] += n.n()[i];
                    }
                }
            }));
        }
        // A key counted only as open at the end of an earlier month counts nothing over the range.
        out.values().forEach(keys -> keys.values().removeIf(n -> java.util.Arrays.stream(n.n()).allMatch(x -> x == 0)));
        return out;
    }

    /** Each month's breakdowns from {@code from} to {@code to}, in one scan of the cases. */
    private Map<YearMonth, Map<ReportCases.Dimension, Map<String, ReportCases.Counts>>> compute(TenantContext tenant,
                                                                                                YearMonth from, YearMonth to) {
        Instant now = clocks.clock().instant();
        ReportCases.Figure[] all = ReportCases.Figure.values();
        ReportCases.Dimension[] dimensions = ReportCases.Dimension.values();
        Map<YearMonth, Map<ReportCases.Dimension, Map<String, ReportCases.Counts>>> out = new TreeMap<>();
        Map<YearMonth, Instant[]> bounds = new HashMap<>();
        for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
            out.put(m, empty());
            bounds.put(m, new Instant[] {ReportCases.start(tenant, m), ReportCases.end(tenant, m)});
        }
        tx.read(tenant.id(), c -> {
            CaseFacts.scan(c, json, tenant.config(), ReportCases.start(tenant, from), ReportCases.end(tenant, to), f -> {
                String[] keys = new String[dimensions.length];
                for (ReportCases.Dimension d : dimensions) {
                    keys[d.ordinal()] = ReportCases.key(d, f, tenant.config());
                }
                YearMonth filed = YearMonth.from(f.created().atZone(tenant.zone()));
                for (YearMonth m = filed.isAfter(from) ? filed : from; !m.isAfter(to); m = m.plusMonths(1)) {
                    Instant[] b = bounds.get(m);
                    boolean[] in = new boolean[all.length];
                    boolean any = false;
                    for (ReportCases.Figure figure : all) {
                        in[figure.ordinal()] = ReportCases.counts(figure, f, b[0], b[1], now);
                        any |= in[figure.ordinal()];
                    }
                    if (!any) {
                        continue;
                    }
                    Map<ReportCases.Dimension, Map<String, ReportCases.Counts>> month = out.get(m);
                    for (ReportCases.Dimension d : dimensions) {
                        if (keys[d.ordinal()] != null) {
                            long[] n = month.get(d).computeIfAbsent(keys[d.ordinal()],
                                    x -> new ReportCases.Counts(new long[all.length])).n();
                            for (int i = 0; i < in.length; i++) {
                                n[i] += in[i] ? 1 : 0;
                            }
                        }
                    }
                }
            });
            return null;
        });
        return out;
    }
}
