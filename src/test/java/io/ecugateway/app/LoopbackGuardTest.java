package io.ecugateway.app;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.config.GatewayConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * No-token mode against browsers: requests are sent as a browser sends them on a foreign page (its
 * {@code Origin}) or after DNS rebinding (a foreign {@code Host}, and the matching {@code Origin}),
 * over raw sockets so that every header is exactly as written. The gateway runs every module, from
 * a configuration loaded as a user writes it ({@code ECUGW_*} variables).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoopbackGuardTest {
  private static final String ALLOWED = "http://dash.example:3000";
  private static final String WS_KEY = "dGhlIHNhbXBsZSBub25jZQ==";
  private static final byte[] CANDUMP =
      "(1600000000.000000) can0 123#1122334455667788\n(1600000000.010000) can0 124#00\n"
          .getBytes(US_ASCII);

  @TempDir static Path dir;
  private GatewayServer server;
  private String self;

  @BeforeAll
  void start() throws Exception {
    Files.createDirectories(dir.resolve("dbc"));
    Map<String, String> env =
        Map.of(
            "ECUGW_HTTP_PORT",
            "0",
            "ECUGW_STORAGE_DATA_DIR",
            dir.resolve("data").toString(),
            "ECUGW_STORAGE_QUESTDB_PG_PORT",
            "0",
            "ECUGW_DECODE_DBC_DIR",
            dir.resolve("dbc").toString(),
            "ECUGW_DECODE_RELOAD_SECONDS",
            "0",
            "ECUGW_LIVE_ALLOWED_ORIGINS",
            ALLOWED);
    server = GatewayServer.start(ConfigLoader.load((Path) null, env::get));
    self = "127.0.0.1:" + server.port();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** Status and body of one request; null {@code host} sends HTTP/1.0 without a Host header. */
  private Response send(String method, String path, String host, String origin, byte[] body)
      throws IOException {
    return send(server.port(), method, path, host, origin, body, List.of());
  }

  private static Response send(
      int port,
      String method,
      String path,
      String host,
      String origin,
      byte[] body,
      List<String> extraHeaders)
      throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(method + " " + path + (host == null ? " HTTP/1.0" : " HTTP/1.1"));
    if (host != null) {
      lines.add("Host: " + host);
    }
    if (origin != null) {
      lines.add("Origin: " + origin);
    }
    lines.addAll(extraHeaders);
    if (body != null) {
      lines.add("Content-Length: " + body.length);
    }
    if (extraHeaders.isEmpty()) {
      lines.add("Connection: close");
    }
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write((String.join("\r\n", lines) + "\r\n\r\n").getBytes(US_ASCII));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      java.io.InputStream in = s.getInputStream();
      int status = Integer.parseInt(line(in).split(" ")[1]);
      int length = 0;
      for (String h = line(in); !h.isEmpty(); h = line(in)) {
        if (h.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(h.substring(h.indexOf(':') + 1).trim());
        }
      }
      return new Response(status, new String(in.readNBytes(length), UTF_8));
    }
  }

  /** One CRLF-terminated line of the response head. */
  private static String line(java.io.InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed in the response head: " + sb);
      }
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }

  record Response(int status, String text) {}

  private Response upgrade(String path, String host, String origin) throws IOException {
    return send(
        server.port(),
        "GET",
        path,
        host,
        origin,
        null,
        List.of(
            "Upgrade: websocket",
            "Connection: Upgrade",
            "Sec-WebSocket-Key: " + WS_KEY,
            "Sec-WebSocket-Version: 13"));
  }

  private static String upload(String split) {
    return "/api/v1/devices/DEV1/logs/00000001/" + split;
  }

  @Test
  void loopbackNamesOnAnyPortAndRequestsWithoutHostAreServed() throws Exception {
    int port = server.port();
    for (String host :
        List.of(
            self,
            "localhost:" + port,
            "LOCALHOST:" + port,
            "[::1]:" + port,
            "localhost:9090", // an SSH tunnel (ssh -L 9090:127.0.0.1:8080)
            "127.0.0.1")) {
      assertEquals(200, send("GET", "/api/v1/devices", host, null, null).status(), host);
    }
    // HTTP/1.0 without Host (Docker's HEALTHCHECK, scripts): not a browser.
    assertEquals(200, send("GET", "/health", null, null, null).status());
  }

  @Test
  void foreignHostIsRefusedEvenWithAMatchingOrigin() throws Exception {
    int port = server.port();
    for (String host :
        List.of(
            "evil.example:" + port,
            "evil.example",
            "127.0.0.1.evil.example:" + port,
            "localhost.evil.example:" + port)) {
      Response r = send("GET", "/api/v1/devices", host, null, null);
      assertEquals(421, r.status(), host + ": " + r.text());
      assertTrue(r.text().contains("is not this gateway"), r.text());
    }
    // DNS rebinding: the page's origin is the foreign name, and so is Host.
    String rebound = "rebind.example:" + port;
    assertEquals(421, send("GET", "/", rebound, null, null).status(), "dashboard");
    assertEquals(
        421,
        send("PUT", upload("00000002.log"), rebound, "http://" + rebound, CANDUMP).status(),
        "upload");
    assertEquals(421, upgrade("/ws/live", rebound, "http://" + rebound).status(), "/ws/live");
    assertEquals(421, upgrade("/ws/ingest/DEV1", rebound, "http://" + rebound).status());
  }

  @Test
  void foreignOriginCannotUploadReplayOrOpenWebSockets() throws Exception {
    String evil = "http://evil.example";
    Response put = send("PUT", upload("00000003.log"), self, evil, CANDUMP);
    assertEquals(403, put.status(), put.text());
    assertTrue(put.text().contains("origin http://evil.example is not allowed"), put.text());
    String boundary = "b0undary";
    byte[] multipart =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"00000004.log\""
                + "\r\nContent-Type: application/octet-stream\r\n\r\n"
                + new String(CANDUMP, US_ASCII)
                + "\r\n--"
                + boundary
                + "--\r\n")
            .getBytes(US_ASCII);
    assertEquals(
        403,
        send(
                server.port(),
                "POST",
                "/api/v1/devices/DEV1/logs",
                self,
                evil,
                multipart,
                List.of("Content-Type: multipart/form-data; boundary=" + boundary))
            .status(),
        "multipart upload (a plain HTML form can send it)");
    assertEquals(
        403,
        send("POST", "/api/v1/devices/DEV1/replay?name=x.log", self, evil, CANDUMP).status(),
        "replay");
    assertEquals(403, send("DELETE", "/api/v1/replays/1", self, evil, null).status());
    assertEquals(403, upgrade("/ws/live", self, evil).status(), "/ws/live");
    assertEquals(403, upgrade("/ws/ingest/DEV1", self, evil).status(), "/ws/ingest");
    assertEquals(403, upgrade("/ws/live", self, "null").status(), "sandboxed page");
    // Reading without side effects stays open to any page (a browser hides the answer from it).
    assertEquals(200, send("GET", "/api/v1/devices", self, evil, null).status());
    Matcher m =
        Pattern.compile("ecugw_requests_refused_total\\{reason=\"origin\",?} (\\d+)")
            .matcher(send("GET", "/metrics", self, null, null).text());
    assertTrue(m.find(), "refusals counted");
    assertTrue(Double.parseDouble(m.group(1)) >= 7, m.group());
  }

  @Test
  void ownPagesConfiguredOriginsAndCurlStillWork() throws Exception {
    Response own = send("PUT", upload("00000005.log"), self, "http://" + self, CANDUMP);
    assertEquals(202, own.status(), own.text());
    Response configured = send("PUT", upload("00000006.log"), self, ALLOWED, CANDUMP);
    assertEquals(202, configured.status(), configured.text());
    Response curl = send("PUT", upload("00000007.log"), self, null, CANDUMP);
    assertEquals(202, curl.status(), curl.text());
    assertEquals(101, upgrade("/ws/live", self, "http://" + self).status(), "own page");
    assertEquals(101, upgrade("/ws/live", "localhost:" + server.port(), null).status(), "no page");
  }

  /** With tokens the token decides: any Host is served, as before. */
  @Test
  void withTokensAnyHostIsServed() throws Exception {
    GatewayConfig config =
        ConfigLoader.load(
            (Path) null,
            Map.of(
                    "ECUGW_HTTP_HOST", "127.0.0.1",
                    "ECUGW_HTTP_PORT", "0",
                    "ECUGW_AUTH_TOKENS", "secret",
                    "ECUGW_STORAGE_DATA_DIR", dir.resolve("data-tokens").toString(),
                    "ECUGW_STORAGE_QUESTDB_PG_PORT", "0",
                    "ECUGW_DECODE_DBC_DIR", dir.resolve("dbc").toString())
                ::get);
    try (GatewayServer withTokens = GatewayServer.startWith(config, List.of())) {
      assertEquals(
          200,
          send(withTokens.port(), "GET", "/health", "gateway.example.com", null, null, List.of())
              .status());
    }
  }
}
