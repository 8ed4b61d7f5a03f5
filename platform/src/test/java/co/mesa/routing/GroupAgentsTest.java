package co.mesa.routing;

import co.mesa.routing.internal.AgentStore;
import co.mesa.shared.TenantId;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.MesaPlatform;
import co.mesa.testsupport.NeedsServices;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routing's candidates come from {@code group_agent}, which a trigger derives from the directory
 * (issue 32): they must equal what the directory says (an agent of the group), follow every change
 * of groups and roles, stay per entity, and round robin must not make a create wait for another.
 */
@NeedsServices
class GroupAgentsTest {

    static TenantTransactions tx;
    static AgentStore agents;
    static TenantContext fp;
    static TenantContext ps;

    @BeforeAll
    static void start() {
        MesaPlatform platform = MesaPlatform.get();
        tx = platform.bean(TenantTransactions.class);
        agents = platform.bean(AgentStore.class);
        TenantRegistry registry = platform.bean(TenantRegistry.class);
        fp = registry.bySlug("funcion-publica").orElseThrow();
        ps = registry.bySlug("prosperidad-social").orElseThrow();
    }

    static UUID person(TenantId tenant, String[] groups, String[] roles) {
        UUID id = UUID.randomUUID();
        tx.write(tenant, c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO person (tenant_id, id, subject, username, name, "
                    + "groups, roles) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                st.setObject(1, tenant.value());
                st.setObject(2, id);
                st.setString(3, "ga-" + id);
                st.setString(4, "ga-" + id);
                st.setString(5, "Agente " + id);
                st.setArray(6, c.createArrayOf("text", groups));
                st.setArray(7, c.createArrayOf("text", roles));
                st.executeUpdate();
            }
            return null;
        });
        return id;
    }

    static void set(TenantId tenant, UUID person, String column, String[] values) {
        tx.write(tenant, c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE person SET " + column + " = ? WHERE id = ?")) {
                st.setArray(1, c.createArrayOf("text", values));
                st.setObject(2, person);
                st.executeUpdate();
            }
            return null;
        });
    }

    static List<UUID> candidates(TenantContext tenant, String group) {
        return tx.read(tenant.id(), c -> agents.available(c, tenant.id(), group, Instant.now(), false).stream()
                .map(AgentStore.Candidate::id).toList());
    }

    /** The directory's own answer, read without group_agent: the definition the table must equal. */
    static List<UUID> fromDirectory(TenantContext tenant, String group) {
        return tx.read(tenant.id(), c -> {
            List<UUID> out = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT p.id FROM person p LEFT JOIN agent_state a "
                    + "ON a.tenant_id = p.tenant_id AND a.person_id = p.id WHERE p.groups @> ARRAY[?]::text[] "
                    + "AND 'agent' = ANY (p.roles) AND NOT (a.away_from IS NOT NULL AND a.away_from <= now() "
                    + "AND (a.away_until IS NULL OR a.away_until > now())) ORDER BY p.id::text")) {
                st.setString(1, group);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getObject(1, UUID.class));
                    }
                }
            }
            return out;
        });
    }

    @Test
    void candidatesFollowEveryChangeOfGroupsAndRolesAndEqualTheDirectory() {
        String group = "ga-group-" + UUID.randomUUID();
        UUID a = person(fp.id(), new String[] {group, "otro"}, new String[] {"agent"});
        UUID b = person(fp.id(), new String[] {group}, new String[] {"agent", "supervisor"});
        UUID requester = person(fp.id(), new String[] {group}, new String[] {"requester"});
        assertThat(candidates(fp, group)).containsExactlyInAnyOrder(a, b).doesNotContain(requester)
                .isEqualTo(fromDirectory(fp, group));

        set(fp.id(), a, "groups", new String[] {"otro"});
        assertThat(candidates(fp, group)).containsExactly(b).isEqualTo(fromDirectory(fp, group));
        set(fp.id(), b, "roles", new String[] {"requester"});
        assertThat(candidates(fp, group)).isEmpty();
        assertThat(fromDirectory(fp, group)).isEmpty();
        set(fp.id(), requester, "roles", new String[] {"requester", "agent"});
        set(fp.id(), a, "groups", new String[] {"otro", group});
        assertThat(candidates(fp, group)).containsExactlyInAnyOrder(a, requester).isEqualTo(fromDirectory(fp, group));
        assertThat(tx.<Boolean>read(fp.id(), c -> agents.isMember(c, a, group))).isTrue();
        assertThat(tx.<Boolean>read(fp.id(), c -> agents.isMember(c, b, group))).isFalse();

        // Away: still a member, no longer a candidate.
        tx.write(fp.id(), c -> {
            agents.setAway(c, fp.id(), a, Instant.now().minusSeconds(60), null, "Vacaciones");
            return null;
        });
        assertThat(candidates(fp, group)).containsExactly(requester).isEqualTo(fromDirectory(fp, group));
        assertThat(tx.<Boolean>read(fp.id(), c -> agents.isAvailableMember(c, a, group, Instant.now()))).isFalse();
        assertThat(tx.<Boolean>read(fp.id(), c -> agents.isAvailableMember(c, requester, group, Instant.now()))).isTrue();
    }

    @Test
    void anotherEntitysAgentsOfAGroupWithTheSameKeyAreNeverCandidates() {
        String group = "ga-shared-" + UUID.randomUUID();
        UUID mine = person(fp.id(), new String[] {group}, new String[] {"agent"});
        UUID theirs = person(ps.id(), new String[] {group}, new String[] {"agent"});
        assertThat(candidates(fp, group)).containsExactly(mine);
        assertThat(candidates(ps, group)).containsExactly(theirs);
        // Even a query that forgets the tenant sees only its own entity's rows (row level security).
        assertThat(tx.<List<UUID>>read(fp.id(), c -> members(c, group))).containsExactly(mine);
        assertThat(tx.<Boolean>read(ps.id(), c -> agents.isMember(c, mine, group))).isFalse();
        // Asking for the other entity's id under this one's transaction finds nothing either.
        assertThat(tx.<List<AgentStore.Candidate>>read(fp.id(), c -> agents.available(c, ps.id(), group, Instant.now(), false))).isEmpty();
    }

    private static List<UUID> members(Connection c, String group) throws SQLException {
        List<UUID> out = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("SELECT person_id FROM group_agent WHERE group_key = ?")) {
            st.setString(1, group);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return out;
    }

    @Test
    void roundRobinTakesTurnsInIdOrderAndSkipsAnAgentAnotherCreateIsAssigningRightNow() throws Exception {
        String group = "ga-turns-" + UUID.randomUUID();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(person(fp.id(), new String[] {group}, new String[] {"agent"}));
        }
        ids.sort((x, y) -> x.toString().compareTo(y.toString()));
        // In sequence: the same turns as a cursor over the ids, twice round.
        List<UUID> turns = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            turns.add(pick(group));
        }
        assertThat(turns).containsExactly(ids.get(0), ids.get(1), ids.get(2), ids.get(0), ids.get(1), ids.get(2));

        // A create holding its pick (not committed) does not make the next one wait: it gets the next agent.
        CountDownLatch picked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<UUID> first = CompletableFuture.supplyAsync(() -> tx.write(fp.id(), c -> {
            UUID agent = nextAndRecord(c, group);
            picked.countDown();
            try {
                assertThat(release.await(60, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return agent;
        }));
        assertThat(picked.await(60, TimeUnit.SECONDS)).isTrue();
        UUID second;
        try {
            second = pick(group);
        } finally {
            release.countDown();
        }
        UUID held = first.get(60, TimeUnit.SECONDS);
        assertThat(held).isEqualTo(ids.get(0));
        assertThat(second).isEqualTo(ids.get(1));
        assertThat(pick(group)).isEqualTo(ids.get(2));
    }

    private static UUID pick(String group) {
        return tx.write(fp.id(), c -> nextAndRecord(c, group));
    }

    private static UUID nextAndRecord(Connection c, String group) throws SQLException {
        // Distinct instants in sequence, as the clock gives them to successive creates.
        Instant now = Instant.now();
        UUID agent = agents.nextInTurn(c, fp.id(), agents.available(c, fp.id(), group, now, false));
        agents.assigned(c, fp.id(), agent, now);
        return agent;
    }
}
