package io.ecugateway.s3import;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ecugateway.app.ConfigLoader;
import io.ecugateway.app.GatewayServer;
import io.ecugateway.config.GatewayConfig;
import io.ecugateway.ingest.Ingest;
import io.ecugateway.ingest.Upload;
import io.ecugateway.ingest.UploadState;
import io.ecugateway.testing.SharedData;
import io.ecugateway.testing.TestS3Server;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bucket import against a real S3-compatible server (S3Proxy, in-process on loopback) holding the
 * sample logs as a fleet's bucket does: each log is imported once and stored, other objects are
 * skipped and counted, a second pass and a restart import nothing, a changed object (new ETag) is
 * imported again without adding rows.
 */
class BucketImportTest {
  private static final String BUCKET = "fleet";

  @TempDir Path dir;
  TestS3Server s3;
  GatewayServer server;

  @BeforeEach
  void startS3() throws Exception {
    s3 = TestS3Server.start();
  }

  @AfterEach
  void stopAll() throws Exception {
    if (server != null) {
      server.close();
    }
    s3.close();
  }

  @Test
  void aFleetBucketIsImportedOnceAndAChangedObjectAgain() throws Exception {
    Path canedge = SharedData.require("canedge");
    Map<String, Path> logs = FleetBucket.logs(canedge);
    assertTrue(logs.size() >= 30, "sample logs found: " + logs.size());
    FleetBucket.fill(s3, BUCKET, logs);
    int pgPort = FleetBucket.freePort();
    Path config =
        FleetBucket.config(
            dir, 0, pgPort, FleetBucket.dbcDir(canedge, dir.resolve("dbc")), s3, BUCKET);
    GatewayConfig cfg = ConfigLoader.load(config, k -> null);
    int others = FleetBucket.OTHER_KEYS.size();

    server = GatewayServer.start(cfg);
    Ingest ingest = server.context().service(Ingest.class);
    try (BucketImporter importer = importer(cfg)) {
      ImportPass first = importer.runOnce();
      assertEquals(logs.size() + others, first.listed(), first.summary());
      assertEquals(logs.size(), first.imported(), first.summary());
      assertEquals(others, first.skipped(), first.summary());
      assertEquals(0, first.failed(), first.summary());
      assertEquals(totalBytes(logs), first.bytes(), first.summary());
      awaitStored(ingest, first.uploadIds());
      assertEquals(logs.keySet(), importedKeys(ingest, first.uploadIds()));

      Map<String, Long> rows = FleetBucket.rowsPerTable(pgPort);
      assertTrue(
          rows.values().stream().mapToLong(Long::longValue).sum() > 100_000, rows.toString());

      int journaled = ingest.journal().all().size();
      ImportPass second = importer.runOnce();
      assertEquals(0, second.imported(), second.summary());
      assertEquals(logs.size(), second.unchanged(), second.summary());
      assertEquals(others, second.skipped(), second.summary());
      assertEquals(journaled, ingest.journal().all().size(), "a second pass journals nothing");
      assertEquals(rows, FleetBucket.rowsPerTable(pgPort), "a second pass stores nothing");

      // A changed object (new ETag: another split of the same session) is imported again; its rows
      // are already stored (same device, bus and times), so the store upserts them.
      String changed = "LOG/3BA199E2/00000164/00000005-60FEB5A8.MF4";
      s3.put(BUCKET, changed, logs.get("LOG/3BA199E2/00000164/00000001-60FE3F04.MF4"));
      ImportPass third = importer.runOnce();
      assertEquals(1, third.imported(), third.summary());
      assertEquals(logs.size() - 1, third.unchanged(), third.summary());
      awaitStored(ingest, third.uploadIds());
      assertEquals(Set.of(changed), importedKeys(ingest, third.uploadIds()));
      assertEquals(rows, FleetBucket.rowsPerTable(pgPort), "re-imported rows are upserted");

      MeterRegistry meters = server.context().meters();
      assertEquals(3.0 * others, count(meters, "skipped"));
      assertEquals(logs.size() + 1.0, count(meters, "imported"));
      assertEquals(3.0 * (logs.size() + others), count(meters, "listed"));
    }

    // The state survives a restart: the next gateway imports nothing.
    server.close();
    server = GatewayServer.start(cfg);
    try (BucketImporter importer = importer(cfg)) {
      ImportPass afterRestart = importer.runOnce();
      assertEquals(0, afterRestart.imported(), afterRestart.summary());
      assertEquals(logs.size(), afterRestart.unchanged(), afterRestart.summary());
    }
  }

  @Test
  void aMissingBucketEndsThePassWithAnErrorAndImportsNothing() throws Exception {
    Path config = FleetBucket.config(dir, 0, FleetBucket.freePort(), dir, s3, "no-such-bucket");
    GatewayConfig cfg = ConfigLoader.load(config, k -> null);
    server = GatewayServer.start(cfg);
    try (BucketImporter importer = importer(cfg)) {
      ImportPass pass = importer.runOnce();
      assertEquals(0, pass.listed());
      assertTrue(pass.error() != null && pass.error().contains("NoSuchBucket"), pass.summary());
    }
  }

  @Test
  void anObjectThePipelineRefusesIsCountedFailedAndNotDownloadedAgain() throws Exception {
    s3.createBucket("junk");
    s3.put("junk", "LOG/3BA199E2/00000164/00000001.MF4", "not a log".getBytes());
    Path config = FleetBucket.config(dir, 0, FleetBucket.freePort(), dir, s3, "junk");
    GatewayConfig cfg = ConfigLoader.load(config, k -> null);
    server = GatewayServer.start(cfg);
    try (BucketImporter importer = importer(cfg)) {
      ImportPass first = importer.runOnce();
      assertEquals(1, first.failed(), first.summary());
      assertEquals(0, first.imported(), first.summary());
      ImportPass second = importer.runOnce();
      assertEquals(0, second.failed(), second.summary());
      assertEquals(1, second.unchanged(), second.summary());
      assertEquals(0, server.context().service(Ingest.class).journal().all().size());
      assertEquals(0.0, server.context().meters().get("ecugw.s3import.bytes").counter().count());
    }
  }

  private BucketImporter importer(GatewayConfig cfg) throws Exception {
    return BucketImporter.open(
        server.context().service(Ingest.class),
        cfg.s3import(),
        cfg.storage().dataPath(),
        server.context().meters());
  }

  private static double count(MeterRegistry meters, String result) {
    return meters.get("ecugw.s3import.objects").tag("result", result).counter().count();
  }

  private static long totalBytes(Map<String, Path> logs) throws Exception {
    long sum = 0;
    for (Path f : logs.values()) {
      sum += Files.size(f);
    }
    return sum;
  }

  /** The keys the uploads came from, as device/session/split under {@code LOG/}. */
  private static Set<String> importedKeys(Ingest ingest, List<String> ids) {
    Set<String> keys = new HashSet<>();
    for (String id : ids) {
      Upload u = ingest.journal().get(id).orElseThrow();
      keys.add("LOG/" + u.device() + "/" + u.session() + "/" + u.split());
    }
    return keys;
  }

  /** Waits until every upload is STORED; fails on a FAILED one or after two minutes. */
  static void awaitStored(Ingest ingest, List<String> ids) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    for (String id : ids) {
      while (true) {
        Upload u = ingest.journal().get(id).orElseThrow();
        if (u.state() == UploadState.STORED) {
          break;
        }
        assertTrue(u.state() != UploadState.FAILED, u.toString());
        if (System.nanoTime() > deadline) {
          fail("not stored within 2 minutes: " + u);
        }
        Thread.sleep(100);
      }
    }
  }
}
