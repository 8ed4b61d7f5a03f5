package co.mesa.report;

import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.MesaPlatform;
import co.mesa.testsupport.NeedsServices;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stored past months of issue 24's speed work (decision 0035) against a recount of the cases: what is stored
 * equals the recount; a write to a case of a stored month drops that month in its own transaction (and only that
 * entity's), after which the next read recounts it with the write; a month computed while a write landed is not
 * stored; the current month is never stored; and each entity reads and drops only its own stored months.
 */
@NeedsServices
class ReportMonthsTest {

    /** A month no other test files cases in; each run adds its own cases, so figures are compared, never assumed. */
    static final YearMonth MONTH = YearMonth.of(2009, 2);
    static final YearMonth BEFORE = MONTH.minusMonths(1);
    static final YearMonth AFTER = MONTH.plusMonths(1);

    static MesaPlatform platform;
    static TenantTransactions tx;
    static Indicators indicators;
    static ReportMonths months;
    static ReportCases reportCases;
    static ReportBreakdownMonths breakdownMonths;
    static TenantContext fp;
    static TenantContext ps;

    @BeforeAll
    static void platform() {
        platform = MesaPlatform.get();
        tx = platform.bean(TenantTransactions.class);
        indicators = platform.bean(Indicators.class);
        months = platform.bean(ReportMonths.class);
        reportCases = platform.bean(ReportCases.class);
        breakdownMonths = platform.bean(ReportBreakdownMonths.class);
        fp = platform.bean(TenantRegistry.class).bySlug("funcion-publica").orElseThrow();
        ps = platform.bean(TenantRegistry.class).bySlug("prosperidad-social").orElseThrow();
    }

    static List<Indicators.Month> read(TenantContext tenant) {
        return months.tallies(tenant, BEFORE, AFTER, (a, b) -> indicators.recount(tenant, a, b));
    }

    static List<Indicators.Month> recount(TenantContext tenant) {
        return indicators.recount(tenant, BEFORE, AFTER);
    }

    /** The breakdowns as comparable values (Counts holds an array), keys with their counts by dimension. */
    static java.util.Map<ReportCases.Dimension, java.util.Map<String, List<Long>>> plain(
            java.util.Map<ReportCases.Dimension, java.util.Map<String, ReportCases.Counts>> in) {
        java.util.Map<ReportCases.Dimension, java.util.Map<String, List<Long>>> out = new java.util.EnumMap<>(ReportCases.Dimension.class);
        in.forEach((d, keys) -> {
            java.util.Map<String, List<Long>> m = new java.util.TreeMap<>();
            keys.forEach((k, n) -> m.put(k, java.util.Arrays.stream(n.n()).boxed().toList()));
            out.put(d, m);
        });
        return out;
    }

    /** Stored breakdowns summed over ranges of one, two and three months against a recount of each range. */
    static void breakdownsEqualARecount(TenantContext tenant) {
        for (YearMonth[] r : List.of(new YearMonth[] {MONTH, MONTH}, new YearMonth[] {BEFORE, MONTH},
                new YearMonth[] {BEFORE, AFTER}, new YearMonth[] {MONTH, AFTER})) {
            assertThat(plain(breakdownMonths.breakdowns(tenant, r[0], r[1])))
                    .as("%s %s..%s", tenant.slug(), r[0], r[1]).isEqualTo(plain(reportCases.recount(tenant, r[0], r[1])));
        }
    }

    static Indicators.Tally total(List<Indicators.Month> list, YearMonth month) {
        return list.stream().filter(m -> m.month().equals(month)).map(Indicators.Month::tally)
                .reduce(Indicators.Tally.ZERO, Indicators.Tally::plus);
    }

    static java.util.Map<String, Indicators.Tally> byType(List<Indicators.Month> list, YearMonth month) {
        java.util.Map<String, Indicators.Tally> out = new java.util.HashMap<>();
        list.stream().filter(m -> m.month().equals(month)).forEach(m -> out.put(m.caseType(), m.tally()));
        return out;
    }

    /** A person and a case of the entity filed on the 10th of {@link #MONTH}; closed on the 20th when asked. */
    static UUID plant(TenantContext tenant, boolean closed) {
        UUID id = UUID.randomUUID();
        String type = tenant.config().workflow().caseTypes().get(0).key();
        tx.write(tenant.id(), c -> {
            UUID person = person(c, tenant);
            try (PreparedStatement st = c.prepareStatement("INSERT INTO service_case (tenant_id, id, code, code_year, "
                    + "code_sequence, case_type, origin, service_line, service, title, description, priority, requester_id, "
                    + "registered_by_id, state, created_at, updated_at, version, closed_at, first_response_at, "
                    + "response_due_at, resolution_due_at) VALUES (?, ?, ?, 2009, ?, ?, 'portal', 'tecnologia', "
                    + "'acceso-remoto', 'x', 'x', 'medio', ?, ?, ?, '2009-02-10T15:00:00Z', '2009-02-10T15:00:00Z', 1, "
                    + "?::timestamptz, '2009-02-10T16:00:00Z', '2009-02-11T15:00:00Z', '2009-02-13T15:00:00Z')")) {
                st.setObject(1, tenant.id().value());
                st.setObject(2, id);
                st.setString(3, "RM " + id.toString().toUpperCase());
                st.setLong(4, 100_000_000L + Math.floorMod(id.getLeastSignificantBits(), 800_000_000L));
                st.setString(5, type);
                st.setObject(6, person);
                st.setObject(7, person);
                st.setString(8, closed ? "cerrada" : "asignada");
                st.setString(9, closed ? "2009-02-20T15:00:00Z" : null);
                st.executeUpdate();
            }
            return null;
        });
        return id;
    }

    static UUID person(Connection c, TenantContext tenant) throws SQLException {
        UUID person = UUID.randomUUID();
        try (PreparedStatement st = c.prepareStatement("INSERT INTO person (tenant_id, id, subject, username, name) "
                + "VALUES (?, ?, ?, ?, ?)")) {
            st.setObject(1, tenant.id().value());
            st.setObject(2, person);
            st.setString(3, "rm-" + person);
            st.setString(4, "rm" + person.toString().substring(0, 8));
            st.setString(5, "Persona de prueba");
            st.executeUpdate();
        }
        return person;
    }

    static void close(TenantContext tenant, UUID id) {
        tx.write(tenant.id(), c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE service_case SET state = 'cerrada', "
                    + "closed_at = '2009-02-25T15:00:00Z' WHERE id = ?")) {
                st.setObject(1, id);
                assertThat(st.executeUpdate()).isEqualTo(1);
            }
            return null;
        });
    }

    @Test
    void storedMonthsEqualARecountAndAWriteDropsThemInItsOwnTransaction() {
        plant(fp, true);
        UUID open = plant(fp, false);
        plant(ps, true);

        List<Indicators.Month> first = read(fp);
        assertThat(first).isEqualTo(recount(fp));
        assertThat(months.stored(fp)).containsKeys(BEFORE, MONTH, AFTER);
        assertThat(months.stored(fp).get(MONTH)).isEqualTo(byType(recount(fp), MONTH));
        assertThat(read(ps)).isEqualTo(recount(ps));
        assertThat(months.stored(ps)).containsKey(MONTH);
        assertThat(total(first, MONTH).filed()).isGreaterThanOrEqualTo(2);
        breakdownsEqualARecount(fp);
        breakdownsEqualARecount(ps);
        assertThat(plain(breakdownMonths.breakdowns(fp, MONTH, MONTH)).get(ReportCases.Dimension.type)).isNotEmpty();

        // Closing Función Pública's open case drops its February (and later months), not January, nor Prosperidad's.
        close(fp, open);
        assertThat(months.stored(fp)).containsKey(BEFORE).doesNotContainKeys(MONTH, AFTER);
        assertThat(months.stored(ps)).containsKey(MONTH);
        List<Indicators.Month> second = read(fp);
        assertThat(second).isEqualTo(recount(fp));
        assertThat(total(second, MONTH).closed()).isEqualTo(total(first, MONTH).closed() + 1);
        assertThat(total(second, MONTH).openAtEnd()).isEqualTo(total(first, MONTH).openAtEnd() - 1);
        assertThat(months.stored(fp)).containsKeys(MONTH, AFTER);
        breakdownsEqualARecount(fp);
        breakdownsEqualARecount(fp); // now from the stored months
    }

    @Test
    void aMonthComputedWhileAWriteLandedIsNotStored() {
        plant(fp, true);
        read(fp);
        close(fp, plant(fp, false)); // drops February
        assertThat(months.stored(fp)).doesNotContainKey(MONTH);
        // A reader computes February from what it sees, and a case of February is filed before it stores.
        List<Indicators.Month> raced = months.tallies(fp, BEFORE, AFTER, (a, b) -> {
            List<Indicators.Month> seen = indicators.recount(fp, a, b);
            plant(fp, true);
            return seen;
        });
        assertThat(total(raced, MONTH).filed()).isEqualTo(total(recount(fp), MONTH).filed() - 1);
        assertThat(months.stored(fp)).doesNotContainKey(MONTH);
        assertThat(read(fp)).isEqualTo(recount(fp));
        assertThat(months.stored(fp)).containsKey(MONTH);
    }

    @Test
    void theCurrentMonthIsNeverStoredAndEachEntitySeesOnlyItsOwn() {
        YearMonth now = indicators.currentMonth(fp);
        assertThat(months.tallies(fp, now, now, (a, b) -> indicators.recount(fp, a, b)))
                .isEqualTo(indicators.recount(fp, now, now));
        assertThat(months.stored(fp)).doesNotContainKey(now);
        // Row level security: the stored rows each entity reads are its own; a recount per entity matches them.
        read(fp);
        read(ps);
        long fpRows = tx.read(fp.id(), c -> count(c, fp));
        long foreign = tx.read(ps.id(), c -> count(c, fp));
        assertThat(fpRows).isPositive();
        assertThat(foreign).isZero();
        assertThat(read(ps)).isEqualTo(recount(ps));
    }

    static long count(Connection c, TenantContext of) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT count(*) FROM report_month WHERE tenant_id = ?")) {
            st.setObject(1, of.id().value());
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
