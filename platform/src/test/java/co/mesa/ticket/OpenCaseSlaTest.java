package co.mesa.ticket;

import co.mesa.identity.Roles;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.ticket.internal.CaseRow;
import co.mesa.ticket.internal.CaseStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static co.mesa.testsupport.CaseApi.FP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * open_case_sla (V61_1, V61_2) is a copy of each open case's next SLA instant, resolution due date, group and agent,
 * kept by triggers so that service_case indexes no SLA instant and a recompute's write can be HOT: it must equal
 * service_case after every kind of write (filing, an update, a reassignment, the recompute's batch, closing, reopening), the sweep must find a due case through it,
 * and one entity must not read or write another's rows.
 */
@NeedsKeycloak
class OpenCaseSlaTest {

    static CaseApi api;
    static String requester;
    static TenantContext fp;
    static TenantContext ps;
    static TenantTransactions tx;
    static CaseSweeps sweeps;
    static CaseStore store;

    @BeforeAll
    static void start() {
        api = new CaseApi();
        requester = api.token("funcion-publica", "ocs-solicitante", Roles.REQUESTER);
        TenantRegistry registry = api.platform().bean(TenantRegistry.class);
        fp = registry.bySlug("funcion-publica").orElseThrow();
        ps = registry.bySlug("prosperidad-social").orElseThrow();
        tx = api.platform().bean(TenantTransactions.class);
        sweeps = api.platform().bean(CaseSweeps.class);
        store = api.platform().bean(CaseStore.class);
    }

    static UUID file(String title) {
        return UUID.fromString(api.fileRemoteAccess(FP, requester, title).get("id").asText());
    }

    static int sql(TenantContext t, String statement, Object... args) {
        return tx.write(t.id(), c -> {
            try (PreparedStatement p = c.prepareStatement(statement)) {
                for (int i = 0; i < args.length; i++) {
                    p.setObject(i + 1, args[i]);
                }
                return p.executeUpdate();
            }
        });
    }

    /** The entity's open cases whose copy differs from the row, or whose copy is missing or left over. */
    static List<String> differences() {
        return tx.read(fp.id(), c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT coalesce(c.id, s.case_id)::text, "
                    + "row(c.sla_check_at, c.resolution_due_at, c.assigned_group, c.assigned_agent_id)::text, "
                    + "row(s.check_at, s.resolution_due_at, s.assigned_group, s.assigned_agent_id)::text FROM "
                    + "(SELECT * FROM service_case WHERE closed_at IS NULL) c FULL JOIN open_case_sla s "
                    + "ON s.tenant_id = c.tenant_id AND s.case_id = c.id WHERE c.id IS NULL OR s.case_id IS NULL "
                    + "OR (c.sla_check_at, c.resolution_due_at, c.assigned_group, c.assigned_agent_id) "
                    + "IS DISTINCT FROM (s.check_at, s.resolution_due_at, s.assigned_group, s.assigned_agent_id)");
                 ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + ": " + rs.getString(2) + " / " + rs.getString(3));
                }
            }
            return out;
        });
    }

    static long copies(TenantContext t, UUID caseId) {
        return tx.read(t.id(), c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT count(*) FROM open_case_sla WHERE case_id = ?")) {
                p.setObject(1, caseId);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Test
    void theCopyEqualsTheCaseRowsAfterEveryKindOfWrite() {
        UUID a = file("Copia del reloj A");
        UUID b = file("Copia del reloj B");
        assertThat(copies(fp, a)).as("filed: copied").isEqualTo(1);
        assertThat(differences()).isEmpty();

        // An update of the row (stale due dates, as a policy edit leaves them), then the recompute's batch.
        sql(fp, "UPDATE service_case SET resolution_due_at = ?, sla_check_at = ? WHERE id = ?",
                Timestamp.from(Instant.parse("2001-01-02T00:00:00Z")), Timestamp.from(Instant.parse("2001-01-01T00:00:00Z")), a);
        assertThat(differences()).isEmpty();
        assertThat(sweeps.recomputeOpen(fp, Instant.now().truncatedTo(ChronoUnit.MICROS))).isGreaterThanOrEqualTo(1);
        assertThat(differences()).isEmpty();

        // Handed to another group and taken by nobody: the copy follows.
        sql(fp, "UPDATE service_case SET assigned_group = 'copia-otro-grupo', assigned_agent_id = NULL WHERE id = ?", a);
        assertThat(differences()).isEmpty();

        // Closed: the copy goes; reopened: it comes back.
        sql(fp, "UPDATE service_case SET closed_at = now() WHERE id = ?", b);
        assertThat(copies(fp, b)).as("closed: no copy").isZero();
        sql(fp, "UPDATE service_case SET closed_at = NULL WHERE id = ?", b);
        assertThat(copies(fp, b)).as("reopened: copied again").isEqualTo(1);
        assertThat(differences()).isEmpty();
    }

    @Test
    void theSweepFindsADueCaseThroughTheCopy() {
        UUID due = file("Copia del reloj vencida");
        Instant past = Instant.parse("2001-01-01T00:00:00Z");
        sql(fp, "UPDATE service_case SET sla_check_at = ? WHERE id = ?", Timestamp.from(past), due);
        List<UUID> found = tx.write(fp.id(), c -> ids(store.slaDue(c, past.plusSeconds(1), 10_000)));
        assertThat(found).contains(due);
        List<UUID> before = tx.write(fp.id(), c -> ids(store.slaDue(c, past.minusSeconds(1), 10_000)));
        assertThat(before).doesNotContain(due);
    }

    private static List<UUID> ids(List<CaseRow> rows) {
        return rows.stream().map(CaseRow::id).toList();
    }

    @Test
    void anotherEntityNeitherReadsNorWritesTheCopies() {
        UUID mine = file("Copia del reloj aislada");
        assertThat(copies(fp, mine)).isEqualTo(1);
        assertThat(copies(ps, mine)).as("Prosperidad Social does not see it").isZero();
        assertThat(sql(ps, "UPDATE open_case_sla SET check_at = now() WHERE case_id = ?", mine)).isZero();
        assertThat(sql(ps, "DELETE FROM open_case_sla WHERE case_id = ?", mine)).isZero();
        assertThatThrownBy(() -> sql(ps, "INSERT INTO open_case_sla (tenant_id, case_id, check_at) VALUES (?, ?, now())",
                fp.id().value(), mine)).hasStackTraceContaining("row-level security");
        assertThat(copies(fp, mine)).isEqualTo(1);
        assertThat(differences()).isEmpty();
    }
}
