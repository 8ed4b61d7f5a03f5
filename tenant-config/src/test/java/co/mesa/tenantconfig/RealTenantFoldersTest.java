package co.mesa.tenantconfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The launch entities' folders validate, and the build's own check accepts the whole tree. */
class RealTenantFoldersTest {

    @ParameterizedTest
    @ValueSource(strings = {"funcion-publica", "prosperidad-social"})
    void launchTenantValidates(String slug) throws IOException {
        TenantFolders.ReadResult read = TenantFolders.read(Path.of(slug));
        assertThat(read.problems()).isEmpty();
        TenantConfigValidator.Result result = new TenantConfigValidator().check(read.bundle());
        assertThat(result.problems()).isEmpty();
        assertThat(result.config().tenant().slug()).isEqualTo(slug);
        assertThat(result.config().tenant().timeZone()).isEqualTo("America/Bogota");
        assertThat(result.config().settings().survey().enabled()).as("surveys come with a later issue").isFalse();
    }

    @Test
    void wholeTreeValidatesWithNoSharedHostOrRealm() throws IOException {
        assertThat(ValidateTenantFolders.validateAll(Path.of("."))).isEmpty();
        assertThat(TenantFolders.list(Path.of("."))).extracting(p -> p.getFileName().toString())
                .containsExactly("funcion-publica", "prosperidad-social");
    }

    @Test
    void aHostClaimedByTwoTenantsIsRefused(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Path empty = Files.createDirectory(tmp.resolve("no-changes"));
        FixturesTest.overlay(empty, tmp.resolve("minimal"));
        Path other = FixturesTest.overlay(empty, tmp.resolve("otra"));
        Files.writeString(other.resolve("tenant.yaml"), Files.readString(other.resolve("tenant.yaml"))
                .replace("slug: minimal", "slug: otra").replace("realm: minimal", "realm: otra"));

        assertThat(ValidateTenantFolders.validateAll(tmp))
                .containsExactly("otra/tenant.yaml: /hosts: host 'minimal.localhost' is already served by 'minimal'");
    }
}
