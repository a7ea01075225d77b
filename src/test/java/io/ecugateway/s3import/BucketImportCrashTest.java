package io.ecugateway.s3import;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ecugateway.app.ConfigLoader;
import io.ecugateway.app.GatewayServer;
import io.ecugateway.config.GatewayConfig;
import io.ecugateway.ingest.Ingest;
import io.ecugateway.ingest.Upload;
import io.ecugateway.ingest.UploadJournal;
import io.ecugateway.ingest.UploadState;
import io.ecugateway.testing.ChildGateway;
import io.ecugateway.testing.SharedData;
import io.ecugateway.testing.TestS3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of the {@code import} command with real processes: {@code import} runs in a child
 * JVM against S3Proxy and is killed (halt, as {@code kill -9}) after an object was journaled but
 * before the import recorded it, while the pipeline decodes, and at a random moment of a download;
 * a last run completes. Then every log object is journaled exactly once and stored, and the store
 * holds exactly the rows of a clean import into an empty data directory.
 */
class BucketImportCrashTest {
  private static final String BUCKET = "crash-fleet";

  @TempDir Path dir;
  Process child;

  @AfterEach
  void killChild() {
    if (child != null && child.isAlive()) {
      child.destroyForcibly();
    }
  }

  @Test
  void killMinus9DuringAnImportLosesNothingAndStoresNothingTwice() throws Exception {
    Path canedge = SharedData.require("canedge");
    Map<String, Path> logs = new TreeMap<>(FleetBucket.logs(canedge));
    logs.keySet().removeIf(k -> !k.startsWith("LOG/3BA199E2/"));
    assertEquals(11, logs.size(), logs.keySet().toString());
    Path dbcDir = FleetBucket.dbcDir(canedge, dir.resolve("dbc"));
    try (TestS3Server s3 = TestS3Server.start()) {
      FleetBucket.fill(s3, BUCKET, logs);
      Path crashDir = Files.createDirectories(dir.resolve("crash"));
      int pgPort = FleetBucket.freePort();
      Path config =
          FleetBucket.config(crashDir, FleetBucket.freePort(), pgPort, dbcDir, s3, BUCKET);
      Path log = crashDir.resolve("import.log");

      // One session first, so QuestDB's tables exist before any kill (a kill inside its CREATE
      // TABLE is a known defect of its own, docs/operations.md).
      assertEquals(0, importRun(config, log, "LOG/3BA199E2/00000164/", List.of(), false));
      // Killed after the first object is journaled, before the import records it.
      assertEquals(137, importRun(config, log, "LOG/", halt("s3import-accepted"), false));
      // Killed while the pipeline decodes (the upload the last run journaled, or a new one).
      assertEquals(137, importRun(config, log, "LOG/", halt("decoded"), false));
      // SIGKILL once this run has imported an object.
      assertEquals(137, importRun(config, log, "LOG/", List.of(), true));
      assertEquals(0, importRun(config, log, "LOG/", List.of(), false));
      String output = Files.readString(log);
      assertTrue(output.contains("failed to decode: 0"), output);

      UploadJournal journal = new UploadJournal(crashDir.resolve("data").resolve("uploads"));
      Map<String, Integer> perKey = new TreeMap<>();
      for (Upload u : journal.all()) {
        assertEquals(UploadState.STORED, u.state(), u.toString());
        perKey.merge("LOG/" + u.device() + "/" + u.session() + "/" + u.split(), 1, Integer::sum);
      }
      Map<String, Integer> once = new TreeMap<>();
      logs.keySet().forEach(k -> once.put(k, 1));
      assertEquals(once, perKey, "every log journaled exactly once");

      Map<String, Long> rows = rowsOf(ConfigLoader.load(config, k -> null), pgPort, false);
      Path cleanDir = Files.createDirectories(dir.resolve("clean"));
      int cleanPg = FleetBucket.freePort();
      Path cleanConfig = FleetBucket.config(cleanDir, 0, cleanPg, dbcDir, s3, BUCKET);
      Map<String, Long> clean = rowsOf(ConfigLoader.load(cleanConfig, k -> null), cleanPg, true);
      assertTrue(clean.values().stream().mapToLong(Long::longValue).sum() > 0, clean.toString());
      assertEquals(clean, rows, "rows after the kills equal those of a clean import");
    }
  }

  private static List<String> halt(String step) {
    return List.of("-Decugw.test.haltAt=" + step);
  }

  /**
   * Runs {@code import s3://BUCKET/<prefix>} in a child JVM (one download at a time, each waiting
   * for the queue to empty, so a kill finds work under way) and returns its exit code; with {@code
   * killAfterImport}, SIGKILLs it once it logged its first imported object.
   */
  private int importRun(
      Path config, Path log, String prefix, List<String> jvmOptions, boolean killAfterImport)
      throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
            ChildGateway.command(
                "512m",
                jvmOptions,
                List.of(
                    "import",
                    "s3://" + BUCKET + "/" + prefix,
                    "--config",
                    config.toString(),
                    "--parallel",
                    "1")));
    pb.environment().keySet().removeIf(k -> k.startsWith("ECUGW_") || k.startsWith("AWS_"));
    pb.environment().put("ECUGW_S3IMPORT_MAX_QUEUED_UPLOADS", "1");
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    int before = Files.exists(log) ? Files.readString(log).length() : 0;
    child = pb.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    while (child.isAlive()) {
      if (killAfterImport
          && Files.readString(log).substring(before).contains("s3import: imported")) {
        child.destroyForcibly(); // SIGKILL
        break;
      }
      if (System.nanoTime() > deadline) {
        fail("import did not end within 180 s:\n" + Files.readString(log).substring(before));
      }
      Thread.sleep(20);
    }
    assertTrue(child.waitFor(60, TimeUnit.SECONDS));
    return child.exitValue();
  }

  /**
   * Rows per table of a gateway on {@code cfg}'s data directory, after importing the bucket into it
   * when {@code importFirst}.
   */
  private static Map<String, Long> rowsOf(GatewayConfig cfg, int pgPort, boolean importFirst)
      throws Exception {
    GatewayServer server = GatewayServer.start(cfg);
    try {
      if (importFirst) {
        Ingest ingest = server.context().service(Ingest.class);
        try (BucketImporter importer =
            BucketImporter.open(
                ingest, cfg.s3import(), cfg.storage().dataPath(), server.context().meters())) {
          ImportPass pass = importer.runOnce();
          assertEquals(0, pass.failed(), pass.summary());
          BucketImportTest.awaitStored(ingest, new ArrayList<>(pass.uploadIds()));
        }
      }
      return FleetBucket.rowsPerTable(pgPort);
    } finally {
      server.close();
    }
  }
}
