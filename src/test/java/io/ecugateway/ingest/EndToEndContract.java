package io.ecugateway.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecugateway.app.GatewayServer;
import io.ecugateway.config.GatewayConfig;
import io.ecugateway.config.TestConfigs;
import io.ecugateway.dbc.Dbc;
import io.ecugateway.dbc.DbcParser;
import io.ecugateway.dbc.Message;
import io.ecugateway.dbc.Signal;
import io.ecugateway.server.AuthConfig;
import io.ecugateway.server.ShutdownConfig;
import io.ecugateway.sink.MessageTable;
import io.ecugateway.testing.SharedData;
import io.ecugateway.testing.TestStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole gateway through real HTTP: upload real CANedge logs, wait for {@code stored}, then read
 * the store over SQL (as Grafana does) and compare every row and value with an independent decode
 * of the same file by the {@code decode} CLI. Subclasses choose the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class EndToEndContract {
  static final String TOKEN = "e2e-token";
  static final String DEVICE = "3BA199E2";
  static final long MAX_UPLOAD = 8L << 20;
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  GatewayServer server;
  HttpClient http;
  Path log1;
  Path log2;
  Map<String, Path> dbcs = new LinkedHashMap<>();
  Map<String, Message> messages = new HashMap<>();

  /** The store under test (QuestDB or PostgreSQL), given by the concrete class. */
  private final TestStore store;

  EndToEndContract(TestStore store) {
    this.store = store;
  }

  GatewayConfig.Storage storage(Path dataDir) {
    return store.storage(dataDir);
  }

  Connection sql() throws Exception {
    return store.connect(server.context().queries());
  }

  String tableRef(String table) {
    return store.tableRef(table);
  }

  long micros(ResultSet rs, int column) throws Exception {
    return store.micros(rs, column);
  }

  @BeforeAll
  void start() throws Exception {
    Path shared = SharedData.require("canedge");
    log1 = shared.resolve("LOG_finalized_sorted/3BA199E2/00000164/00000001-60FE3F04.MF4");
    log2 = shared.resolve("LOG_finalized_sorted/3BA199E2/00000164/00000005-60FEB5A8.MF4");
    Path dbcDir = Files.createDirectories(dir.resolve("dbc"));
    Path j1939 = dbcDir.resolve("can1-j1939.dbc");
    Path gps = dbcDir.resolve("can2-canmod-gps.dbc");
    Files.copy(
        shared.resolve("dbc/variants/CSS-Electronics-SAE-J1939-DEMO_asammdf-basics.dbc"), j1939);
    Files.copy(shared.resolve("dbc/canmod-gps.dbc"), gps);
    dbcs.put("can1", j1939);
    dbcs.put("can2", gps);
    for (Path p : dbcs.values()) {
      Dbc d = DbcParser.parse(p);
      for (Message m : d.messages()) {
        messages.put(m.name(), m);
      }
    }
    Path data = dir.resolve("data");
    GatewayConfig config =
        new GatewayConfig(
            TestConfigs.http("127.0.0.1", 0, MAX_UPLOAD),
            new AuthConfig(List.of(TOKEN), Map.of()),
            storage(data),
            TestConfigs.decode(dbcDir.toString(), List.of("*"), Map.of(), 0, 2, 16, Map.of()),
            new ShutdownConfig(5),
            null,
            null,
            null,
            null,
            null);
    server = GatewayServer.start(config);
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  @AfterAll
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    store.close();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  HttpResponse<String> put(String path, byte[] body, String token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + TOKEN).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Uploads and waits for a final state; returns the status document. */
  JsonNode uploadAndWait(String session, String split, Path file) throws Exception {
    HttpResponse<String> r =
        put(
            "/api/v1/devices/" + DEVICE + "/logs/" + session + "/" + split,
            Files.readAllBytes(file),
            TOKEN);
    assertEquals(202, r.statusCode(), r.body());
    JsonNode accepted = JSON.readTree(r.body());
    assertEquals("queued", accepted.get("status").asText());
    return waitFinal(accepted.get("statusUrl").asText());
  }

  JsonNode waitFinal(String statusUrl) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode s = JSON.readTree(get(statusUrl).body());
      String state = s.get("status").asText();
      if (state.equals("stored") || state.equals("failed")) {
        return s;
      }
      Thread.sleep(100);
    }
    fail("upload " + statusUrl + " did not finish within 120 s");
    return null;
  }

  long count(String table) throws Exception {
    try (Connection c = sql();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM " + tableRef(table) + " WHERE device = ?")) {
      ps.setString(1, DEVICE);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Every row of every message table equals the independent decode, value for value. */
  void assertStoreEquals(IndependentDecode expected) throws Exception {
    for (Map.Entry<String, Map<String, Map<String, Double>>> m : expected.rows.entrySet()) {
      Message message = messages.get(m.getKey());
      assertNotNull(message, m.getKey());
      List<String> names = message.signals().stream().map(Signal::name).toList();
      MessageTable table =
          MessageTable.of(message.name(), names, names.stream().map(n -> "").toList());
      Map<String, Map<String, Double>> want = m.getValue();
      int seen = 0;
      StringBuilder cols = new StringBuilder("ts, bus");
      for (String c : table.signals()) {
        cols.append(", \"").append(c).append('"');
      }
      try (Connection c = sql();
          PreparedStatement ps =
              c.prepareStatement(
                  "SELECT " + cols + " FROM " + tableRef(table.name()) + " WHERE device = ?")) {
        ps.setString(1, DEVICE);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String key = rs.getString(2) + "@" + micros(rs, 1);
            Map<String, Double> values = want.get(key);
            if (values == null) {
              continue; // a row of another upload of this device (checked by counts)
            }
            seen++;
            for (int i = 0; i < names.size(); i++) {
              double got = rs.getDouble(3 + i);
              boolean isNull = rs.wasNull();
              Double v = values.get(names.get(i));
              if (v == null) {
                assertTrue(
                    isNull, table.name() + "." + names.get(i) + " at " + key + " must be NULL");
              } else {
                assertFalse(isNull, table.name() + "." + names.get(i) + " at " + key);
                assertEquals(v, got, 0.0, table.name() + "." + names.get(i) + " at " + key);
              }
            }
          }
        }
      }
      assertEquals(want.size(), seen, "rows of " + table.name() + " found in the store");
    }
  }

  IndependentDecode first;

  @Test
  @Order(1)
  void uploadIsStoredExactlyAsTheDecodeCliDecodesIt() throws Exception {
    JsonNode status = uploadAndWait("00000164", "00000001-60FE3F04.MF4", log1);
    assertEquals("stored", status.get("status").asText(), status.toString());
    assertEquals(65296, status.get("frames").asLong(), "frames per SOURCES.md");
    first = IndependentDecode.of(log1, dbcs, dir);
    assertEquals(first.decodedFrames, status.get("decodedMessages").asLong());
    assertEquals(
        65296 - first.decodedFrames, status.get("unknownFrames").asLong(), status.toString());
    long total = 0;
    for (String message : first.rows.keySet()) {
      long n = count(MessageTable.identifier(message));
      assertEquals(first.rows.get(message).size(), n, "rows of " + message);
      total += n;
    }
    assertEquals(first.storedRows(), total);
    assertTrue(total > 10_000, "a real amount of data: " + total);
    assertStoreEquals(first);
  }

  @Test
  @Order(2)
  void reuploadWithANewEpochSuffixAddsNoRows() throws Exception {
    Map<String, Long> before = new HashMap<>();
    for (String message : first.rows.keySet()) {
      before.put(message, count(MessageTable.identifier(message)));
    }
    JsonNode status = uploadAndWait("00000164", "00000001-60FFFFFF.MF4", log1);
    assertEquals("stored", status.get("status").asText(), status.toString());
    assertEquals("00000001", status.get("splitKey").asText());
    for (String message : first.rows.keySet()) {
      assertEquals(before.get(message), count(MessageTable.identifier(message)), message);
    }
  }

  @Test
  @Order(3)
  void aSecondSplitAddsItsRows() throws Exception {
    JsonNode status = uploadAndWait("00000164", "00000005-60FEB5A8.MF4", log2);
    assertEquals("stored", status.get("status").asText(), status.toString());
    assertEquals(5477, status.get("frames").asLong());
    IndependentDecode second = IndependentDecode.of(log2, dbcs, dir);
    for (String message : first.rows.keySet()) {
      long expected =
          first.rows.get(message).size() + second.rows.getOrDefault(message, Map.of()).size();
      assertEquals(expected, count(MessageTable.identifier(message)), message);
    }
    assertStoreEquals(second);
  }

  @Test
  @Order(4)
  void queryApiListsDevicesSignalsAndDownsampledSeries() throws Exception {
    JsonNode devices = JSON.readTree(get("/api/v1/devices").body());
    assertEquals(DEVICE, devices.get("devices").get(0).get("device").asText(), devices.toString());
    JsonNode signals = JSON.readTree(get("/api/v1/devices/" + DEVICE + "/signals").body());
    List<String> names = new ArrayList<>();
    signals
        .get("signals")
        .forEach(s -> names.add(s.get("message").asText() + "." + s.get("signal").asText()));
    assertTrue(names.size() > 5, names.toString());
    String some = names.getFirst();
    HttpResponse<String> r =
        get("/api/v1/series?device=" + DEVICE + "&signal=" + some + "&maxPoints=50");
    assertEquals(200, r.statusCode(), r.body());
    JsonNode series = JSON.readTree(r.body());
    int points = series.get("points").size();
    assertTrue(points > 0 && points <= 51, "points: " + points);
    for (JsonNode p : series.get("points")) {
      assertTrue(p.get("min").asDouble() <= p.get("avg").asDouble() + 1e-9);
      assertTrue(p.get("avg").asDouble() <= p.get("max").asDouble() + 1e-9);
    }
    assertEquals(404, get("/api/v1/series?device=" + DEVICE + "&signal=NoSuch").statusCode());
    assertEquals(400, get("/api/v1/series?device=" + DEVICE).statusCode());
  }

  @Test
  @Order(5)
  void corruptFileFailsWithAReasonAndTheServiceKeepsServing() throws Exception {
    byte[] junk = new byte[100_000];
    new java.util.Random(42).nextBytes(junk);
    HttpResponse<String> r =
        put("/api/v1/devices/" + DEVICE + "/logs/00000999/00000001.MF4", junk, TOKEN);
    assertEquals(415, r.statusCode(), "junk is refused before the 202: " + r.body());
    byte[] truncated = java.util.Arrays.copyOf(Files.readAllBytes(log1), 3000);
    r = put("/api/v1/devices/" + DEVICE + "/logs/00000999/00000002.MF4", truncated, TOKEN);
    JsonNode status = waitFinal(JSON.readTree(r.body()).get("statusUrl").asText());
    assertTrue(
        List.of("failed", "stored").contains(status.get("status").asText()), status.toString());
    assertEquals(200, get("/health").statusCode());
    assertEquals(200, get("/ready").statusCode());
  }

  @Test
  @Order(6)
  void unauthorizedOversizedAndBadPathsAreRejected() throws Exception {
    byte[] small = {1, 2, 3};
    String path = "/api/v1/devices/" + DEVICE + "/logs/00000001/00000001.MF4";
    assertEquals(401, put(path, small, null).statusCode());
    assertEquals(401, put(path, small, "not-the-token").statusCode());
    assertEquals(413, put(path, new byte[(int) MAX_UPLOAD + 1], TOKEN).statusCode());
    for (String bad :
        List.of(
            "/api/v1/devices/..%2F..%2Fetc/logs/00000001/00000001.MF4",
            "/api/v1/devices/" + DEVICE + "/logs/..%2Fx/00000001.MF4",
            "/api/v1/devices/" + DEVICE + "/logs/00000001/.hidden",
            "/api/v1/devices/" + DEVICE + "/logs/00000001/a%00b")) {
      assertEquals(400, put(bad, small, TOKEN).statusCode(), bad);
    }
    // A literal ".." segment is removed by URL normalisation before routing: no upload route.
    assertEquals(
        404, put("/api/v1/devices/" + DEVICE + "/logs/00000001/..", small, TOKEN).statusCode());
    assertEquals(404, get("/api/v1/uploads/no-such-upload").statusCode());
  }

  @Test
  @Order(7)
  void multipartUploadWorksAndIsIdempotentToo() throws Exception {
    Map<String, Long> before = new HashMap<>();
    for (String message : first.rows.keySet()) {
      before.put(message, count(MessageTable.identifier(message)));
    }
    String boundary = "----ecugw" + System.nanoTime();
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"session\"\r\n\r\n00000164\r\n")
            .getBytes());
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\";"
                + " filename=\"00000005-60FEB5A8.MF4\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .getBytes());
    body.writeBytes(Files.readAllBytes(log2));
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes());
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(uri("/api/v1/devices/" + DEVICE + "/logs"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(202, r.statusCode(), r.body());
    JsonNode accepted = JSON.readTree(r.body());
    assertEquals("00000164", accepted.get("session").asText());
    JsonNode status = waitFinal(accepted.get("statusUrl").asText());
    assertEquals("stored", status.get("status").asText(), status.toString());
    assertEquals(5477, status.get("frames").asLong());
    for (String message : first.rows.keySet()) {
      assertEquals(before.get(message), count(MessageTable.identifier(message)), message);
    }
  }
}
