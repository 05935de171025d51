package io.gatewatch.sample.plugins;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The sample plugins are what a third-party author copies: they must stay written against the
 * published packages (api, spi, spi.support, snapshot) alone.
 */
@AnalyzeClasses(packages = "io.gatewatch.sample.plugins", importOptions = ImportOption.DoNotIncludeTests.class)
class SamplePluginsBoundaryTest {

    @ArchTest
    static final ArchRule samplePluginsUseNoInternalClass = noClasses()
            .should().dependOnClassesThat().resideInAPackage("io.gatewatch.internal..")
            .because("a plugin sees the SPI and its own config, nothing internal to core");
}
