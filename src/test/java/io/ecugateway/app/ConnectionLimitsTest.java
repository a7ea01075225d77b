package io.ecugateway.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.config.GatewayConfig;
import io.ecugateway.config.TestConfigs;
import io.ecugateway.ingest.UploadModule;
import io.ecugateway.server.AuthConfig;
import io.ecugateway.server.HttpConfig;
import io.ecugateway.server.ShutdownConfig;
import io.ecugateway.stream.ws.LiveConfig;
import io.ecugateway.stream.ws.LiveModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Time and size limits of connections, through a real server on loopback with short timeouts (idle
 * and request timeouts of 2 s): unterminated and stalled bodies, slow headers, idle connections,
 * the connection bound, over-limit bodies, idle raw TCP ingest, and a WebSocket that only receives.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConnectionLimitsTest {
  static final long MAX_UPLOAD = 1 << 20;
  static final int TIMEOUT_S = 2;
  static final int MAX_CONNECTIONS = 600;

  @TempDir static Path dir;
  static GatewayServer server;
  static int tcpPort;
  static final HttpClient CLIENT = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    GatewayConfig config =
        new GatewayConfig(
            new HttpConfig("127.0.0.1", 0, MAX_UPLOAD, TIMEOUT_S, TIMEOUT_S, MAX_CONNECTIONS),
            new AuthConfig(List.of(), java.util.Map.of()),
            new GatewayConfig.Storage(
                dir.resolve("data").toString(),
                "questdb",
                new io.ecugateway.sink.questdb.QuestDbConfig(
                    "127.0.0.1", 0, "admin", "quest", false, 0, null, null),
                null),
            TestConfigs.decode(dir.resolve("dbc").toString(), null, null, 0, 1, 8, null),
            new ShutdownConfig(2),
            new LiveConfig(
                true, 0, List.of(), 1 << 18, false, 1000, 1000, 1000, 1 << 20, TIMEOUT_S, 1),
            null,
            null,
            null,
            null);
    Files.createDirectories(dir.resolve("dbc"));
    LiveModule[] live = new LiveModule[1];
    server =
        GatewayServer.startWith(
            config, List.of(UploadModule::create, ctx -> live[0] = LiveModule.create(ctx)));
    tcpPort = live[0].tcpPort();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  // ---- helpers ----

  static Socket connect() throws IOException {
    Socket s = new Socket("127.0.0.1", server.port());
    s.setSoTimeout(200);
    return s;
  }

  static void write(Socket s, String text) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Reads what the server sends until it closes or {@code seconds} pass; null if still open. */
  static String readUntilClosed(Socket s, double seconds) throws IOException {
    StringBuilder got = new StringBuilder();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    InputStream in = s.getInputStream();
    byte[] buf = new byte[8192];
    while (System.nanoTime() < end) {
      try {
        int n = in.read(buf);
        if (n < 0) {
          return got.toString();
        }
        got.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
      } catch (SocketTimeoutException e) {
        // still open
      } catch (IOException e) {
        return got.toString(); // reset counts as closed
      }
    }
    return null;
  }

  static long openFds() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  /** Waits up to {@code seconds} until the spool directory is empty. */
  static void awaitEmptySpool(int seconds, String what) throws Exception {
    waitFor(
        () -> {
          try {
            return spoolFiles().isEmpty();
          } catch (IOException e) {
            return false;
          }
        },
        seconds,
        what);
  }

  static List<Path> spoolFiles() throws IOException {
    Path spool = dir.resolve("data/spool");
    if (!Files.isDirectory(spool)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(spool)) {
      return files.toList();
    }
  }

  static String metrics() throws Exception {
    return get("/metrics").body();
  }

  static double metric(String text, String name) {
    return text.lines()
        .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  static HttpResponse<String> get(String path) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(java.time.Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static void waitFor(BooleanSupplier condition, double seconds, String what) throws Exception {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError(what + " not within " + seconds + " s");
      }
      Thread.sleep(100);
    }
  }

  static String multipartHead(String boundary, String transfer) {
    return "POST /api/v1/devices/D1/logs HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Content-Type: multipart/form-data; boundary="
        + boundary
        + "\r\n"
        + transfer
        + "\r\n\r\n";
  }

  static String filePartHead(String boundary) {
    return "--"
        + boundary
        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"00000001.log\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\n";
  }

  // ---- tests ----

  @Test
  void unterminatedBodiesAreAbortedTheirSpoolFilesDeletedAndFdsReleased() throws Exception {
    long baseline = openFds();
    double abortedBefore = metric(metrics(), "ecugw_http_bodies_aborted_total");
    List<Socket> sockets = new ArrayList<>();
    try {
      String line = "(1600000000.000000) can1 123#00\n".repeat(100);
      for (int i = 0; i < 150; i++) {
        Socket m = connect();
        sockets.add(m);
        write(m, multipartHead("b" + i, "Content-Length: 100000") + filePartHead("b" + i) + line);
        Socket p = connect();
        sockets.add(p);
        write(
            p,
            "PUT /api/v1/devices/D1/logs/00000001/0000000"
                + (i % 10)
                + ".log HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n"
                + line);
      }
      waitFor(
          () -> {
            try {
              return spoolFiles().size() >= 100;
            } catch (IOException e) {
              return false;
            }
          },
          20,
          "spool files of the unterminated bodies");
      // The bodies stall: after the idle timeout every connection is closed by the server.
      for (Socket s : sockets) {
        String answer = readUntilClosed(s, TIMEOUT_S + 8);
        assertTrue(answer != null, "the server closed the stalled body's connection");
      }
    } finally {
      for (Socket s : sockets) {
        s.close();
      }
    }
    awaitEmptySpool(10, "spool files deleted");
    waitFor(
        () -> {
          try {
            return openFds() <= baseline + 20;
          } catch (IOException e) {
            return false;
          }
        },
        10,
        "fd count back near " + baseline);
    assertEquals(200, get("/health").statusCode());
    assertTrue(
        metric(metrics(), "ecugw_http_bodies_aborted_total") - abortedBefore >= 300,
        "aborted bodies are counted");
  }

  @Test
  void aBodyThatTricklesAndThenStallsIsAborted() throws Exception {
    try (Socket s = connect()) {
      write(
          s,
          "PUT /api/v1/devices/D1/logs/00000002/00000001.log HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              + "Content-Length: 1000\r\n\r\n");
      // Trickle a byte every half idle timeout for twice the idle timeout: the body is alive.
      for (int i = 0; i < 4 * TIMEOUT_S; i++) {
        write(s, "(");
        Thread.sleep(TIMEOUT_S * 1000L / 4);
      }
      assertEquals(null, readUntilClosed(s, 0.1), "a trickling body is not cut off");
      String answer = readUntilClosed(s, TIMEOUT_S + 3);
      assertTrue(answer != null, "the stalled body's connection is closed");
    }
    awaitEmptySpool(10, "spool file deleted");
  }

  @Test
  void slowAndMissingHeadersAreClosedAfterTheRequestTimeout() throws Exception {
    double before = metric(metrics(), "ecugw_http_request_timeouts_total");
    try (Socket idle = connect();
        Socket slow = connect();
        Socket keptAlive = connect()) {
      write(slow, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n");
      write(keptAlive, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      long t0 = System.nanoTime();
      String idleAnswer = null;
      String slowAnswer = null;
      // Slowloris: one header line every 300 ms keeps the connection busy but never ends.
      for (int i = 0; i < 40 && (idleAnswer == null || slowAnswer == null); i++) {
        if (slowAnswer == null) {
          try {
            write(slow, "X-Slow-" + i + ": 1\r\n");
          } catch (IOException e) {
            slowAnswer = "";
          }
        }
        if (slowAnswer == null) {
          slowAnswer = readUntilClosed(slow, 0.15);
        }
        if (idleAnswer == null) {
          idleAnswer = readUntilClosed(idle, 0.15);
        }
      }
      double took = (System.nanoTime() - t0) / 1e9;
      assertTrue(idleAnswer != null, "a connection that sends nothing is closed");
      assertTrue(slowAnswer != null, "a connection that never completes its headers is closed");
      assertTrue(took < TIMEOUT_S + 4, "closed after " + took + " s");
      // A keep-alive connection got its answer and is closed once it idles past the timeout.
      String kept = readUntilClosed(keptAlive, TIMEOUT_S + 4);
      assertTrue(kept != null && kept.startsWith("HTTP/1.1 200"), String.valueOf(kept));
    }
    // The idle connection may go by the idle timeout or the request deadline, the slow one only
    // by the deadline (it is never idle).
    assertTrue(metric(metrics(), "ecugw_http_request_timeouts_total") - before >= 1);
    assertEquals(200, get("/health").statusCode());
  }

  @Test
  void connectionsBeyondTheBoundAreClosedAtOnceAndCounted() throws Exception {
    double before = metric(metrics(), "ecugw_http_connections_rejected_total");
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < MAX_CONNECTIONS + 50; i++) {
        sockets.add(connect());
      }
      int closedAtOnce = 0;
      for (Socket s : sockets.subList(MAX_CONNECTIONS - 10, sockets.size())) {
        if (readUntilClosed(s, 0.05) != null) {
          closedAtOnce++;
        }
      }
      assertTrue(closedAtOnce >= 40, "closed at once: " + closedAtOnce);
      assertTrue(metric(metrics(), "ecugw_http_connections_rejected_total") - before >= 40);
    } finally {
      for (Socket s : sockets) {
        s.close();
      }
    }
    waitFor(
        () -> {
          try {
            return get("/health").statusCode() == 200;
          } catch (Exception e) {
            return false;
          }
        },
        10,
        "/health answering again");
  }

  @Test
  void anOverLimitMultipartBodyGets413AtOnceAndItsConnectionIsClosed() throws Exception {
    try (Socket s = connect()) {
      write(s, multipartHead("big", "Transfer-Encoding: chunked"));
      String part = filePartHead("big");
      write(s, Integer.toHexString(part.length()) + "\r\n" + part + "\r\n");
      String chunk = "x".repeat(64 * 1024);
      long sent = 0;
      String answer = null;
      // Send past the limit, never end the body: the answer must come anyway.
      while (sent < 2 * MAX_UPLOAD && answer == null) {
        try {
          write(s, Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
        } catch (IOException e) {
          break; // closed by the server
        }
        sent += chunk.length();
      }
      answer = readUntilClosed(s, 5);
      assertTrue(answer != null, "connection closed after the 413");
      assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
      assertTrue(answer.contains("http.maxUploadBytes"), answer);
    }
    try (Socket s = connect()) {
      write(s, multipartHead("cl", "Content-Length: " + (MAX_UPLOAD + 1000)));
      String answer = readUntilClosed(s, 5);
      assertTrue(answer != null && answer.startsWith("HTTP/1.1 413"), String.valueOf(answer));
    }
    awaitEmptySpool(10, "spool files deleted");
  }

  @Test
  void anOverLimitReplayGets413AndTheClientDoesNotHang() throws Exception {
    byte[] big = new byte[(int) (2 * MAX_UPLOAD)];
    java.util.Arrays.fill(big, (byte) 'x');
    // Streamed without a length: the limit is found while reading.
    HttpRequest req =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:" + server.port() + "/api/v1/devices/D1/replay?speed=0"))
            .timeout(java.time.Duration.ofSeconds(20))
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(big)))
            .build();
    HttpResponse<String> r = CLIENT.send(req, HttpResponse.BodyHandlers.ofString());
    assertEquals(413, r.statusCode(), r.body());
    assertTrue(r.body().contains("http.maxUploadBytes"), r.body());
    try (Socket s = connect()) {
      write(
          s,
          "POST /api/v1/devices/D1/replay HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              + "Transfer-Encoding: chunked\r\n\r\n");
      String chunk = "x".repeat(64 * 1024);
      for (long sent = 0; sent < 2 * MAX_UPLOAD; sent += chunk.length()) {
        try {
          write(s, Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
        } catch (IOException e) {
          break;
        }
      }
      String answer = readUntilClosed(s, 5);
      assertTrue(answer != null && answer.startsWith("HTTP/1.1 413"), String.valueOf(answer));
    }
    assertEquals(200, get("/health").statusCode());
  }

  @Test
  void rawTcpIngestClosesConnectionsWithoutHelloOrTraffic() throws Exception {
    try (Socket s = new Socket("127.0.0.1", tcpPort)) {
      s.setSoTimeout(200);
      String answer = readUntilClosed(s, TIMEOUT_S + 4);
      assertTrue(answer != null && answer.startsWith("ERROR no HELLO"), String.valueOf(answer));
    }
    try (Socket s = new Socket("127.0.0.1", tcpPort)) {
      s.setSoTimeout(200);
      write(s, "HELLO idle-dev\n");
      String answer = readUntilClosed(s, TIMEOUT_S + 4);
      assertEquals("OK\n", answer, "closed after the idle timeout");
    }
  }

  @Test
  void rawTcpConnectionsBeyondTheBoundAreClosedAtOnceAndCounted() throws Exception {
    double before = metric(metrics(), "ecugw_live_tcp_connections_rejected_total");
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < MAX_CONNECTIONS + 50; i++) {
        Socket s = new Socket("127.0.0.1", tcpPort);
        s.setSoTimeout(200);
        sockets.add(s);
      }
      int closedAtOnce = 0;
      for (Socket s : sockets.subList(MAX_CONNECTIONS - 10, sockets.size())) {
        String answer = readUntilClosed(s, 0.05);
        if (answer != null && answer.isEmpty()) {
          closedAtOnce++;
        }
      }
      assertTrue(closedAtOnce >= 40, "closed at once: " + closedAtOnce);
      assertTrue(metric(metrics(), "ecugw_live_tcp_connections_rejected_total") - before >= 40);
    } finally {
      for (Socket s : sockets) {
        s.close();
      }
    }
  }

  @Test
  void aDashboardThatOnlyReceivesOutlivesTheIdleTimeout() throws Exception {
    CompletableFuture<Integer> closed = new CompletableFuture<>();
    List<CharSequence> texts = new java.util.concurrent.CopyOnWriteArrayList<>();
    WebSocket ws =
        CLIENT
            .newWebSocketBuilder()
            .buildAsync(
                URI.create("ws://127.0.0.1:" + server.port() + "/ws/live"),
                new WebSocket.Listener() {
                  @Override
                  public java.util.concurrent.CompletionStage<?> onText(
                      WebSocket w, CharSequence data, boolean last) {
                    texts.add(data.toString());
                    w.request(1);
                    return null;
                  }

                  @Override
                  public java.util.concurrent.CompletionStage<?> onClose(
                      WebSocket w, int code, String reason) {
                    closed.complete(code);
                    return null;
                  }
                })
            .get(10, TimeUnit.SECONDS);
    try {
      Thread.sleep(TIMEOUT_S * 3000L);
      assertTrue(!closed.isDone(), "closed with " + closed.getNow(-1));
      ws.sendText("{\"type\":\"catalogue\"}", true).get(5, TimeUnit.SECONDS);
      waitFor(() -> texts.size() >= 2, 5, "a second catalogue");
    } finally {
      ws.abort();
    }
  }
}
