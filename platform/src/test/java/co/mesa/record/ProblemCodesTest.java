package co.mesa.record;

import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.testsupport.MesaPlatform;
import co.mesa.testsupport.NeedsServices;
import co.mesa.ticket.CaseCodes;
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

/**
 * Problem codes on the real database: the case code mechanism in a scope of the kind — consecutive under
 * concurrency, apart from the entity's case codes and from the other entity's problems. Each test uses a year
 * nobody else uses (CaseCodesTest uses 2031–2035).
 */
@NeedsServices
class ProblemCodesTest {

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

    static TenantConfig.CaseCode format(TenantContext t) {
        return t.config().workflow().record(RecordService.PROBLEM).orElseThrow().code();
    }

    @Test
    void concurrentProblemsGetConsecutiveCodesWithoutGapsApartFromCases() throws Exception {
        Instant in2041 = Instant.parse("2041-05-05T15:00:00Z");
        // A case code first: problems count on their own.
        tx.write(fp.id(), c -> codes.next(c, fp, in2041));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Long>> tasks = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            tasks.add(() -> tx.write(fp.id(), c -> codes.next(c, fp, format(fp), RecordService.PROBLEM, in2041)).sequence());
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
        assertThat(tx.write(fp.id(), c -> codes.next(c, fp, format(fp), RecordService.PROBLEM, in2041)).code())
                .isEqualTo("PRB 2041-00041");
        assertThat(tx.write(fp.id(), c -> codes.next(c, fp, in2041)).code()).isEqualTo("REIO 2041-000002");
        // The other entity's problems start at one, in its own format.
        assertThat(tx.write(ps.id(), c -> codes.next(c, ps, format(ps), RecordService.PROBLEM, in2041)).code())
                .isEqualTo("DPS-PRB-2041-00001");
    }
}
