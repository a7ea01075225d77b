package io.ecugateway.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecugateway.testing.PackagedJar;
import io.ecugateway.testing.SharedData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} reassembles multi-frame messages when the {@code transport.protocols} of
 * docs/transport.md is set in YAML or in {@code ECUGW_TRANSPORT_PROTOCOLS}: an upload of the J1939
 * BAM sample stores the 13 EC1 messages (ID 0x18FEE300, 28 bytes) that only exist reassembled
 * (docs/transport.md, J1939-21).
 */
class TransportConfigIT {
  private static final String SAMPLE = "canedge/LOG/FCBF0606/00003482/00000001-60B621D9.MF4";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  private Path sample;

  @BeforeEach
  void dbcs() throws Exception {
    sample = SharedData.require(SAMPLE);
    Files.createDirectories(dir.resolve("dbcs"));
    Files.copy(
        SharedData.require("canedge/dbc/tp_j1939.dbc"),
        dir.resolve("dbcs").resolve("tp_j1939.dbc"));
  }

  @Test
  void protocolsFromYaml() throws Exception {
    int port = PackagedJar.freePort();
    Files.writeString(
        dir.resolve("gateway.yaml"),
        """
        http: {port: %d}
        storage: {questdb: {pgPort: %d}}
        decode: {dbcDir: dbcs}
        transport: {protocols: {"*": [isotp, j1939]}}
        """
            .formatted(port, PackagedJar.freePort()));
    try (PackagedJar jar = PackagedJar.in(dir).start("serve", "--config", "gateway.yaml")) {
      assertReassembledMessagesStored(jar, port);
    }
  }

  @Test
  void protocolsFromTheEnvironment() throws Exception {
    int port = PackagedJar.freePort();
    try (PackagedJar jar =
        PackagedJar.in(dir)
            .env("ECUGW_HTTP_PORT", Integer.toString(port))
            .env("ECUGW_STORAGE_QUESTDB_PG_PORT", Integer.toString(PackagedJar.freePort()))
            .env("ECUGW_DECODE_DBC_DIR", "dbcs")
            .env("ECUGW_TRANSPORT_PROTOCOLS", "{\"*\": [isotp, j1939]}")
            .start("serve")) {
      assertReassembledMessagesStored(jar, port);
    }
  }

  private void assertReassembledMessagesStored(PackagedJar jar, int port) throws Exception {
    jar.awaitPort(port, Duration.ofSeconds(90));
    String base = "http://127.0.0.1:" + port;
    HttpResponse<String> put =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(base + "/api/v1/devices/FCBF0606/logs/00003482/00000001.MF4"))
                .PUT(HttpRequest.BodyPublishers.ofFile(sample))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(202, put.statusCode(), put.body());
    String status = JSON.readTree(put.body()).path("statusUrl").asText();
    JsonNode upload = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      upload = get(base + status);
      if (!upload.path("status").asText().matches("queued|decoding")) {
        break;
      }
      Thread.sleep(200);
    }
    assertEquals("stored", upload.path("status").asText(), upload + "\n" + jar.output());
    JsonNode series =
        get(base + "/api/v1/series?device=FCBF0606&signal=EC1.EngineSpeedAtPoint5&maxPoints=20000");
    int rows = 0;
    for (JsonNode point : series.path("points")) {
      rows += point.path("count").asInt();
    }
    assertEquals(13, rows, series + "\n" + jar.output());
    assertEquals(1566.5, series.path("points").get(0).path("min").asDouble(), series.toString());
  }

  private static JsonNode get(String url) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), url + " -> " + r.body());
    return JSON.readTree(r.body());
  }
}
