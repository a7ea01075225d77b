package io.ecugateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package map: no cycles between packages, and the core packages (frames, DBC, decoding, file
 * formats, transport) never depend on Vert.x or on the service. The decode pipeline ({@code
 * pipeline}: core decoding plus the store's row interface) never depends on Vert.x either.
 */
class ArchitectureTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.ecugateway");

  /** Top-level packages ({@code app}, {@code ingest}, {@code format}...) form no cycle. */
  @Test
  void topLevelPackagesAreFreeOfCycles() {
    slices().matching("io.ecugateway.(*)..").should().beFreeOfCycles().check(MAIN);
  }

  /** Nor do packages inside them: {@code format} does not know its format packages. */
  @Test
  void packagesAreFreeOfCycles() {
    slices().matching("io.ecugateway.(**)").should().beFreeOfCycles().check(MAIN);
  }

  /**
   * {@code app} assembles the gateway (server start, command line, configuration loading): features
   * reach the server through {@code server} and {@code config} instead.
   */
  @Test
  void onlyTheAssemblyImportsApp() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.ecugateway.app..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.ecugateway.app..")
        .check(MAIN);
  }

  @Test
  void corePackagesDoNotImportVertx() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.ecugateway.frame..",
            "io.ecugateway.dbc..",
            "io.ecugateway.decode..",
            "io.ecugateway.format..",
            "io.ecugateway.transport..",
            "io.ecugateway.pipeline..",
            "io.ecugateway.s3.sigv4..")
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
            "io.ecugateway.format..",
            "io.ecugateway.transport..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.ecugateway.app..",
            "io.ecugateway.api..",
            "io.ecugateway.cli..",
            "io.ecugateway.config..",
            "io.ecugateway.ingest..",
            "io.ecugateway.server..",
            "io.ecugateway.sink..",
            "io.ecugateway.stream..")
        .allowEmptyShould(true)
        .check(MAIN);
  }
}
