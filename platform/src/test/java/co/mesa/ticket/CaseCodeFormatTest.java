package co.mesa.ticket;

import co.mesa.tenantconfig.TenantConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CaseCodeFormatTest {

    @Test
    void funcionPublicasStyleFromItsAgentGuide() {
        TenantConfig.CaseCode reio = new TenantConfig.CaseCode("REIO", "{prefix} {year}-{seq:6}", "year");
        assertThat(CaseCodeFormat.format(reio, 2025, 64_270)).isEqualTo("REIO 2025-064270");
        assertThat(CaseCodeFormat.format(reio, 2026, 1)).isEqualTo("REIO 2026-000001");
    }

    @Test
    void aNumberWiderThanThePatternKeepsAllItsDigits() {
        TenantConfig.CaseCode dps = new TenantConfig.CaseCode("DPS", "{prefix}-{year}-{seq:3}", "year");
        assertThat(CaseCodeFormat.format(dps, 2026, 7)).isEqualTo("DPS-2026-007");
        assertThat(CaseCodeFormat.format(dps, 2026, 12_345)).isEqualTo("DPS-2026-12345");
    }

    @Test
    void aPatternWithoutYearOrPrefix() {
        TenantConfig.CaseCode plain = new TenantConfig.CaseCode("", "#{seq:5}", "never");
        assertThat(CaseCodeFormat.format(plain, 2026, 42)).isEqualTo("#00042");
    }
}
