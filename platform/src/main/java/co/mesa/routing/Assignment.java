package co.mesa.routing;

import co.mesa.routing.internal.AgentStore;
import co.mesa.shared.CaseFacts;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Who gets a case, at once and in the caller's transaction: the tenant's first matching routing
 * rule (else its default group), then inside the group the rule's named agent if available, else
 * the group's strategy among agents who are not away — round robin, least loaded, or the group's
 * queue (nobody). No available agent leaves the case to the group, for the safety-net sweep.
 */
@Singleton
public class Assignment {

    /** Round robin unless a rule for the group says otherwise. */
    public static final String DEFAULT_STRATEGY = "round-robin";

    /** The outcome: the group, the agent (null: the group's queue) and the rule that decided ("default" if none). */
    public record Pick(String group, @Nullable UUID agent, String rule) {
    }

    private final AgentStore agents;

    public Assignment(AgentStore agents) {
        this.agents = agents;
    }

    public Pick route(Connection c, TenantContext tenant, CaseFacts facts, Instant now) throws SQLException {
        Optional<TenantConfig.Rule> rule = ruleFor(tenant.config(), facts);
        String group = rule.map(r -> r.assignTo().group()).orElse(tenant.config().routing().defaultGroup());
        UUID agent = null;
        if (rule.isPresent() && rule.get().assignTo().agent() != null) {
            Optional<UUID> named = agents.agentByUsername(c, rule.get().assignTo().agent());
            if (named.isPresent() && agents.isAvailableMember(c, named.get(), group, now)) {
                agent = named.get();
                agents.assigned(c, tenant.id(), agent, now);
            }
        }
        if (agent == null) {
            String strategy = rule.map(r -> r.assignTo().strategy()).orElse(null);
            agent = agentFor(c, tenant, group, strategy == null ? strategyOf(tenant.config(), group) : strategy, now);
        }
        return new Pick(group, agent, rule.map(TenantConfig.Rule::key).orElse("default"));
    }

    /** The group the tenant's rules send these facts to (no agent picked, nothing written). */
    public static String groupFor(TenantConfig config, CaseFacts facts) {
        return ruleFor(config, facts).map(r -> r.assignTo().group()).orElse(config.routing().defaultGroup());
    }

    private static Optional<TenantConfig.Rule> ruleFor(TenantConfig config, CaseFacts facts) {
        return config.routing().rules().stream().filter(r -> facts.matches(r.when(), config.sites())).findFirst();
    }

    /** An available agent of the group by the strategy; null for a queue group or when nobody is available. */
    @Nullable
    public UUID agentFor(Connection c, TenantContext tenant, String group, String strategy, Instant now) throws SQLException {
        if ("group-queue".equals(strategy)) {
            return null;
        }
        List<AgentStore.Candidate> candidates = agents.available(c, tenant.id(), group, now, "least-loaded".equals(strategy));
        if (candidates.isEmpty()) {
            return null;
        }
        UUID chosen;
        if ("least-loaded".equals(strategy)) {
            chosen = candidates.stream().min(Comparator.comparingLong(AgentStore.Candidate::openCases)
                    .thenComparing(x -> x.lastAssignedAt() == null ? Instant.MIN : x.lastAssignedAt())
                    .thenComparing(x -> x.id().toString())).orElseThrow().id();
        } else {
            chosen = agents.nextInTurn(c, tenant.id(), candidates);
        }
        agents.assigned(c, tenant.id(), chosen, now);
        return chosen;
    }

    /** The strategy the tenant uses for a group: that of the first rule sending cases to it, else round robin. */
    public static String strategyOf(TenantConfig config, String group) {
        return config.routing().rules().stream().filter(r -> r.assignTo().group().equals(group))
                .map(r -> r.assignTo().strategy()).filter(s -> s != null).findFirst().orElse(DEFAULT_STRATEGY);
    }

    /** Whether the person is an agent of the group (for manual assignment and escalation). */
    public boolean isMember(Connection c, UUID person, String group) throws SQLException {
        return agents.isMember(c, person, group);
    }

    /** Whether the person is an agent of the group and not away now. */
    public boolean isAvailable(Connection c, UUID person, String group, Instant now) throws SQLException {
        return agents.isAvailableMember(c, person, group, now);
    }
}
