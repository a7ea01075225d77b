package io.ecugateway.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecugateway.testing.PackagedJar;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Frames dated outside 2000-01-01 … now + 1 day are neither stored nor published, on the upload
 * path and on the live path (raw TCP ingest), and are counted per path in {@code
 * ecugw_frames_rejected_timestamp_total}; the frames inside are stored.
 */
class TimestampWindowIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String DBC =
      """
      VERSION ""
      BS_:
      BU_:
      BO_ 291 Probe: 1 Vector__XXX
       SG_ Value : 0|8@1+ (1,0) [0|255] "" Vector__XXX
      """;

  @TempDir Path dir;

  @Test
  void framesOutsideTheWindowAreRejectedAndCountedOnBothPaths() throws Exception {
    Files.createDirectories(dir.resolve("dbc"));
    Files.writeString(dir.resolve("dbc").resolve("probe.dbc"), DBC);
    int port = PackagedJar.freePort();
    int tcpPort = PackagedJar.freePort();
    long now = System.currentTimeMillis() / 1000;
    try (PackagedJar jar =
        PackagedJar.in(dir)
            .env("ECUGW_HTTP_PORT", Integer.toString(port))
            .env("ECUGW_STORAGE_QUESTDB_PG_PORT", Integer.toString(PackagedJar.freePort()))
            .env("ECUGW_LIVE_TCP_ENABLED", "true")
            .env("ECUGW_LIVE_TCP_PORT", Integer.toString(tcpPort))
            .env("ECUGW_LIVE_STORE_FLUSH_MILLIS", "100")
            .start("serve")) {
      jar.awaitPort(port, Duration.ofSeconds(90));
      String base = "http://127.0.0.1:" + port;

      String upload =
          line(946684799, 1) // 1999-12-31T23:59:59Z
              + line(now - 10, 2)
              + line(now + 2 * 86400, 3) // two days ahead
              + line(7258118400L, 4) // 2200
              + line(1600000000, 5); // 2020
      HttpResponse<String> put =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(base + "/api/v1/devices/up1/logs/s1/1.log"))
                  .PUT(HttpRequest.BodyPublishers.ofString(upload))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(202, put.statusCode(), put.body());
      JsonNode status =
          awaitStored(base + JSON.readTree(put.body()).path("statusUrl").asText(), jar);
      assertEquals(2, rows(base, "up1"), jar.output());
      assertEquals(3.0, rejected(base, "upload"), jar.output());
      assertEquals(3, status.path("outOfWindowFrames").asLong(), status.toString());
      jar.awaitLine(
          "\\[device: up1, upload: .*\\] 3 of 5 frames dated outside the stored time window .*"
              + " the first at 1999-12-31T23:59:59Z",
          Duration.ofSeconds(10));

      try (Socket tcp = new Socket("127.0.0.1", tcpPort)) {
        OutputStream out = tcp.getOutputStream();
        var in =
            new BufferedReader(new InputStreamReader(tcp.getInputStream(), StandardCharsets.UTF_8));
        out.write("HELLO live1\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("OK", in.readLine());
        String live = line(now, 6) + line(7258118400L, 7) + line(100, 8) + line(now + 1, 9);
        out.write(live.getBytes(StandardCharsets.UTF_8));
        out.flush();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (rows(base, "live1") < 2 && System.nanoTime() < deadline) {
          Thread.sleep(200);
        }
      }
      assertEquals(2, rows(base, "live1"), jar.output());
      assertEquals(2.0, rejected(base, "live"), jar.output());
    }
  }

  private static String line(long seconds, int value) {
    return String.format(Locale.ROOT, "(%d.000000) can0 123#%02X%n", seconds, value);
  }

  private static JsonNode awaitStored(String statusUrl, PackagedJar jar) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    JsonNode status = null;
    while (System.nanoTime() < deadline) {
      status = JSON.readTree(get(statusUrl));
      if (!status.path("status").asText().matches("queued|decoding")) {
        break;
      }
      Thread.sleep(200);
    }
    assertEquals("stored", status.path("status").asText(), status + "\n" + jar.output());
    return status;
  }

  /** Rows of Probe.Value stored for {@code device} (0 while it has none). */
  private static int rows(String base, String device) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        base
                            + "/api/v1/series?device="
                            + device
                            + "&signal=Probe.Value&from=0&to="
                            + (System.currentTimeMillis() + 400L * 86_400_000L)
                            + "&maxPoints=20000"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() == 404) {
      return 0;
    }
    assertEquals(200, r.statusCode(), r.body());
    int rows = 0;
    for (JsonNode p : JSON.readTree(r.body()).path("points")) {
      rows += p.path("count").asInt();
    }
    return rows;
  }

  private static double rejected(String base, String path) throws Exception {
    String prefix = "ecugw_frames_rejected_timestamp_total{path=\"" + path + "\"}";
    return get(base + "/metrics")
        .lines()
        .filter(l -> l.startsWith(prefix))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElse(-1);
  }

  private static String get(String url) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), url + " -> " + r.body());
    return r.body();
  }
}
