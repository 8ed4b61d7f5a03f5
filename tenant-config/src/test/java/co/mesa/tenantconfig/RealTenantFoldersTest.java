package co.mesa.tenantconfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
        TenantConfig.Survey survey = result.config().settings().survey();
        assertThat(survey.enabled()).as("both entities survey their requesters (issue 23)").isTrue();
        assertThat(survey.answerWithin().businessDays()).isEqualTo(3);
        assertThat(survey.questions()).isNotEmpty().anyMatch(TenantConfig.SurveyQuestion::required);
        assertThat(survey.questions()).filteredOn(q -> q.type().equals("scale")).allMatch(q -> q.labels().size() == 5);
    }

    @Test
    void funcionPublicaOffersTheSurveyOnSolutionAndRejectionAndReviewsANovedad() throws IOException {
        TenantConfig config = new TenantConfigValidator().validate(TenantFolders.read(Path.of("funcion-publica")).bundle());
        TenantConfig.Survey survey = config.settings().survey();
        // 004 act. 6: "una vez finaliza el caso o registra el rechazo ... 3 días hábiles".
        assertThat(survey.offeredOn()).containsExactly("solution", "rejection");
        assertThat(survey.questions()).anyMatch(q -> q.reviewOn().contains("no"));
        // The review's outcomes are the tenant's transitions: reopen from the end states, close a solved case.
        assertThat(config.workflow().transitions()).filteredOn(t -> "reviewReopened".equals(t.automaticOn()))
                .singleElement().satisfies(t -> {
                    assertThat(t.from()).containsExactly("resuelta", "cerrada", "rechazada");
                    assertThat(t.to()).isEqualTo("asignada");
                });
        assertThat(config.workflow().transitions()).filteredOn(t -> "reviewClosed".equals(t.automaticOn()))
                .singleElement().satisfies(t -> assertThat(t.to()).isEqualTo("cerrada"));
    }

    @Test
    void funcionPublicaRejectsFromNuevaAndAsignada() throws IOException {
        TenantConfig.Workflow w = new TenantConfigValidator()
                .validate(TenantFolders.read(Path.of("funcion-publica")).bundle()).workflow();
        assertThat(w.states()).filteredOn(TenantConfig.State::rejectable).extracting(TenantConfig.State::key)
                .containsExactly("nueva", "asignada");
        assertThat(w.transitions()).filteredOn(t -> "rejected".equals(t.automaticOn()))
                .singleElement().satisfies(t -> assertThat(t.from()).containsExactly("nueva", "asignada"));
        assertThat(w.transitions()).filteredOn(t -> "firstLineSolution".equals(t.automaticOn()))
                .singleElement().satisfies(t -> assertThat(t.to()).isEqualTo("cerrada"));
        assertThat(w.actions()).extracting(TenantConfig.Action::kind).doesNotHaveDuplicates()
                .containsAll(TenantConfig.Action.KINDS);
    }

    @Test
    void prosperidadSocialSolutionOpensTheSurveyWhileSurveysAreOn() throws IOException {
        TenantConfig.Workflow w = new TenantConfigValidator()
                .validate(TenantFolders.read(Path.of("prosperidad-social")).bundle()).workflow();
        assertThat(w.states()).noneMatch(TenantConfig.State::rejectable);
        assertThat(w.transitions()).filteredOn(t -> "solutionSigned".equals(t.automaticOn()))
                .extracting(TenantConfig.Transition::when, TenantConfig.Transition::to)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("surveysEnabled", "abierto-por-encuesta"),
                        org.assertj.core.groups.Tuple.tuple("surveysDisabled", "cerrado"));
        // "Abierto por Encuesta" is used only with surveys on.
        assertThat(w.transitions()).filteredOn(t -> t.from().contains("abierto-por-encuesta"))
                .isNotEmpty().allMatch(t -> "surveysEnabled".equals(t.when()));
        assertThat(w.action("reject")).isEmpty();
        assertThat(w.action("firstLineSolution")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"funcion-publica:proveedor-sigep", "prosperidad-social:fabrica-software"})
    void eachTenantHasOneSecondLineVendorThatNoRuleRoutesTo(String slugAndGroup) throws IOException {
        String slug = slugAndGroup.split(":")[0];
        String vendorKey = slugAndGroup.split(":")[1];
        TenantConfig config = new TenantConfigValidator().validate(TenantFolders.read(Path.of(slug)).bundle());
        assertThat(config.groups().groups()).filteredOn(TenantConfig.Group::vendor)
                .singleElement().satisfies(g -> {
                    assertThat(g.key()).isEqualTo(vendorKey);
                    assertThat(g.vendorName().texts()).containsKey("es-CO");
                    assertThat(g.email()).endsWith(".example.invalid");
                    assertThat(config.groups().tiers()).filteredOn(t -> t.key().equals(g.tier()))
                            .singleElement().satisfies(t -> assertThat(t.level()).isGreaterThanOrEqualTo(2));
                });
        // The vendor receives cases by escalation or reassignment only.
        assertThat(config.routing().rules()).noneMatch(r -> r.assignTo().group().equals(vendorKey));
        assertThat(config.routing().defaultGroup()).isNotEqualTo(vendorKey);
    }

    @ParameterizedTest
    @ValueSource(strings = {"funcion-publica", "prosperidad-social"})
    void everyRuleStatesItsStrategyAndSomeTakeTheLeastLoaded(String slug) throws IOException {
        TenantConfig.Routing routing = new TenantConfigValidator()
                .validate(TenantFolders.read(Path.of(slug)).bundle()).routing();
        assertThat(routing.rules()).extracting(r -> r.assignTo().strategy()).doesNotContainNull()
                .contains("least-loaded", "round-robin");
        assertThat(routing.rules()).allSatisfy(r -> assertThat(r.assignTo().agent()).as(r.key()).isNull());
    }

    @Test
    void prosperidadSocialRoutesRegionalOnSiteWorkByTheSiteTree() throws IOException {
        TenantConfig config = new TenantConfigValidator()
                .validate(TenantFolders.read(Path.of("prosperidad-social")).bundle());
        List<String> keys = config.routing().rules().stream().map(TenantConfig.Rule::key).toList();
        assertThat(keys.indexOf("regionales-primer-nivel")).as("before the general first-level rule")
                .isGreaterThanOrEqualTo(0).isLessThan(keys.indexOf("primer-nivel"));
        TenantConfig.Rule regional = config.routing().rules().get(keys.indexOf("regionales-primer-nivel"));
        assertThat(regional.when().sites()).containsExactly("direcciones-regionales");
        assertThat(regional.when().requesterGroups()).isEmpty();
        assertThat(regional.assignTo().group()).isEqualTo(config.routing().defaultGroup());
        assertThat(config.sites().sites()).filteredOn(s -> s.key().equals("direcciones-regionales")).singleElement()
                .satisfies(s -> assertThat(s.children()).isNotEmpty()
                        .allMatch(child -> child.type().equals("regional")));
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
