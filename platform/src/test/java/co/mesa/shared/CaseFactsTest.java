package co.mesa.shared;

import co.mesa.tenantconfig.I18n;
import co.mesa.tenantconfig.TenantConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CaseFactsTest {

    static final TenantConfig.Sites SITES = new TenantConfig.Sites(I18n.of("Sede"), List.of(
            site("bogota", site("sede-principal", site("piso-3")), site("sede-norte")),
            site("regionales", site("regional-antioquia"))));

    @Test
    void aSiteConditionMatchesTheSiteAndEverythingBelowIt() {
        TenantConfig.Match bogota = new TenantConfig.Match(null, null, null, null, List.of("bogota"), null);
        assertThat(at("bogota").matches(bogota, SITES)).isTrue();
        assertThat(at("piso-3").matches(bogota, SITES)).isTrue();
        assertThat(at("regional-antioquia").matches(bogota, SITES)).isFalse();
        assertThat(at(null).matches(bogota, SITES)).isFalse();
    }

    @Test
    void everyNamedListMustMatchAndAbsentListsMatchAnything() {
        TenantConfig.Match m = new TenantConfig.Match(null, List.of("correo"), null, null, null, List.of("alta"));
        assertThat(CaseFacts.ofService("ti", "correo", "alta").matches(m, SITES)).isTrue();
        assertThat(CaseFacts.ofService("ti", "correo", "media").matches(m, SITES)).isFalse();
        assertThat(CaseFacts.ofService("ti", "vpn", "alta").matches(m, SITES)).isFalse();
        assertThat(CaseFacts.ofService("ti", "vpn", "alta")
                .matches(new TenantConfig.Match(null, null, null, null, null, null), SITES)).isTrue();
    }

    private static CaseFacts at(String site) {
        return new CaseFacts("ti", "correo", null, null, site, "media");
    }

    private static TenantConfig.Site site(String key, TenantConfig.Site... children) {
        return new TenantConfig.Site(key, I18n.of(key), "sede", List.of(children));
    }
}
