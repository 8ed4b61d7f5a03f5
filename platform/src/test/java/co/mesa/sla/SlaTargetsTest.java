package co.mesa.sla;

import co.mesa.testsupport.NeedsServices;
import co.mesa.shared.CaseFacts;
import co.mesa.tenantconfig.BusinessDuration;
import co.mesa.tenantconfig.I18n;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.tenantconfig.TenantConfigValidator;
import co.mesa.tenantconfig.TenantFolders;
import co.mesa.testsupport.MesaPlatform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;

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

    @Test
    void noPolicyMatchingTheCaseMeansNoTargets() {
        TenantConfig config = withPolicies(onlyIncidents());
        CaseFacts request = CaseFacts.ofService("ti", "correo", "alta");
        assertThat(targets.policyFor(config, request)).isEmpty();
        assertThat(targets.targetsFor(config, request)).isEmpty();
    }

    @Test
    void aPolicyWithoutATargetForThePriorityAndNoDefaultGivesNoTargets() {
        TenantConfig.SlaPolicy urgentOnly = new TenantConfig.SlaPolicy("urgentes", minimal.sla().policies().get(0).name(),
                "oficina", new TenantConfig.Match(null, null, null, null, null, null),
                List.of(new TenantConfig.Target("alta", new BusinessDuration(Duration.ofMinutes(30), null), null, null)));
        TenantConfig config = withPolicies(urgentOnly);
        assertThat(targets.policyFor(config, CaseFacts.ofService("ti", "correo", "media"))).isPresent();
        assertThat(targets.targetsFor(config, CaseFacts.ofService("ti", "correo", "media"))).isEmpty();
        var alta = targets.targetsFor(config, CaseFacts.ofService("ti", "correo", "alta")).orElseThrow();
        assertThat(alta.response()).isEqualTo(Duration.ofMinutes(30));
        assertThat(alta.resolution()).as("not measured").isNull();
    }

    @Test
    void businessDaysAreCountedOnThePolicysOwnCalendarAndTheNoteTravels() {
        // A round-the-clock calendar beside the office one: two business days there are 48 h, not 18 h.
        TenantConfig.Calendar office = minimal.calendars().find("oficina").orElseThrow();
        TenantConfig.Calendar shifts = new TenantConfig.Calendar("turnos", I18n.of("Turnos"), "America/Bogota",
                List.of(new TenantConfig.Window(List.of(DayOfWeek.values()), LocalTime.MIDNIGHT, "24:00")), "none", List.of());
        I18n note = I18n.of("Depende del proveedor del canal");
        TenantConfig.SlaPolicy roundTheClock = new TenantConfig.SlaPolicy("continuo", minimal.sla().policies().get(0).name(),
                "turnos", new TenantConfig.Match(null, null, null, null, null, null),
                List.of(new TenantConfig.Target(null, new BusinessDuration(null, 1), new BusinessDuration(null, 2), note)));
        TenantConfig c = withPolicies(roundTheClock);
        c = new TenantConfig(c.tenant(), new TenantConfig.Calendars(List.of(office, shifts)), c.sites(), c.workflow(),
                c.catalog(), c.priorities(), c.groups(), c.routing(), c.sla(), c.settings());

        var t = targets.targetsFor(c, CaseFacts.ofService("ti", "correo", "media")).orElseThrow();
        // The days travel too, so pages read "1 día hábil" / "2 días hábiles" rather than hours (issue 20).
        assertThat(t).isEqualTo(new SlaTargets.Targets("continuo", "turnos", Duration.ofHours(24), Duration.ofHours(48), note,
                1, 2));
    }

    @Test
    void theWorkingDayIsTheLongestWhenDaysDiffer() {
        // Weekdays 08:00–17:00 and Saturday mornings 08:00–12:00: the working day is the weekday.
        TenantConfig.Calendar withSaturdays = new TenantConfig.Calendar("sabados", I18n.of("Sábados"), "America/Bogota",
                List.of(new TenantConfig.Window(List.of(DayOfWeek.SATURDAY), LocalTime.of(8, 0), "12:00"),
                        new TenantConfig.Window(List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                                DayOfWeek.THURSDAY, DayOfWeek.FRIDAY), LocalTime.of(8, 0), "17:00"),
                        new TenantConfig.Window(List.of(DayOfWeek.SUNDAY), LocalTime.of(9, 0), "11:00")),
                "colombia", List.of());
        assertThat(SlaTargets.workingDay(withSaturdays)).isEqualTo(Duration.ofHours(9));
    }

    private static TenantConfig.SlaPolicy onlyIncidents() {
        return new TenantConfig.SlaPolicy("incidentes", minimal.sla().policies().get(0).name(),
                "oficina", new TenantConfig.Match(null, null, null, List.of("incidente"), null, null),
                List.of(new TenantConfig.Target(null, null, new BusinessDuration(Duration.ofHours(2), null), null)));
    }

    private static TenantConfig withPolicies(TenantConfig.SlaPolicy... policies) {
        TenantConfig c = minimal;
        return new TenantConfig(c.tenant(), c.calendars(), c.sites(), c.workflow(), c.catalog(), c.priorities(),
                c.groups(), c.routing(), new TenantConfig.SlaPolicies(java.util.List.of(policies)), c.settings());
    }
}
