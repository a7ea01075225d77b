package io.ecugateway.s3import;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ecugateway.app.ConfigLoader;
import io.ecugateway.app.GatewayServer;
import io.ecugateway.ingest.Ingest;
import io.ecugateway.ingest.Upload;
import io.ecugateway.ingest.UploadState;
import io.ecugateway.testing.SharedData;
import io.ecugateway.testing.TestS3Server;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code s3import} section in a running gateway: it imports what the bucket holds at start and,
 * polling, what arrives later, each once.
 */
class S3ImportModuleTest {
  @TempDir Path dir;

  @Test
  void theRunningGatewayKeepsImportingNewObjects() throws Exception {
    Path session = SharedData.require("canedge/LOG_finalized_sorted/3BA199E2/00000165");
    try (TestS3Server s3 = TestS3Server.start()) {
      s3.createBucket("polled");
      s3.put(
          "polled",
          "LOG/3BA199E2/00000165/00000001-60FEB68B.MF4",
          session.resolve("00000001-60FEB68B.MF4"));
      Path config = FleetBucket.config(dir, 0, FleetBucket.freePort(), dir, s3, "polled");
      Map<String, String> env =
          Map.of("ECUGW_S3IMPORT_ENABLED", "true", "ECUGW_S3IMPORT_INTERVAL_SECONDS", "1");
      GatewayServer server = GatewayServer.start(ConfigLoader.load(config, env::get));
      try {
        Ingest ingest = server.context().service(Ingest.class);
        awaitStoredSplits(ingest, 1);
        s3.put(
            "polled",
            "LOG/3BA199E2/00000165/00000002-60FEB8E3.MF4",
            session.resolve("00000002-60FEB8E3.MF4"));
        awaitStoredSplits(ingest, 2);
        Thread.sleep(2500); // two more passes: nothing new
        assertEquals(2, ingest.journal().all().size(), ingest.journal().all().toString());
        double listed =
            server
                .context()
                .meters()
                .get("ecugw.s3import.objects")
                .tag("result", "listed")
                .counter()
                .count();
        assertTrue(listed >= 4, "passes kept listing: " + listed);
      } finally {
        server.close();
      }
    }
  }

  private static void awaitStoredSplits(Ingest ingest, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (ingest.journal().all().stream().filter(u -> u.state() == UploadState.STORED).count()
        < count) {
      for (Upload u : ingest.journal().all()) {
        assertTrue(u.state() != UploadState.FAILED, u.toString());
      }
      if (System.nanoTime() > deadline) {
        fail("not " + count + " stored within 90 s: " + ingest.journal().all());
      }
      Thread.sleep(100);
    }
  }
}
