package co.mesa.ticket;

import co.mesa.identity.Roles;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.Eventually;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.ticket.internal.CaseRow;
import co.mesa.ticket.internal.CaseStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static co.mesa.testsupport.CaseApi.FP;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recompute of every open case (after a policy, calendar, flag or suspension change) reads per
 * batch and writes only rows whose values change (issue 32): its result must equal computing each
 * case on its own, a second run with nothing changed must write nothing, and a case another
 * transaction holds at that moment must not be skipped (the old SKIP LOCKED read skipped it for good,
 * which is how a policy edit and its revert left some cases with the edited due dates).
 */
@NeedsKeycloak
class CaseSlaRecomputeTest {

    static CaseApi api;
    static String requester;
    static TenantContext fp;
    static TenantTransactions tx;
    static CaseSweeps sweeps;
    static CaseSlaWork slaWork;
    static CaseStore store;

    @BeforeAll
    static void start() {
        api = new CaseApi();
        requester = api.token("funcion-publica", "rc-solicitante", Roles.REQUESTER);
        fp = api.platform().bean(TenantRegistry.class).bySlug("funcion-publica").orElseThrow();
        tx = api.platform().bean(TenantTransactions.class);
        sweeps = api.platform().bean(CaseSweeps.class);
        slaWork = api.platform().bean(CaseSlaWork.class);
        store = api.platform().bean(CaseStore.class);
    }

    static String file(String title) {
        return api.fileRemoteAccess(FP, requester, title).get("id").asText();
    }

    /** The stored SLA columns and the row's physical version (xmin) of every open case of the entity. */
    static Map<UUID, List<Object>> stored() {
        return tx.read(fp.id(), c -> {
            Map<UUID, List<Object>> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, response_due_at, resolution_due_at, sla_paused, "
                    + "expired, sla_check_at, xmin::text FROM service_case WHERE tenant_id = ? AND closed_at IS NULL")) {
                ps.setObject(1, fp.id().value());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        List<Object> v = new ArrayList<>();
                        for (int i = 2; i <= 7; i++) {
                            v.add(rs.getObject(i));
                        }
                        out.put(rs.getObject(1, UUID.class), v);
                    }
                }
            }
            return out;
        });
    }

    static void scramble(String id) {
        tx.write(fp.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE service_case SET response_due_at = ?, "
                    + "resolution_due_at = ? WHERE id = ?")) {
                ps.setTimestamp(1, Timestamp.from(Instant.parse("2001-01-01T00:00:00Z")));
                ps.setTimestamp(2, Timestamp.from(Instant.parse("2001-01-02T00:00:00Z")));
                ps.setObject(3, UUID.fromString(id));
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Test
    void theBatchedRecomputeEqualsEachCaseComputedOnItsOwnAndWritesOnlyWhatChanged() {
        String a = file("Recálculo A");
        String b = file("Recálculo B");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        sweeps.recomputeOpen(fp, now);
        // Stale values, as a policy edit leaves them until the recompute.
        scramble(a);
        Map<UUID, List<Object>> before = stored();
        assertThat(sweeps.recomputeOpen(fp, now)).as("only the scrambled case changes").isEqualTo(1);
        Map<UUID, List<Object>> after = stored();
        for (Map.Entry<UUID, List<Object>> e : before.entrySet()) {
            if (!e.getKey().toString().equals(a) && after.containsKey(e.getKey())) {
                assertThat(after.get(e.getKey())).as("untouched row %s (same xmin)", e.getKey()).isEqualTo(e.getValue());
            }
        }
        assertThat(after.get(UUID.fromString(a)).get(0)).isNotEqualTo(before.get(UUID.fromString(a)).get(0));
        assertThat(sweeps.recomputeOpen(fp, now)).as("nothing changed: nothing written").isZero();

        // The full computation, case by case with its own reads, gives exactly what the batch stored.
        List<String> mismatches = tx.write(fp.id(), c -> {
            List<String> out = new ArrayList<>();
            for (CaseRow row : store.openInRangeUnlocked(c, fp.id(), CaseSweeps.bound(0, 1), CaseSweeps.bound(1, 1), 100_000)) {
                CaseStore.SlaColumns alone = slaWork.refresh(c, fp, row, false, now);
                List<Object> v = after.get(row.id());
                if (v == null) {
                    continue;
                }
                if (!same(alone.responseDueAt(), v.get(0)) || !same(alone.resolutionDueAt(), v.get(1))
                        || alone.paused() != (Boolean) v.get(2) || alone.expired() != (Boolean) v.get(3)
                        || !same(alone.checkAt(), v.get(4))) {
                    out.add(row.id() + ": " + alone + " vs " + v);
                }
            }
            return out;
        });
        assertThat(mismatches).isEmpty();
        assertThat(after).containsKey(UUID.fromString(b));
    }

    private static boolean same(Instant expected, Object stored) {
        Instant s = stored == null ? null : stored instanceof Timestamp t ? t.toInstant()
                : ((java.time.OffsetDateTime) stored).toInstant();
        return expected == null ? s == null : expected.equals(s);
    }

    @Test
    void aCaseAnotherTransactionHoldsIsRecomputedOnceItIsFreeNotSkipped() throws Exception {
        String held = file("Recálculo retenido");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        sweeps.recomputeOpen(fp, now);
        List<Object> right = stored().get(UUID.fromString(held));
        scramble(held);

        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> tx.write(fp.id(), c -> {
            lock(c, held);
            locked.countDown();
            try {
                assertThat(release.await(120, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return null;
        }));
        assertThat(locked.await(60, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Integer> recompute;
        try {
            recompute = CompletableFuture.supplyAsync(() -> sweeps.recomputeOpen(fp, now));
            // The recompute waits for the row instead of passing over it.
            Eventually.until("the recompute waits for the held case", CaseSlaRecomputeTest::waitingOnALock, n -> n > 0);
        } finally {
            release.countDown();
        }
        holder.get(60, TimeUnit.SECONDS);
        assertThat(recompute.get(120, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(1);
        assertThat(stored().get(UUID.fromString(held)).subList(0, 5)).isEqualTo(right.subList(0, 5));
    }

    private static void lock(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM service_case WHERE id = ? FOR UPDATE")) {
            ps.setObject(1, UUID.fromString(id));
            ps.executeQuery().close();
        }
    }

    private static long waitingOnALock() {
        return tx.platform(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity "
                    + "WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'UPDATE service_case%'")) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /**
     * A policy, calendar or flag edit moves the entity's revision: the check that runs every few seconds
     * recomputes that entity then, not at the next sweep (a minute by default), and leaves entities whose
     * marker did not move alone.
     */
    @Test
    void anEntityWhoseDataChangedIsRecomputedByTheCheckNotAtTheNextSweep() {
        TenantRegistry registry = api.platform().bean(TenantRegistry.class);
        sweeps.recomputeChanged();
        long before = sweeps.fullRecomputes();
        sweeps.recomputeChanged();
        assertThat(sweeps.fullRecomputes()).as("nothing moved: nothing recomputed").isEqualTo(before);

        // What an administrator's edit does to the tenant row (TenantConfigStore.bumpRevision), then the reload.
        tx.platform(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE tenant SET config_revision = config_revision + 1 WHERE slug = 'funcion-publica'")) {
                return ps.executeUpdate();
            }
        });
        registry.refresh();
        TenantContext moved = registry.bySlug("funcion-publica").orElseThrow();
        assertThat(moved.revision()).isGreaterThan(fp.revision());
        sweeps.recomputeChanged();
        assertThat(sweeps.fullRecomputes()).as("one recompute, of the entity that moved").isEqualTo(before + 1);
        String mark = tx.read(moved.id(), c -> co.mesa.ticket.internal.SlaRecomputeMarks.get(c, moved.id()));
        assertThat(mark).isEqualTo(moved.revision() + "/false");
        sweeps.recomputeChanged();
        assertThat(sweeps.fullRecomputes()).as("marked: not again").isEqualTo(before + 1);
    }
}
