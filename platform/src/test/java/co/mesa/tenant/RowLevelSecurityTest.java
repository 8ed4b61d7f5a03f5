package co.mesa.tenant;

import co.mesa.testsupport.NeedsServices;
import co.mesa.shared.TenantId;
import co.mesa.shared.TenantTransactions;
import co.mesa.testsupport.MesaPlatform;
import io.micronaut.data.exceptions.DataAccessException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The second wall: row level security on every tenant-owned table. Queries here deliberately
 * forget their tenant filter; PostgreSQL alone keeps the entities apart.
 */
@NeedsServices
class RowLevelSecurityTest {

    /** Read before any tenant is known (host resolution); they carry tenant_id but are the platform's. */
    static final java.util.Set<String> PLATFORM_TABLES = java.util.Set.of("tenant_host");

    static TenantTransactions tx;
    static TenantContext funcionPublica;
    static TenantContext prosperidadSocial;

    @BeforeAll
    static void start() {
        MesaPlatform platform = MesaPlatform.get();
        tx = platform.bean(TenantTransactions.class);
        TenantRegistry registry = platform.bean(TenantRegistry.class);
        funcionPublica = registry.bySlug("funcion-publica").orElseThrow();
        prosperidadSocial = registry.bySlug("prosperidad-social").orElseThrow();
    }

    @Test
    void aRowWrittenForOneTenantIsInvisibleUnderTheOthersContextEvenWithoutAFilter() {
        String marker = "rls-probe-" + UUID.randomUUID();
        tx.write(funcionPublica.id(), c -> insertProbe(c, funcionPublica.id(), marker));

        // The same unfiltered query, under each context.
        try {
            assertThat(tx.<List<String>>read(funcionPublica.id(), c -> importedBy(c, marker))).containsExactly(marker);
            assertThat(tx.<List<String>>read(prosperidadSocial.id(), c -> importedBy(c, marker))).isEmpty();
            // No tenant set at all: fails closed, nothing of anyone.
            assertThat(tx.<Long>platform(c -> count(c, "SELECT count(*) FROM tenant_config_import"))).isZero();
            assertThat(tx.<Long>platform(c -> count(c, "SELECT count(*) FROM tenant_config_version"))).isZero();
            // The whole tables under one tenant hold only its own rows, though both tenants have many.
            assertThat(tx.<List<UUID>>read(prosperidadSocial.id(), c -> tenantIdsOf(c, "tenant_config_import")))
                    .containsExactly(prosperidadSocial.id().value());
            assertThat(tx.<List<UUID>>read(prosperidadSocial.id(), c -> tenantIdsOf(c, "tenant_config_version")))
                    .containsExactly(prosperidadSocial.id().value());
            assertThat(tx.<List<UUID>>read(funcionPublica.id(), c -> tenantIdsOf(c, "tenant_config_version")))
                    .containsExactly(funcionPublica.id().value());
        } finally {
            tx.write(funcionPublica.id(), c -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM tenant_config_import WHERE imported_by = ?")) {
                    ps.setString(1, marker);
                    return ps.executeUpdate();
                }
            });
        }
    }

    @Test
    void aTenantCannotWriteOrChangeAnotherTenantsRows() {
        // Insert claiming the other tenant's id: refused by the policy's WITH CHECK.
        assertThatThrownBy(() -> tx.write(prosperidadSocial.id(),
                c -> insertProbe(c, funcionPublica.id(), "cross-tenant-insert")))
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("row-level security");

        // Update and delete without a filter touch only the current tenant's rows (here: none of FP's).
        int updated = tx.write(prosperidadSocial.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE tenant_config_version SET changed_by = changed_by WHERE tenant_id = ?")) {
                ps.setObject(1, funcionPublica.id().value());
                return ps.executeUpdate();
            }
        });
        assertThat(updated).isZero();
        int deleted = tx.write(prosperidadSocial.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM tenant_config_import WHERE tenant_id = ?")) {
                ps.setObject(1, funcionPublica.id().value());
                return ps.executeUpdate();
            }
        });
        assertThat(deleted).isZero();
        assertThat(tx.<Long>read(funcionPublica.id(), c -> count(c, "SELECT count(*) FROM tenant_config_import"))).isPositive();
    }

    @Test
    void everyTenantOwnedTableHasForcedRowLevelSecurityAndTheAppRoleCannotBypassIt() {
        List<String> unprotected = tx.platform(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, "
                            + "EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid) "
                            + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                            + "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped "
                            + "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (PLATFORM_TABLES.contains(rs.getString(1))) {
                        continue;
                    }
                    if (!rs.getBoolean(2) || !rs.getBoolean(3) || !rs.getBoolean(4)) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
        assertThat(unprotected).as("tables with tenant_id but without enabled+forced RLS and a policy").isEmpty();

        boolean bypass = tx.platform(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT rolbypassrls OR rolsuper FROM pg_roles WHERE rolname = current_user");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        });
        assertThat(bypass).as("the application role must not bypass row level security").isFalse();
        long owned = tx.platform(c -> count(c,
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user"));
        assertThat(owned).as("the application role owns no table").isZero();
    }

    /** A probe row in the import log: it changes no tenant's live data. */
    /** TenantTransactions.readInOneTrip: tenant and settings bound in the query's own round trip, and only there. */
    @Test
    void theOneTripReadSeesOnlyItsTenantCannotWriteAndLeavesNothingBoundOnItsConnection() {
        TenantTransactions.Binder none = (c, ps, first) -> { };
        TenantTransactions.Reader<List<UUID>> tenants = rs -> {
            List<UUID> out = new ArrayList<>();
            while (rs.next()) {
                out.add((UUID) rs.getObject(1));
            }
            return out;
        };
        String all = "SELECT DISTINCT tenant_id FROM tenant_config_version";
        assertThat(tx.readInOneTrip(funcionPublica.id(), java.util.Map.of(), all, none, tenants))
                .containsExactly(funcionPublica.id().value());
        assertThat(tx.readInOneTrip(prosperidadSocial.id(), java.util.Map.of(), all, none, tenants))
                .containsExactly(prosperidadSocial.id().value());
        // The settings hold for the query; the transaction is read-only.
        String settings = tx.readInOneTrip(funcionPublica.id(), java.util.Map.of("plan_cache_mode", "force_generic_plan"),
                "SELECT current_setting('plan_cache_mode') || ' ' || current_setting('transaction_read_only')", none,
                rs -> rs.next() ? rs.getString(1) : null);
        assertThat(settings).isEqualTo("force_generic_plan on");
        assertThatThrownBy(() -> tx.readInOneTrip(funcionPublica.id(), java.util.Map.of(),
                "UPDATE tenant_config_version SET version = version WHERE false RETURNING version", none, tenants))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("read-only transaction");
        assertThatThrownBy(() -> tx.readInOneTrip(funcionPublica.id(), java.util.Map.of("plan_cache_mode", "x'; --"),
                all, none, tenants)).isInstanceOf(IllegalArgumentException.class);
        // The next user of the pool's connections finds no tenant, no plan mode and autocommit off as configured.
        for (int i = 0; i < 12; i++) {
            tx.readInOneTrip(funcionPublica.id(), java.util.Map.of("plan_cache_mode", "force_generic_plan"), all, none, tenants);
            assertThat(seenByNextPoolUser()).isEqualTo("|auto|0|0|false");
        }
    }

    /**
     * What the pool's next user finds on a connection: tenant, plan mode, statement time limit, the rows of a
     * tenant table it can see, and autocommit, as "tenant|plan|limit|rows|autocommit".
     */
    private static String seenByNextPoolUser() {
        io.micronaut.data.connection.ConnectionOperations<java.sql.Connection> connections =
                MesaPlatform.get().bean(io.micronaut.data.connection.ConnectionOperations.class);
        return connections.execute(io.micronaut.data.connection.ConnectionDefinition.REQUIRES_NEW, status -> {
            java.sql.Connection c = status.getConnection();
            try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(current_setting('app.tenant_id', true), '') "
                    + "|| '|' || current_setting('plan_cache_mode') || '|' || current_setting('statement_timeout') "
                    + "|| '|' || (SELECT count(*) FROM tenant_config_version)");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                String seen = rs.getString(1) + "|" + c.getAutoCommit();
                c.rollback();
                return seen;
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * TenantTransactions.readInOneTripNow (the event loop's read): the same wall between tenants; and when a
     * connection is not free this instant or the statement overruns its limit it gives the work back (empty)
     * instead of waiting, leaving the connection as the pool expects it.
     */
    @Test
    void theNoWaitReadKeepsTheWallAndGivesTheWorkBackRatherThanWait() throws Exception {
        TenantTransactions.Binder none = (c, ps, first) -> { };
        TenantTransactions.Reader<List<UUID>> tenants = rs -> {
            List<UUID> out = new ArrayList<>();
            while (rs.next()) {
                out.add((UUID) rs.getObject(1));
            }
            return out;
        };
        String all = "SELECT DISTINCT tenant_id FROM tenant_config_version";
        assertThat(tx.readInOneTripNow(funcionPublica.id(), java.util.Map.of(), all, none, tenants))
                .contains(List.of(funcionPublica.id().value()));
        assertThat(tx.readInOneTripNow(prosperidadSocial.id(), java.util.Map.of(), all, none, tenants))
                .contains(List.of(prosperidadSocial.id().value()));
        assertThatThrownBy(() -> tx.readInOneTripNow(funcionPublica.id(), java.util.Map.of(),
                "UPDATE tenant_config_version SET version = version WHERE false RETURNING version", none, tenants))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("read-only transaction");
        // Over the limit: cancelled by the database, and empty.
        assertThat(tx.readInOneTripNow(funcionPublica.id(), java.util.Map.of(),
                "SELECT pg_sleep(" + (TenantTransactions.NOW_LIMIT.toMillis() * 2 / 1000.0) + ")", none, rs -> "slept"))
                .isEmpty();
        // Every connection of the pool taken: empty at once, rather than waiting for one.
        javax.sql.DataSource ds = MesaPlatform.get().bean(javax.sql.DataSource.class, "default");
        com.zaxxer.hikari.HikariDataSource hikari = ds.unwrap(com.zaxxer.hikari.HikariDataSource.class);
        List<java.sql.Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < hikari.getMaximumPoolSize(); i++) {
                held.add(hikari.getConnection());
            }
            assertThat(tx.readInOneTripNow(funcionPublica.id(), java.util.Map.of(), all, none, tenants)).isEmpty();
        } finally {
            for (java.sql.Connection c : held) {
                c.close();
            }
        }
        assertThat(tx.readInOneTripNow(funcionPublica.id(), java.util.Map.of(), all, none, tenants)).isPresent();
        // The next user of the pool's connections finds no tenant, no time limit and autocommit off as configured.
        for (int i = 0; i < 12; i++) {
            tx.readInOneTripNow(funcionPublica.id(), java.util.Map.of("plan_cache_mode", "force_generic_plan"), all, none,
                    tenants);
            assertThat(seenByNextPoolUser()).isEqualTo("|auto|0|0|false");
        }
    }

    private static int insertProbe(java.sql.Connection c, TenantId tenant, String marker) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO tenant_config_import (tenant_id, folder_hash, imported_by, applied_kinds, refused_kinds, report) "
                        + "VALUES (?, 'rls-probe', ?, '{}', '{}', 'probe')")) {
            ps.setObject(1, tenant.value());
            ps.setString(2, marker);
            return ps.executeUpdate();
        }
    }

    private static List<String> importedBy(java.sql.Connection c, String marker) throws java.sql.SQLException {
        // Deliberately no tenant_id filter.
        try (PreparedStatement ps = c.prepareStatement("SELECT imported_by FROM tenant_config_import WHERE imported_by = ?")) {
            ps.setString(1, marker);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        }
    }

    private static List<UUID> tenantIdsOf(java.sql.Connection c, String table) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT tenant_id FROM " + table);
             ResultSet rs = ps.executeQuery()) {
            List<UUID> out = new ArrayList<>();
            while (rs.next()) {
                out.add((UUID) rs.getObject(1));
            }
            return out;
        }
    }

    private static long count(java.sql.Connection c, String sql) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
