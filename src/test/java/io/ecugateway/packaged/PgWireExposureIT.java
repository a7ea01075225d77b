package io.ecugateway.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.testing.PackagedJar;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 7 as an operator meets it: the embedded QuestDB's PG wire bound beyond loopback
 * through {@code ECUGW_*} variables (what the compose and k8s files set) with QuestDB's default
 * passwords is refused before anything opens, naming the variables to set.
 */
class PgWireExposureIT {
  @TempDir Path dir;

  @Test
  void nonLoopbackPgWireWithDefaultPasswordsIsRefused() throws Exception {
    try (PackagedJar jar =
        PackagedJar.in(dir)
            .java(PackagedJar.testJava())
            .env("ECUGW_AUTH_TOKENS", "a-long-enough-test-token")
            .env("ECUGW_HTTP_PORT", Integer.toString(PackagedJar.freePort()))
            .env("ECUGW_STORAGE_QUESTDB_PG_HOST", "0.0.0.0")
            .start("serve")) {
      assertEquals(2, jar.awaitExit(Duration.ofSeconds(60)), jar.output());
      String out = jar.output();
      assertTrue(out.contains("ECUGW_STORAGE_QUESTDB_PG_PASSWORD"), out);
      assertTrue(out.contains("ECUGW_STORAGE_QUESTDB_READ_ONLY_PASSWORD"), out);
      assertFalse(out.contains("listening on"), out);
    }
  }
}
