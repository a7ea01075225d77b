package io.ecugateway.stream.ws;

import io.ecugateway.app.GatewayServer;
import io.ecugateway.config.GatewayConfig;
import io.ecugateway.config.TestConfigs;
import io.ecugateway.dbc.DbcParser;
import io.ecugateway.decode.DbcDecoder;
import io.ecugateway.pipeline.DeviceDecoding;
import io.ecugateway.server.AuthConfig;
import io.ecugateway.server.ShutdownConfig;
import io.ecugateway.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A gateway with only the live module, decoding with real DBC files from the shared data: the CSS
 * J1939 demo DBC on every bus (EEC1 EngineSpeed, CCVS1 WheelBasedVehicleSpeed) and the CANedge
 * internal can9 DBC on bus can9 (Heartbeat with value tables).
 */
final class LiveTestServer implements AutoCloseable {
  final GatewayServer server;
  LiveModule module;

  LiveTestServer(Path dataDir, List<String> tokens, List<String> origins, int queueBytes)
      throws Exception {
    this(dataDir, tokens, Map.of(), origins, queueBytes);
  }

  LiveTestServer(
      Path dataDir,
      List<String> tokens,
      Map<String, List<String>> deviceTokens,
      List<String> origins,
      int queueBytes)
      throws Exception {
    DbcDecoder j1939 =
        DbcDecoder.compile(
            DbcParser.parse(SharedData.require("canedge/dbc/CSS-Electronics-SAE-J1939-DEMO.dbc")));
    DbcDecoder can9 =
        DbcDecoder.compile(
            List.of(
                DbcParser.parse(
                    SharedData.require("canedge/dbc/CSS-Electronics-SAE-J1939-DEMO.dbc")),
                DbcParser.parse(SharedData.require("canedge/dbc/can9-database-01.09.dbc"))),
            w -> {});
    GatewayConfig config =
        new GatewayConfig(
            TestConfigs.http("127.0.0.1", 0, 64L << 20),
            new AuthConfig(tokens, deviceTokens),
            // PG wire on any free port: parallel test runs on one machine must not collide.
            new GatewayConfig.Storage(
                dataDir.toString(),
                "questdb",
                new io.ecugateway.sink.questdb.QuestDbConfig(
                    "127.0.0.1", 0, "admin", "quest", false, 0, null, null),
                null),
            null,
            new ShutdownConfig(2),
            TestConfigs.live(true, 0, origins, queueBytes),
            null,
            null,
            null,
            null);
    server =
        GatewayServer.startWith(
            config,
            List.of(
                ctx ->
                    module =
                        new LiveModule(
                            ctx,
                            device ->
                                new DeviceDecoding(
                                    bus ->
                                        bus.toLowerCase(Locale.ROOT).equals("can9") ? can9 : j1939,
                                    null,
                                    null),
                            LiveStore.NONE)));
  }

  int port() {
    return server.port();
  }

  String ws(String path) {
    return "ws://127.0.0.1:" + port() + path;
  }

  String http(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  @Override
  public void close() {
    server.close();
  }

  /** candump -l line of EEC1 (source address 0) with EngineSpeed = raw * 0.125 rpm. */
  static String eec1(String bus, long timeMicros, int rawSpeed) {
    return String.format(
        "(%d.%06d) %s 0CF00400#FFFFFF%02X%02XFFFFFF",
        timeMicros / 1_000_000,
        timeMicros % 1_000_000,
        bus,
        rawSpeed & 0xFF,
        (rawSpeed >> 8) & 0xFF);
  }

  /** candump -l line of CCVS1 with WheelBasedVehicleSpeed = raw / 256 km/h. */
  static String ccvs1(String bus, long timeMicros, int rawSpeed) {
    return String.format(
        "(%d.%06d) %s 18FEF100#FF%02X%02XFFFFFFFFFF",
        timeMicros / 1_000_000,
        timeMicros % 1_000_000,
        bus,
        rawSpeed & 0xFF,
        (rawSpeed >> 8) & 0xFF);
  }
}
