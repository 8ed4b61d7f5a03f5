package co.mesa.report;

import co.mesa.shared.Clocks;
import co.mesa.shared.TenantId;
import co.mesa.shared.TenantTransactions;
import co.mesa.sla.BusinessCalendars;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The report's figures over a range of months broken down by a dimension of the case, and the cases behind each
 * figure: both read {@link CaseFacts} with the same test ({@link #counts}), so every linked number equals the length
 * of its list. A figure over the whole entity (a case type's, a group's…), never only the caller's groups.
 */
@Singleton
public class ReportCases {

    /** The counted figures, as the report's links name them ({@code cifra=}). */
    public enum Figure {
        filed, closed, open, response, responseMet, resolution, resolutionMet, expired, rejected, reopened,
        /** Closed in the period with a signed solution: the cases the resolution business time averages. */
        resolved;

        static Optional<Figure> of(@Nullable String name) {
            for (Figure f : values()) {
                if (f.name().equals(name)) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }
    }

    /** What a breakdown groups by ({@code por=}); {@code vendor}: the vendor groups only. */
    public enum Dimension {
        type, line, service, category, group, tier, agent, vendor, site, channel;

        static Optional<Dimension> of(@Nullable String name) {
            for (Dimension d : values()) {
                if (d.name().equals(name)) {
                    return Optional.of(d);
                }
            }
            return Optional.empty();
        }
    }

    /** The key of cases without a value (no category, no group, nobody assigned, no site). */
    public static final String NONE = "-";

    /** One key's counts, by figure. */
    public record Counts(long[] n) {
        public long get(Figure f) {
            return n[f.ordinal()];
        }
    }

    private record Key(TenantId tenant, long revision, YearMonth from, YearMonth to) {
    }

    private final TenantTransactions tx;
    private final JsonMapper json;
    private final Clocks clocks;
    private final BusinessCalendars calendars;
    private final Cache<Key, Scan> cache = Caffeine.newBuilder().maximumSize(500)
            .expireAfterWrite(Indicators.STALE).build();

    /** One range's breakdowns, and the resolution business seconds of its resolved cases by case type, ascending. */
    private record Scan(Map<Dimension, Map<String, Counts>> breakdowns, Map<String, long[]> resolutionSeconds) {
    }

    public ReportCases(TenantTransactions tx, JsonMapper json, Clocks clocks, BusinessCalendars calendars) {
        this.tx = tx;
        this.json = json;
        this.clocks = clocks;
        this.calendars = calendars;
    }

    /** The instant open cases' targets are judged at (the entity's clock). */
    public Instant now() {
        return clocks.clock().instant();
    }

    static Instant start(TenantContext tenant, YearMonth from) {
        return from.atDay(1).atStartOfDay(tenant.zone()).toInstant();
    }

    static Instant end(TenantContext tenant, YearMonth to) {
        return to.plusMonths(1).atDay(1).atStartOfDay(tenant.zone()).toInstant();
    }

    /** Whether a case counts for a figure over [start, end); "open" is at {@code end}. */
    static boolean counts(Figure figure, CaseFacts f, Instant start, Instant end, Instant now) {
        return switch (figure) {
            case filed -> f.filedWithin(start, end);
            case closed -> f.closedWithin(start, end);
            case open -> f.openAt(end);
            case response -> within(f.response(now), start, end);
            case responseMet -> within(f.response(now), start, end) && f.response(now).onTime();
            case resolution -> within(f.resolution(now), start, end);
            case resolutionMet -> within(f.resolution(now), start, end) && f.resolution(now).onTime();
            case expired -> within(f.resolution(now), start, end) && !f.resolution(now).onTime();
            case rejected -> f.closedWithin(start, end) && f.rejected();
            case reopened -> f.closedWithin(start, end) && f.reopened();
            case resolved -> f.closedWithin(start, end) && f.resolved() != null;
        };
    }

    private static boolean within(@Nullable CaseFacts.Settled s, Instant start, Instant end) {
        return s != null && s.within(start, end);
    }

    /** The case's key in a dimension; null when the case is not in that breakdown (a group that is no vendor's). */
    @Nullable
    static String key(Dimension d, CaseFacts f, TenantConfig config) {
        return switch (d) {
            case type -> f.type();
            case line -> f.serviceLine();
            case service -> f.service();
            case category -> orNone(f.category());
            case group -> orNone(f.group());
            case tier -> f.group() == null ? NONE : config.groups().groups().stream().filter(g -> g.key().equals(f.group()))
                    .map(TenantConfig.Group::tier).findFirst().orElse(NONE);
            case agent -> f.agent() == null ? NONE : f.agent().toString();
            case vendor -> f.group() != null && config.groups().groups().stream()
                    .anyMatch(g -> g.key().equals(f.group()) && g.vendor()) ? f.group() : null;
            case site -> orNone(f.site());
            case channel -> f.origin();
        };
    }

    private static String orNone(@Nullable String v) {
        return v == null ? NONE : v;
    }

    /** Every dimension's keys and their counts over the range, in one scan (cached like the indicators). */
    public Map<Dimension, Map<String, Counts>> breakdowns(TenantContext tenant, YearMonth from, YearMonth to) {
        return scan(tenant, from, to).breakdowns();
    }

    /**
     * The resolution business time, in whole seconds as {@link Indicators} sums it, of each case the {@link Figure#resolved}
     * list holds over the range, by case type, ascending: what the mean and the 90th percentile are computed from.
     */
    public Map<String, long[]> resolutionSeconds(TenantContext tenant, YearMonth from, YearMonth to) {
        return scan(tenant, from, to).resolutionSeconds();
    }

    /** One case's resolution business time in whole seconds (null when it has no signed solution or is not closed). */
    @Nullable
    Long resolutionSeconds(TenantContext tenant, CaseFacts f) {
        java.time.Duration d = f.resolutionTime(tenant, calendars);
        return d == null ? null : d.getSeconds();
    }

    /**
     * The 90th percentile by nearest rank (the smallest value with at least 90 % of them at or below it), in hours with
     * one decimal as the report shows them; null for none.
     */
    @Nullable
    static java.math.BigDecimal p90Hours(long[] ascending) {
        return ascending.length == 0 ? null : Indicators.hours(ascending[(9 * ascending.length + 9) / 10 - 1], 1);
    }

    private Scan scan(TenantContext tenant, YearMonth from, YearMonth to) {
        return cache.get(new Key(tenant.id(), tenant.revision(), from, to), k -> compute(tenant, from, to));
    }

    private Scan compute(TenantContext tenant, YearMonth from, YearMonth to) {
        Instant start = start(tenant, from);
        Instant end = end(tenant, to);
        Instant now = clocks.clock().instant();
        Map<Dimension, Map<String, Counts>> out = new EnumMap<>(Dimension.class);
        for (Dimension d : Dimension.values()) {
            out.put(d, new LinkedHashMap<>());
        }
        Map<String, List<Long>> times = new HashMap<>();
        tx.read(tenant.id(), c -> {
            CaseFacts.scan(c, json, tenant.config(), start, end, f -> {
                boolean[] in = new boolean[Figure.values().length];
                boolean any = false;
                for (Figure figure : Figure.values()) {
                    in[figure.ordinal()] = counts(figure, f, start, end, now);
                    any |= in[figure.ordinal()];
                }
                if (!any) {
                    return;
                }
                if (in[Figure.resolved.ordinal()]) {
                    times.computeIfAbsent(f.type(), x -> new ArrayList<>()).add(resolutionSeconds(tenant, f));
                }
                for (Dimension d : Dimension.values()) {
                    String key = key(d, f, tenant.config());
                    if (key != null) {
                        long[] n = out.get(d).computeIfAbsent(key, x -> new Counts(new long[Figure.values().length])).n();
                        for (int i = 0; i < in.length; i++) {
                            n[i] += in[i] ? 1 : 0;
                        }
                    }
                }
            });
            return null;
        });
        Map<String, long[]> seconds = new HashMap<>();
        times.forEach((type, list) -> seconds.put(type, list.stream().mapToLong(Long::longValue).sorted().toArray()));
        return new Scan(out, seconds);
    }

    /**
     * The cases a figure counts over the range, within one key of a dimension when given, oldest first: exactly
     * those {@link #breakdowns} and {@link Indicators} count.
     */
    public List<CaseFacts> cases(TenantContext tenant, YearMonth from, YearMonth to, Figure figure,
                                 @Nullable Dimension dimension, @Nullable String key) {
        Instant start = start(tenant, from);
        Instant end = end(tenant, to);
        Instant now = clocks.clock().instant();
        List<CaseFacts> out = new ArrayList<>();
        tx.read(tenant.id(), c -> {
            CaseFacts.scan(c, json, tenant.config(), start, end, f -> {
                if (counts(figure, f, start, end, now)
                        && (dimension == null || key == null || key.equals(key(dimension, f, tenant.config())))) {
                    out.add(f);
                }
            });
            return null;
        });
        out.sort(Comparator.comparing(CaseFacts::created).thenComparing(CaseFacts::code));
        return out;
    }
}
