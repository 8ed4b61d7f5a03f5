package co.mesa.ticket.internal;

import co.mesa.shared.TenantId;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Writes of many rows in one statement, for the two hot paths of issue 32 (decision 0022): a create's
 * log and outbox rows, and a recompute's batch of SLA columns. Arrays travel as parameters and are
 * unnested in SQL; instants as ISO-8601 text with its Z (exact whatever the JVM's zone), cast in SQL.
 */
@Singleton
public class CaseBatchWrites {

    private final CaseCountChanges countChanges;

    public CaseBatchWrites(CaseCountChanges countChanges) {
        this.countChanges = countChanges;
    }

    /**
     * A create's collected events and outbox rows in one statement (a data-modifying WITH): one round
     * trip, and the statement-level triggers on case_event (report_month, V56_1) run once. Outbox rows
     * already there (same dedupe key) are skipped, as {@link CaseStore#emit} does.
     */
    public void writePending(Connection c, TenantId tenant, PendingLog log) throws SQLException {
        if (log.isEmpty()) {
            return;
        }
        int n = log.events.size();
        Object[] caseIds = new Object[n];
        Object[] versions = new Object[n];
        Object[] at = new Object[n];
        Object[] actors = new Object[n];
        Object[] actorKinds = new Object[n];
        Object[] kinds = new Object[n];
        Object[] published = new Object[n];
        Object[] notes = new Object[n];
        Object[] changes = new Object[n];
        Object[] data = new Object[n];
        for (int i = 0; i < n; i++) {
            EventRow e = log.events.get(i);
            caseIds[i] = e.caseId();
            versions[i] = e.version();
            at[i] = text(e.at());
            actors[i] = e.actorId();
            actorKinds[i] = e.actorKind();
            kinds[i] = e.kind();
            published[i] = e.published();
            notes[i] = e.note();
            changes[i] = CaseStore.json(e.changes());
            data[i] = CaseStore.json(e.data());
        }
        int m = log.outbox.size();
        Object[] topics = new Object[m];
        Object[] outboxCases = new Object[m];
        Object[] payloads = new Object[m];
        Object[] keys = new Object[m];
        Object[] created = new Object[m];
        for (int i = 0; i < m; i++) {
            PendingLog.Outbox o = log.outbox.get(i);
            topics[i] = o.topic();
            outboxCases[i] = o.caseId();
            payloads[i] = CaseStore.json(o.payload());
            keys[i] = o.dedupeKey();
            created[i] = text(o.at());
        }
        try (PreparedStatement ps = c.prepareStatement("WITH e AS (INSERT INTO case_event (tenant_id, case_id, version, "
                + "at, actor_id, actor_kind, kind, published, note, changes, data) SELECT ?, x.case_id, x.version, x.at, "
                + "x.actor_id, x.actor_kind, x.kind, x.published, x.note, x.changes::jsonb, x.data::jsonb "
                + "FROM unnest(?::uuid[], ?::int[], ?::text[]::timestamptz[], ?::uuid[], ?::text[], ?::text[], "
                + "?::boolean[], ?::text[], ?::text[], ?::text[]) AS x (case_id, version, at, actor_id, actor_kind, kind, "
                + "published, note, changes, data)) "
                + "INSERT INTO outbox (tenant_id, topic, case_id, payload, dedupe_key, created_at) "
                + "SELECT ?, o.topic, o.case_id, o.payload::jsonb, o.dedupe_key, o.created_at "
                + "FROM unnest(?::text[], ?::uuid[], ?::text[], ?::text[], ?::text[]::timestamptz[]) "
                + "AS o (topic, case_id, payload, dedupe_key, created_at) ON CONFLICT (tenant_id, dedupe_key) DO NOTHING")) {
            int i = 1;
            ps.setObject(i++, tenant.value());
            ps.setArray(i++, c.createArrayOf("uuid", caseIds));
            ps.setArray(i++, c.createArrayOf("int4", versions));
            ps.setArray(i++, c.createArrayOf("text", at));
            ps.setArray(i++, c.createArrayOf("uuid", actors));
            ps.setArray(i++, c.createArrayOf("text", actorKinds));
            ps.setArray(i++, c.createArrayOf("text", kinds));
            ps.setArray(i++, c.createArrayOf("bool", published));
            ps.setArray(i++, c.createArrayOf("text", notes));
            ps.setArray(i++, c.createArrayOf("text", changes));
            ps.setArray(i++, c.createArrayOf("text", data));
            ps.setObject(i++, tenant.value());
            ps.setArray(i++, c.createArrayOf("text", topics));
            ps.setArray(i++, c.createArrayOf("uuid", outboxCases));
            ps.setArray(i++, c.createArrayOf("text", payloads));
            ps.setArray(i++, c.createArrayOf("text", keys));
            ps.setArray(i++, c.createArrayOf("text", created));
            ps.executeUpdate();
        }
    }

    /**
     * A batch of recomputed SLA columns in one statement, each row written only when a value changed
     * (an unchanged row gets no new version: no dead tuple, no index entries) and only if the case is
     * still at the version it was computed from (an action in between recomputed it itself). Open
     * cases only, so the frozen outcome is never involved. One statement, not a JDBC batch of one per
     * row: the statement-level triggers on service_case (report_month, V56_1) then run once per batch
     * instead of once per case. Returns how many rows were written.
     */
    public int updateSlaWhereChanged(Connection c, TenantId tenant, List<CaseStore.SlaUpdate> updates) throws SQLException {
        if (updates.isEmpty()) {
            return 0;
        }
        int n = updates.size();
        Object[] ids = new Object[n];
        Object[] versions = new Object[n];
        Object[] response = new Object[n];
        Object[] resolution = new Object[n];
        Object[] paused = new Object[n];
        Object[] expired = new Object[n];
        Object[] check = new Object[n];
        for (int i = 0; i < n; i++) {
            CaseStore.SlaUpdate u = updates.get(i);
            ids[i] = u.id();
            versions[i] = u.version();
            response[i] = text(u.sla().responseDueAt());
            resolution[i] = text(u.sla().resolutionDueAt());
            paused[i] = u.sla().paused();
            expired[i] = u.sla().expired();
            check[i] = text(u.sla().checkAt());
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE service_case s SET response_due_at = u.response, "
                + "resolution_due_at = u.resolution, sla_paused = u.paused, expired = u.expired, sla_check_at = u.check_at "
                + "FROM unnest(?::uuid[], ?::int[], ?::text[]::timestamptz[], ?::text[]::timestamptz[], ?::boolean[], "
                + "?::boolean[], ?::text[]::timestamptz[]) AS u (id, version, response, resolution, paused, expired, check_at) "
                + "WHERE s.tenant_id = ? AND s.id = u.id AND s.version = u.version AND s.closed_at IS NULL "
                + "AND (s.response_due_at, s.resolution_due_at, s.sla_paused, s.expired, s.sla_check_at) "
                + "IS DISTINCT FROM (u.response, u.resolution, u.paused, u.expired, u.check_at)")) {
            ps.setArray(1, c.createArrayOf("uuid", ids));
            ps.setArray(2, c.createArrayOf("int4", versions));
            ps.setArray(3, c.createArrayOf("text", response));
            ps.setArray(4, c.createArrayOf("text", resolution));
            ps.setArray(5, c.createArrayOf("bool", paused));
            ps.setArray(6, c.createArrayOf("bool", expired));
            ps.setArray(7, c.createArrayOf("text", check));
            ps.setObject(8, tenant.value());
            int written = ps.executeUpdate();
            if (written > 0) {
                countChanges.changed();
            }
            return written;
        }
    }

    @Nullable
    private static String text(@Nullable Instant at) {
        return at == null ? null : at.toString();
    }
}
