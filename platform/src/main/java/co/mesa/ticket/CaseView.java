package co.mesa.ticket;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A case as the API answers it. Agents see every event; requesters see only the published ones
 * and their own actions. Labels are in the request's language.
 */
@Serdeable
@Schema(name = "Case")
public record CaseView(
        @Schema(description = "Opaque, URL-safe id") String id,
        @Schema(example = "REIO 2026-000001") String code,
        @Schema(description = "Bumped by every event; the ETag") int version,
        Ref caseType,
        String origin,
        Ref serviceLine,
        Ref service,
        @Nullable Ref category,
        @Nullable Ref template,
        @Nullable Ref site,
        String title,
        String description,
        @Nullable Ref impact,
        @Nullable Ref urgency,
        Ref priority,
        PersonRef requester,
        PersonRef registeredBy,
        Map<String, String> contact,
        Map<String, Object> fields,
        List<InformedView> informed,
        StateView state,
        @Nullable Ref substate,
        @Nullable Ref assignedGroup,
        @Nullable PersonRef assignedAgent,
        @Nullable Instant firstResponseAt,
        @Nullable Instant resolvedAt,
        @Nullable Instant closedAt,
        Instant createdAt,
        Instant updatedAt,
        List<EventView> events,
        List<AttachmentView> attachments,
        List<LinkView> links,
        @Schema(description = "What the caller may do now") List<ActionOption> availableActions,
        @Schema(description = "Manual state changes the caller may take now (action stateChange)")
        List<TransitionOption> availableTransitions,
        @Schema(description = "The SLA timeline and due dates; null when no policy applies") @Nullable SlaView sla,
        @Schema(description = "Major incident (003 §4.9.2): when, why and by whom the case was marked; null when it is "
                + "not major, and for requesters") @Nullable MajorView major) {

    /** Without the major mark (issue 20 added it). */
    public CaseView(String id, String code, int version, Ref caseType, String origin, Ref serviceLine, Ref service,
                    @Nullable Ref category, @Nullable Ref template, @Nullable Ref site, String title, String description,
                    @Nullable Ref impact, @Nullable Ref urgency, Ref priority, PersonRef requester, PersonRef registeredBy,
                    Map<String, String> contact, Map<String, Object> fields, List<InformedView> informed, StateView state,
                    @Nullable Ref substate, @Nullable Ref assignedGroup, @Nullable PersonRef assignedAgent,
                    @Nullable Instant firstResponseAt, @Nullable Instant resolvedAt, @Nullable Instant closedAt,
                    Instant createdAt, Instant updatedAt, List<EventView> events, List<AttachmentView> attachments,
                    List<LinkView> links, List<ActionOption> availableActions, List<TransitionOption> availableTransitions,
                    @Nullable SlaView sla) {
        this(id, code, version, caseType, origin, serviceLine, service, category, template, site, title, description,
                impact, urgency, priority, requester, registeredBy, contact, fields, informed, state, substate,
                assignedGroup, assignedAgent, firstResponseAt, resolvedAt, closedAt, createdAt, updatedAt, events,
                attachments, links, availableActions, availableTransitions, sla, null);
    }

    /** A major incident's mark: when, the reason given and who marked it. */
    @Serdeable
    @Schema(name = "MajorIncident")
    public record MajorView(Instant at, String reason, @Nullable PersonRef by) {
    }

    /** A tenant-data key with its label. */
    @Serdeable
    @Schema(name = "Ref")
    public record Ref(String key, String name) {
    }

    @Serdeable
    @Schema(name = "PersonRef")
    public record PersonRef(String id, String name) {
    }

    @Serdeable
    @Schema(name = "CaseState")
    public record StateView(String key, String name, String phase, boolean clockStopped) {
    }

    @Serdeable
    @Schema(name = "InformedView")
    public record InformedView(PersonRef person, boolean creation, boolean actions, boolean resolution, boolean closure) {
    }

    /** One entry of the history. {@code changes} maps a field to {from, to}. */
    @Serdeable
    @Schema(name = "CaseEvent")
    public record EventView(int version, Instant at, @Nullable PersonRef actor, String actorKind, String kind,
                            String label, boolean published, @Nullable String note,
                            Map<String, Object> changes, Map<String, Object> data) {
    }

    @Serdeable
    @Schema(name = "Attachment")
    public record AttachmentView(String id, String fileName, String mediaType, long sizeBytes, @Nullable String slot,
                                 Instant uploadedAt) {
    }

    @Serdeable
    @Schema(name = "CaseLink")
    public record LinkView(String id, String code, String relation) {
    }

    @Serdeable
    @Schema(name = "ActionOption")
    public record ActionOption(String kind, String name, boolean requiresNote, @Nullable String noteLabel) {
    }

    @Serdeable
    @Schema(name = "TransitionOption")
    public record TransitionOption(String key, String name, String to, boolean requiresNote, @Nullable String noteLabel) {
    }
}
