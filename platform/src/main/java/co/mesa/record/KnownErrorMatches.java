package co.mesa.record;

import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.ticket.CaseNotices;
import co.mesa.ticket.Caller;
import co.mesa.workflow.WorkflowEngine;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The open known errors that may apply to a case not linked to them yet (issue 26: "the workaround is offered to
 * agents on … new matching cases"). The match rule (decision 0031): a problem of the entity, marked a known error,
 * not closed or discarded, with at least one linked case of the same service and the same category (both without a
 * category counts as the same) as this case; the case is open and the caller works it; the problem is one the
 * caller may see. Newest first, at most {@link #MAX}.
 */
@Singleton
public class KnownErrorMatches {

    static final int MAX = 5;

    private final TenantTransactions tx;
    private final RecordReads reads;
    private final CaseNotices cases;

    public KnownErrorMatches(TenantTransactions tx, RecordReads reads, CaseNotices cases) {
        this.tx = tx;
        this.reads = reads;
        this.cases = cases;
    }

    public List<RecordView.Summary> forCase(TenantContext tenant, Authentication auth, UUID caseId, Locale lang) {
        TenantConfig.RecordKind rk = tenant.config().workflow().record(RecordService.PROBLEM).orElse(null);
        if (rk == null) {
            return List.of();
        }
        WorkflowEngine engine = RecordRules.engine(rk);
        return tx.write(tenant.id(), c -> {
            Caller caller = reads.caller(c, tenant, auth);
            if (!cases.works(c, caller, caseId)) {
                return List.<RecordView.Summary>of();
            }
            List<RecordRow> rows = RecordStore.query(c, "SELECT " + RecordStore.COLUMNS + " FROM work_record"
                    + " WHERE kind = ? AND closed_at IS NULL AND details->>'knownError' = 'true'"
                    + " AND id IN (SELECT l.record_id FROM work_record_case l"
                    + "   JOIN service_case s ON s.tenant_id = l.tenant_id AND s.id = l.case_id"
                    + "   JOIN service_case n ON n.tenant_id = s.tenant_id AND n.id = ?"
                    + "   WHERE n.closed_at IS NULL AND s.service = n.service AND s.category IS NOT DISTINCT FROM n.category)"
                    + " AND id NOT IN (SELECT record_id FROM work_record_case WHERE case_id = ?)"
                    + " ORDER BY created_at DESC, id DESC LIMIT " + (MAX * 4), List.of(RecordService.PROBLEM, caseId, caseId));
            return rows.stream().filter(r -> RecordRules.maySee(caller, r)).limit(MAX)
                    .map(r -> RecordReads.summary(engine, r, lang)).toList();
        });
    }
}
