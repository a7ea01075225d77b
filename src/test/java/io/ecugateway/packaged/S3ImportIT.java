package io.ecugateway.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.testing.PackagedJar;
import io.ecugateway.testing.SharedData;
import io.ecugateway.testing.TestS3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar's {@code import} (AWS SDK inside the shaded jar) against S3Proxy on loopback,
 * with credentials from the AWS standard variables: imports a log, and a second run imports
 * nothing.
 */
class S3ImportIT {
  @TempDir Path dir;

  @Test
  void importFromTheShadedJarWithAwsVariables() throws Exception {
    Path log =
        SharedData.require("canedge/LOG_finalized_sorted/3BA199E2/00000164/00000001-60FE3F04.MF4");
    try (TestS3Server s3 = TestS3Server.start()) {
      s3.createBucket("it-fleet");
      s3.put("it-fleet", "LOG/3BA199E2/00000164/00000001-60FE3F04.MF4", log);
      s3.put("it-fleet", "LOG/3BA199E2/device.json", "{}".getBytes());
      Files.writeString(
          dir.resolve("gw.yaml"),
          "http:\n  port: %d\nstorage:\n  dataDir: data\n  questdb:\n    pgPort: %d\n"
              .formatted(PackagedJar.freePort(), PackagedJar.freePort()));
      for (int run = 0; run < 2; run++) {
        try (PackagedJar jar =
            PackagedJar.in(dir)
                .env("AWS_ACCESS_KEY_ID", TestS3Server.ACCESS_KEY)
                .env("AWS_SECRET_ACCESS_KEY", TestS3Server.SECRET_KEY)
                .start(
                    "import", "s3://it-fleet/LOG/", "--endpoint", s3.endpoint(), "-c", "gw.yaml")) {
          assertEquals(0, jar.awaitExit(Duration.ofSeconds(180)), jar.output());
          String expected =
              run == 0
                  ? "2 listed, 1 imported, 0 unchanged, 1 skipped"
                  : "2 listed, 0 imported, 1 unchanged, 1 skipped";
          assertTrue(jar.output().contains(expected), jar.output());
        }
      }
    }
  }
}
