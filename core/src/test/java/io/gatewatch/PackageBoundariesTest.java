package io.gatewatch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The package boundaries plugin authors and gateways rely on: {@code api} is what a gateway
 * calls, {@code spi} what a plugin implements and receives, {@code spi.support} the helpers a
 * plugin author uses, {@code snapshot} the read side exporters see; none of them reaches into
 * {@code internal}, so a plugin written against them keeps working when core's insides change.
 */
@AnalyzeClasses(packages = "io.gatewatch", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageBoundariesTest {

    @ArchTest
    static final ArchRule publishedPackagesNeverDependOnInternal = noClasses()
            .that().resideInAnyPackage("io.gatewatch.api..", "io.gatewatch.spi..", "io.gatewatch.snapshot..")
            .should().dependOnClassesThat().resideInAPackage("io.gatewatch.internal..")
            .because("api, spi, spi.support and snapshot are what gateways and plugins compile against; "
                    + "internal may change in any release");

    @ArchTest
    static final ArchRule apiDependsOnNoOtherGatewatchPackage = noClasses()
            .that().resideInAPackage("io.gatewatch.api..")
            .should().dependOnClassesThat().resideInAnyPackage("io.gatewatch", "io.gatewatch.spi..",
                    "io.gatewatch.snapshot..", "io.gatewatch.internal..", "io.gatewatch.bridge..")
            .because("a gateway compiles against api alone");

    @ArchTest
    static final ArchRule snapshotDependsOnlyOnApi = noClasses()
            .that().resideInAPackage("io.gatewatch.snapshot..")
            .should().dependOnClassesThat().resideInAnyPackage("io.gatewatch", "io.gatewatch.spi..",
                    "io.gatewatch.internal..", "io.gatewatch.bridge..")
            .because("the snapshot model is what api records, read back");

    @ArchTest
    static final ArchRule helpersDoNotNeedTheSpi = noClasses()
            .that().resideInAPackage("io.gatewatch.spi.support..")
            .should().dependOnClassesThat().resideInAnyPackage("io.gatewatch", "io.gatewatch.spi",
                    "io.gatewatch.internal..", "io.gatewatch.bridge..")
            .because("helpers work on snapshots and config, whoever calls them");

    @ArchTest
    static final ArchRule publishedPackagesAreFreeOfCycles = slices().assignedFrom(new PublishedPackages())
            .should().beFreeOfCycles();

    /** api (adapter rules included), spi, spi.support and snapshot, one slice each; the rest is not judged. */
    private static final class PublishedPackages implements SliceAssignment {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String pkg = javaClass.getPackageName();
            if (pkg.equals("io.gatewatch.spi.support")) {
                return SliceIdentifier.of("spi.support");
            }
            for (String slice : new String[] {"api", "spi", "snapshot"}) {
                if (pkg.equals("io.gatewatch." + slice) || pkg.startsWith("io.gatewatch." + slice + ".")) {
                    return SliceIdentifier.of(slice);
                }
            }
            return SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the published packages api, spi, spi.support and snapshot";
        }
    }
}
