package co.mesa.onboarding;

import co.mesa.testsupport.NeedsServices;
import co.mesa.onboarding.internal.OnboardingStore;
import co.mesa.shared.TenantId;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.MesaPlatform;
import io.micronaut.data.exceptions.DataAccessException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Row level security on the onboarding, branding and suspension tables (RowLevelSecurityTest's style):
 * unfiltered queries under one tenant never see another's rows, and writes claiming another tenant fail.
 */
@NeedsServices
class OnboardingIsolationTest {

    static final List<String> TABLES = List.of("tenant_onboarding", "tenant_onboarding_step", "tenant_branding",
            "tenant_suspension");

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
        OnboardingStore store = platform.bean(OnboardingStore.class);
        // Rows for funcion-publica in every table, written under its own context.
        tx.write(funcionPublica.id(), c -> {
            if (store.find(c).isEmpty()) {
                store.create(c, funcionPublica.id(), "isolation-probe", "probe", "probe@example.invalid", "test",
                        OnboardingService.STEPS);
            }
            store.upsertBranding(c, funcionPublica.id(), new byte[] {1, 2, 3}, "image/png", "{}");
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO tenant_suspension (tenant_id, started_by, ended_at) VALUES (?, 'probe', now())")) {
                ps.setObject(1, funcionPublica.id().value());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Test
    void onboardingBrandingAndSuspensionRowsAreInvisibleToOtherTenantsAndWithoutATenant() {
        for (String table : TABLES) {
            assertThat(count(funcionPublica.id(), table)).as(table + " under its own tenant").isPositive();
            assertThat(count(prosperidadSocial.id(), table)).as(table + " under another tenant").isZero();
            assertThat(tx.<Long>platform(c -> count(c, table))).as(table + " without a tenant").isZero();
        }
    }

    @Test
    void aTenantCannotWriteAnotherTenantsOnboardingOrBranding() {
        assertThatThrownBy(() -> tx.write(prosperidadSocial.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO tenant_branding (tenant_id, colors) VALUES (?, '{}')")) {
                ps.setObject(1, funcionPublica.id().value());
                return ps.executeUpdate();
            }
        })).isInstanceOf(DataAccessException.class).hasMessageContaining("row-level security");
        int updated = tx.write(prosperidadSocial.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE tenant_onboarding_step SET outcome = 'failed' WHERE tenant_id = ?")) {
                ps.setObject(1, funcionPublica.id().value());
                return ps.executeUpdate();
            }
        });
        assertThat(updated).isZero();
    }

    @Test
    void theNewTablesHaveForcedRowLevelSecurityAndThePolicy() {
        for (String table : TABLES) {
            List<Boolean> flags = tx.platform(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT c.relrowsecurity, c.relforcerowsecurity, "
                                + "EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = 'tenant_isolation') "
                                + "FROM pg_class c WHERE c.relname = ?")) {
                    ps.setString(1, table);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return List.of(rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3));
                    }
                }
            });
            assertThat(flags).as(table).containsOnly(true);
        }
    }

    static long count(TenantId tenant, String table) {
        return tx.read(tenant, c -> count(c, table));
    }

    static long count(java.sql.Connection c, String table) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
