package io.ecugateway.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecugateway.app.GatewayServer;
import io.ecugateway.config.GatewayConfig;
import io.ecugateway.config.TestConfigs;
import io.ecugateway.server.AuthConfig;
import io.ecugateway.server.ShutdownConfig;
import io.ecugateway.sink.MessageTable;
import io.ecugateway.testing.SharedData;
import io.ecugateway.testing.TestStore;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A gateway in this JVM over a data directory of the test's choosing, with the CANedge sample DBCs,
 * and what the durability tests do with it: upload (PUT, multipart), wait for the final state, read
 * the journal, and compare stored row counts with an independent decode of the files sent.
 */
final class IngestHarness implements AutoCloseable {
  static final String TOKEN = "ingest-token";
  static final ObjectMapper JSON = new ObjectMapper();

  final Path dataDir;
  final Path tempDir;
  final Map<String, Path> dbcs = new LinkedHashMap<>();
  final GatewayServer server;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private IngestHarness(Path dataDir, Path tempDir, GatewayServer server, Map<String, Path> dbcs) {
    this.dataDir = dataDir;
    this.tempDir = tempDir;
    this.server = server;
    this.dbcs.putAll(dbcs);
  }

  /** The CANedge sample splits: session 00000164 ({@code 1..5}) and 00000165 ({@code 6..11}). */
  static Path sample(int n) {
    Path shared = SharedData.require("canedge").resolve("LOG_finalized_sorted/3BA199E2");
    List<String> names =
        List.of(
            "00000164/00000001-60FE3F04.MF4",
            "00000164/00000002-60FE415D.MF4",
            "00000164/00000003-60FE43B2.MF4",
            "00000164/00000004-60FEB585.MF4",
            "00000164/00000005-60FEB5A8.MF4",
            "00000165/00000001-60FEB68B.MF4",
            "00000165/00000006-60FFE42F.MF4");
    return shared.resolve(names.get(n - 1));
  }

  /** Starts a gateway on embedded QuestDB with its data in {@code dataDir}. */
  static IngestHarness start(Path dataDir, Path tempDir) throws Exception {
    return start(dataDir, tempDir, TestStore.questDb().storage(dataDir));
  }

  /** Starts a gateway storing as {@code storage} says. */
  static IngestHarness start(Path dataDir, Path tempDir, GatewayConfig.Storage storage)
      throws Exception {
    Path shared = SharedData.require("canedge");
    Path dbcDir = Files.createDirectories(tempDir.resolve("dbc"));
    Map<String, Path> dbcs = new LinkedHashMap<>();
    dbcs.put("can1", dbcDir.resolve("can1-j1939.dbc"));
    dbcs.put("can2", dbcDir.resolve("can2-canmod-gps.dbc"));
    if (!Files.exists(dbcs.get("can1"))) {
      Files.copy(
          shared.resolve("dbc/variants/CSS-Electronics-SAE-J1939-DEMO_asammdf-basics.dbc"),
          dbcs.get("can1"));
      Files.copy(shared.resolve("dbc/canmod-gps.dbc"), dbcs.get("can2"));
    }
    GatewayConfig config =
        new GatewayConfig(
            TestConfigs.http("127.0.0.1", 0, 64L << 20),
            new AuthConfig(List.of(TOKEN), Map.of()),
            storage,
            TestConfigs.decode(dbcDir.toString(), List.of("*"), Map.of(), 0, 2, 16, Map.of()),
            new ShutdownConfig(5),
            null,
            null,
            null,
            null,
            null);
    return new IngestHarness(dataDir, tempDir, GatewayServer.start(config), dbcs);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  HttpResponse<String> put(String device, String session, String split, byte[] body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri("/api/v1/devices/" + device + "/logs/" + session + "/" + split))
            .header("Authorization", "Bearer " + TOKEN)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** One multipart POST with a file part per entry (file name → content) and a session field. */
  HttpResponse<String> postFiles(
      String device, String session, List<Map.Entry<String, byte[]>> files) throws Exception {
    String boundary = "----ecugw" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"session\"\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    body.writeBytes((session + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (Map.Entry<String, byte[]> f : files) {
      body.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                  + f.getKey()
                  + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      body.writeBytes(f.getValue());
      body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return http.send(
        HttpRequest.newBuilder(uri("/api/v1/devices/" + device + "/logs"))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + TOKEN).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The id of an accepted (202) single upload. */
  static String acceptedId(HttpResponse<String> r) throws Exception {
    assertEquals(202, r.statusCode(), r.body());
    return JSON.readTree(r.body()).get("id").asText();
  }

  JsonNode status(String id) throws Exception {
    HttpResponse<String> r = get("/api/v1/uploads/" + id);
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  /** Waits (bounded) for {@code stored} or {@code failed}. */
  JsonNode waitFinal(String id, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode s = status(id);
      String state = s.get("status").asText();
      if (state.equals("stored") || state.equals("failed")) {
        return s;
      }
      Thread.sleep(100);
    }
    fail("upload " + id + " not finished within " + within + ": " + status(id));
    return null;
  }

  /** The journal record of an upload, as on disk. */
  JsonNode journalRecord(String id) throws Exception {
    return JSON.readTree(dataDir.resolve("uploads").resolve(id + ".json").toFile());
  }

  /** Journal records of {@code device}. */
  List<JsonNode> journalRecords(String device) throws Exception {
    List<JsonNode> out = new java.util.ArrayList<>();
    try (var files = Files.list(dataDir.resolve("uploads"))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        JsonNode n = JSON.readTree(f.toFile());
        if (device.equals(n.path("device").asText())) {
          out.add(n);
        }
      }
    }
    return out;
  }

  /** Rows a deduplicating store holds for these files together, per message table. */
  Map<String, Long> expectedRows(List<Path> files) throws Exception {
    Map<String, Set<String>> keys = new HashMap<>();
    for (Path f : files) {
      IndependentDecode d = IndependentDecode.of(f, dbcs, tempDir);
      d.rows.forEach(
          (message, rows) ->
              keys.computeIfAbsent(MessageTable.identifier(message), k -> new HashSet<>())
                  .addAll(rows.keySet()));
    }
    Map<String, Long> out = new HashMap<>();
    keys.forEach((table, k) -> out.put(table, (long) k.size()));
    return out;
  }

  /** Stored rows of {@code device}, per table of {@code expected}. */
  Map<String, Long> storedRows(String device, Map<String, Long> expected) throws Exception {
    Map<String, Long> out = new HashMap<>();
    for (String table : expected.keySet()) {
      out.put(table, server.context().queries().count(table, device));
    }
    return out;
  }

  /** Files left in the spool directory (received bodies not accepted must not stay). */
  long spoolFiles() throws Exception {
    try (var files = Files.list(dataDir.resolve("spool"))) {
      return files.count();
    }
  }

  /** Names of the files in the spool directory (for failure messages). */
  List<String> spoolFileNames() throws Exception {
    try (var files = Files.list(dataDir.resolve("spool"))) {
      return files.map(f -> f.getFileName().toString()).toList();
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
