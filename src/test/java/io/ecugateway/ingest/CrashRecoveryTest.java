package io.ecugateway.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecugateway.sink.MessageTable;
import io.ecugateway.testing.ChildGateway;
import io.ecugateway.testing.SharedData;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety with a real process: run {@code serve} in a child JVM, upload several CANedge
 * splits, {@code kill -9} it while they are being decoded, start it again on the same data
 * directory, and check that every upload that got a 202 is stored with exactly the rows an
 * independent decode yields: none missing, none duplicated.
 */
class CrashRecoveryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DEVICE = "3BA199E2";

  @TempDir Path dir;
  Process child;
  final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void killChild() {
    if (child != null && child.isAlive()) {
      child.destroyForcibly();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private Process serve(Path config, Path log) throws Exception {
    return serve(config, log, List.of());
  }

  private Process serve(Path config, Path log, List<String> jvmOptions) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(ChildGateway.serveCommand("512m", jvmOptions, config));
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().keySet().removeIf(k -> k.startsWith("ECUGW_"));
    int before = Files.exists(log) ? Files.readString(log).length() : 0;
    Process p = pb.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        if (Files.readString(log).substring(before).contains("halting at step")) {
          return p; // the test hook halted it while resuming uploads, before it listened
        }
        fail("gateway exited with " + p.exitValue() + ":\n" + Files.readString(log));
      }
      if (Files.readString(log).substring(before).contains("ecu-gateway listening on")) {
        return p;
      }
      Thread.sleep(100);
    }
    fail("gateway did not start within 120 s:\n" + Files.readString(log));
    return null;
  }

  /**
   * Issue 11 item 14: QuestDB unpacked its native libraries (~9 MB) into the system temporary
   * directory at every start and removed them only at a normal exit, so each kill -9 left a copy.
   * Two starts, each killed, leave nothing there and one copy in the data directory.
   */
  @Test
  void killMinus9LeavesNoNativeLibrariesInTheTemporaryDirectory() throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Path config =
        writeConfig(freePort(), freePort(), Files.createDirectories(dir.resolve("dbc")), "");
    for (int start = 0; start < 2; start++) {
      child = serve(config, dir.resolve("gateway.log"), List.of("-Djava.io.tmpdir=" + tmp));
      child.destroyForcibly(); // SIGKILL
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    }
    try (var left = Files.list(tmp)) {
      assertEquals(
          List.of(),
          left.map(Path::getFileName).map(Path::toString).toList(),
          Files.readString(dir.resolve("gateway.log")));
    }
    try (var builds = Files.list(dir.resolve("data").resolve("questdb-native"))) {
      Path build = builds.findFirst().orElseThrow();
      assertTrue(Files.isRegularFile(build.resolve("libquestdb.so")), build.toString());
    }
  }

  /** Waits until every upload is stored; fails on a failed one or after {@code within}. */
  private void awaitStored(int httpPort, List<String> ids, Duration within, Path log)
      throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    for (String id : ids) {
      while (true) {
        JsonNode s = status(httpPort, id);
        String state = s.get("status").asText();
        if (state.equals("stored")) {
          break;
        }
        assertTrue(!state.equals("failed"), s.toString());
        if (System.nanoTime() > deadline) {
          fail("upload " + id + " not stored: " + s + "\n" + logTail(log));
        }
        Thread.sleep(200);
      }
    }
  }

  /** The last lines of the child gateway's log, for failure messages. */
  private static String logTail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }

  /** The sample's DBC files in {@code dbcDir}, by bus. */
  private static Map<String, Path> sampleDbcs(Path shared, Path dbcDir) throws IOException {
    Files.createDirectories(dbcDir);
    Map<String, Path> dbcs = new LinkedHashMap<>();
    dbcs.put("can1", dbcDir.resolve("can1-j1939.dbc"));
    dbcs.put("can2", dbcDir.resolve("can2-canmod-gps.dbc"));
    Files.copy(
        shared.resolve("dbc/variants/CSS-Electronics-SAE-J1939-DEMO_asammdf-basics.dbc"),
        dbcs.get("can1"));
    Files.copy(shared.resolve("dbc/canmod-gps.dbc"), dbcs.get("can2"));
    return dbcs;
  }

  /** {@code dir/gateway.yaml}: the ports, data in {@code dir/data}, then {@code moreYaml}. */
  private Path writeConfig(int httpPort, int pgPort, Path dbcDir, String moreYaml)
      throws IOException {
    Path config = dir.resolve("gateway.yaml");
    Files.writeString(
        config,
        """
        http:
          port: %d
        storage:
          dataDir: %s
          questdb:
            pgPort: %d
        decode:
          dbcDir: %s
          workers: 2
          reloadSeconds: 0
        """
                .formatted(httpPort, dir.resolve("data"), pgPort, dbcDir)
            + moreYaml);
    return config;
  }

  private JsonNode status(int port, String id) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/uploads/" + id))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  @Test
  void everyAcceptedUploadCompletesExactlyOnceAfterKillMinus9() throws Exception {
    Path shared = SharedData.require("canedge");
    Path session = shared.resolve("LOG_finalized_sorted/3BA199E2/00000165");
    List<Path> files = new ArrayList<>();
    for (String f :
        List.of(
            "00000001-60FEB68B.MF4",
            "00000002-60FEB8E3.MF4",
            "00000003-60FEBB3B.MF4",
            "00000006-60FFE42F.MF4")) {
      files.add(session.resolve(f));
    }
    Path dbcDir = dir.resolve("dbc");
    Map<String, Path> dbcs = sampleDbcs(shared, dbcDir);

    int httpPort = freePort();
    int pgPort = freePort();
    Path config = writeConfig(httpPort, pgPort, dbcDir, "shutdown:\n  drainSeconds: 10\n");
    Path log = dir.resolve("gateway.log");

    child = serve(config, log);
    // The tables exist before the kill: a kill -9 inside QuestDB's CREATE TABLE can leave a table
    // whose sequencer has no columns, which no retry repairs (a known defect, see
    // docs/operations.md);
    // this test is about the journal and the queue. Another device, so its rows are not counted.
    HttpResponse<String> warmUp =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:%d/api/v1/devices/WARMUP01/logs/00000165/00000005.MF4"
                            .formatted(httpPort)))
                .PUT(HttpRequest.BodyPublishers.ofFile(session.resolve("00000005-60FEBFEB.MF4")))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(202, warmUp.statusCode(), warmUp.body());
    awaitStored(
        httpPort,
        List.of(JSON.readTree(warmUp.body()).get("id").asText()),
        Duration.ofSeconds(60),
        log);
    List<String> ids = new ArrayList<>();
    for (Path f : files) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:%d/api/v1/devices/%s/logs/00000165/%s"
                              .formatted(httpPort, DEVICE, f.getFileName())))
                  .PUT(HttpRequest.BodyPublishers.ofFile(f))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(202, r.statusCode(), r.body());
      ids.add(JSON.readTree(r.body()).get("id").asText());
    }
    int unfinished = 0;
    for (String id : ids) {
      String s = status(httpPort, id).get("status").asText();
      unfinished += s.equals("stored") ? 0 : 1;
    }
    child.destroyForcibly(); // SIGKILL: no shutdown hook, no drain
    child.waitFor();
    System.out.println("killed with " + unfinished + " of " + ids.size() + " uploads unfinished");
    assertTrue(unfinished > 0, "the kill must hit unfinished uploads to prove anything");

    child = serve(config, log);
    awaitStored(httpPort, ids, Duration.ofSeconds(180), log);

    Map<String, Long> expected = new HashMap<>();
    for (Path f : files) {
      IndependentDecode d = IndependentDecode.of(f, dbcs, dir);
      d.rows.forEach(
          (m, rows) -> expected.merge(MessageTable.identifier(m), (long) rows.size(), Long::sum));
    }
    try (Connection c =
        DriverManager.getConnection(
            "jdbc:postgresql://127.0.0.1:" + pgPort + "/qdb", "admin", "quest")) {
      for (Map.Entry<String, Long> e : expected.entrySet()) {
        try (PreparedStatement ps =
            c.prepareStatement("SELECT count() FROM \"" + e.getKey() + "\" WHERE device = ?")) {
          ps.setString(1, DEVICE);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            assertEquals(e.getValue(), rs.getLong(1), "rows of " + e.getKey());
          }
        }
      }
    }

    child.destroy(); // SIGTERM: graceful stop
    assertTrue(child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "graceful stop");
    assertTrue(Files.readString(log).contains("stopped"), "shutdown ran");
  }

  /**
   * Kill -9 at each step of the pipeline in turn ({@link CrashPoint}: after the archive move, after
   * the QUEUED record, after the DECODING record, after decoding, after the commit), each start on
   * the data directory the previous one left. A client sends again what got no 202. At the end
   * every upload that got a 202 is stored, the rows equal an independent decode of every file sent
   * (nothing lost, nothing twice), and the service is ready, without another restart.
   */
  @Test
  void aKillAtEachPipelineStepLosesNothingAndDuplicatesNothing() throws Exception {
    Path shared = SharedData.require("canedge");
    List<Path> files =
        List.of(
            shared.resolve("LOG_finalized_sorted/3BA199E2/00000164/00000005-60FEB5A8.MF4"),
            shared.resolve("LOG_finalized_sorted/3BA199E2/00000165/00000006-60FFE42F.MF4"),
            shared.resolve("LOG_finalized_sorted/3BA199E2/00000165/00000001-60FEB68B.MF4"),
            shared.resolve("LOG_finalized_sorted/3BA199E2/00000164/00000001-60FE3F04.MF4"),
            shared.resolve("LOG_finalized_sorted/3BA199E2/00000164/00000004-60FEB585.MF4"));
    List<String> steps =
        List.of(
            CrashPoint.ARCHIVED,
            CrashPoint.QUEUED,
            CrashPoint.DECODING,
            CrashPoint.DECODED,
            CrashPoint.COMMITTED);
    Path dbcDir = dir.resolve("dbc");
    Map<String, Path> dbcs = sampleDbcs(shared, dbcDir);
    int httpPort = freePort();
    int pgPort = freePort();
    Path config = writeConfig(httpPort, pgPort, dbcDir, "");
    Path log = dir.resolve("gateway.log");

    Map<String, String> accepted = new LinkedHashMap<>(); // upload id -> file
    List<Path> unanswered = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      child = serve(config, log, List.of("-D" + CrashPoint.PROPERTY + "=" + steps.get(i)));
      unanswered.add(files.get(i));
      sendAll(httpPort, unanswered, accepted);
      assertTrue(child.waitFor(90, TimeUnit.SECONDS), "no halt at step " + steps.get(i));
      assertEquals(137, child.exitValue(), "halted by the hook at step " + steps.get(i));
      assertTrue(
          Files.readString(log).contains("halting at step '" + steps.get(i) + "'"), steps.get(i));
    }
    // Which uploads got their 202 before a halt depends on timing: an upload journaled before one
    // kill is resumed at the next start and may reach that start's step before anything is sent.
    // So every upload the journal holds, acknowledged or not, must end stored.
    System.out.println("before the last start: " + accepted.size() + " acknowledged");
    child = serve(config, log);
    sendAll(httpPort, unanswered, accepted);
    assertEquals(List.of(), unanswered, "a healthy gateway answers every upload");
    List<String> journaled = new ArrayList<>();
    try (var records = Files.list(dir.resolve("data").resolve("uploads"))) {
      records
          .map(r -> r.getFileName().toString())
          .filter(name -> name.endsWith(".json"))
          .forEach(name -> journaled.add(name.substring(0, name.length() - ".json".length())));
    }
    assertTrue(journaled.containsAll(accepted.keySet()), "every 202'd upload is journaled");
    awaitStored(httpPort, journaled, Duration.ofSeconds(120), log);
    Map<String, java.util.Set<String>> keys = new HashMap<>();
    for (Path f : files) {
      IndependentDecode.of(f, dbcs, dir)
          .rows
          .forEach(
              (m, rows) ->
                  keys.computeIfAbsent(MessageTable.identifier(m), k -> new java.util.HashSet<>())
                      .addAll(rows.keySet()));
    }
    try (Connection c =
        DriverManager.getConnection(
            "jdbc:postgresql://127.0.0.1:" + pgPort + "/qdb", "admin", "quest")) {
      for (Map.Entry<String, java.util.Set<String>> e : keys.entrySet()) {
        try (PreparedStatement ps =
            c.prepareStatement("SELECT count() FROM \"" + e.getKey() + "\" WHERE device = ?")) {
          ps.setString(1, DEVICE);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            assertEquals(e.getValue().size(), rs.getLong(1), "rows of " + e.getKey());
          }
        }
      }
    }
    HttpResponse<String> ready =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/ready")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, ready.statusCode(), ready.body());
  }

  /**
   * PUTs each file (as split 00000001 of session 00000000, as the dashboard does); a 202 moves it
   * from {@code unanswered} to {@code accepted}. Stops at the first request the halted process
   * leaves without an answer.
   */
  private void sendAll(int port, List<Path> unanswered, Map<String, String> accepted)
      throws Exception {
    for (Path f : List.copyOf(unanswered)) {
      HttpResponse<String> r;
      try {
        r =
            http.send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:%d/api/v1/devices/%s/logs/00000000/00000001.MF4"
                                .formatted(port, DEVICE)))
                    .timeout(Duration.ofSeconds(60))
                    .PUT(HttpRequest.BodyPublishers.ofFile(f))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        return; // the process halted while answering
      }
      assertEquals(202, r.statusCode(), r.body());
      accepted.put(JSON.readTree(r.body()).get("id").asText(), f.getFileName().toString());
      unanswered.remove(f);
    }
  }
}
