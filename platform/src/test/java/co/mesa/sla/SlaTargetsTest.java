package co.mesa.sla;

import co.mesa.testsupport.NeedsServices;
import co.mesa.shared.CaseFacts;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.tenantconfig.TenantConfigValidator;
import co.mesa.tenantconfig.TenantFolders;
import co.mesa.testsupport.MesaPlatform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Policy choice and business-time targets, on the minimal fixture (pure logic, no services). */
@NeedsServices
class SlaTargetsTest {

    static TenantConfig minimal;
    final SlaTargets targets = new SlaTargets();

    @BeforeAll
    static void load() throws Exception {
        Path folder = MesaPlatform.repoRoot().resolve("tenant-config/fixtures/valid/minimal");
        minimal = new TenantConfigValidator().validate(TenantFolders.read(folder).bundle());
    }

    @Test
    void aPriorityWithItsOwnTargetUsesIt() {
        var t = targets.targetsFor(minimal, CaseFacts.ofService("ti", "correo", "alta")).orElseThrow();
        assertThat(t.policy()).isEqualTo("general");
        assertThat(t.response()).isEqualTo(Duration.ofHours(1));
        assertThat(t.resolution()).isEqualTo(Duration.ofHours(4));
    }

    @Test
    void otherPrioritiesFallBackToTheTargetWithoutPriorityAndBusinessDaysBecomeWorkingHours() {
        var t = targets.targetsFor(minimal, CaseFacts.ofService("ti", "correo", "media")).orElseThrow();
        assertThat(t.response()).isNull();
        // 2 business days on a Monday–Friday 08:00–17:00 calendar: 2 × 9 h.
        assertThat(t.resolution()).isEqualTo(Duration.ofHours(18));
    }

    @Test
    void theWorkingDayIsTheCalendarsOpenTime() {
        assertThat(SlaTargets.workingDay(minimal.calendars().find("oficina").orElseThrow())).isEqualTo(Duration.ofHours(9));
    }

    @Test
    void policiesAreTriedInOrderAndAQuestionAboutAnUnknownFactMatchesOnlyRulesThatDoNotAsk() {
        TenantConfig.SlaPolicy onlyIncidents = new TenantConfig.SlaPolicy("incidentes", minimal.sla().policies().get(0).name(),
                "oficina", new TenantConfig.Match(null, null, null, java.util.List.of("incidente"), null, null),
                java.util.List.of(new TenantConfig.Target(null, null,
                        new co.mesa.tenantconfig.BusinessDuration(Duration.ofHours(2), null), null)));
        TenantConfig config = withPolicies(onlyIncidents, minimal.sla().policies().get(0));

        // Service-level question (case type unknown): the incident-only policy does not apply.
        assertThat(targets.policyFor(config, CaseFacts.ofService("ti", "correo", "media")).orElseThrow().key())
                .isEqualTo("general");
        // A real incident: the first policy wins.
        assertThat(targets.policyFor(config, new CaseFacts("ti", "correo", "buzon", "incidente", null, "media"))
                .orElseThrow().key()).isEqualTo("incidentes");
    }

    private static TenantConfig withPolicies(TenantConfig.SlaPolicy... policies) {
        TenantConfig c = minimal;
        return new TenantConfig(c.tenant(), c.calendars(), c.sites(), c.workflow(), c.catalog(), c.priorities(),
                c.groups(), c.routing(), new TenantConfig.SlaPolicies(java.util.List.of(policies)), c.settings());
    }
}
