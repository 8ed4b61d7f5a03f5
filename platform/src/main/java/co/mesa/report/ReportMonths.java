package co.mesa.report;

import co.mesa.shared.Clocks;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The indicators' monthly tallies of past months, stored in {@code report_month} once computed (issue 24 speed,
 * decision 0035). A past month's figures depend only on rows, never on the clock, so a stored month stays right until
 * a row it counts changes; the database triggers of {@code V56_1} delete the stored months a write may change in the
 * writing transaction itself, and bump the entity's {@code report_epoch}. A month missing (never computed, dropped by
 * a write, or of another tenant data revision) is computed by {@link Indicators}' scan and stored only if no write
 * moved the epoch since before the computation began (checked under a share lock of the epoch row), so a month
 * computed from an older snapshot is never stored over a newer write. The current and future months are computed
 * every time (their figures move with the clock).
 */
@Singleton
public class ReportMonths {

    /** Computes the tallies of every month from {@code from} to {@code to} (inclusive), by month then case type. */
    @FunctionalInterface
    interface Compute {
        List<Indicators.Month> compute(YearMonth from, YearMonth to);
    }

    /** What a stored row holds, and how it is written as text. */
    interface Kind<T> {
        String name();

        String encode(T figures);

        T decode(String text) throws SQLException;
    }

    /** Computes a kind's figures for every month from {@code from} to {@code to} (inclusive). */
    @FunctionalInterface
    interface Span<T> {
        Map<YearMonth, T> compute(YearMonth from, YearMonth to);
    }

    static final Kind<Map<String, Indicators.Tally>> TALLIES = new Kind<>() {
        public String name() {
            return "tallies";
        }

        public String encode(Map<String, Indicators.Tally> figures) {
            return ReportMonths.encode(figures);
        }

        public Map<String, Indicators.Tally> decode(String text) throws SQLException {
            return ReportMonths.decode(text);
        }
    };

    private final TenantTransactions tx;
    private final Clocks clocks;

    public ReportMonths(TenantTransactions tx, Clocks clocks) {
        this.tx = tx;
        this.clocks = clocks;
    }

    /** The tallies from {@code from} to {@code to}, by month then declared case type: stored ones read, others computed. */
    List<Indicators.Month> tallies(TenantContext tenant, YearMonth from, YearMonth to, Compute compute) {
        List<String> types = tenant.config().workflow().caseTypes().stream().map(TenantConfig.CaseType::key).toList();
        Map<YearMonth, Map<String, Indicators.Tally>> months = months(tenant, TALLIES, from, to, (a, b) -> {
            Map<YearMonth, Map<String, Indicators.Tally>> computed = new TreeMap<>();
            for (Indicators.Month m : compute.compute(a, b)) {
                computed.computeIfAbsent(m.month(), k -> new HashMap<>()).put(m.caseType(), m.tally());
            }
            return computed;
        });
        List<Indicators.Month> out = new ArrayList<>();
        for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
            Map<String, Indicators.Tally> byType = months.getOrDefault(m, Map.of());
            for (String type : types) {
                out.add(new Indicators.Month(m, type, byType.getOrDefault(type, Indicators.Tally.ZERO)));
            }
        }
        return List.copyOf(out);
    }

    /** A kind's figures of every month from {@code from} to {@code to}: stored ones read, the others computed in one span. */
    <T> Map<YearMonth, T> months(TenantContext tenant, Kind<T> kind, YearMonth from, YearMonth to, Span<T> compute) {
        Instant now = clocks.clock().instant();
        Map<YearMonth, T> months = new TreeMap<>(read(tenant, kind, from, to));
        months.keySet().removeIf(m -> ReportCases.end(tenant, m).isAfter(now)); // a month not over by this clock
        YearMonth firstMissing = null;
        YearMonth lastMissing = null;
        for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
            if (!months.containsKey(m)) {
                firstMissing = firstMissing == null ? m : firstMissing;
                lastMissing = m;
            }
        }
        if (firstMissing != null) {
            boolean storable = !ReportCases.end(tenant, firstMissing).isAfter(now);
            long epoch = storable ? epoch(tenant) : 0;
            Map<YearMonth, T> computed = compute.compute(firstMissing, lastMissing);
            if (storable) {
                store(tenant, kind, epoch, computed, now);
            }
            computed.forEach(months::putIfAbsent);
        }
        return months;
    }

    private <T> Map<YearMonth, T> read(TenantContext tenant, Kind<T> kind, YearMonth from, YearMonth to) {
        return tx.read(tenant.id(), c -> {
            Map<YearMonth, T> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT month, figures FROM report_month "
                    + "WHERE kind = ? AND revision = ? AND month >= ? AND month <= ?")) {
                ps.setString(1, kind.name());
                ps.setLong(2, tenant.revision());
                ps.setString(3, from.toString());
                ps.setString(4, to.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(YearMonth.parse(rs.getString(1)), kind.decode(rs.getString(2)));
                    }
                }
            }
            return out;
        });
    }

    /** The entity's epoch now, its row made if missing (so that a reader can lock it later). */
    private long epoch(TenantContext tenant) {
        return tx.write(tenant.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO report_epoch (tenant_id, epoch) VALUES (?, 0) "
                    + "ON CONFLICT (tenant_id) DO NOTHING")) {
                ps.setObject(1, tenant.id().value());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT epoch FROM report_epoch WHERE tenant_id = ?")) {
                ps.setObject(1, tenant.id().value());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /**
     * Stores the computed months that have ended (by the entity's clock and by the database's, whose triggers decide
     * what a write drops), unless a write moved the epoch since {@code epoch} was read.
     */
    private <T> void store(TenantContext tenant, Kind<T> kind, long epoch, Map<YearMonth, T> computed, Instant now) {
        tx.write(tenant.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT epoch FROM report_epoch WHERE tenant_id = ? FOR SHARE")) {
                ps.setObject(1, tenant.id().value());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getLong(1) != epoch) {
                        return null;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO report_month (tenant_id, kind, month, month_end, "
                    + "revision, figures) SELECT ?, ?, ?, ?, ?, ? WHERE ?::timestamptz <= date_trunc('month', now(), 'UTC') "
                    + "+ interval '1 day' ON CONFLICT (tenant_id, kind, month) DO UPDATE SET month_end = excluded.month_end, "
                    + "revision = excluded.revision, figures = excluded.figures")) {
                for (Map.Entry<YearMonth, T> e : computed.entrySet()) {
                    Instant end = ReportCases.end(tenant, e.getKey());
                    if (end.isAfter(now)) {
                        continue;
                    }
                    ps.setObject(1, tenant.id().value());
                    ps.setString(2, kind.name());
                    ps.setString(3, e.getKey().toString());
                    ps.setTimestamp(4, Timestamp.from(end));
                    ps.setLong(5, tenant.revision());
                    ps.setString(6, kind.encode(e.getValue()));
                    ps.setTimestamp(7, Timestamp.from(end));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** One line per case type: the key, a tab, the tally's thirteen counts separated by commas. */
    static String encode(Map<String, Indicators.Tally> byType) {
        StringBuilder out = new StringBuilder();
        byType.forEach((type, t) -> {
            long[] n = {t.filed(), t.closed(), t.openAtEnd(), t.responseSettled(), t.responseMet(), t.resolutionSettled(),
                    t.resolutionMet(), t.expired(), t.resolvedCount(), t.resolvedSeconds(), t.surveys(), t.scaleAnswers(),
                    t.scaleSum()};
            out.append(type).append('\t');
            for (int i = 0; i < n.length; i++) {
                out.append(i == 0 ? "" : ",").append(n[i]);
            }
            out.append('\n');
        });
        return out.toString();
    }

    static Map<String, Indicators.Tally> decode(String text) throws SQLException {
        Map<String, Indicators.Tally> out = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int tab = line.indexOf('\t');
            String[] v = line.substring(tab + 1).split(",");
            if (tab < 1 || v.length != 13) {
                throw new SQLException("unreadable stored month: " + line);
            }
            long[] n = new long[13];
            for (int i = 0; i < n.length; i++) {
                n[i] = Long.parseLong(v[i]);
            }
            out.put(line.substring(0, tab), new Indicators.Tally(n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8],
                    n[9], n[10], n[11], n[12]));
        }
        return out;
    }

    /** For tests: the stored months of the entity (month → tallies by case type), whatever their revision. */
    Map<YearMonth, Map<String, Indicators.Tally>> stored(TenantContext tenant) {
        return tx.read(tenant.id(), (Connection c) -> {
            Map<YearMonth, Map<String, Indicators.Tally>> out = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT month, figures FROM report_month WHERE kind = 'tallies'");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(YearMonth.parse(rs.getString(1)), decode(rs.getString(2)));
                }
            }
            return out;
        });
    }
}
