package io.ecugateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecugateway.app.GatewayServer;
import io.ecugateway.catalog.SignalIndex;
import io.ecugateway.config.GatewayConfig;
import io.ecugateway.config.TestConfigs;
import io.ecugateway.sink.MessageTable;
import io.ecugateway.sink.SinkWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/v1/series} parameter validation: out-of-range times are 400s, never 500s. */
class QueryModuleTest {
  @TempDir static Path dir;
  static GatewayServer server;
  static final HttpClient CLIENT = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    GatewayConfig config = TestConfigs.tokenGateway(dir, "secret", 1024);
    server = GatewayServer.startWith(config, List.of(QueryModule::new));
    server
        .context()
        .signals()
        .record(
            "D1",
            List.of(
                new SignalIndex.MessageEntry(
                    "EEC1",
                    "EEC1",
                    List.of("EngineSpeed"),
                    List.of("EngineSpeed"),
                    List.of("rpm"),
                    1_700_000_000_000_000L,
                    1_700_000_100_000_000L)));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static HttpResponse<String> series(String from, String to) throws Exception {
    String q = "/api/v1/series?device=D1&signal=EEC1.EngineSpeed&maxPoints=10";
    if (from != null) {
      q += "&from=" + URLEncoder.encode(from, StandardCharsets.UTF_8);
    }
    if (to != null) {
      q += "&to=" + URLEncoder.encode(to, StandardCharsets.UTF_8);
    }
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + q))
            .header("Authorization", "Bearer secret")
            .build();
    return CLIENT.send(req, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void overflowingEpochMillisAre400NamingTheParameterAndTheRange() throws Exception {
    for (String[] c :
        new String[][] {
          {"-9223372036854775808", null, "'from'"},
          {null, "9223372036854775807", "'to'"},
          {"0", "99999999999999999", "'to'"},
          {"+1000000000-01-01T00:00:00Z", null, "'from'"},
          {"-1000000000-01-01T00:00:00Z", "0", "'from'"},
          {"yesterday", null, "'from'"},
          {"0", "99999999999999999999", "'to'"},
        }) {
      HttpResponse<String> r = series(c[0], c[1]);
      assertEquals(400, r.statusCode(), c[0] + "/" + c[1] + ": " + r.body());
      assertTrue(r.body().contains(c[2]), r.body());
      assertTrue(r.body().contains("0001-01-01T00:00:00Z"), r.body());
      assertTrue(r.body().contains("9999-12-31T23:59:59.999999Z"), r.body());
    }
  }

  @Test
  void badMaxPointsIs400() throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + server.port()
                        + "/api/v1/series?device=D1&signal=EEC1.EngineSpeed&maxPoints=99999999999"))
            .header("Authorization", "Bearer secret")
            .build();
    HttpResponse<String> r = CLIENT.send(req, HttpResponse.BodyHandlers.ofString());
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(r.body().contains("maxPoints must be 1..20000"), r.body());
  }

  @Test
  void theWidestAcceptedRangeStillHonoursMaxPoints() throws Exception {
    long from = QueryModule.time("from", String.valueOf(QueryModule.MIN_TIME.toEpochMilli()), 0);
    long to = QueryModule.time("to", QueryModule.MAX_TIME.toString(), 0);
    long bucket = QueryModule.bucketMicros(from, to, 10);
    assertTrue(bucket > 1, "bucket " + bucket);
    assertTrue(
        Math.ceilDiv(to - from, bucket) + 1 <= 10,
        "at most 10 buckets of " + bucket + " µs each on any grid");
    // Defaults taken from the signal index are not range-checked: the span must not wrap around.
    assertEquals(
        Long.MAX_VALUE / 1000 + 1, QueryModule.bucketMicros(-Long.MAX_VALUE, Long.MAX_VALUE, 2001));
    assertEquals(1, QueryModule.bucketMicros(0, 5, 1000));
  }

  /**
   * The stores align buckets to their own grid, not to {@code from}: a span of exactly {@code
   * maxPoints} widths that starts off the grid touched {@code maxPoints + 1} buckets (51 for
   * maxPoints=50 on a real CANedge log).
   */
  @Test
  void bucketsNeverExceedMaxPointsWhateverTheAlignment() throws Exception {
    long t0 = 1_600_000_000_000L; // ms
    try (SinkWriter w = server.context().outputs().openWriter()) {
      int table = w.declare(MessageTable.of("EEC2", List.of("EngineSpeed"), List.of("rpm")));
      double[] v = new double[1];
      for (int i = 0; i < 1000; i++) { // one row every 100 ms over 100 s
        v[0] = i;
        w.row(table, (t0 + i * 100L) * 1_000_000L, "D2", "can0", v);
      }
      w.commit();
    }
    server
        .context()
        .signals()
        .record(
            "D2",
            List.of(
                new SignalIndex.MessageEntry(
                    "EEC2",
                    "EEC2",
                    List.of("EngineSpeed"),
                    List.of("EngineSpeed"),
                    List.of("rpm"),
                    t0 * 1000,
                    (t0 + 100_000) * 1000)));
    for (int maxPoints : new int[] {1, 2, 3, 7, 50}) {
      for (long offset : new long[] {0, 1, 333, 999}) {
        HttpResponse<String> r =
            CLIENT.send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + server.port()
                                + "/api/v1/series?device=D2&signal=EEC2.EngineSpeed&maxPoints="
                                + maxPoints
                                + "&from="
                                + (t0 + offset)
                                + "&to="
                                + (t0 + 100_000 + offset)))
                    .header("Authorization", "Bearer secret")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode points = JSON.readTree(r.body()).path("points");
        assertTrue(points.size() <= maxPoints, points.size() + " points, maxPoints=" + maxPoints);
        long rows = 0;
        for (JsonNode p : points) {
          rows += p.path("count").asLong();
        }
        assertEquals(1000 - offset / 100 - (offset % 100 == 0 ? 0 : 1), rows, r.body());
      }
    }
  }

  @Test
  void inRangeTimesAreAccepted() {
    assertEquals(-62_135_596_800_000_000L, QueryModule.time("from", "-62135596800000", 0));
    assertEquals(1_700_000_000_123_000L, QueryModule.time("from", "1700000000123", 0));
    assertEquals(1_700_000_000_123_456L, QueryModule.time("to", "2023-11-14T22:13:20.123456Z", 0));
    assertThrows(
        IllegalArgumentException.class, () -> QueryModule.time("to", "-62135596800001", 0));
  }
}
