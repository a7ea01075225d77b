package io.ecugateway.stream.ws;

import static io.ecugateway.stream.ws.LiveTestServer.ccvs1;
import static io.ecugateway.stream.ws.LiveTestServer.eec1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.stream.LiveFrameCodec;
import io.ecugateway.stream.LiveFrameEncoder;
import io.ecugateway.stream.LiveSession;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** /ws/live and /ws/ingest through a real server, decoding with real DBC files. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LiveWebSocketTest {
  @TempDir static Path dir;
  static LiveTestServer gw;

  @BeforeAll
  static void start() throws Exception {
    gw = new LiveTestServer(dir, List.of(), List.of(), 16 * 1024);
    // The JDK HTTP client's first use is slow (TLS setup) on a loaded machine; not under test.
    new WsTestClient(gw.ws("/ws/live")).close();
  }

  @AfterAll
  static void stop() {
    if (gw != null) {
      gw.close();
    }
  }

  private static long nowMicros() {
    return System.currentTimeMillis() * 1000;
  }

  private static List<Double> values(List<WsTestClient.Received> samples, String signal) {
    List<Double> out = new ArrayList<>();
    for (WsTestClient.Received r : samples) {
      if (r.json().get("signals").has(signal)) {
        out.add(r.json().get("signals").get(signal).asDouble());
      }
    }
    return out;
  }

  @Test
  void subscriptionsFilterByDeviceMessageAndSignal() throws Exception {
    try (WsTestClient a = new WsTestClient(gw.ws("/ws/live"));
        WsTestClient b = new WsTestClient(gw.ws("/ws/live"));
        WsTestClient in1 = new WsTestClient(gw.ws("/ws/ingest/filter-truck1"));
        WsTestClient in2 = new WsTestClient(gw.ws("/ws/ingest/filter-truck2"))) {
      a.subscribe("a", "filter-truck1", "EEC1", "EngineSpeed", 1000);
      b.subscribe("b", "filter-*", "CCVS1", "*", 1000);
      long t = nowMicros();
      in1.send(eec1("can1", t, 8000) + "\n" + ccvs1("can1", t + 1, 12800));
      in2.send(eec1("can1", t + 2, 16000) + "\n" + ccvs1("can1", t + 3, 256));
      JsonNode sa = a.await(m -> m.path("type").asText().equals("samples"), 10);
      JsonNode first = sa.get("samples").get(0);
      assertEquals("filter-truck1", first.get("device").asText());
      assertEquals("EEC1", first.get("message").asText());
      assertEquals(1000.0, first.get("signals").get("EngineSpeed").asDouble()); // 8000 * 0.125
      List<Double> speeds = new ArrayList<>();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (speeds.size() < 2 && System.nanoTime() < end) {
        JsonNode m = b.await(x -> x.path("type").asText().equals("samples"), 10);
        for (JsonNode s : m.get("samples")) {
          assertEquals("CCVS1", s.get("message").asText());
          speeds.add(s.get("signals").get("WheelBasedVehicleSpeed").asDouble());
        }
      }
      assertTrue(speeds.contains(50.0) && speeds.contains(1.0), speeds.toString());
      Thread.sleep(300);
      for (WsTestClient.Received r : a.drainSamples()) {
        assertEquals("filter-truck1", r.json().get("device").asText());
        assertEquals("EEC1", r.json().get("message").asText());
      }
    }
  }

  @Test
  void catalogueListsSeenMessagesWithUnitsAndLabels() throws Exception {
    try (WsTestClient in = new WsTestClient(gw.ws("/ws/ingest/cat-dev"));
        WsTestClient c = new WsTestClient(gw.ws("/ws/live"))) {
      c.await(m -> m.path("type").asText().equals("catalogue") && m.path("full").asBoolean(), 5);
      // Heartbeat on can9: StateRxCh1 = bit 2 = 1 ("Enable").
      in.send("(1700000000.000000) can9 002#04000000000000");
      JsonNode update =
          c.await(
              m ->
                  m.path("type").asText().equals("catalogue")
                      && !m.path("full").asBoolean()
                      && m.toString().contains("cat-dev"),
              10);
      JsonNode msg = update.at("/devices/0/messages/0");
      assertEquals("Heartbeat", msg.get("message").asText());
      JsonNode rx1 = null;
      for (JsonNode s : msg.get("signals")) {
        if (s.get("name").asText().equals("StateRxCh1")) {
          rx1 = s;
        }
      }
      assertEquals("Enable", rx1.at("/labels/1").asText());
      assertEquals("s", msg.get("signals").get(6).get("unit").asText()); // Epoch
      c.send("{\"type\":\"catalogue\"}");
      JsonNode full =
          c.await(
              m -> m.path("type").asText().equals("catalogue") && m.path("full").asBoolean(), 5);
      assertTrue(full.toString().contains("\"cat-dev\""));
    }
  }

  @Test
  void decimationLimitsTheRateAndDeliversTheLastValue() throws Exception {
    try (WsTestClient c = new WsTestClient(gw.ws("/ws/live"));
        WsTestClient in = new WsTestClient(gw.ws("/ws/ingest/rate-dev"))) {
      c.subscribe("r", "rate-dev", "EEC1", "EngineSpeed", 5);
      long start = System.nanoTime();
      // 2 s of 200 Hz input, sent in 10 ms chunks of two frames, in the binary encoding.
      for (int i = 0; i < 200; i++) {
        byte[] msg = new byte[1 + 2 * 23];
        msg[0] = LiveFrameCodec.VERSION;
        int off = 1;
        for (int k = 0; k < 2; k++) {
          int raw = (2 * i + k) * 8; // EngineSpeed = (2i+k) rpm
          CanFrame f = new CanFrame();
          f.timestampNs = System.currentTimeMillis() * 1_000_000L;
          f.bus = "can1";
          f.id = 0x0CF00400;
          f.extended = true;
          f.length = 8;
          byte[] d = {
            (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) raw, (byte) (raw >> 8), -1, -1, -1
          };
          System.arraycopy(d, 0, f.data, 0, 8);
          off = LiveFrameEncoder.encode(f, msg, off);
        }
        in.sendBinary(msg);
        long due = start + (i + 1) * 10_000_000L;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Thread.sleep(500);
      List<Double> v = values(c.drainSamples(), "EngineSpeed");
      // At most 5/s (+1 for the first interval and the trailing value), and the newest value last.
      assertTrue(
          v.size() <= Math.ceil(seconds * 5) + 2, v.size() + " updates in " + seconds + " s");
      assertTrue(
          v.size() >= Math.floor(seconds * 5) - 2, v.size() + " updates in " + seconds + " s");
      assertEquals(399.0, v.get(v.size() - 1));
      for (int i = 1; i < v.size(); i++) {
        assertTrue(v.get(i) > v.get(i - 1), "values in order: " + v);
      }
    }
  }

  @Test
  void unsubscribeStopsUpdatesAndUnknownIdIsAnError() throws Exception {
    try (WsTestClient c = new WsTestClient(gw.ws("/ws/live"));
        WsTestClient in = new WsTestClient(gw.ws("/ws/ingest/unsub-dev"))) {
      c.subscribe("u", "unsub-dev", "*", "*", 1000);
      in.send(eec1("can1", nowMicros(), 80));
      c.await(m -> m.path("type").asText().equals("samples"), 10);
      c.send("{\"type\":\"unsubscribe\",\"id\":\"u\"}");
      c.await(m -> m.path("type").asText().equals("unsubscribed"), 5);
      in.send(eec1("can1", nowMicros(), 160));
      Thread.sleep(500);
      assertTrue(c.drainSamples().isEmpty());
      c.send("{\"type\":\"unsubscribe\",\"id\":\"u\"}");
      JsonNode err = c.await(m -> m.path("type").asText().equals("error"), 5);
      assertEquals("no subscription with id \"u\"", err.get("error").asText());
    }
  }

  @Test
  void aClientCanReconnectAndResubscribe() throws Exception {
    try (WsTestClient in = new WsTestClient(gw.ws("/ws/ingest/re-dev"))) {
      int before = gw.module.hub().sessions().size();
      WsTestClient c = new WsTestClient(gw.ws("/ws/live"));
      c.subscribe("x", "re-dev", "*", "EngineSpeed", 1000);
      in.send(eec1("can1", nowMicros(), 800));
      assertEquals(
          100.0,
          c.await(m -> m.path("type").asText().equals("samples"), 10)
              .at("/samples/0/signals/EngineSpeed")
              .asDouble());
      List<WsTestClient> more = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        more.add(new WsTestClient(gw.ws("/ws/live")));
      }
      // One hub per event loop, not per connection.
      assertTrue(
          gw.module.hub().eventLoops() <= Runtime.getRuntime().availableProcessors() * 2,
          "hubs: " + gw.module.hub().eventLoops());
      more.forEach(WsTestClient::close);
      c.close();
      waitUntil(() -> gw.module.hub().sessions().size() == before, 5);
      try (WsTestClient again = new WsTestClient(gw.ws("/ws/live"))) {
        again.subscribe("x", "re-dev", "*", "EngineSpeed", 1000);
        in.send(eec1("can1", nowMicros(), 1600));
        assertEquals(
            200.0,
            again
                .await(m -> m.path("type").asText().equals("samples"), 10)
                .at("/samples/0/signals/EngineSpeed")
                .asDouble());
      }
    }
  }

  @Test
  void badClientMessagesGetAnErrorAndCloseNothing() throws Exception {
    try (WsTestClient bad = new WsTestClient(gw.ws("/ws/live"));
        WsTestClient good = new WsTestClient(gw.ws("/ws/live"));
        WsTestClient in = new WsTestClient(gw.ws("/ws/ingest/bad-dev"))) {
      good.subscribe("g", "bad-dev", "*", "*", 1000);
      bad.send("nonsense");
      assertTrue(
          bad.await(m -> m.path("type").asText().equals("error"), 5)
              .get("error")
              .asText()
              .startsWith("not JSON"));
      bad.send("{\"type\":\"subscribe\",\"id\":\"q\",\"maxRate\":-3}");
      JsonNode e = bad.await(m -> m.path("type").asText().equals("error"), 5);
      assertEquals("q", e.get("id").asText());
      bad.sendBinary(new byte[] {1, 2, 3});
      assertTrue(
          bad.await(m -> m.path("type").asText().equals("error"), 5)
              .get("error")
              .asText()
              .contains("binary"));
      for (int i = 0; i <= LiveSession.MAX_SUBSCRIPTIONS; i++) {
        bad.send("{\"type\":\"subscribe\",\"id\":\"s" + i + "\",\"device\":\"none\"}");
      }
      assertTrue(
          bad.await(m -> m.path("type").asText().equals("error"), 5)
              .get("error")
              .asText()
              .startsWith("too many subscriptions"));
      // Both connections still work.
      bad.subscribe("s0", "bad-dev", "*", "*", 1000); // replacing an existing id is allowed
      in.send(eec1("can1", nowMicros(), 24));
      assertEquals(
          3.0,
          good.await(m -> m.path("type").asText().equals("samples"), 10)
              .at("/samples/0/signals/EngineSpeed")
              .asDouble());
      assertEquals(
          3.0,
          bad.await(m -> m.path("type").asText().equals("samples"), 10)
              .at("/samples/0/signals/EngineSpeed")
              .asDouble());
      assertFalse(bad.closed || good.closed);
    }
  }

  @Test
  void badIngestInputIsReportedAndSkipped() throws Exception {
    try (WsTestClient c = new WsTestClient(gw.ws("/ws/live"));
        WsTestClient in = new WsTestClient(gw.ws("/ws/ingest/badin-dev"))) {
      c.subscribe("b", "badin-dev", "*", "EngineSpeed", 1000);
      in.send("this is not candump\n" + eec1("can1", nowMicros(), 240));
      JsonNode err = in.await(m -> m.path("type").asText().equals("error"), 5);
      assertTrue(err.get("error").asText().contains(":1: skipped line"), err.toString());
      assertEquals(
          30.0,
          c.await(m -> m.path("type").asText().equals("samples"), 10)
              .at("/samples/0/signals/EngineSpeed")
              .asDouble());
      in.sendBinary(new byte[] {7, 0, 0});
      JsonNode bin = in.await(m -> m.path("type").asText().equals("error"), 5);
      assertTrue(
          bin.get("error").asText().contains("expected version byte 0x01, found 0x07"),
          bin.toString());
      in.send(eec1("can1", nowMicros(), 480));
      assertEquals(
          60.0,
          c.await(m -> m.path("type").asText().equals("samples"), 10)
              .at("/samples/0/signals/EngineSpeed")
              .asDouble());
      assertFalse(in.closed);
    }
  }

  @Test
  void rawTcpListenerTakesCandumpLinesAfterHello() throws Exception {
    try (WsTestClient c = new WsTestClient(gw.ws("/ws/live"))) {
      c.subscribe("t", "tcp-dev", "*", "EngineSpeed", 1000);
      try (Socket s = new Socket("127.0.0.1", gw.module.tcpPort())) {
        OutputStream out = s.getOutputStream();
        BufferedReader reply =
            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        out.write(
            ("HELLO tcp-dev\n" + eec1("can1", nowMicros(), 4000) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
        assertEquals("OK", reply.readLine());
        assertEquals(
            500.0,
            c.await(m -> m.path("type").asText().equals("samples"), 10)
                .at("/samples/0/signals/EngineSpeed")
                .asDouble());
        // A line split over two writes arrives whole.
        String line = eec1("can1", nowMicros(), 4008);
        out.write(line.substring(0, 10).getBytes(StandardCharsets.UTF_8));
        out.flush();
        Thread.sleep(50);
        out.write((line.substring(10) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        assertEquals(
            501.0,
            c.await(m -> m.path("type").asText().equals("samples"), 10)
                .at("/samples/0/signals/EngineSpeed")
                .asDouble());
      }
      try (Socket s = new Socket("127.0.0.1", gw.module.tcpPort())) {
        s.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        String answer =
            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        assertTrue(answer.startsWith("ERROR expected a first line HELLO"), answer);
      }
    }
  }

  @Test
  void replayStreamsALogIntoTheLivePath() throws Exception {
    try (WsTestClient c = new WsTestClient(gw.ws("/ws/live"))) {
      c.subscribe("p", "replay-dev", "*", "EngineSpeed", 1000);
      StringBuilder log = new StringBuilder();
      for (int i = 0; i < 50; i++) {
        log.append(eec1("can1", 1_600_000_000_000_000L + i * 20_000L, i * 8)).append('\n');
      }
      log.append("(1600000001.000000) can1 123#00\n"); // not in the DBC
      long t0 = System.nanoTime();
      HttpResponse<String> r =
          WsTestClient.HTTP.send(
              HttpRequest.newBuilder(
                      URI.create(gw.http("/api/v1/devices/replay-dev/replay?speed=2&name=x.log")))
                  .POST(HttpRequest.BodyPublishers.ofString(log.toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(202, r.statusCode(), r.body());
      JsonNode started = WsTestClient.JSON.readTree(r.body());
      String status = started.get("status").asText();
      JsonNode st;
      do {
        Thread.sleep(50);
        st =
            WsTestClient.JSON.readTree(
                WsTestClient.HTTP
                    .send(
                        HttpRequest.newBuilder(URI.create(gw.http(status))).build(),
                        HttpResponse.BodyHandlers.ofString())
                    .body());
      } while (st.get("state").asText().equals("running"));
      double took = (System.nanoTime() - t0) / 1e9;
      assertEquals("finished", st.get("state").asText(), st.toString());
      assertEquals(51, st.get("frames").asLong());
      assertEquals(1, st.get("unknownFrames").asLong());
      // 1 s of log time at 2x: about half a second.
      assertTrue(took >= 0.45, "took " + took);
      Thread.sleep(200);
      List<WsTestClient.Received> s = c.drainSamples();
      List<Double> v = values(s, "EngineSpeed");
      assertEquals(49.0, v.get(v.size() - 1));
      // Original timestamps are kept.
      assertEquals(1600000000.98, s.get(s.size() - 1).json().get("t").asDouble(), 1e-6);
      HttpResponse<String> bad =
          WsTestClient.HTTP.send(
              HttpRequest.newBuilder(
                      URI.create(gw.http("/api/v1/devices/replay-dev/replay?speed=fast")))
                  .POST(HttpRequest.BodyPublishers.ofString(log.toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(400, bad.statusCode());
    }
  }

  @Test
  void aStalledClientDoesNotDelayOthersAndItsBacklogStaysBounded() throws Exception {
    int[] can9Ids = {2, 3, 5, 101, 102, 103, 104, 105, 106, 107, 108, 110, 111};
    try (StalledClient slow = new StalledClient(gw.port(), "/ws/live");
        WsTestClient fast = new WsTestClient(gw.ws("/ws/live"));
        WsTestClient in = new WsTestClient(gw.ws("/ws/ingest/slow-dev"))) {
      slow.sendText(
          "{\"type\":\"subscribe\",\"id\":\"all\",\"device\":\"slow-dev\",\"maxRate\":1000}");
      fast.subscribe("f", "slow-dev", "EEC1", "EngineSpeed", 1000);
      // Every 5 ms (until the stalled client's socket is full, then 1 s more): one EEC1 frame (for
      // the fast client) and 39 frames of the 13 can9 messages
      // (many signals: a lot of output for the stalled client), every value new, stamped now.
      java.util.Random rnd = new java.util.Random(1);
      CanFrame f = new CanFrame();
      f.length = 8;
      long start = System.nanoTime();
      int raw = 0;
      LiveSession stalled = null;
      int sentAfterStall = 0;
      for (int b = 0;
          b < 3000 && sentAfterStall < 200;
          b++, sentAfterStall += stalled == null ? 0 : 1) {
        byte[] msg = new byte[1 + 40 * 23];
        msg[0] = LiveFrameCodec.VERSION;
        long now = System.currentTimeMillis() * 1_000_000L;
        f.timestampNs = now;
        f.bus = "can1";
        f.extended = true;
        f.id = 0x0CF00400;
        raw = b % 60000;
        byte[] d = {-1, -1, -1, (byte) raw, (byte) (raw >> 8), -1, -1, -1};
        System.arraycopy(d, 0, f.data, 0, 8);
        int off = LiveFrameEncoder.encode(f, msg, 1);
        f.bus = "can9";
        f.extended = false;
        for (int k = 0; k < 39; k++) {
          f.id = can9Ids[k % can9Ids.length];
          rnd.nextBytes(f.data);
          off = LiveFrameEncoder.encode(f, msg, off);
        }
        in.sendBinary(msg);
        if (b == 20) {
          // Once the catalogue lists the can9 messages, ask for it (~10 KB) again and again
          // without ever reading: the server-side socket buffers fill within a second.
          for (int k = 0; k < 400; k++) {
            slow.sendText("{\"type\":\"catalogue\"}");
          }
        }
        long wait = start + (b + 1) * 5_000_000L - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        if (b % 20 == 0) {
          for (LiveSession s : gw.module.hub().sessions()) {
            if (s.dropped() > 0) {
              stalled = s;
            }
          }
        }
      }
      double lastValue = raw * 0.125;
      long sentAll = System.nanoTime();
      double last = -1;
      List<Long> latencies = new ArrayList<>();
      while (last != lastValue && System.nanoTime() - sentAll < TimeUnit.SECONDS.toNanos(10)) {
        for (WsTestClient.Received r : fast.drainSamples()) {
          last = r.json().get("signals").get("EngineSpeed").asDouble();
          latencies.add(r.wallMicros() - (long) (r.json().get("t").asDouble() * 1e6));
        }
        Thread.sleep(10);
      }
      assertEquals(lastValue, last, "the fast client got the newest value");
      latencies.sort(null);
      long p99 = latencies.get((int) (latencies.size() * 0.99));
      // Generous: CI shares 2 cores with everything else; the benchmark measures the real figure.
      // A client queued behind the stalled one would get nothing until the stalled one reads.
      assertTrue(p99 < 2_000_000, "fast client p99 latency " + p99 + " us");
      assertTrue(latencies.size() > 100, "fast client updates: " + latencies.size());
      // What the server holds for it: one slot per subscribed signal, not a growing queue.
      // Whether this machine's socket buffers filled up in the time given is not guaranteed (they
      // absorb megabytes on loopback); when they did, what the server holds for the stalled
      // client is one slot per subscribed signal, not a growing queue. LiveRouterTest proves the
      // coalescing and drop counting deterministically.
      if (stalled != null) {
        int can9Signals =
            io.ecugateway.dbc.DbcParser.parse(
                    io.ecugateway.testing.SharedData.require("canedge/dbc/can9-database-01.09.dbc"))
                .signalCount();
        assertTrue(stalled.heldSignalCapacity() <= can9Signals + 1);
      }
    }
  }

  static void waitUntil(java.util.function.BooleanSupplier cond, int seconds) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not met within " + seconds + " s");
      }
      Thread.sleep(20);
    }
  }
}
