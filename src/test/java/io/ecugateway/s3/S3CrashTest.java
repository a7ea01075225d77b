package io.ecugateway.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecugateway.testing.ChildGateway;
import io.ecugateway.testing.SharedData;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * kill -9 of a gateway (a child JVM) in the middle of a multipart upload of a CANedge log: after
 * the restart the acknowledged part is still there, the upload completes, the log is decoded once,
 * and completing or re-uploading it again adds nothing.
 */
@Timeout(300)
class S3CrashTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  Process child;

  @AfterEach
  void killChild() {
    if (child != null && child.isAlive()) {
      child.destroyForcibly();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private Process serve(Path config, Path log) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(ChildGateway.serveCommand("512m", List.of(), config));
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().keySet().removeIf(k -> k.startsWith("ECUGW_"));
    int before = Files.exists(log) ? Files.readString(log).length() : 0;
    Process p = pb.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        fail("gateway exited with " + p.exitValue() + ":\n" + Files.readString(log));
      }
      if (Files.readString(log).substring(before).contains("ecu-gateway listening on")) {
        return p;
      }
      Thread.sleep(100);
    }
    fail("gateway did not start within 120 s:\n" + Files.readString(log));
    return null;
  }

  @Test
  void killMinus9DuringAMultipartUploadLosesNoAcknowledgedPartAndStoresTheLogOnce()
      throws Exception {
    int s3Port = freePort();
    Path config = dir.resolve("gateway.yaml");
    Files.writeString(
        config,
        """
        http:
          port: %d
        auth:
          tokens: [api-token]
        storage:
          dataDir: %s
          questdb:
            pgPort: %d
        decode:
          dbcDir: %s
          reloadSeconds: 0
        s3:
          enabled: true
          host: 127.0.0.1
          port: %d
          credentials:
            - {accessKey: %s, secret: %s}
        """
            .formatted(
                freePort(),
                dir.resolve("data"),
                freePort(),
                Files.createDirectories(dir.resolve("dbc")),
                s3Port,
                S3Gateway.ADMIN_KEY,
                S3Gateway.ADMIN_SECRET));
    Path log = dir.resolve("gateway.log");
    byte[] file =
        Files.readAllBytes(
            SharedData.require("canedge")
                .resolve("LOG_finalized_sorted/3BA199E2/00000165/00000002-60FEB8E3.MF4"));
    String key = "3BA199E2/00000165/00000002-60FEB8E3.MF4";
    byte[] first = Arrays.copyOf(file, file.length / 2);
    byte[] second = Arrays.copyOfRange(file, file.length / 2, file.length);

    child = serve(config, log);
    String id;
    String etag1;
    try (S3Client s3 = client(s3Port)) {
      id = s3.createMultipartUpload(b -> b.bucket(S3Gateway.BUCKET).key(key)).uploadId();
      etag1 =
          s3.uploadPart(
                  b -> b.bucket(S3Gateway.BUCKET).key(key).uploadId(id).partNumber(1),
                  RequestBody.fromBytes(first))
              .eTag();
    }
    child.destroyForcibly(); // SIGKILL: no shutdown hook, no drain
    assertTrue(child.waitFor(30, TimeUnit.SECONDS));

    child = serve(config, log);
    try (S3Client s3 = client(s3Port)) {
      assertEquals(
          List.of(1),
          s3.listParts(b -> b.bucket(S3Gateway.BUCKET).key(key).uploadId(id)).parts().stream()
              .map(p -> p.partNumber())
              .toList(),
          "the acknowledged part survived the kill");
      String etag2 =
          s3.uploadPart(
                  b -> b.bucket(S3Gateway.BUCKET).key(key).uploadId(id).partNumber(2),
                  RequestBody.fromBytes(second))
              .eTag();
      List<CompletedPart> parts = new ArrayList<>();
      parts.add(CompletedPart.builder().partNumber(1).eTag(etag1).build());
      parts.add(CompletedPart.builder().partNumber(2).eTag(etag2).build());
      s3.completeMultipartUpload(
          b ->
              b.bucket(S3Gateway.BUCKET)
                  .key(key)
                  .uploadId(id)
                  .multipartUpload(m -> m.parts(parts)));
      assertArrayEquals(
          file, s3.getObjectAsBytes(b -> b.bucket(S3Gateway.BUCKET).key(key)).asByteArray());
      S3Exception again =
          assertThrows(
              S3Exception.class,
              () ->
                  s3.completeMultipartUpload(
                      b ->
                          b.bucket(S3Gateway.BUCKET)
                              .key(key)
                              .uploadId(id)
                              .multipartUpload(m -> m.parts(parts))));
      assertEquals("NoSuchUpload", again.awsErrorDetails().errorCode());
      s3.putObject( // the logger's re-upload under a new epoch suffix
          b -> b.bucket(S3Gateway.BUCKET).key("3BA199E2/00000165/00000002-6200BBBB.MF4"),
          RequestBody.fromBytes(file));
    }
    List<JsonNode> uploads = awaitStoredUploads(Duration.ofSeconds(120), log);
    assertEquals(1, uploads.size(), "the log was handed to the pipeline once: " + uploads);
    assertEquals(file.length, uploads.getFirst().get("bytes").asLong());
  }

  /** The journal's records of session 00000165 once all are final (bounded wait). */
  private List<JsonNode> awaitStoredUploads(Duration within, Path log) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      List<JsonNode> records = new ArrayList<>();
      try (var files = Files.list(dir.resolve("data/uploads"))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
          JsonNode n = JSON.readTree(f.toFile());
          if (n.path("session").asText().equals("00000165")) {
            records.add(n);
          }
        }
      }
      if (!records.isEmpty()
          && records.stream().allMatch(r -> r.path("state").asText().equals("STORED"))) {
        return records;
      }
      Thread.sleep(200);
    }
    fail("the log was not stored within " + within + "\n" + Files.readString(log));
    return null;
  }

  private static S3Client client(int port) {
    return S3Client.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + port))
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(S3Gateway.ADMIN_KEY, S3Gateway.ADMIN_SECRET)))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }
}
