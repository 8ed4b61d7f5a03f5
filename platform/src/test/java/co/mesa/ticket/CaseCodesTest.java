package co.mesa.ticket;

import co.mesa.testsupport.NeedsServices;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.MesaPlatform;
import io.micronaut.data.exceptions.DataAccessException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Case codes on the real database: consecutive under concurrency, per year in Bogotá, separate per
 * entity, and given back by a rolled-back case. Each test uses a year nobody else uses.
 */
@NeedsServices
class CaseCodesTest {

    static TenantTransactions tx;
    static CaseCodes codes;
    static TenantContext fp;
    static TenantContext ps;

    @BeforeAll
    static void start() {
        MesaPlatform platform = MesaPlatform.get();
        tx = platform.bean(TenantTransactions.class);
        codes = platform.bean(CaseCodes.class);
        fp = platform.bean(TenantRegistry.class).bySlug("funcion-publica").orElseThrow();
        ps = platform.bean(TenantRegistry.class).bySlug("prosperidad-social").orElseThrow();
    }

    @Test
    void concurrentCasesGetConsecutiveCodesWithoutGapsOrRepeats() throws Exception {
        Instant in2031 = Instant.parse("2031-05-05T15:00:00Z");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Long>> tasks = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            tasks.add(() -> tx.write(fp.id(), c -> codes.next(c, fp, in2031)).sequence());
        }
        List<Long> got = new ArrayList<>();
        try {
            for (Future<Long> f : pool.invokeAll(tasks)) {
                got.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(got).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 40).boxed().toList());
        assertThat(tx.write(fp.id(), c -> codes.next(c, fp, in2031)).code()).isEqualTo("REIO 2031-000041");
    }

    @Test
    void theYearIsTheTenantsNotUtcs() {
        // 31 Dec 2032 23:30 in Bogotá is already 1 Jan 2033 in UTC: the case belongs to 2032.
        Instant newYearsEveInBogota = Instant.parse("2033-01-01T04:30:00Z");
        CaseCodes.Issued issued = tx.write(fp.id(), c -> codes.next(c, fp, newYearsEveInBogota));
        assertThat(issued.year()).isEqualTo(2032);
        assertThat(issued.code()).isEqualTo("REIO 2032-000001");
        assertThat(tx.write(fp.id(), c -> codes.next(c, fp, Instant.parse("2033-01-01T05:00:00Z"))).code())
                .isEqualTo("REIO 2033-000001");
    }

    @Test
    void eachEntityCountsOnItsOwn() {
        Instant in2034 = Instant.parse("2034-03-03T15:00:00Z");
        tx.write(fp.id(), c -> codes.next(c, fp, in2034));
        tx.write(fp.id(), c -> codes.next(c, fp, in2034));
        CaseCodes.Issued first = tx.write(ps.id(), c -> codes.next(c, ps, in2034));
        assertThat(first.sequence()).isEqualTo(1);
        assertThat(first.code()).startsWith("DPS-2034-");
        // Prosperidad Social can neither see nor move Función Pública's counter.
        int seen = tx.read(ps.id(), c -> count(c, "SELECT count(*) FROM case_code_sequence WHERE tenant_id = ?", fp));
        int moved = tx.write(ps.id(), c -> {
            try (var st = c.prepareStatement("UPDATE case_code_sequence SET last_value = 1 WHERE tenant_id = ?")) {
                st.setObject(1, fp.id().value());
                return st.executeUpdate();
            }
        });
        assertThat(seen).isZero();
        assertThat(moved).isZero();
        assertThat(tx.write(fp.id(), c -> codes.next(c, fp, in2034)).sequence()).isEqualTo(3);
    }

    private static int count(java.sql.Connection c, String sql, TenantContext about) throws java.sql.SQLException {
        try (var st = c.prepareStatement(sql)) {
            st.setObject(1, about.id().value());
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void aRolledBackCaseGivesItsNumberBack() {
        Instant in2035 = Instant.parse("2035-07-07T15:00:00Z");
        assertThat(tx.write(ps.id(), c -> codes.next(c, ps, in2035)).sequence()).isEqualTo(1);
        assertThatThrownBy(() -> tx.write(ps.id(), c -> {
            codes.next(c, ps, in2035);
            throw new java.sql.SQLException("the case failed validation after its code was taken");
        })).isInstanceOf(DataAccessException.class);
        assertThat(tx.write(ps.id(), c -> codes.next(c, ps, in2035)).sequence()).isEqualTo(2);
    }
}
