package io.ecugateway.ingest;

import static io.ecugateway.ingest.IngestHarness.acceptedId;
import static io.ecugateway.ingest.IngestHarness.sample;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecugateway.sink.questdb.QuestDbSink;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, items 1, 3 and 10 through real HTTP on embedded QuestDB: uploads of one split never
 * overwrite each other's raw file (PUT, one multipart POST, a concurrent race), a table dropped
 * behind the gateway's back is created again, junk is refused before the 202, and failure reasons
 * name no server path. Each test uses its own device, so row counts do not mix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestDurabilityTest {
  static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir static Path dir;
  IngestHarness gw;

  @BeforeAll
  void start() throws Exception {
    gw = IngestHarness.start(dir.resolve("data"), dir);
  }

  @AfterAll
  void stop() {
    if (gw != null) {
      gw.close();
    }
  }

  /** Every upload stored, its archive object holds exactly the bytes it sent, counts are exact. */
  private void assertEachStoredFromItsOwnBytes(String device, List<String> ids, List<Path> files)
      throws Exception {
    List<String> archives = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      JsonNode s = gw.waitFinal(ids.get(i), WAIT);
      assertEquals("stored", s.get("status").asText(), s.toString());
      String archive = gw.journalRecord(ids.get(i)).get("archive").asText();
      archives.add(archive);
      assertArrayEquals(
          Files.readAllBytes(files.get(i)),
          Files.readAllBytes(gw.dataDir.resolve(archive)),
          "upload " + i + " is archived with its own bytes");
    }
    assertEquals(ids.size(), archives.stream().distinct().count(), "one archive object each");
    Map<String, Long> expected = gw.expectedRows(files);
    assertEquals(expected, gw.storedRows(device, expected));
  }

  @Test
  void twoPutsOfOneSplitWithDifferentContentAreBothStored() throws Exception {
    String device = "SAMESPLIT1";
    List<Path> files = List.of(sample(1), sample(5));
    List<String> ids = new ArrayList<>();
    for (Path f : files) {
      ids.add(acceptedId(gw.put(device, "00000000", "00000001.MF4", Files.readAllBytes(f))));
    }
    assertEachStoredFromItsOwnBytes(device, ids, files);
  }

  @Test
  void oneMultipartPostWithTwoFilesOfOneNameStoresBoth() throws Exception {
    String device = "SAMESPLIT2";
    List<Path> files = List.of(sample(7), sample(5));
    HttpResponse<String> r =
        gw.postFiles(
            device,
            "00000000",
            List.of(
                Map.entry("00000001.MF4", Files.readAllBytes(files.get(0))),
                Map.entry("00000001.MF4", Files.readAllBytes(files.get(1)))));
    assertEquals(202, r.statusCode(), r.body());
    List<String> ids = new ArrayList<>();
    IngestHarness.JSON
        .readTree(r.body())
        .get("uploads")
        .forEach(u -> ids.add(u.get("id").asText()));
    assertEquals(2, ids.size(), r.body());
    assertEachStoredFromItsOwnBytes(device, ids, files);
  }

  @Test
  void concurrentPutsOfOneSplitAreAllStored() throws Exception {
    String device = "SAMESPLIT3";
    List<Path> files = List.of(sample(1), sample(5), sample(6), sample(7));
    ExecutorService pool = Executors.newFixedThreadPool(files.size());
    try {
      List<Future<String>> puts = new ArrayList<>();
      for (Path f : files) {
        byte[] body = Files.readAllBytes(f);
        Callable<String> put = () -> acceptedId(gw.put(device, "00000000", "00000001.MF4", body));
        puts.add(pool.submit(put));
      }
      List<String> ids = new ArrayList<>();
      for (Future<String> p : puts) {
        ids.add(p.get());
      }
      assertEachStoredFromItsOwnBytes(device, ids, files);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void emptyRandomAndJsonBodiesAreRefusedBeforeThe202AndNotKept() throws Exception {
    String device = "JUNK1";
    byte[] random = new byte[200_000];
    new Random(7).nextBytes(random);
    HttpResponse<String> empty = gw.put(device, "00000001", "00000001.MF4", new byte[0]);
    assertEquals(400, empty.statusCode(), empty.body());
    assertTrue(empty.body().contains("empty body"), empty.body());
    for (byte[] junk :
        List.of(random, "{\"hello\": [1, 2, 3]}\n".getBytes(StandardCharsets.UTF_8))) {
      HttpResponse<String> r = gw.put(device, "00000001", "00000002.MF4", junk);
      assertEquals(415, r.statusCode(), r.body());
      assertTrue(r.body().contains("unrecognised log format"), r.body());
      assertFalse(r.body().contains(dir.toString()), "no server path: " + r.body());
    }
    HttpResponse<String> multipart =
        gw.postFiles(
            device,
            "00000001",
            List.of(
                Map.entry("00000003.MF4", Files.readAllBytes(sample(5))),
                Map.entry("00000004.MF4", random)));
    assertEquals(415, multipart.statusCode(), "one junk file refuses the request: " + multipart);
    assertFalse(Files.exists(gw.dataDir.resolve("archive").resolve(device)), "nothing archived");
    assertEquals(List.of(), gw.journalRecords(device), "nothing journaled");
    assertEquals(0, gw.spoolFiles(), "refused bodies are deleted from the spool");
  }

  @Test
  void aFailureReasonNamesTheFileNotAServerPath() throws Exception {
    byte[] log = Files.readAllBytes(sample(5));
    byte[] corrupt = Arrays.copyOf(log, log.length);
    for (int i = 64; i < corrupt.length; i++) {
      corrupt[i] = (byte) (i * 31); // the MDF identification block stays, every block after is junk
    }
    String id = acceptedId(gw.put("CORRUPT1", "00000001", "00000001.MF4", corrupt));
    JsonNode s = gw.waitFinal(id, WAIT);
    assertEquals("failed", s.get("status").asText(), s.toString());
    String reason = s.get("reason").asText();
    assertFalse(reason.contains(dir.toString()), reason);
    assertFalse(reason.contains(gw.dataDir.toString()), reason);
    assertTrue(reason.contains("00000001.MF4"), "names the file: " + reason);
  }

  @Test
  void aTableDroppedBehindTheGatewaysBackIsCreatedAgain() throws Exception {
    String device = "DROPPED1";
    String first =
        acceptedId(gw.put(device, "00000001", "00000001.MF4", Files.readAllBytes(sample(5))));
    assertEquals("stored", gw.waitFinal(first, WAIT).get("status").asText());
    Map<String, Long> expected = gw.expectedRows(List.of(sample(1)));
    QuestDbSink sink = (QuestDbSink) gw.server.context().queries();
    try (Connection c = DriverManager.getConnection(sink.jdbcUrl(), "admin", "quest");
        Statement st = c.createStatement()) {
      for (String table : gw.expectedRows(List.of(sample(5))).keySet()) {
        st.execute("DROP TABLE IF EXISTS \"" + table + "\"");
      }
    }
    String second =
        acceptedId(gw.put(device, "00000001", "00000002.MF4", Files.readAllBytes(sample(1))));
    JsonNode s = gw.waitFinal(second, WAIT);
    assertEquals("stored", s.get("status").asText(), s.toString());
    assertEquals(expected, gw.storedRows(device, expected), "the dropped tables hold the new rows");
    assertEquals(200, gw.get("/ready").statusCode(), gw.get("/ready").body());
  }

  /** Descriptors this JVM (the gateway's) holds open on files in the spool directory. */
  private long openSpoolDescriptors() throws Exception {
    Path spool = gw.dataDir.resolve("spool").toRealPath();
    long n = 0;
    try (var fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        try {
          if (Files.readSymbolicLink(fd).toString().startsWith(spool.toString())) {
            n++;
          }
        } catch (java.io.IOException gone) {
          // closed meanwhile
        }
      }
    }
    return n;
  }

  /**
   * Sends headers and part of a body announced longer, then closes the connection: at once (while
   * the gateway may still be opening its spool file) and after a while (mid-body).
   */
  private void sendCutOff(String head, byte[] part) throws Exception {
    for (int delayMs : new int[] {0, 300}) {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", gw.server.port())) {
        s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().write(part);
        s.getOutputStream().flush();
        Thread.sleep(delayMs);
      }
    }
  }

  @Test
  void aBodyCutOffMidwayReleasesItsSpoolFileAndDescriptorAtOnce() throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc (Linux)");
    byte[] log = Files.readAllBytes(sample(1));
    byte[] part = Arrays.copyOf(log, 300_000);
    sendCutOff(
        "PUT /api/v1/devices/CUTOFF1/logs/00000001/00000001.MF4 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Authorization: Bearer "
            + IngestHarness.TOKEN
            + "\r\nContent-Length: "
            + log.length
            + "\r\n\r\n",
        part);
    String boundary = "----cutoff";
    byte[] partHead =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"00000001.MF4\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] body = new byte[partHead.length + part.length];
    System.arraycopy(partHead, 0, body, 0, partHead.length);
    System.arraycopy(part, 0, body, partHead.length, part.length);
    sendCutOff(
        "POST /api/v1/devices/CUTOFF1/logs HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Authorization: Bearer "
            + IngestHarness.TOKEN
            + "\r\nContent-Type: multipart/form-data; boundary="
            + boundary
            + "\r\nContent-Length: "
            + (body.length + 1_000_000)
            + "\r\n\r\n",
        body);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (gw.spoolFiles() > 0 || openSpoolDescriptors() > 0) {
      assertTrue(
          System.nanoTime() < deadline,
          "after 10 s: spool files "
              + gw.spoolFileNames()
              + ", "
              + openSpoolDescriptors()
              + " open");
      Thread.sleep(100);
    }
    assertEquals(List.of(), gw.journalRecords("CUTOFF1"));
  }
}
