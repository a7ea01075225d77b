package io.ecugateway.stream.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecugateway.app.GatewayServer;
import io.ecugateway.app.Main;
import io.ecugateway.config.GatewayConfig;
import io.ecugateway.config.TestConfigs;
import io.ecugateway.decode.DecodeResult;
import io.ecugateway.format.FormatRegistry;
import io.ecugateway.format.FrameReader;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.pipeline.MessageRows;
import io.ecugateway.stream.LiveFrameCodec;
import io.ecugateway.stream.LiveFrameEncoder;
import io.ecugateway.testing.SharedData;
import io.ecugateway.transport.TransportSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live ingest and replays reassemble multi-frame messages with the gateway's {@code transport}
 * settings, as uploads do: the UDS (ISO-TP) and J1939 TP sample logs of {@code docs/transport.md}
 * sent over {@code /ws/ingest/{device}} and replayed through {@code POST
 * /api/v1/devices/{device}/replay} give, frame for frame, the messages and signal values that
 * {@code decode --transport isotp --transport j1939} gives for the same files and DBCs.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LiveTransportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String UDS_LOG = "canedge/LOG/17BD1DB7/00000006/00000170.MF4";
  private static final String J1939_LOG = "canedge/LOG/FCBF0606/00003482/00000001-60B621D9.MF4";
  private static final List<String> DBCS = List.of("tp_j1939.dbc", "tp_uds.dbc");
  private static final String SOC = "M_SID_0x220101_StateOfChargeBMS";

  @TempDir static Path dir;
  static GatewayServer server;
  static final RecordingStore stored = new RecordingStore();

  /** A decoded message: name, time in µs, signal → value (absent multiplexed signals left out). */
  record Decoded(String message, long micros, Map<String, Double> signals) {}

  @BeforeAll
  static void start() throws Exception {
    Path dbcDir = Files.createDirectories(dir.resolve("dbc"));
    for (String name : DBCS) {
      Files.copy(SharedData.require("canedge/dbc/" + name), dbcDir.resolve(name));
    }
    GatewayConfig config =
        new GatewayConfig(
            TestConfigs.http("127.0.0.1", 0, 64L << 20),
            null,
            new GatewayConfig.Storage(
                dir.resolve("data").toString(),
                "questdb",
                new io.ecugateway.sink.questdb.QuestDbConfig(
                    "127.0.0.1", 0, "admin", "quest", false, 0, null, null),
                null),
            TestConfigs.decode(dbcDir.toString(), List.of("*"), Map.of(), 0, 1, 8, Map.of()),
            new io.ecugateway.server.ShutdownConfig(2),
            TestConfigs.live(false, 0, List.of(), 1 << 20, false, 50, 200, 10_000),
            new TransportSettings(
                Map.of("*", List.of("isotp", "j1939")), Map.of(), Map.of(), Map.of(), 16),
            null,
            null,
            null);
    server = GatewayServer.startWith(config, List.of(ctx -> LiveModule.create(ctx, stored)));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void udsAndJ1939MessagesSentOverTheIngestSocketAreReassembled() throws Exception {
    List<Decoded> uds = cli(UDS_LOG);
    List<Decoded> j1939 = cli(J1939_LOG);
    assertEquals(120, withSignal(uds, SOC), "the CLI reassembles the Kona SoC");
    assertEquals(13, withSignal(j1939, "EngineSpeedAtPoint5"), "and the J1939 EC1");

    String ws = "ws://127.0.0.1:" + server.port();
    try (WsTestClient live = new WsTestClient(ws + "/ws/live")) {
      live.subscribe("soc", "ws-uds", "Battery", SOC, 1000);
      sendOverIngestSocket(ws + "/ws/ingest/ws-uds", UDS_LOG);
      JsonNode samples = live.await(m -> m.toString().contains(SOC), 20);
      assertTrue(samples.toString().contains("\"ws-uds\""), samples.toString());
    }
    sendOverIngestSocket(ws + "/ws/ingest/ws-j1939", J1939_LOG);

    assertSameMessages(uds, stored.await("ws-uds", uds.size()));
    assertSameMessages(j1939, stored.await("ws-j1939", j1939.size()));
  }

  @Test
  void replaysOfTheSampleLogsAreReassembled() throws Exception {
    List<Decoded> uds = cli(UDS_LOG);
    List<Decoded> j1939 = cli(J1939_LOG);
    replay("replay-uds", UDS_LOG);
    replay("replay-j1939", J1939_LOG);
    assertSameMessages(uds, stored.await("replay-uds", uds.size()));
    assertSameMessages(j1939, stored.await("replay-j1939", j1939.size()));
  }

  /** The log's frames as binary batches ({@link LiveFrameCodec}), then the socket closed. */
  private static void sendOverIngestSocket(String url, String log) throws Exception {
    try (WsTestClient in = new WsTestClient(url);
        FrameReader reader = FormatRegistry.open(SharedData.require(log), ReadOptions.defaults())) {
      CanFrame f = new CanFrame();
      byte[] batch = new byte[64 * 1024];
      batch[0] = LiveFrameCodec.VERSION;
      int off = 1;
      while (reader.next(f)) {
        if (off + LiveFrameEncoder.encodedSize(f) > batch.length) {
          in.sendBinary(java.util.Arrays.copyOf(batch, off));
          off = 1;
        }
        off = LiveFrameEncoder.encode(f, batch, off);
      }
      in.sendBinary(java.util.Arrays.copyOf(batch, off));
    }
  }

  /** Replays the log as fast as it decodes and waits until the replay finished. */
  private static void replay(String device, String log) throws Exception {
    String base = "http://127.0.0.1:" + server.port();
    HttpResponse<String> started =
        WsTestClient.HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(base + "/api/v1/devices/" + device + "/replay?speed=0&name=tp.MF4"))
                .POST(HttpRequest.BodyPublishers.ofFile(SharedData.require(log)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(202, started.statusCode(), started.body());
    String status = JSON.readTree(started.body()).path("status").asText();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String state = "";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r =
          WsTestClient.HTTP.send(
              HttpRequest.newBuilder(URI.create(base + status)).build(),
              HttpResponse.BodyHandlers.ofString());
      state = JSON.readTree(r.body()).path("state").asText();
      if (!state.equals("running")) {
        break;
      }
      Thread.sleep(50);
    }
    assertEquals("finished", state);
  }

  /** What {@code decode --transport isotp --transport j1939} gives for the log and the DBCs. */
  private static List<Decoded> cli(String log) throws Exception {
    Path out = dir.resolve("cli-" + System.nanoTime() + ".jsonl");
    List<String> args = new ArrayList<>(List.of("decode", "--out", out.toString()));
    for (String dbc : DBCS) {
      args.addAll(List.of("--dbc", SharedData.require("canedge/dbc/" + dbc).toString()));
    }
    args.addAll(List.of("--transport", "isotp", "--transport", "j1939"));
    args.add(SharedData.require(log).toString());
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, Main.run(args.toArray(String[]::new)), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(saved);
    }
    List<Decoded> decoded = new ArrayList<>();
    for (String line : Files.readAllLines(out)) {
      JsonNode l = JSON.readTree(line);
      Map<String, Double> signals = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = l.get("signals").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> s = it.next();
        signals.put(s.getKey(), s.getValue().asDouble());
      }
      decoded.add(
          new Decoded(l.get("message").asText(), Math.round(l.get("t").asDouble() * 1e6), signals));
    }
    return decoded;
  }

  private static long withSignal(List<Decoded> decoded, String signal) {
    return decoded.stream().filter(d -> d.signals().containsKey(signal)).count();
  }

  /** Same messages in the same order, times within 1 µs (the CLI prints seconds), same values. */
  private static void assertSameMessages(List<Decoded> expected, List<Decoded> actual) {
    assertEquals(expected.size(), actual.size(), "decoded messages");
    for (int i = 0; i < expected.size(); i++) {
      Decoded e = expected.get(i);
      Decoded a = actual.get(i);
      String where = "message " + i + ": " + e + " vs " + a;
      assertEquals(e.message(), a.message(), where);
      assertTrue(Math.abs(e.micros() - a.micros()) <= 1, where);
      assertEquals(e.signals().keySet(), a.signals().keySet(), where);
      for (Map.Entry<String, Double> s : e.signals().entrySet()) {
        double x = s.getValue();
        double y = a.signals().get(s.getKey());
        assertTrue(Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x)), where);
      }
    }
  }

  /** Keeps what the live path hands to storage: every decoded frame, in order, per device. */
  static final class RecordingStore implements LiveStore {
    private final Map<String, List<Decoded>> byDevice = new ConcurrentHashMap<>();

    @Override
    public void offer(String device, CanFrame frame, DecodeResult result) {
      double[] values = MessageRows.columnValues(result);
      Map<String, Double> signals = new LinkedHashMap<>();
      for (int i = 0; i < values.length; i++) {
        if (!Double.isNaN(values[i])) {
          signals.put(result.codec().signal(i).name(), values[i]);
        }
      }
      byDevice
          .computeIfAbsent(device, d -> Collections.synchronizedList(new ArrayList<>()))
          .add(new Decoded(result.messageName(), Math.floorDiv(frame.timestampNs, 1000L), signals));
    }

    /** The device's messages once {@code count} arrived (at most 30 s) and nothing more came. */
    List<Decoded> await(String device, int count) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (size(device) < count && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Thread.sleep(200); // anything beyond the expected count would show now
      synchronized (byDevice.getOrDefault(device, List.of())) {
        return List.copyOf(byDevice.getOrDefault(device, List.of()));
      }
    }

    private int size(String device) {
      List<Decoded> l = byDevice.get(device);
      return l == null ? 0 : l.size();
    }
  }
}
