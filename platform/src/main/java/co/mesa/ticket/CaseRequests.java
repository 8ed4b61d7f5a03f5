package co.mesa.ticket;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/** What callers send to create a case or act on one. Read with Jackson from the raw body (see the controller). */
public final class CaseRequests {

    private CaseRequests() {
    }

    /** A new case. Omitted optional parts take the template's or the tenant's defaults. */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = false)
    @Schema(name = "NewCase")
    public record NewCase(
            @Schema(description = "portal, email, phone, walk-in, pqrs or api; requesters may use portal or api only")
            @Nullable String origin,
            @Schema(description = "A case type key of the tenant's workflow; the template's when omitted")
            @Nullable String caseType,
            String service,
            @Nullable String category,
            @Nullable String template,
            @Schema(description = "A site or dependency key of the tenant") @Nullable String site,
            String title,
            String description,
            @Nullable String impact,
            @Nullable String urgency,
            @Schema(description = "A priority key; agents only, otherwise impact × urgency or the tenant's default")
            @Nullable String priority,
            @Schema(description = "Agents filing on someone's behalf: that person's id (\"notificado por\")")
            @Nullable String requesterId,
            @Nullable Map<String, String> contact,
            @Nullable Map<String, Object> fields,
            @Nullable List<Informed> informed,
            @Nullable List<AttachmentRef> attachments) {
    }

    /** Another person kept informed, and of which events. */
    @Serdeable
    @Schema(name = "InformedUser")
    public record Informed(String personId, boolean creation, boolean actions, boolean resolution, boolean closure) {
    }

    /** An uploaded attachment to link, optionally filling one of the template's attachment slots. */
    @Serdeable
    @Schema(name = "AttachmentRef")
    public record AttachmentRef(String id, @Nullable String slot) {
    }

    /** One action on a case; which parts matter depends on {@code kind}. */
    @Serdeable
    @Schema(name = "CaseAction")
    public record Action(
            @Schema(description = "firstResponse, question, answer, technicianResponse, publishedAction, internalNote, "
                    + "signSolution, firstLineSolution, substateChange, stateChange, escalate, reassign, changeCategory, "
                    + "changePriority, linkCase, reject, confirmSolution, refuseSolution")
            String kind,
            @Nullable String note,
            @Schema(description = "substateChange: the substate key") @Nullable String substate,
            @Schema(description = "stateChange: the transition key") @Nullable String transition,
            @Schema(description = "escalate, reassign: the group key") @Nullable String group,
            @Schema(description = "escalate, reassign: the agent's person id") @Nullable String agentId,
            @Schema(description = "changeCategory: the new service (optional) and category") @Nullable String service,
            @Nullable String category,
            @Schema(description = "linkCase, reject as duplicate: the other case's id or code") @Nullable String relatedCase,
            @Schema(description = "reject: true when rejected as a duplicate of relatedCase") @Nullable Boolean duplicate,
            @Schema(description = "Ids of the caller's own uploads (POST /attachments) to attach to the case with this "
                    + "action; hidden from the requester when the action is internal")
            @Nullable List<String> attachments,
            @Schema(description = "changePriority: the impact key (with urgency, on a tenant whose priorities are a matrix)")
            @Nullable String impact,
            @Schema(description = "changePriority: the urgency key (with impact)") @Nullable String urgency,
            @Schema(description = "changePriority: the priority level itself") @Nullable String priority) {

        /** The same action without attachments (the portal's and console's forms before they carry files). */
        public Action(String kind, @Nullable String note, @Nullable String substate, @Nullable String transition,
                      @Nullable String group, @Nullable String agentId, @Nullable String service, @Nullable String category,
                      @Nullable String relatedCase, @Nullable Boolean duplicate) {
            this(kind, note, substate, transition, group, agentId, service, category, relatedCase, duplicate, null);
        }

        /** Any action but a change of priority. */
        public Action(String kind, @Nullable String note, @Nullable String substate, @Nullable String transition,
                      @Nullable String group, @Nullable String agentId, @Nullable String service, @Nullable String category,
                      @Nullable String relatedCase, @Nullable Boolean duplicate, @Nullable List<String> attachments) {
            this(kind, note, substate, transition, group, agentId, service, category, relatedCase, duplicate, attachments,
                    null, null, null);
        }
    }

    /**
     * "Notificar": who, the subject and message, whether to attach the case record as PDF, and whether
     * that record may carry internal events (only when every recipient is an agent of the entity).
     */
    @Serdeable
    @Schema(name = "CaseNotify")
    public record Notify(List<String> to, String subject, String message, @Nullable Boolean includePdf,
                         @Schema(description = "The PDF carries internal notes and files too; refused (422) unless "
                                 + "every recipient is an agent of the entity") @Nullable Boolean includeInternal) {
    }
}
