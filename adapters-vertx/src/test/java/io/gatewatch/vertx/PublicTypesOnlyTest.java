package io.gatewatch.vertx;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The adapter records through gatewatch's public recording API only, as any gateway could: nothing
 * of core's internals, nor of the plugin SPI (the adapter is not a plugin).
 */
class PublicTypesOnlyTest {
    // the module's own classes only: scanning the class path for the package takes far longer
    private static final JavaClasses ADAPTER = new ClassFileImporter().importPath(Path.of("target", "classes"));

    @Test
    void the_adapter_uses_only_gatewatch_and_its_public_api() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.gatewatch.internal..", "io.gatewatch.spi..")
                .check(ADAPTER);
    }

    @Test
    void the_rule_sees_the_adapters_dependencies() {
        // the same rule against the package the adapter does use must fail, or the import saw nothing
        assertThatThrownBy(() -> noClasses().should().dependOnClassesThat().resideInAnyPackage("io.gatewatch.api..")
                .check(ADAPTER)).isInstanceOf(AssertionError.class).hasMessageContaining("io.gatewatch.vertx.internal.ServerRequests");
    }
}
