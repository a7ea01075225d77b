package io.ecugateway.stream.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecugateway.app.GatewayServer;
import io.ecugateway.config.GatewayConfig;
import io.ecugateway.config.TestConfigs;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.server.AuthConfig;
import io.ecugateway.server.ShutdownConfig;
import io.ecugateway.stream.LiveFrameCodec;
import io.ecugateway.stream.LiveFrameEncoder;
import io.ecugateway.testing.SharedData;
import io.ecugateway.testing.TestStore;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live storage end to end: the gateway as {@code serve} assembles it ({@code live.store: true}),
 * frames sent over a real {@code /ws/ingest} WebSocket as candump text and in the binary encoding,
 * then the rows read back over SQL from the store (as Grafana would) and through the query API.
 * Subclasses choose the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LiveStoreContract {
  static final String TOKEN = "live-store-token";
  static final String DEVICE = "LIVESTORE1";
  static final long T0_MICROS = 1_700_000_000_000_000L;

  @TempDir static Path dir;
  GatewayServer server;

  /** The store under test (QuestDB or PostgreSQL), given by the concrete class. */
  private final TestStore store;

  LiveStoreContract(TestStore store) {
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
    Path dbcDir = Files.createDirectories(dir.resolve("dbc"));
    Files.copy(
        SharedData.require("canedge/dbc/CSS-Electronics-SAE-J1939-DEMO.dbc"),
        dbcDir.resolve("j1939.dbc"));
    GatewayConfig config =
        new GatewayConfig(
            TestConfigs.http("127.0.0.1", 0, 1L << 20),
            new AuthConfig(List.of(TOKEN), Map.of()),
            storage(dir.resolve("data")),
            TestConfigs.decode(dbcDir.toString(), List.of("*"), Map.of(), 0, 1, 8, Map.of()),
            new ShutdownConfig(5),
            // batches of at most 50 rows, committed within 200 ms
            TestConfigs.live(false, 0, List.of(), 1 << 18, true, 50, 200, 10_000),
            null,
            null,
            null,
            null);
    server = GatewayServer.start(config);
  }

  @AfterAll
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    store.close();
  }

  @Test
  void liveFramesAreStoredLikeUploads() throws Exception {
    String url = "ws://127.0.0.1:" + server.port() + "/ws/ingest/" + DEVICE + "?token=" + TOKEN;
    int textFrames = 120;
    try (WsTestClient ingest = new WsTestClient(url)) {
      // candump text: EEC1 on can1, EngineSpeed = i * 8 * 0.125 = i rpm, 10 ms apart
      StringBuilder lines = new StringBuilder();
      for (int i = 0; i < textFrames; i++) {
        lines.append(LiveTestServer.eec1("can1", T0_MICROS + i * 10_000L, i * 8)).append('\n');
        if (i % 40 == 39) {
          ingest.send(lines.toString());
          lines.setLength(0);
        }
      }
      // binary: CCVS1 on can2, WheelBasedVehicleSpeed = 12.5 km/h (raw 3200)
      CanFrame f = new CanFrame(8);
      f.timestampNs = (T0_MICROS + 5_000) * 1000;
      f.bus = "can2";
      f.id = 0x18FEF100;
      f.extended = true;
      f.length = 8;
      f.dlc = 8;
      byte[] data = {(byte) 0xFF, (byte) 0x80, 0x0C, -1, -1, -1, -1, -1};
      System.arraycopy(data, 0, f.data, 0, 8);
      byte[] msg = new byte[1 + LiveFrameEncoder.encodedSize(f)];
      msg[0] = LiveFrameCodec.VERSION;
      LiveFrameEncoder.encode(f, msg, 1);
      ingest.sendBinary(msg);

      List<long[]> eec1 = awaitRows("EEC1", "EngineSpeed", textFrames);
      for (int i = 0; i < textFrames; i++) {
        assertEquals(T0_MICROS + i * 10_000L, eec1.get(i)[0], "ts of row " + i);
        assertEquals(i * 1000L, eec1.get(i)[1], "EngineSpeed * 1000 of row " + i);
      }
      List<long[]> ccvs1 = awaitRows("CCVS1", "WheelBasedVehicleSpeed", 1);
      assertEquals(T0_MICROS + 5_000, ccvs1.get(0)[0]);
      assertEquals(12_500, ccvs1.get(0)[1]);
      try (Connection c = sql();
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT bus, count(*) FROM "
                      + tableRef("EEC1")
                      + " WHERE device = '"
                      + DEVICE
                      + "' GROUP BY bus")) {
        assertTrue(rs.next());
        assertEquals("can1", rs.getString(1));
        assertEquals(textFrames, rs.getLong(2));
      }

      // the same frames again (a reconnecting bridge): rows are upserts, nothing is added
      ingest.send(LiveTestServer.eec1("can1", T0_MICROS, 8 * 7));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (awaitRows("EEC1", "EngineSpeed", textFrames).get(0)[1] != 7000
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      List<long[]> after = awaitRows("EEC1", "EngineSpeed", textFrames);
      assertEquals(textFrames, after.size());
      assertEquals(7000, after.get(0)[1], "the replaced row has the newer value");
    }

    // the query API lists the device and serves the series, as for uploads
    JsonNode signals = get("/api/v1/devices/" + DEVICE + "/signals");
    assertTrue(signals.toString().contains("EngineSpeed"), signals.toString());
    JsonNode series =
        get(
            "/api/v1/series?device="
                + DEVICE
                + "&signal=EEC1.EngineSpeed&from="
                + T0_MICROS / 1000
                + "&to="
                + (T0_MICROS / 1000 + 2000)
                + "&maxPoints=1");
    assertEquals(119.0, series.get("points").get(0).get("max").asDouble(), series.toString());
    assertTrue(metric("ecugw_live_store_rows_total") >= textFrames + 1);
    assertEquals(0, metric("ecugw_live_store_dropped_total"));
  }

  /** Waits until the table holds {@code count} rows of the device; returns (ts µs, value*1000). */
  private List<long[]> awaitRows(String table, String column, int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    List<long[]> rows = List.of();
    while (System.nanoTime() < deadline) {
      rows = rows(table, column);
      if (rows.size() >= count) {
        return rows;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        table + ": " + rows.size() + " of " + count + " live rows stored within 60 s");
  }

  private List<long[]> rows(String table, String column) throws Exception {
    List<long[]> out = new ArrayList<>();
    try (Connection c = sql();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT ts, \""
                    + column
                    + "\" FROM "
                    + tableRef(table)
                    + " WHERE device = '"
                    + DEVICE
                    + "' ORDER BY ts")) {
      while (rs.next()) {
        out.add(new long[] {micros(rs, 1), Math.round(rs.getDouble(2) * 1000)});
      }
    } catch (java.sql.SQLException e) {
      // the table does not exist until the first commit
      if (!String.valueOf(e.getMessage()).toLowerCase().contains("does not exist")) {
        throw e;
      }
    }
    return out;
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> r =
        WsTestClient.HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return WsTestClient.JSON.readTree(r.body());
  }

  private double metric(String name) throws Exception {
    String text =
        WsTestClient.HTTP
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    for (String line : text.split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError("metric " + name + " missing");
  }
}
