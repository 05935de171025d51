package io.gatewatch.vertx;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The adapter records through gatewatch's public recording API only, as any gateway could: nothing
 * of core's internals, nor of the plugin SPI (the adapter is not a plugin).
 */
class PublicTypesOnlyTest {
    private static final JavaClasses ADAPTER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.gatewatch.vertx");

    @Test
    void the_adapter_uses_only_gatewatch_and_its_public_api() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.gatewatch.internal..", "io.gatewatch.spi..")
                .check(ADAPTER);
    }
}
