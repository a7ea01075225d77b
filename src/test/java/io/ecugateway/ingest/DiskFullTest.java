package io.ecugateway.ingest;

import static io.ecugateway.ingest.IngestHarness.acceptedId;
import static io.ecugateway.ingest.IngestHarness.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection (issue 11 item 2): a full disk under the store and under the spool, made real
 * with two small tmpfs mounts the test creates (the data directory, and the embedded QuestDB's
 * directory inside it). Needs root to mount; skipped with a message where mounting is not
 * permitted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiskFullTest {
  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir static Path dir;
  final List<Path> mounts = new ArrayList<>();
  Path data;
  IngestHarness gw;

  @BeforeAll
  void mountAndStart() throws Exception {
    data = dir.resolve("data");
    // QuestDB needs 256 MiB free to start and allocates 16 MiB per column file and partition (about
    // 1 GiB for the sample's tables): the store tmpfs is sized for that, filled only while testing
    Assumptions.assumeTrue(
        mount(data, "64m"), "skipped: mounting a tmpfs needs root (CAP_SYS_ADMIN) on Linux");
    Assumptions.assumeTrue(mount(data.resolve("questdb"), "3g"), "skipped: second tmpfs");
    gw = IngestHarness.start(data, dir);
  }

  @AfterAll
  void stopAndUnmount() throws Exception {
    if (gw != null) {
      gw.close();
    }
    for (Path m : mounts.reversed()) {
      run("umount", "-l", m.toString());
    }
  }

  private boolean mount(Path at, String size) throws Exception {
    Files.createDirectories(at);
    if (!System.getProperty("os.name").equals("Linux")
        || run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", at.toString()) != 0) {
      return false;
    }
    mounts.add(at);
    return true;
  }

  private static int run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }

  /** Writes {@code file} until the filesystem is full. */
  private static void fill(Path file) throws IOException {
    byte[] chunk = new byte[1 << 16];
    try (OutputStream out = Files.newOutputStream(file)) {
      while (true) {
        out.write(chunk);
      }
    } catch (IOException e) {
      if (!Ingest.outOfSpace(e)) {
        throw e;
      }
    }
  }

  private HttpResponse<String> ready() throws Exception {
    return gw.get("/ready");
  }

  @Test
  void aFullStoreDiskIsRetriedUntilSpaceReturnsThenStoredExactlyOnce() throws Exception {
    String device = "FULLSTORE1";
    Path filler = data.resolve("questdb").resolve("filler");
    String id;
    try {
      fill(filler);
      id = acceptedId(gw.put(device, "00000001", "00000005.MF4", Files.readAllBytes(sample(5))));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (ready().statusCode() == 200) {
        assertTrue(System.nanoTime() < deadline, "/ready never showed the failing store");
        Thread.sleep(200);
      }
      HttpResponse<String> r = ready();
      assertEquals(503, r.statusCode());
      assertTrue(r.body().contains("\"ingest\":\"DOWN\""), r.body());
      JsonNode s = gw.status(id);
      assertNotEquals("failed", s.get("status").asText(), "waits for space: " + s);
      assertNotEquals("stored", s.get("status").asText(), s.toString());
      String metrics = gw.get("/metrics").body();
      assertTrue(metrics.contains("ecugw_store_failures_total"), "failures are counted");
      assertTrue(metrics.contains("ecugw_store_failing 1.0"), "failing gauge");
    } finally {
      Files.deleteIfExists(filler);
    }
    JsonNode done = gw.waitFinal(id, WAIT);
    assertEquals("stored", done.get("status").asText(), done.toString());
    Map<String, Long> expected = gw.expectedRows(List.of(sample(5)));
    assertEquals(expected, gw.storedRows(device, expected));
    assertEquals(200, ready().statusCode(), "healthy again without a restart: " + ready().body());
  }

  @Test
  void aFullSpoolDiskAnswers507AndKeepsNothingThenAcceptsAgain() throws Exception {
    String device = "FULLSPOOL1";
    Path filler = data.resolve("filler");
    byte[] log = Files.readAllBytes(sample(5));
    try {
      fill(filler);
      HttpResponse<String> put = gw.put(device, "00000001", "00000005.MF4", log);
      assertEquals(507, put.statusCode(), put.body());
      assertTrue(!put.body().contains(dir.toString()), "no server path: " + put.body());
      Thread.sleep(1500); // the free space the event loop checks is read every second
      long t0 = System.nanoTime();
      HttpResponse<String> post =
          gw.postFiles(device, "00000001", List.of(Map.entry("00000005.MF4", log)));
      assertEquals(507, post.statusCode(), post.body());
      assertTrue(post.body().contains("bytes free"), post.body());
      assertTrue(
          System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos(),
          "a multipart body on a full disk is answered at once, not left to the idle timeout");
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (gw.spoolFiles() > 0) {
        assertTrue(System.nanoTime() < deadline, "spool files left behind");
        Thread.sleep(100);
      }
      assertEquals(List.of(), gw.journalRecords(device), "nothing journaled");
    } finally {
      Files.deleteIfExists(filler);
    }
    // at once, before the once-a-second free-space reading has seen the space come back
    String id = acceptedId(gw.postFiles(device, "00000001", List.of(Map.entry("a.MF4", log))));
    JsonNode done = gw.waitFinal(id, WAIT);
    assertEquals("stored", done.get("status").asText(), done.toString());
    Map<String, Long> expected = gw.expectedRows(List.of(sample(5)));
    assertEquals(expected, gw.storedRows(device, expected));
    if (ready().statusCode() != 200) {
      fail("not ready: " + ready().body());
    }
  }

  @Test
  void aFullJournalDiskIsRetriedToo() throws Exception {
    String device = "FULLJOURNAL1";
    Path storeFiller = data.resolve("questdb").resolve("filler");
    Path dataFiller = data.resolve("filler");
    String id;
    try {
      fill(storeFiller);
      id = acceptedId(gw.put(device, "00000001", "00000006.MF4", Files.readAllBytes(sample(7))));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (ready().statusCode() == 200) {
        assertTrue(System.nanoTime() < deadline, "/ready never showed the failing store");
        Thread.sleep(200);
      }
      fill(dataFiller); // now the journal cannot record the next attempt either
      Files.delete(storeFiller);
      while (!gw.get("/metrics").body().contains("stage=\"journal\"")) {
        assertTrue(System.nanoTime() < deadline, "no journal failure counted");
        Thread.sleep(200);
      }
      JsonNode s = gw.status(id);
      assertNotEquals("failed", s.get("status").asText(), "waits for space: " + s);
      assertEquals(503, ready().statusCode());
    } finally {
      Files.deleteIfExists(storeFiller);
      Files.deleteIfExists(dataFiller);
    }
    JsonNode done = gw.waitFinal(id, WAIT);
    assertEquals("stored", done.get("status").asText(), done.toString());
    Map<String, Long> expected = gw.expectedRows(List.of(sample(7)));
    assertEquals(expected, gw.storedRows(device, expected));
    assertEquals(200, ready().statusCode(), "healthy again without a restart: " + ready().body());
    assertEquals("STORED", gw.journalRecord(id).get("state").asText(), "the journal knows it");
  }
}
