package co.mesa.sla;

import co.mesa.shared.TenantId;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.tenantconfig.TenantConfigValidator;
import co.mesa.tenantconfig.TenantFolders;
import co.mesa.testsupport.MesaPlatform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-tenant calendar cache, on the minimal fixture's data (pure: no platform, no database). */
class BusinessCalendarsTest {

    static TenantConfig minimal;
    static final TenantId TENANT = TenantId.random();

    @BeforeAll
    static void load() throws Exception {
        minimal = new TenantConfigValidator().validate(
                TenantFolders.read(MesaPlatform.repoRoot().resolve("tenant-config/fixtures/valid/minimal")).bundle());
    }

    final BusinessCalendars calendars = new BusinessCalendars();

    @Test
    void aCalendarTheTenantDoesNotHaveIsNotFound() {
        assertThat(calendars.find(at(1, minimal), "turnos")).isEmpty();
    }

    @Test
    void theDefaultCalendarIsTheOneTheTenantPublishesAsItsAttentionHours() {
        TenantContext tenant = at(1, minimal);
        assertThat(BusinessCalendars.defaultKey(tenant)).isEqualTo("oficina");
        BusinessCalendar office = calendars.defaultCalendar(tenant);
        assertThat(office.key()).isEqualTo("oficina");
        assertThat(office.weeklyOpenTime()).isEqualTo(Duration.ofHours(45));
    }

    @Test
    void oneDataRevisionBuildsEachCalendarOnce() {
        BusinessCalendar first = calendars.find(at(1, minimal), "oficina").orElseThrow();
        assertThat(calendars.find(at(1, minimal), "oficina").orElseThrow()).isSameAs(first);
        // Another tenant with the same data keeps its own.
        TenantContext other = new TenantContext(TenantId.random(), "otra", 1, minimal);
        assertThat(calendars.find(other, "oficina").orElseThrow()).isNotSameAs(first);
    }

    @Test
    void aNewRevisionIsBuiltFromItsOwnDataAndAnOlderRequestDoesNotPushItOut() {
        TenantConfig withClosure = withClosure(LocalDate.parse("2026-03-11"));
        BusinessCalendar v1 = calendars.find(at(1, minimal), "oficina").orElseThrow();
        BusinessCalendar v2 = calendars.find(at(2, withClosure), "oficina").orElseThrow();
        assertThat(v2).isNotSameAs(v1);
        assertThat(v2.isClosedDay(LocalDate.parse("2026-03-11"))).isTrue();
        // A slow request still on revision 1 sees revision 1's calendar…
        BusinessCalendar stale = calendars.find(at(1, minimal), "oficina").orElseThrow();
        assertThat(stale.isClosedDay(LocalDate.parse("2026-03-11"))).isFalse();
        // …without replacing revision 2's in the cache.
        assertThat(calendars.find(at(2, withClosure), "oficina").orElseThrow()).isSameAs(v2);
    }

    private static TenantContext at(long revision, TenantConfig config) {
        return new TenantContext(TENANT, "minimal", revision, config);
    }

    private static TenantConfig withClosure(LocalDate day) {
        TenantConfig c = minimal;
        TenantConfig.Calendar office = c.calendars().find("oficina").orElseThrow();
        TenantConfig.Calendar closed = new TenantConfig.Calendar(office.key(), office.name(), office.timeZone(), office.hours(),
                office.holidays(), List.of(day));
        return new TenantConfig(c.tenant(), new TenantConfig.Calendars(List.of(closed)), c.sites(), c.workflow(), c.catalog(),
                c.priorities(), c.groups(), c.routing(), c.sla(), c.settings());
    }
}
