package io.ecugateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.app.GatewayServer;
import io.ecugateway.catalog.SignalIndex;
import io.ecugateway.config.GatewayConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/v1/series} parameter validation: out-of-range times are 400s, never 500s. */
class QueryModuleTest {
  @TempDir static Path dir;
  static GatewayServer server;
  static final HttpClient CLIENT = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    GatewayConfig config =
        new GatewayConfig(
            new GatewayConfig.Http("127.0.0.1", 0, 1024),
            new GatewayConfig.Auth(List.of("secret"), Map.of()),
            new GatewayConfig.Storage(
                dir.toString(),
                "questdb",
                new GatewayConfig.QuestDb("127.0.0.1", 0, "admin", "quest", false, 0),
                null),
            null,
            new GatewayConfig.Shutdown(2));
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
        Math.ceilDiv(to - from, bucket) <= 10, "at most 10 buckets of " + bucket + " µs each");
    // Defaults taken from the signal index are not range-checked: the span must not wrap around.
    assertEquals(
        Long.MAX_VALUE / 1000 + 1, QueryModule.bucketMicros(-Long.MAX_VALUE, Long.MAX_VALUE, 2000));
    assertEquals(1, QueryModule.bucketMicros(0, 5, 1000));
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
