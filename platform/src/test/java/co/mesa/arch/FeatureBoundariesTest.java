package co.mesa.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Features talk through each other's root package, never through another feature's internals. */
class FeatureBoundariesTest {

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("co.mesa");

    static final String[] FEATURES = {"tenant", "identity", "catalog", "workflow", "ticket", "sla", "routing",
            "notification", "web", "onboarding", "knowledge", "record", "portal", "console", "adminpages", "operatorpages"};

    /** The page packages: each sits on the services; no service and no other page area depends on them. */
    static final String[] PAGE_AREAS = {"portal", "console", "adminpages", "operatorpages"};

    @Test
    void noFeatureReachesIntoAnotherFeaturesInternals() {
        for (String feature : FEATURES) {
            noClasses().that().resideOutsideOfPackage("co.mesa." + feature + "..")
                    .should().dependOnClassesThat().resideInAPackage("co.mesa." + feature + ".internal..")
                    .allowEmptyShould(true)
                    .check(CLASSES);
        }
    }

    @Test
    void pagesAreALayerOnTopThatNothingElseUses() {
        for (String area : PAGE_AREAS) {
            noClasses().that().resideOutsideOfPackage("co.mesa." + area + "..")
                    .should().dependOnClassesThat().resideInAPackage("co.mesa." + area + "..")
                    .allowEmptyShould(true)
                    .check(CLASSES);
        }
    }

    @Test
    void sharedDependsOnNoFeature() {
        noClasses().that().resideInAPackage("co.mesa.shared..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "co.mesa.tenant..", "co.mesa.catalog..", "co.mesa.sla..", "co.mesa.web..",
                        "co.mesa.identity..", "co.mesa.workflow..", "co.mesa.ticket..", "co.mesa.routing..",
                        "co.mesa.notification..", "co.mesa.onboarding..")
                .check(CLASSES);
    }

    /** Features depend on each other in one direction only: no cycle between {@code co.mesa.<feature>..} slices. */
    @Test
    void noCyclesBetweenFeatures() {
        slices().matching("co.mesa.(*)..")
                .should().beFreeOfCycles()
                .check(CLASSES);
    }
}
