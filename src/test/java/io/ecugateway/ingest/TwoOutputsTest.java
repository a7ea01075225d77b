package io.ecugateway.ingest;

import static io.ecugateway.ingest.IngestHarness.acceptedId;
import static io.ecugateway.ingest.IngestHarness.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecugateway.config.GatewayConfig;
import io.ecugateway.sink.postgres.PostgresConfig;
import io.ecugateway.sink.questdb.QuestDbConfig;
import io.ecugateway.testing.TestPostgres;
import io.ecugateway.testing.TestStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway with {@code storage.outputs: [questdb, postgres]}: real CANedge uploads and live frames
 * reach both stores with the same rows; PostgreSQL refusing writes leaves the upload retried (the
 * QuestDB side already committed), and once repaired both hold every row exactly once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoOutputsTest {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final long LIVE_T0_MICROS = 1_700_000_000_000_000L;

  @TempDir static Path dir;
  private String url;
  private final String schema = "twoout_" + Long.toString(System.nanoTime(), 36);
  private IngestHarness gw;

  @BeforeAll
  void start() throws Exception {
    url = TestPostgres.requireUrl();
    Path data = dir.resolve("data");
    GatewayConfig.Storage storage =
        new GatewayConfig.Storage(
            data.toString(),
            "questdb",
            List.of("questdb", "postgres"),
            new QuestDbConfig("127.0.0.1", 0, "admin", "quest", false, 0, null, null),
            // one COPY per table and commit: a table's rows reach PostgreSQL at the commit
            new PostgresConfig(url, "", "", schema, 1_000_000));
    gw = IngestHarness.start(data, dir.resolve("tmp"), storage);
  }

  @AfterAll
  void stop() throws Exception {
    if (gw != null) {
      gw.close();
    }
    if (url != null) {
      try (Connection c = DriverManager.getConnection(url);
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  @Test
  void anUploadReachesBothStoresWithTheSameRows() throws Exception {
    String device = "TWOOUT01";
    String id = acceptedId(gw.put(device, "00000164", "00000001.MF4", bytes(sample(1))));
    assertEquals("stored", gw.waitFinal(id, WAIT).get("status").asText());

    Map<String, Long> expected = new TreeMap<>(gw.expectedRows(List.of(sample(1))));
    assertFalse(expected.isEmpty());
    assertEquals(expected, new TreeMap<>(gw.storedRows(device, expected)), "QuestDB");
    assertEquals(expected, postgresRows(device, expected), "PostgreSQL");
    for (String table : expected.keySet()) {
      String column = firstSignal(table);
      assertEquals(
          values(questDb(), "\"" + table + "\"", column, device),
          values(postgres(), schema + ".\"" + table + "\"", column, device),
          "first rows of " + table + "." + column);
      assertEquals(
          sum(questDb(), "\"" + table + "\"", column, device),
          sum(postgres(), schema + ".\"" + table + "\"", column, device),
          1e-9
              * Math.max(
                  1, Math.abs(sum(postgres(), schema + ".\"" + table + "\"", column, device))),
          "sum of " + table + "." + column);
    }
    String metrics = metrics();
    assertTrue(counter(metrics, "ecugw_output_rows_total", "questdb") > 0, "rows metric");
    assertTrue(counter(metrics, "ecugw_output_rows_total", "postgres") > 0, "rows metric");
    JsonNode ready = IngestHarness.JSON.readTree(gw.get("/ready").body());
    assertEquals("UP", ready.path("output.questdb").asText(), ready.toString());
    assertEquals("UP", ready.path("output.postgres").asText(), ready.toString());
  }

  @Test
  void liveFramesReachBothStores() throws Exception {
    String device = "TWOLIVE1";
    int frames = 100;
    WebSocket ws =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .buildAsync(
                URI.create(
                    "ws://127.0.0.1:"
                        + gw.server.port()
                        + "/ws/ingest/"
                        + device
                        + "?token="
                        + IngestHarness.TOKEN),
                new WebSocket.Listener() {})
            .get(10, TimeUnit.SECONDS);
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < frames; i++) {
      // candump -l: EEC1 on can1, EngineSpeed = raw * 0.125 rpm = i rpm, 10 ms apart
      long micros = LIVE_T0_MICROS + i * 10_000L;
      int raw = i * 8;
      lines.append(
          String.format(
              "(%d.%06d) can1 0CF00400#FFFFFF%02X%02XFFFFFF%n",
              micros / 1_000_000, micros % 1_000_000, raw & 0xFF, raw >> 8));
    }
    ws.sendText(lines.toString(), true).get(10, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (count(questDb(), "\"EEC1\"", device) < frames
        || count(postgres(), schema + ".\"EEC1\"", device) < frames) {
      assertTrue(System.nanoTime() < deadline, "live rows did not reach both stores");
      Thread.sleep(200);
    }
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    assertEquals(frames, count(questDb(), "\"EEC1\"", device));
    assertEquals(frames, count(postgres(), schema + ".\"EEC1\"", device));
    List<List<Object>> q = values(questDb(), "\"EEC1\"", "EngineSpeed", device);
    assertEquals(q, values(postgres(), schema + ".\"EEC1\"", "EngineSpeed", device));
    assertEquals(List.of(LIVE_T0_MICROS, 0.0), q.get(0));
    assertEquals(List.of(LIVE_T0_MICROS + 40_000L, 4.0), q.get(4));
    assertEquals(
        frames * (frames - 1) / 2.0, sum(postgres(), schema + ".\"EEC1\"", "EngineSpeed", device));
  }

  /**
   * PostgreSQL refuses the rows of one table (a trigger raising {@code disk_full}, as a full disk
   * would): the batch fails, QuestDB has already committed it, the upload stays queued and is
   * retried with back-off. Once the trigger is dropped, the retry stores it in both; QuestDB took
   * the replay as upserts, so both hold every row once.
   */
  @Test
  void aFailingOutputRetriesTheUploadUntilRepairedWithoutDuplicates() throws Exception {
    String device = "TWOFAIL1";
    String first = acceptedId(gw.put(device, "00000164", "00000002.MF4", bytes(sample(2))));
    assertEquals("stored", gw.waitFinal(first, WAIT).get("status").asText());
    Map<String, Long> before = gw.expectedRows(List.of(sample(2)));
    Map<String, Long> expected = new TreeMap<>(gw.expectedRows(List.of(sample(2), sample(3))));
    String refused = smallestGrowingTable(before, expected);

    double failuresBefore = counter(metrics(), "ecugw_output_failures_total", "postgres");
    try (Connection c = postgres();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE FUNCTION "
              + schema
              + ".refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
              + " RAISE EXCEPTION 'no space left (test)' USING ERRCODE = 'disk_full'; END $$");
      s.execute(
          "CREATE TRIGGER refuse BEFORE INSERT ON "
              + schema
              + ".\""
              + refused
              + "\" FOR EACH STATEMENT EXECUTE FUNCTION "
              + schema
              + ".refuse()");
    }
    String id = acceptedId(gw.put(device, "00000164", "00000003.MF4", bytes(sample(3))));
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (counter(metrics(), "ecugw_output_failures_total", "postgres") < failuresBefore + 2) {
      assertTrue(System.nanoTime() < deadline, "PostgreSQL's refusal was never counted");
      Thread.sleep(100);
    }
    JsonNode waiting = gw.status(id);
    assertFalse(
        List.of("stored", "failed").contains(waiting.get("status").asText()), waiting.toString());
    assertEquals(503, gw.get("/ready").statusCode(), "ingest is DOWN while an output fails");
    assertEquals(
        expected.get(refused),
        gw.storedRows(device, Map.of(refused, 0L)).get(refused),
        "QuestDB committed the batch before PostgreSQL refused it");
    assertEquals(
        before.get(refused),
        postgresRows(device, Map.of(refused, 0L)).get(refused),
        "PostgreSQL kept none of the refused batch");

    try (Connection c = postgres();
        Statement s = c.createStatement()) {
      s.execute("DROP TRIGGER refuse ON " + schema + ".\"" + refused + "\"");
    }
    JsonNode done = gw.waitFinal(id, WAIT);
    assertEquals("stored", done.get("status").asText(), done.toString());
    assertTrue(done.get("attempts").asInt() >= 2, done.toString());
    assertEquals(expected, new TreeMap<>(gw.storedRows(device, expected)), "QuestDB, once each");
    assertEquals(expected, postgresRows(device, expected), "PostgreSQL, once each");
  }

  /** A table both uploads fill, the second adding rows: few rows, so one COPY at the commit. */
  private static String smallestGrowingTable(Map<String, Long> before, Map<String, Long> after) {
    return after.entrySet().stream()
        .filter(e -> before.containsKey(e.getKey()) && e.getValue() > before.get(e.getKey()))
        .min(Map.Entry.comparingByValue())
        .orElseThrow()
        .getKey();
  }

  private Map<String, Long> postgresRows(String device, Map<String, Long> tables) throws Exception {
    Map<String, Long> out = new TreeMap<>();
    for (String table : tables.keySet()) {
      out.put(table, count(postgres(), schema + ".\"" + table + "\"", device));
    }
    return out;
  }

  private String firstSignal(String table) throws Exception {
    try (Connection c = postgres();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND"
                    + " table_name = ? AND column_name NOT IN ('ts', 'device', 'bus')"
                    + " ORDER BY ordinal_position LIMIT 1")) {
      ps.setString(1, schema);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), "no signal column in " + table);
        return rs.getString(1);
      }
    }
  }

  private Connection questDb() throws Exception {
    return TestStore.questDb().connect(gw.server.context().queries());
  }

  private Connection postgres() throws Exception {
    return DriverManager.getConnection(url);
  }

  private static long count(Connection connection, String tableRef, String device)
      throws Exception {
    try (Connection c = connection;
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM " + tableRef + " WHERE device = ?")) {
      ps.setString(1, device);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (java.sql.SQLException e) {
      return 0; // the table is not created yet
    }
  }

  /** The first rows' time (epoch µs, from the store's own timestamp text) and value. */
  private static List<List<Object>> values(
      Connection connection, String tableRef, String column, String device) throws Exception {
    List<List<Object>> out = new ArrayList<>();
    boolean questDb = !tableRef.contains(".");
    String micros = questDb ? "ts::long" : "(extract(epoch FROM ts) * 1000000)::bigint";
    try (Connection c = connection;
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT "
                    + micros
                    + ", \""
                    + column
                    + "\" FROM "
                    + tableRef
                    + " WHERE device = ? ORDER BY ts, bus LIMIT 5")) {
      ps.setString(1, device);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          double v = rs.getDouble(2);
          out.add(List.of(rs.getLong(1), rs.wasNull() ? Double.NaN : v));
        }
      }
    }
    assertFalse(out.isEmpty(), "no rows in " + tableRef);
    return out;
  }

  private static double sum(Connection connection, String tableRef, String column, String device)
      throws Exception {
    try (Connection c = connection;
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT sum(\"" + column + "\") FROM " + tableRef + " WHERE device = ?")) {
      ps.setString(1, device);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getDouble(1);
      }
    }
  }

  private String metrics() throws Exception {
    HttpResponse<String> r = gw.get("/metrics");
    assertEquals(200, r.statusCode());
    return r.body();
  }

  /** A counter's value for one output in the Prometheus text, 0 when absent. */
  private static double counter(String metrics, String name, String output) {
    Matcher m =
        Pattern.compile("(?m)^" + name + "\\{[^}]*output=\"" + output + "\"[^}]*\\} ([0-9.eE+-]+)$")
            .matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  private static byte[] bytes(Path file) throws Exception {
    return Files.readAllBytes(file);
  }
}
