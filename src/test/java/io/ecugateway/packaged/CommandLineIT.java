package io.ecugateway.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.testing.PackagedJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar answers its command line on the user's {@code java} and on the test's JDK. */
class CommandLineIT {
  @TempDir Path dir;

  @Test
  void versionOnTheUsersJava() throws Exception {
    try (PackagedJar jar = PackagedJar.in(dir).start("--version")) {
      assertEquals(0, jar.awaitExit(Duration.ofSeconds(60)), jar.output());
      assertTrue(jar.output().startsWith("ecu-gateway "), jar.output());
    }
  }

  @Test
  void unknownConfigurationKeyIsNamedOnTheTestsJdk() throws Exception {
    Files.writeString(dir.resolve("gw.yaml"), "http:\n  prot: 8080\n");
    try (PackagedJar jar =
        PackagedJar.in(dir).java(PackagedJar.testJava()).start("serve", "--config", "gw.yaml")) {
      assertEquals(2, jar.awaitExit(Duration.ofSeconds(60)), jar.output());
      assertTrue(jar.output().contains("unknown key 'http.prot'"), jar.output());
    }
  }
}
