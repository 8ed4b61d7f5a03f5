package co.mesa.ticket.internal;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One {@code service_case} row; changed by copying with the {@code with*} methods. */
public record CaseRow(UUID id, String code, int codeYear, long codeSequence, String caseType, String origin,
                      String serviceLine, String service, @Nullable String category, @Nullable String template,
                      @Nullable String site, String title, String description, @Nullable String impact,
                      @Nullable String urgency, String priority, UUID requesterId, UUID registeredById,
                      Map<String, String> contact, Map<String, Object> fields, List<Map<String, Object>> informed,
                      String state, @Nullable String substate, @Nullable String assignedGroup,
                      @Nullable UUID assignedAgentId, @Nullable Instant firstResponseAt, @Nullable Instant resolvedAt,
                      @Nullable Instant closedAt, Instant createdAt, Instant updatedAt, int version) {

    public CaseRow withPosition(String newState, @Nullable String newSubstate) {
        return new CaseRow(id, code, codeYear, codeSequence, caseType, origin, serviceLine, service, category, template,
                site, title, description, impact, urgency, priority, requesterId, registeredById, contact, fields,
                informed, newState, newSubstate, assignedGroup, assignedAgentId, firstResponseAt, resolvedAt, closedAt,
                createdAt, updatedAt, version);
    }

    public CaseRow withAssignment(@Nullable String group, @Nullable UUID agent) {
        return new CaseRow(id, code, codeYear, codeSequence, caseType, origin, serviceLine, service, category, template,
                site, title, description, impact, urgency, priority, requesterId, registeredById, contact, fields,
                informed, state, substate, group, agent, firstResponseAt, resolvedAt, closedAt, createdAt, updatedAt,
                version);
    }

    public CaseRow withClassification(String newServiceLine, String newService, @Nullable String newCategory) {
        return new CaseRow(id, code, codeYear, codeSequence, caseType, origin, newServiceLine, newService, newCategory,
                template, site, title, description, impact, urgency, priority, requesterId, registeredById, contact,
                fields, informed, state, substate, assignedGroup, assignedAgentId, firstResponseAt, resolvedAt,
                closedAt, createdAt, updatedAt, version);
    }

    public CaseRow withPriority(@Nullable String newImpact, @Nullable String newUrgency, String newPriority) {
        return new CaseRow(id, code, codeYear, codeSequence, caseType, origin, serviceLine, service, category,
                template, site, title, description, newImpact, newUrgency, newPriority, requesterId, registeredById, contact,
                fields, informed, state, substate, assignedGroup, assignedAgentId, firstResponseAt, resolvedAt,
                closedAt, createdAt, updatedAt, version);
    }

    public CaseRow withMilestones(@Nullable Instant firstResponse, @Nullable Instant resolved, @Nullable Instant closed) {
        return new CaseRow(id, code, codeYear, codeSequence, caseType, origin, serviceLine, service, category, template,
                site, title, description, impact, urgency, priority, requesterId, registeredById, contact, fields,
                informed, state, substate, assignedGroup, assignedAgentId, firstResponse, resolved, closed, createdAt,
                updatedAt, version);
    }

    public CaseRow withCode(String newCode, int year, long sequence) {
        return new CaseRow(id, newCode, year, sequence, caseType, origin, serviceLine, service, category, template,
                site, title, description, impact, urgency, priority, requesterId, registeredById, contact, fields,
                informed, state, substate, assignedGroup, assignedAgentId, firstResponseAt, resolvedAt, closedAt,
                createdAt, updatedAt, version);
    }

    public CaseRow nextVersion(Instant at) {
        return new CaseRow(id, code, codeYear, codeSequence, caseType, origin, serviceLine, service, category, template,
                site, title, description, impact, urgency, priority, requesterId, registeredById, contact, fields,
                informed, state, substate, assignedGroup, assignedAgentId, firstResponseAt, resolvedAt, closedAt,
                createdAt, at, version + 1);
    }
}
