package co.mesa.record;

import co.mesa.tenant.TenantContext;
import co.mesa.ticket.CaseCodes;
import co.mesa.ticket.CaseNotices;
import co.mesa.workflow.WorkflowEngine;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Records of the kinds beyond cases (problems now; changes next), on the machinery cases use: the tenant's
 * workflow for the kind run by the same {@link WorkflowEngine}, codes from {@link CaseCodes} in a scope of the
 * kind, an append-only history, links to cases, and cases told through {@link CaseNotices}. What a kind adds
 * lives in {@code details}; for a problem: impact, root cause, workaround, known error and its article.
 *
 * <p>This is the entry point controllers use; the work is done by {@link RecordReads} (read scope, lists,
 * counters), {@link RecordWrites} (create, transitions), {@link RecordLinks} (case links) and
 * {@link ProblemEdits} (a problem's facts), on {@link RecordRules} and {@link RecordStore}.
 */
@Singleton
public class RecordService {

    public static final String PROBLEM = "problema";
    /** Changes (RFC, issue 27): {@link ChangeService} adds their facts, committee and tasks. */
    public static final String CHANGE = "cambio";

    private final RecordReads reads;
    private final RecordWrites writes;
    private final RecordLinks links;
    private final ProblemEdits problems;

    public RecordService(RecordReads reads, RecordWrites writes, RecordLinks links, ProblemEdits problems) {
        this.reads = reads;
        this.writes = writes;
        this.links = links;
        this.problems = problems;
    }

    /** What a create answered: the view, and whether it is a replay of an earlier identical request. */
    public record Created(RecordView view, boolean replay) {
    }

    public Optional<RecordView> get(TenantContext tenant, Authentication auth, String kind, UUID id, Locale lang) {
        return reads.get(tenant, auth, kind, id, lang);
    }

    /** See {@link RecordReads#list}. */
    public RecordView.Page list(TenantContext tenant, Authentication auth, String kind, @Nullable String view,
                                @Nullable String state, @Nullable String after, Locale lang) {
        return reads.list(tenant, auth, kind, view, state, after, lang);
    }

    /** See {@link RecordReads#counters}. */
    public RecordView.Counters counters(TenantContext tenant, Authentication auth, String kind, Locale lang) {
        return reads.counters(tenant, auth, kind, lang);
    }

    /** See {@link RecordReads#forCase}. */
    public List<RecordView.Summary> forCase(TenantContext tenant, Authentication auth, String kind, UUID caseId, Locale lang) {
        return reads.forCase(tenant, auth, kind, caseId, lang);
    }

    /** See {@link RecordReads#open}. */
    public List<RecordView.Summary> open(TenantContext tenant, Authentication auth, String kind, Locale lang) {
        return reads.open(tenant, auth, kind, lang);
    }

    /** See {@link RecordWrites#create}. */
    public Created create(TenantContext tenant, Authentication auth, RecordRequests.NewProblem r,
                          @Nullable String idempotencyKey, String requestHash, Locale lang) {
        return writes.create(tenant, auth, r, idempotencyKey, requestHash, lang);
    }

    /** See {@link RecordWrites#create(TenantContext, Authentication, String, String, String, java.util.Map, String, String, List, RecordWrites.Check, String, String, Locale)}. */
    Created create(TenantContext tenant, Authentication auth, String kind, String title, String description,
                   java.util.Map<String, Object> details, @Nullable String assignedGroup, @Nullable String assignedAgentId,
                   @Nullable List<String> cases, RecordWrites.Check check, @Nullable String idempotencyKey,
                   String requestHash, Locale lang) {
        return writes.create(tenant, auth, kind, title, description, details, assignedGroup, assignedAgentId, cases, check,
                idempotencyKey, requestHash, lang);
    }

    /** See {@link RecordReads#countersOf}. */
    List<List<RecordView.Counter>> countersOf(TenantContext tenant, Authentication auth, String kind, List<String> views,
                                             Locale lang) {
        return reads.countersOf(tenant, auth, kind, views, lang);
    }

    /** See {@link ProblemEdits#edit}. */
    public RecordView edit(TenantContext tenant, Authentication auth, UUID id, @Nullable Integer expected,
                           RecordRequests.ProblemEdit e, Locale lang) {
        return problems.edit(tenant, auth, id, expected, e, lang);
    }

    /** See {@link RecordWrites#transition}. */
    public RecordView transition(TenantContext tenant, Authentication auth, String kind, UUID id, @Nullable Integer expected,
                                 RecordRequests.Transition t, Locale lang) {
        return writes.transition(tenant, auth, kind, id, expected, t, lang);
    }

    /** See {@link RecordLinks#linkCase}. */
    public RecordView linkCase(TenantContext tenant, Authentication auth, String kind, UUID id, @Nullable Integer expected,
                               UUID caseId, Locale lang) {
        return links.linkCase(tenant, auth, kind, id, expected, caseId, lang);
    }

    /** See {@link RecordLinks#linkCaseByCode}. */
    public RecordView linkCaseByCode(TenantContext tenant, Authentication auth, String kind, String code, UUID caseId,
                                     Locale lang) {
        return links.linkCaseByCode(tenant, auth, kind, code, caseId, lang);
    }
}
