package io.ecugateway.stream.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecugateway.config.GatewayConfig;
import io.ecugateway.ingest.LogPath;
import io.ecugateway.server.AuthConfig;
import io.ecugateway.server.DeviceId;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Limits and answers of the live paths: one device-id rule everywhere, 403 for another device's
 * token, the replay name limit, the WebSocket message size limit (1009) and the binary version
 * byte.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LiveLimitsTest {
  static final String LONG_ID = "D".repeat(100);
  static final String TOO_LONG_ID = "D".repeat(DeviceId.MAX_LENGTH + 1);

  @TempDir static Path dir;
  static LiveTestServer gw;

  @BeforeAll
  static void start() throws Exception {
    gw =
        new LiveTestServer(
            dir,
            List.of("all"),
            Map.of("dev-a", List.of("tok-a"), LONG_ID, List.of("tok-long")),
            List.of(),
            16 * 1024);
  }

  @AfterAll
  static void stop() {
    if (gw != null) {
      gw.close();
    }
  }

  /** The HTTP status of a refused WebSocket handshake, or 101 when it was accepted. */
  static int handshake(String path) throws Exception {
    try (WsTestClient c = new WsTestClient(gw.ws(path))) {
      return 101;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException h) {
        return h.getResponse().statusCode();
      }
      throw e;
    }
  }

  @Test
  void aForeignDeviceTokenIs403AndAMissingOrWrongTokenIs401() throws Exception {
    assertEquals(101, handshake("/ws/ingest/dev-a?token=tok-a"));
    assertEquals(403, handshake("/ws/ingest/dev-b?token=tok-a"));
    assertEquals(401, handshake("/ws/ingest/dev-b"));
    assertEquals(401, handshake("/ws/ingest/dev-b?token=nope"));
  }

  @Test
  void oneDeviceIdRuleForLiveIngestTcpUploadsAndConfiguration() throws Exception {
    assertEquals(101, handshake("/ws/ingest/" + LONG_ID + "?token=tok-long"));
    String bad = rawUpgrade("/ws/ingest/" + TOO_LONG_ID + "?token=all");
    assertTrue(bad.startsWith("HTTP/1.1 400"), bad);
    assertTrue(bad.contains(DeviceId.RULE), bad);

    assertEquals("OK", hello(LONG_ID + " tok-long"));
    String refused = hello(TOO_LONG_ID + " all");
    assertTrue(refused.startsWith("ERROR") && refused.contains(DeviceId.RULE), refused);

    new LogPath(LONG_ID, "00000001", "00000001.MF4");
    IllegalArgumentException upload =
        assertThrows(
            IllegalArgumentException.class,
            () -> new LogPath(TOO_LONG_ID, "00000001", "00000001.MF4"));
    assertTrue(upload.getMessage().contains(DeviceId.RULE), upload.getMessage());

    config(LONG_ID).validate();
    GatewayConfig.ConfigException e =
        assertThrows(GatewayConfig.ConfigException.class, () -> config(TOO_LONG_ID).validate());
    assertTrue(e.getMessage().contains(DeviceId.RULE), e.getMessage());
  }

  private static GatewayConfig config(String device) {
    return new GatewayConfig(
        null,
        new AuthConfig(List.of(), Map.of(device, List.of("t"))),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** A WebSocket upgrade request by hand; returns the whole answer. */
  private static String rawUpgrade(String path) throws Exception {
    try (Socket s = new Socket("127.0.0.1", gw.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write(
              ("GET "
                      + path
                      + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                      + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                      + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
                  .getBytes(StandardCharsets.UTF_8));
      byte[] buf = new byte[16384];
      int n = s.getInputStream().read(buf);
      return new String(buf, 0, Math.max(0, n), StandardCharsets.UTF_8);
    }
  }

  private static String hello(String rest) throws Exception {
    try (Socket s = new Socket("127.0.0.1", gw.module.tcpPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(("HELLO " + rest + "\n").getBytes(StandardCharsets.UTF_8));
      return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
          .readLine();
    }
  }

  /**
   * A replay body cut off mid-stream (part of it already in the spooled file) or at once (while the
   * gateway may still be opening that file) leaves no file: the replay path streams through {@code
   * server.BodySpool}, as uploads do.
   */
  @Test
  void aReplayBodyCutOffLeavesNoFile() throws Exception {
    Path tmp = dir.resolve("spool"); // the data directory's spool, emptied at every start
    for (boolean midStream : new boolean[] {true, false}) {
      String name = "cutoff-" + java.util.UUID.randomUUID() + ".log";
      byte[] part = (LiveTestServer.eec1("can0", 1_000_000, 100) + "\n").repeat(5000).getBytes();
      try (Socket s = new Socket("127.0.0.1", gw.port())) {
        s.getOutputStream()
            .write(
                ("POST /api/v1/devices/dev-a/replay?speed=0&name="
                        + name
                        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer all\r\n"
                        + "Content-Length: "
                        + (part.length * 4)
                        + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().write(part);
        s.getOutputStream().flush();
        if (midStream) {
          awaitReplayFile(tmp, name, true);
        }
      }
      if (!midStream) {
        Thread.sleep(1000); // time for the gateway to create the file it then must delete
      }
      awaitReplayFile(tmp, name, false);
    }
  }

  /** Waits (up to 10 s) until the replay's spooled file holds bytes, or until it is gone. */
  private static void awaitReplayFile(Path tmp, String name, boolean withBytes) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      boolean found;
      try (var files = java.nio.file.Files.list(tmp)) {
        found =
            files
                .filter(f -> f.getFileName().toString().endsWith("-" + name))
                .anyMatch(f -> !withBytes || f.toFile().length() > 0);
      }
      if (found == withBytes) {
        return;
      }
      assertTrue(
          System.nanoTime() < deadline,
          withBytes ? "no bytes of the replay spooled after 10 s" : "replay file left behind");
      Thread.sleep(50);
    }
  }

  @Test
  void aLongReplayNameIs400WithTheLimit() throws Exception {
    HttpResponse<String> r =
        WsTestClient.HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        gw.http("/api/v1/devices/dev-a/replay?speed=0&name=" + "n".repeat(300))))
                .header("Authorization", "Bearer all")
                .POST(HttpRequest.BodyPublishers.ofString("(1.0) can1 123#00\n"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(r.body().contains("1-" + LiveModule.MAX_REPLAY_NAME), r.body());
  }

  @Test
  void aTextMessageOverTheLimitClosesTheIngestSocketWith1009() throws Exception {
    try (WsTestClient in = new WsTestClient(gw.ws("/ws/ingest/dev-a?token=tok-a"))) {
      String line = LiveTestServer.eec1("can1", 1_600_000_000_000_000L, 8) + "\n";
      int max = GatewayConfig.DEFAULTS.live().maxMessageBytes();
      in.send(line.repeat(max / line.length() - 1)); // just under the limit: accepted
      in.send(line.repeat(max / line.length() + 1));
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!in.closed && System.nanoTime() < end) {
        Thread.sleep(20);
      }
      assertTrue(in.closed, "closed");
      assertEquals(1009, in.closeCode);
    }
  }

  @Test
  void warningsOverTheRateLimitAreAnnouncedNotSilentlyDropped() throws Exception {
    try (WsTestClient in = new WsTestClient(gw.ws("/ws/ingest/dev-a?token=tok-a"))) {
      for (int i = 0; i < 12; i++) {
        in.sendBinary(new byte[] {2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0x23, 0});
      }
      JsonNode notice =
          in.await(
              m ->
                  m.path("type").asText().equals("error")
                      && m.path("error").asText().contains("further ones are not sent"),
              5);
      assertTrue(
          notice.get("error").asText().startsWith("more than 5 warnings"), notice.toString());
    }
  }

  @Test
  void aBadBinaryVersionByteIsAnsweredWithTheExpectedVersion() throws Exception {
    try (WsTestClient in = new WsTestClient(gw.ws("/ws/ingest/dev-a?token=tok-a"))) {
      in.sendBinary(new byte[] {2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0x23, 0});
      JsonNode err = in.await(m -> m.path("type").asText().equals("error"), 5);
      assertTrue(
          err.get("error").asText().contains("expected version byte 0x01, found 0x02"),
          err.toString());
    }
  }
}
