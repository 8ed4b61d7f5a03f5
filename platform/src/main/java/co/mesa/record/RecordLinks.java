package co.mesa.record;

import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.ticket.CaseNotices;
import co.mesa.ticket.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static co.mesa.record.RecordRules.kind;
import static co.mesa.record.RecordRules.maySee;

/** Links between a record and cases: from the record (by the case's id) or from the case page (by the record's code). */
@Singleton
public class RecordLinks {

    private final TenantTransactions tx;
    private final RecordReads reads;
    private final CaseNotices notices;
    private final Clock clock;

    public RecordLinks(TenantTransactions tx, RecordReads reads, CaseNotices notices) {
        this.tx = tx;
        this.reads = reads;
        this.notices = notices;
        this.clock = Clock.systemUTC();
    }

    /** Links a case to the record (from the case page or from the problem by search); linking twice changes nothing. */
    public RecordView linkCase(TenantContext tenant, Authentication auth, String kind, UUID id, @Nullable Integer expected,
                               UUID caseId, Locale lang) {
        TenantConfig.RecordKind rk = kind(tenant, kind);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return tx.write(tenant.id(), c -> {
            Caller caller = reads.caller(c, tenant, auth);
            RecordRow r = RecordReads.writable(c, caller, id, kind, expected);
            if (!notices.exists(c, caseId)) {
                throw RecordProblems.invalid("caseId", "case.param.unknown", caseId.toString());
            }
            if (RecordStore.linkedCases(c, id).contains(caseId)) {
                return reads.view(c, rk, r, lang);
            }
            RecordStore.link(c, tenant, id, caseId, caller.personId(), now);
            RecordRow after = new RecordRow(r.id(), r.kind(), r.code(), r.title(), r.description(), r.details(), r.state(),
                    r.substate(), r.assignedGroup(), r.assignedAgentId(), r.createdById(), r.dueAt(), r.closedAt(),
                    r.createdAt(), now, r.version() + 1);
            RecordStore.update(c, after, r.version());
            RecordStore.event(c, tenant, id, "case-linked", caller.personId(), null, null, null,
                    Map.of("caseId", caseId.toString()), now);
            return reads.view(c, rk, after, lang);
        });
    }

    /**
     * Links a case to the record of this code (the case page's "Vincular a problema"): no If-Match, since adding a
     * link overwrites nothing; linking twice changes nothing. The record must be one the caller may see and not over.
     */
    public RecordView linkCaseByCode(TenantContext tenant, Authentication auth, String kind, String code, UUID caseId,
                                     Locale lang) {
        TenantConfig.RecordKind rk = kind(tenant, kind);
        String wanted = RecordRules.required("codigo", code, 60);
        UUID id = tx.write(tenant.id(), c -> {
            Caller caller = reads.caller(c, tenant, auth);
            List<RecordRow> rows = RecordStore.query(c, "SELECT " + RecordStore.COLUMNS
                    + " FROM work_record WHERE kind = ? AND upper(code) = upper(?)", List.of(kind, wanted));
            RecordRow r = rows.stream().filter(x -> maySee(caller, x)).findFirst()
                    .orElseThrow(() -> RecordProblems.invalid("codigo", "case.param.unknown", wanted));
            if (RecordRules.over(rk, r)) {
                throw RecordProblems.over(r.code());
            }
            return r.id();
        });
        RecordView current = reads.get(tenant, auth, kind, id, lang).orElseThrow(RecordProblems::notFound);
        return linkCase(tenant, auth, kind, id, current.version(), caseId, lang);
    }
}
