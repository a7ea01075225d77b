package io.ecugateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Core packages (frames, DBC, decoding, file formats, transport) never depend on Vert.x. */
class ArchitectureTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.ecugateway");

  @Test
  void corePackagesDoNotImportVertx() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.ecugateway.frame..",
            "io.ecugateway.dbc..",
            "io.ecugateway.decode..",
            "io.ecugateway.format..",
            "io.ecugateway.transport..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.vertx..", "io.netty..")
        .allowEmptyShould(true)
        .check(MAIN);
  }

  @Test
  void corePackagesDoNotDependOnTheService() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.ecugateway.frame..",
            "io.ecugateway.dbc..",
            "io.ecugateway.decode..",
            "io.ecugateway.format..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.ecugateway.app..",
            "io.ecugateway.api..",
            "io.ecugateway.ingest..",
            "io.ecugateway.sink..",
            "io.ecugateway.stream..")
        .allowEmptyShould(true)
        .check(MAIN);
  }
}
