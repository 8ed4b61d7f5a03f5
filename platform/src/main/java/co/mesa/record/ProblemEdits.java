package co.mesa.record;

import co.mesa.identity.PeopleService;
import co.mesa.knowledge.KnowledgeService;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.ticket.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import static co.mesa.record.RecordRules.TEXT_MAX;
import static co.mesa.record.RecordRules.TITLE_MAX;
import static co.mesa.record.RecordRules.optional;
import static co.mesa.record.RecordRules.required;
import static co.mesa.record.RecordService.PROBLEM;

/**
 * What a problem adds to the engine: editing its facts (impact, root cause, workaround, known error) and its
 * assignment. Marking it a known error (a workaround is required) publishes an agents-only knowledge article in the
 * same transaction, keyed {@code problema:<code>} so later edits add versions to the same article.
 */
@Singleton
public class ProblemEdits {

    private final TenantTransactions tx;
    private final RecordReads reads;
    private final PeopleService people;
    private final KnowledgeService knowledge;
    private final Clock clock;

    public ProblemEdits(TenantTransactions tx, RecordReads reads, PeopleService people, KnowledgeService knowledge) {
        this.tx = tx;
        this.reads = reads;
        this.people = people;
        this.knowledge = knowledge;
        this.clock = Clock.systemUTC();
    }

    /** Edits a problem's fields and assignment at {@code expected} (the ETag). Setting known error publishes its article. */
    public RecordView edit(TenantContext tenant, Authentication auth, UUID id, @Nullable Integer expected,
                           RecordRequests.ProblemEdit e, Locale lang) {
        TenantConfig.RecordKind rk = RecordRules.kind(tenant, PROBLEM);
        String title = e.title() == null ? null : required("title", e.title(), TITLE_MAX);
        String description = e.description() == null ? null : required("description", e.description(), TEXT_MAX);
        String impact = optional("impact", e.impact(), TEXT_MAX);
        String rootCause = optional("rootCause", e.rootCause(), TEXT_MAX);
        String workaround = optional("workaround", e.workaround(), TEXT_MAX);
        String group = RecordRules.group(tenant, e.assignedGroup());
        UUID agent = e.assignedAgentId() == null ? null : RecordRules.uuid("assignedAgentId", e.assignedAgentId());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return tx.write(tenant.id(), c -> {
            Caller caller = reads.caller(c, tenant, auth);
            RecordRow r = RecordReads.writable(c, caller, id, PROBLEM, expected);
            if (RecordRules.over(rk, r)) {
                throw RecordProblems.over(r.code());
            }
            if (agent != null && !RecordStore.personExists(c, agent)) {
                throw RecordProblems.invalid("assignedAgentId", "case.param.unknown", agent.toString());
            }
            Map<String, Object> details = new LinkedHashMap<>(r.details());
            Map<String, Object> changes = new LinkedHashMap<>();
            put(details, changes, "impact", impact, e.impact());
            put(details, changes, "rootCause", rootCause, e.rootCause());
            put(details, changes, "workaround", workaround, e.workaround());
            if (e.knownError() != null && !e.knownError().equals(Boolean.TRUE.equals(details.get("knownError")))) {
                details.put("knownError", e.knownError());
                changes.put("knownError", e.knownError());
            }
            String newTitle = title == null ? r.title() : title;
            String newDescription = description == null ? r.description() : description;
            if (!newTitle.equals(r.title())) {
                changes.put("title", newTitle);
            }
            if (!newDescription.equals(r.description())) {
                changes.put("description", "changed");
            }
            String newGroup = group == null ? r.assignedGroup() : group;
            UUID newAgent = agent == null ? r.assignedAgentId() : agent;
            boolean assigned = !Objects.equals(newGroup, r.assignedGroup()) || !Objects.equals(newAgent, r.assignedAgentId());
            if (Boolean.TRUE.equals(details.get("knownError"))) {
                String text = (String) details.get("workaround");
                if (text == null || text.isBlank()) {
                    throw RecordProblems.invalid("workaround", "record.param.workaround-required");
                }
                if (changes.containsKey("knownError") || changes.containsKey("workaround") || changes.containsKey("title")) {
                    String person = people.caller(c, tenant, auth).name();
                    UUID article = knowledge.publishKnownError(c, tenant, caller.personId(), person, PROBLEM + ":" + r.code(),
                            newTitle, "Error conocido " + r.code() + ": solución temporal", knownErrorBody(r.code(), details));
                    details.put("articleId", article.toString());
                }
            }
            if (changes.isEmpty() && !assigned) {
                return reads.view(c, rk, r, lang);
            }
            RecordRow after = new RecordRow(r.id(), r.kind(), r.code(), newTitle, newDescription, details, r.state(),
                    r.substate(), newGroup, newAgent, r.createdById(), r.dueAt(), r.closedAt(), r.createdAt(), now, r.version() + 1);
            RecordStore.update(c, after, r.version());
            if (!changes.isEmpty()) {
                RecordStore.event(c, tenant, id, "edited", caller.personId(), null, null, null, changes, now);
            }
            if (assigned) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("group", newGroup);
                data.put("agentId", newAgent == null ? null : newAgent.toString());
                RecordStore.event(c, tenant, id, "assigned", caller.personId(), null, null, null, data, now);
            }
            return reads.view(c, rk, after, lang);
        });
    }

    private static String knownErrorBody(String code, Map<String, Object> details) {
        StringBuilder b = new StringBuilder();
        b.append("## Solución temporal\n\n").append(details.get("workaround")).append("\n");
        if (details.get("rootCause") != null) {
            b.append("\n## Causa raíz\n\n").append(details.get("rootCause")).append("\n");
        }
        b.append("\nProblema ").append(code).append(".\n");
        return b.toString();
    }

    /**
     * An optional fact: absent ({@code raw} null) leaves it, blank clears it (a page's emptied field), else the
     * checked {@code value} replaces it.
     */
    private static void put(Map<String, Object> details, Map<String, Object> changes, String field, @Nullable String value,
                            @Nullable String raw) {
        if (value != null && !value.equals(details.get(field))) {
            details.put(field, value);
            changes.put(field, "changed");
        } else if (value == null && raw != null && details.get(field) != null) {
            details.remove(field);
            changes.put(field, "cleared");
        }
    }
}
