package co.mesa.ticket;

import co.mesa.tenant.TenantContext;
import co.mesa.ticket.internal.CaseRow;
import co.mesa.ticket.internal.CaseStore;
import co.mesa.workflow.WorkflowEngine;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Tells a case something from outside it (issue 26: a problem closing tells its linked open cases): the text is
 * recorded on the case as a published action, so the case's history shows it and its requester and agents are told
 * exactly as the entity's notification settings say for any published action. Also what other record kinds need of
 * cases without reaching into the case feature's internals. In the caller's transaction.
 */
@Singleton
public class CaseNotices {

    private final CaseStore store;
    private final CaseRecorder recorder;
    private final CaseSlaWork slaWork;

    CaseNotices(CaseStore store, CaseRecorder recorder, CaseSlaWork slaWork) {
        this.store = store;
        this.recorder = recorder;
        this.slaWork = slaWork;
    }

    /** Whether a case of this id exists in the transaction's tenant (row level security hides the others'). */
    public boolean exists(Connection c, UUID caseId) throws SQLException {
        return store.find(c, caseId, false).isPresent();
    }

    /**
     * Whether the caller works the case: an agent or supervisor of its group, or its assignee — the case page's act
     * scope. What linking a case to another record asks (issue 26). In the caller's transaction.
     */
    public boolean works(Connection c, Caller caller, UUID caseId) throws SQLException {
        return store.find(c, caseId, false).filter(r -> CaseService.asAgent(caller, r)).isPresent();
    }

    /** An Idempotency-Key already used: the hash of the request that used it first and the id it made. */
    public record Claimed(String requestHash, UUID id) {
    }

    /**
     * Claims an Idempotency-Key for another kind of record with the case API's table and rules (kept 24 h, per tenant
     * and caller); {@code key} is namespaced by the caller (e.g. {@code problema:<key>}). Empty when newly claimed.
     */
    public Optional<Claimed> claim(Connection c, TenantContext tenant, String caller, String key, String requestHash,
                                   UUID id, Instant now) throws SQLException {
        return store.claim(c, tenant.id(), caller, key, requestHash, id, now)
                .map(r -> new Claimed(r.requestHash(), r.caseId()));
    }

    /** Publishes {@code text} on the case; false (and nothing written) when the case is unknown or already over. */
    public boolean publish(Connection c, TenantContext tenant, UUID caseId, UUID agentId, String text,
                           Map<String, Object> data, Instant now) throws SQLException {
        CaseRow row = store.find(c, caseId, true).orElse(null);
        if (row == null || WorkflowEngine.of(tenant.config()).isFinal(new WorkflowEngine.Position(row.state(), row.substate()))) {
            return false;
        }
        CaseRow after = recorder.record(c, tenant, row, row, new CaseActor(agentId, "agent"),
                new CaseRecorder.Happening(ActionKind.PUBLISHED_ACTION.key(), ActionKind.PUBLISHED_ACTION.event(), true,
                        text, Map.of(), data), now);
        store.update(c, after, row.version(), slaWork.refresh(c, tenant, after, false, now));
        return true;
    }
}
