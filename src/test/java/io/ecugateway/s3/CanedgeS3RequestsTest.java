package io.ecugateway.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecugateway.ingest.Upload;
import io.ecugateway.testing.SharedData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Requests shaped like a CANedge's (path-style PUT, {@code UNSIGNED-PAYLOAD}, the {@code
 * X-Amz-Meta-*} headers, the {@code device.json} heartbeat, a configuration poll with {@code
 * If-None-Match}) written on a socket and signed by the AWS SDK's signer; and the refusals: bad
 * signature, unknown key, skewed clock, another device's prefix, a truncated aws-chunked body, an
 * oversize object.
 */
@Timeout(180)
class CanedgeS3RequestsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static S3Gateway gateway;
  static RawS3 raw;

  @BeforeAll
  static void start() throws Exception {
    gateway = S3Gateway.start(dir);
    raw = new RawS3(gateway.server.s3Port());
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  static RawS3.Signing device() {
    return RawS3.Signing.unsigned(S3Gateway.DEVICE_KEY, S3Gateway.DEVICE_SECRET);
  }

  static Path sample(String name) {
    return SharedData.require("canedge").resolve("LOG_finalized_sorted/3BA199E2/00000164/" + name);
  }

  static Map<String, String> canedgeMeta() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("X-Amz-Meta-Hw", "00.02");
    h.put("X-Amz-Meta-Fw", "01.04.02");
    h.put("X-Amz-Meta-Ssid", "fleet-wifi");
    h.put("X-Amz-Meta-Timestamp", "20210726T044054");
    h.put("X-Amz-Meta-Put-Index", "1");
    return h;
  }

  @Test
  void aLoggersLogHeartbeatAndConfigPollWork() throws Exception {
    byte[] log = Files.readAllBytes(sample("00000003-60FE43B2.MF4"));
    String path = "/canedge/3BA199E2/00000164/00000003-60FE43B2.MF4";
    RawS3.Response put = raw.send(raw.sign("PUT", path, canedgeMeta(), log, device()));
    assertEquals(200, put.status(), put.body());
    assertTrue(put.header("ETag").startsWith("\""), put.headers().toString());
    List<Upload> uploads = gateway.awaitStored("3BA199E2", "00000164", 1, Duration.ofSeconds(90));
    assertTrue(S3Gateway.stored(uploads.getFirst()), uploads.toString());
    assertTrue(gateway.rows("3BA199E2") > 0, "the log's rows are queryable");

    byte[] heartbeat =
        Files.readAllBytes(
            SharedData.require("canedge").resolve("device-meta/device-json/2A73E1CC-device.json"));
    RawS3.Response hb =
        raw.send(raw.sign("PUT", "/canedge/3BA199E2/device.json", Map.of(), heartbeat, device()));
    assertEquals(200, hb.status(), hb.body());
    JsonNode devices = api("/api/v1/devices");
    JsonNode mine = null;
    for (JsonNode d : devices.get("devices")) {
      if (d.get("device").asText().equals("3BA199E2")) {
        mine = d;
      }
    }
    assertTrue(mine != null && mine.has("heartbeat"), devices.toString());
    assertEquals("01.08.01", mine.get("heartbeat").get("firmware").asText());
    assertEquals("1/7572", mine.get("heartbeat").get("storageMb").asText());
    assertTrue(mine.get("messages").asInt() > 0, mine.toString());

    byte[] v1 = "{\"log\":{\"split\":1}}".getBytes(StandardCharsets.UTF_8);
    byte[] v2 = "{\"log\":{\"split\":2}}".getBytes(StandardCharsets.UTF_8);
    String config = "3BA199E2/config-01.08.json";
    try (var admin = gateway.admin()) {
      admin.putObject(b -> b.bucket(S3Gateway.BUCKET).key(config), RequestBody.fromBytes(v1));
      RawS3.Response first = poll(config, null);
      assertEquals(200, first.status());
      assertEquals(new String(v1, StandardCharsets.UTF_8), first.body());
      String etag = first.header("ETag");
      assertEquals(304, poll(config, etag).status(), "unchanged: the device keeps its config");
      admin.putObject(b -> b.bucket(S3Gateway.BUCKET).key(config), RequestBody.fromBytes(v2));
      RawS3.Response changed = poll(config, etag);
      assertEquals(200, changed.status());
      assertEquals(new String(v2, StandardCharsets.UTF_8), changed.body());
    }
  }

  private static RawS3.Response poll(String key, String etag) throws Exception {
    Map<String, String> h = etag == null ? Map.of() : Map.of("If-None-Match", etag);
    return raw.send(raw.sign("GET", "/canedge/" + key, h, new byte[0], device()));
  }

  private static JsonNode api(String path) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.server.port() + path))
                    .header("Authorization", "Bearer api-token")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  private static void assertRefused(RawS3.Response r, int status, String code) {
    assertEquals(status, r.status(), r.body());
    assertTrue(r.body().contains("<Code>" + code + "</Code>"), r.body());
  }

  private static void assertNotStored(String key) {
    try (var admin = gateway.admin()) {
      assertTrue(
          admin.listObjectsV2(b -> b.bucket(S3Gateway.BUCKET).prefix(key)).contents().isEmpty(),
          key + " must not be stored");
    }
  }

  @Test
  void aBadSignatureIsRefused() throws Exception {
    String path = "/canedge/3BA199E2/00000999/00000001.MF4";
    byte[] log = Files.readAllBytes(sample("00000001-60FE3F04.MF4"));
    RawS3.Signing wrong = RawS3.Signing.unsigned(S3Gateway.DEVICE_KEY, "not-the-secret-0000");
    assertRefused(
        raw.send(raw.sign("PUT", path, Map.of(), log, wrong)), 403, "SignatureDoesNotMatch");
    assertNotStored("3BA199E2/00000999/");
  }

  @Test
  void anUnknownAccessKeyIsRefused() throws Exception {
    RawS3.Signing unknown = RawS3.Signing.unsigned("nobody-knows-me", "whatever-secret-1");
    assertRefused(
        raw.send(raw.sign("PUT", "/canedge/3BA199E2/x.json", Map.of(), new byte[] {1}, unknown)),
        403,
        "InvalidAccessKeyId");
  }

  @Test
  void aSkewedClockIsRefused() throws Exception {
    Clock late = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-20));
    RawS3.Signing skewed =
        new RawS3.Signing(S3Gateway.DEVICE_KEY, S3Gateway.DEVICE_SECRET, late, true, false);
    assertRefused(
        raw.send(raw.sign("PUT", "/canedge/3BA199E2/y.json", Map.of(), new byte[] {1}, skewed)),
        403,
        "RequestTimeTooSkewed");
  }

  @Test
  void aDeviceKeyCannotWriteAnotherDevicesPrefix() throws Exception {
    byte[] log = Files.readAllBytes(sample("00000001-60FE3F04.MF4"));
    String path = "/canedge/AAAAAAAA/00000001/00000001.MF4";
    assertRefused(raw.send(raw.sign("PUT", path, Map.of(), log, device())), 403, "AccessDenied");
    assertNotStored("AAAAAAAA/");
    assertTrue(gateway.uploads("AAAAAAAA", "00000001").isEmpty());
  }

  @Test
  void aTruncatedChunkedBodyIsRefusedAndNothingStored() throws Exception {
    byte[] log = Files.readAllBytes(sample("00000002-60FE415D.MF4"));
    String key = "3BA199E2/00000777/00000002-60FE415D.MF4";
    RawS3.Signing chunked =
        new RawS3.Signing(
            S3Gateway.DEVICE_KEY, S3Gateway.DEVICE_SECRET, Clock.systemUTC(), false, true);
    RawS3.Prepared whole = raw.sign("PUT", "/canedge/" + key, Map.of(), log, chunked);
    assertEquals("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", whole.headers().get("x-amz-content-sha256"));

    // the connection drops in the middle of the body: nobody to answer, nothing kept
    raw.sendAndClose(whole, whole.body().length / 2);
    // the chunk stream ends (a final chunk, every signature valid) after half of the declared
    // x-amz-decoded-content-length, and the rest of the promised Content-Length is padding
    byte[] half = java.util.Arrays.copyOf(log, log.length / 2);
    Map<String, String> declared =
        Map.of("x-amz-decoded-content-length", Integer.toString(log.length));
    RawS3.Prepared cut = raw.sign("PUT", "/canedge/" + key, declared, half, chunked);
    int promised = Integer.parseInt(cut.headers().get("Content-Length"));
    RawS3.Prepared padded =
        new RawS3.Prepared(
            cut.method(), cut.path(), cut.headers(), java.util.Arrays.copyOf(cut.body(), promised));
    RawS3.Response r = raw.send(padded);
    assertEquals(400, r.status(), r.body());
    assertNotStored(key);
    assertTrue(gateway.uploads("3BA199E2", "00000777").isEmpty());
    awaitNoTemporaryFiles();

    RawS3.Response ok = raw.send(whole); // the same request sent whole is stored
    assertEquals(200, ok.status(), ok.body());
    try (var admin = gateway.admin()) {
      assertArrayEquals(
          log, admin.getObjectAsBytes(b -> b.bucket(S3Gateway.BUCKET).key(key)).asByteArray());
    }
  }

  /** Bodies that were not stored leave no file behind (bounded wait: deletes are asynchronous). */
  private static void awaitNoTemporaryFiles() throws Exception {
    Path tmp = gateway.dataDir.resolve("s3/tmp");
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<Path> left;
    do {
      try (var files = Files.list(tmp)) {
        left = files.toList();
      }
      if (left.isEmpty()) {
        return;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    assertEquals(List.of(), left, "files left in s3/tmp");
  }

  @Test
  void anOversizeObjectIsRefusedBeforeItsBody() throws Exception {
    Map<String, String> h = Map.of("Content-Length", Long.toString(S3Gateway.MAX_OBJECT_BYTES + 1));
    RawS3.Prepared p = raw.sign("PUT", "/canedge/3BA199E2/huge.bin", h, new byte[0], device());
    assertRefused(raw.send(p, 0), 400, "EntityTooLarge");
    assertNotStored("3BA199E2/huge.bin");
  }

  @Test
  void virtualHostedStyleNamesTheBucketInTheHost() throws Exception {
    byte[] body = "{\"v\":1}".getBytes(StandardCharsets.UTF_8);
    String host = "canedge.s3.example:" + gateway.server.s3Port();
    RawS3.Response put =
        raw.send(
            raw.sign("PUT", "/3BA199E2/schema-01.08.json", Map.of("Host", host), body, device()));
    assertEquals(200, put.status(), put.body());
    RawS3.Response got =
        raw.send(
            raw.sign(
                "GET", "/canedge/3BA199E2/schema-01.08.json", Map.of(), new byte[0], device()));
    assertEquals(200, got.status(), got.body());
    assertEquals("{\"v\":1}", got.body());
  }
}
