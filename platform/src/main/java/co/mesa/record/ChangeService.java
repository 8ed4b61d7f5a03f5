package co.mesa.record;

import co.mesa.identity.PeopleService;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.ticket.Caller;
import co.mesa.workflow.WorkflowEngine;
import co.mesa.workflow.WorkflowViolation;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Changes (RFC, issue 27) on the record engine (decision 0031): {@link RecordService} runs what every kind shares
 * (codes, workflow, history, case links, read scope, lists and counters); this class adds a change's facts, its
 * committee's votes and decision, and the work-team counters. The committee's decision takes the workflow's system
 * transition in the vote's transaction and tells the change's requester through the outbox.
 */
@Singleton
public class ChangeService {

    private final RecordService records;
    private final TaskService tasks;
    private final TenantTransactions tx;
    private final PeopleService people;
    private final Clock clock;

    public ChangeService(RecordService records, TaskService tasks, TenantTransactions tx, PeopleService people) {
        this.records = records;
        this.tasks = tasks;
        this.tx = tx;
        this.people = people;
        this.clock = Clock.systemUTC();
    }

    /** What a create answered: the change, and whether it replays an earlier identical request. */
    public record Created(ChangeView view, boolean replay) {
    }

    public Created create(TenantContext tenant, Authentication auth, ChangeRequests.NewChange r,
                          @Nullable String idempotencyKey, String requestHash, Locale lang) {
        String title = ChangeDetails.text("title", r.title(), true);
        if (title.length() > RecordRules.TITLE_MAX) {
            throw RecordProblems.invalid("title", "record.param.too-long", RecordRules.TITLE_MAX);
        }
        String description = ChangeDetails.text("description", r.description(), true);
        Map<String, Object> details = ChangeDetails.of(tenant, r);
        TenantConfig.Committee committee = kind(tenant).committee();
        if (committee != null) {
            // Its committee reads it (RecordRules.inTeam): the group as it was when the change was opened.
            details.put("committeeGroup", committee.group());
        }
        RecordService.Created created = records.create(tenant, auth, RecordService.CHANGE, title, description, details,
                r.assignedGroup(), r.assignedAgentId(), r.cases(), c -> checkLinks(c, tenant, details), idempotencyKey,
                requestHash, lang);
        UUID id = UUID.fromString(created.view().id());
        return new Created(get(tenant, auth, id, lang).orElseThrow(RecordProblems::notFound), created.replay());
    }

    public Optional<ChangeView> get(TenantContext tenant, Authentication auth, UUID id, Locale lang) {
        TenantConfig.RecordKind rk = kind(tenant);
        return records.get(tenant, auth, RecordService.CHANGE, id, lang).map(view -> tx.write(tenant.id(), c -> {
            RecordRow r = ChangeStore.find(c, tenant, id, false).orElseThrow(RecordProblems::notFound);
            return new ChangeView(view, ChangeDetails.view(r.details()), committee(c, tenant, rk, r),
                    tasks.forRecord(c, tenant, r));
        }));
    }

    /** The "Cambios y entregas" counters (002 §11), each with the list that shows exactly what it counts. */
    public ChangeView.Counters counters(TenantContext tenant, Authentication auth, Locale lang) {
        List<List<RecordView.Counter>> by = records.countersOf(tenant, auth, RecordService.CHANGE,
                List.of("all", "mine", "groups", "team", "teamGroups"), lang);
        return new ChangeView.Counters(by.get(0), by.get(1), by.get(2), by.get(3), by.get(4));
    }

    /** Edits a change at {@code expected} (the ETag); see {@link ChangeRequests.Edit} for what may change when. */
    public ChangeView edit(TenantContext tenant, Authentication auth, UUID id, @Nullable Integer expected,
                           ChangeRequests.Edit e, Locale lang) {
        TenantConfig.RecordKind rk = kind(tenant);
        UUID agent = e.assignedAgentId() == null ? null : ChangeDetails.ids("assignedAgentId", List.of(e.assignedAgentId()))
                .stream().map(UUID::fromString).findFirst().orElseThrow();
        if (e.assignedGroup() != null && tenant.config().groups().groups().stream().noneMatch(g -> g.key().equals(e.assignedGroup()))) {
            throw RecordProblems.invalid("assignedGroup", "case.param.unknown", e.assignedGroup());
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        tx.write(tenant.id(), c -> {
            Caller caller = caller(c, tenant, auth);
            RecordRow r = writable(c, tenant, caller, id, expected);
            WorkflowEngine engine = RecordRules.engine(rk);
            if (engine.isFinal(new WorkflowEngine.Position(r.state(), r.substate()))) {
                throw ChangeProblems.over(r.code());
            }
            if (ChangeDetails.judged(e) && !r.state().equals(engine.initial().state())) {
                throw ChangeProblems.factsLocked(r.code());
            }
            Map<String, Object> details = ChangeDetails.facts(tenant, r.details(), e);
            if (e.team() != null) {
                details.put("team", ChangeDetails.team(tenant, e.team()));
            }
            checkLinks(c, tenant, details);
            if (agent != null && ChangeStore.people(c, tenant, List.of(agent)).isEmpty()) {
                throw RecordProblems.invalid("assignedAgentId", "case.param.unknown", agent.toString());
            }
            Map<String, Object> changes = new LinkedHashMap<>();
            for (String k : details.keySet()) {
                if (!Objects.equals(details.get(k), r.details().get(k))) {
                    changes.put(k, "changed");
                }
            }
            String group = e.assignedGroup() == null ? r.assignedGroup() : e.assignedGroup();
            UUID newAgent = agent == null ? r.assignedAgentId() : agent;
            boolean assigned = !Objects.equals(group, r.assignedGroup()) || !Objects.equals(newAgent, r.assignedAgentId());
            if (changes.isEmpty() && !assigned) {
                return null;
            }
            RecordRow after = new RecordRow(r.id(), r.kind(), r.code(), r.title(), r.description(), details, r.state(),
                    r.substate(), group, newAgent, r.createdById(), r.dueAt(), r.closedAt(), r.createdAt(), now, r.version() + 1);
            ChangeStore.update(c, tenant, after, r.version());
            if (!changes.isEmpty()) {
                RecordStore.event(c, tenant, id, "edited", caller.personId(), null, null, null, changes, now);
            }
            if (assigned) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("group", group);
                data.put("agentId", newAgent == null ? null : newAgent.toString());
                RecordStore.event(c, tenant, id, "assigned", caller.personId(), null, null, null, data, now);
            }
            return null;
        });
        return get(tenant, auth, id, lang).orElseThrow(RecordProblems::notFound);
    }

    /**
     * A committee member's vote, once, with a reason. When the entity's rule (the emergency rule for an emergency
     * change) is met, the decision takes the committee's system transition in the same transaction, is written to
     * the history, and the change's requester is told through the outbox. No If-Match: a vote overwrites nothing,
     * and the change's row is locked so that two last votes cannot both decide.
     */
    public ChangeView vote(TenantContext tenant, Authentication auth, UUID id, ChangeRequests.Vote v, Locale lang) {
        TenantConfig.RecordKind rk = kind(tenant);
        TenantConfig.Committee committee = rk.committee();
        if (v.approve() == null) {
            throw RecordProblems.invalid("approve", "change.param.approve");
        }
        String reason = ChangeDetails.text("reason", v.reason(), true);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        tx.write(tenant.id(), c -> {
            Caller caller = caller(c, tenant, auth);
            RecordRow r = ChangeStore.find(c, tenant, id, true)
                    .filter(x -> x.kind().equals(RecordService.CHANGE) && RecordRules.maySee(caller, x))
                    .orElseThrow(RecordProblems::notFound);
            if (committee == null || !caller.groups().contains(committee.group())) {
                throw ChangeProblems.notMember(committee == null ? "-" : committee.group());
            }
            if (!r.state().equals(committee.voting())) {
                throw ChangeProblems.notVoting(r.code());
            }
            if (!ChangeStore.vote(c, tenant, id, caller.personId(), v.approve(), reason, now)) {
                throw ChangeProblems.alreadyVoted(r.code());
            }
            RecordStore.event(c, tenant, id, v.approve() ? "approved-by-member" : "rejected-by-member", caller.personId(),
                    null, null, reason, Map.of("approve", v.approve()), now);
            ChangeView.Committee tally = committee(c, tenant, rk, r);
            Optional<Boolean> decision = ChangeRule.decision(tally.rule(), tally.members(), tally.approvals(), tally.rejections());
            RecordRow after;
            if (decision.isPresent()) {
                WorkflowEngine engine = RecordRules.engine(rk);
                String transition = decision.get() ? committee.approved() : committee.rejected();
                WorkflowEngine.Step step;
                try {
                    step = engine.take(new WorkflowEngine.Position(r.state(), r.substate()), transition,
                            WorkflowEngine.Actor.SYSTEM, reason);
                } catch (WorkflowViolation violation) {
                    throw new IllegalStateException("the committee's transition " + transition + " was checked at import", violation);
                }
                Map<String, Object> details = new LinkedHashMap<>(r.details());
                details.put("committeeDecision", decision.get() ? "approved" : "rejected");
                after = new RecordRow(r.id(), r.kind(), r.code(), r.title(), r.description(), details, step.to().state(),
                        step.to().substate(), r.assignedGroup(), r.assignedAgentId(), r.createdById(), r.dueAt(),
                        engine.isFinal(step.to()) ? now : null, r.createdAt(), now, r.version() + 1);
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("transition", transition);
                data.put("rule", tally.rule());
                data.put("members", tally.members());
                data.put("approvals", tally.approvals());
                data.put("rejections", tally.rejections());
                ChangeStore.update(c, tenant, after, r.version());
                RecordStore.event(c, tenant, id, "transition", null, r.state(), after.state(), reason, data, now);
                ChangeStore.decided(c, tenant, after, decision.get(), now);
            } else {
                after = new RecordRow(r.id(), r.kind(), r.code(), r.title(), r.description(), r.details(), r.state(),
                        r.substate(), r.assignedGroup(), r.assignedAgentId(), r.createdById(), r.dueAt(), r.closedAt(),
                        r.createdAt(), now, r.version() + 1);
                ChangeStore.update(c, tenant, after, r.version());
            }
            return null;
        });
        return get(tenant, auth, id, lang).orElseThrow(RecordProblems::notFound);
    }

    // ---- rules -----------------------------------------------------------------------------------------

    private ChangeView.Committee committee(Connection c, TenantContext tenant, TenantConfig.RecordKind rk, RecordRow r)
            throws SQLException {
        TenantConfig.Committee committee = rk.committee();
        List<ChangeView.Vote> votes = ChangeStore.votes(c, tenant, r.id());
        if (committee == null) {
            return new ChangeView.Committee("", "", 0, 0, 0, 0, null, votes);
        }
        String rule = "emergencia".equals(r.details().get("type")) ? committee.emergencyRule() : committee.rule();
        int members = ChangeStore.members(c, tenant, committee.group());
        long approvals = votes.stream().filter(ChangeView.Vote::approve).count();
        long rejections = votes.size() - approvals;
        // Kept when taken: members may join or leave the group later.
        String decision = (String) r.details().get("committeeDecision");
        return new ChangeView.Committee(committee.group(), rule, members, ChangeRule.needed(rule, members), approvals,
                rejections, decision, votes);
    }

    /** A change's linked problems must be this entity's problems, and its team's technicians its people. */
    private static void checkLinks(Connection c, TenantContext tenant, Map<String, Object> details) throws SQLException {
        List<UUID> problems = ChangeDetails.list(details.get("problems")).stream().map(UUID::fromString).toList();
        Map<UUID, String> kinds = ChangeStore.kinds(c, tenant, problems);
        for (UUID p : problems) {
            if (!RecordService.PROBLEM.equals(kinds.get(p))) {
                throw RecordProblems.invalid("problems", "change.param.not-a-problem", p.toString());
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> team = (Map<String, Object>) details.getOrDefault("team", Map.of());
        List<UUID> agents = ChangeDetails.list(team.get("agents")).stream().map(UUID::fromString).toList();
        List<UUID> known = ChangeStore.people(c, tenant, agents);
        for (UUID a : agents) {
            if (!known.contains(a)) {
                throw RecordProblems.invalid("team.agents", "case.param.unknown", a.toString());
            }
        }
    }

    private RecordRow writable(Connection c, TenantContext tenant, Caller caller, UUID id, @Nullable Integer expected)
            throws SQLException {
        RecordRow r = ChangeStore.find(c, tenant, id, true)
                .filter(x -> x.kind().equals(RecordService.CHANGE) && RecordRules.maySee(caller, x))
                .orElseThrow(RecordProblems::notFound);
        if (expected == null) {
            throw RecordProblems.preconditionRequired();
        }
        if (expected != r.version()) {
            throw RecordProblems.stale(expected, r.version());
        }
        return r;
    }

    Caller caller(Connection c, TenantContext tenant, Authentication auth) throws SQLException {
        Caller caller = Caller.of(people.caller(c, tenant, auth), auth.getName());
        if (!caller.agent()) {
            throw RecordProblems.agentsOnly();
        }
        return caller;
    }

    private static TenantConfig.RecordKind kind(TenantContext tenant) {
        return tenant.config().workflow().record(RecordService.CHANGE).orElseThrow(RecordProblems::notFound);
    }
}
