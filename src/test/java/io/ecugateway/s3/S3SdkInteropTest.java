package io.ecugateway.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.ingest.Upload;
import io.ecugateway.testing.SharedData;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The AWS SDK for Java v2 (a client no one here wrote; path-style, its default checksums on)
 * against the gateway's S3 endpoint: CANedge logs land in the pipeline and are decoded; objects of
 * every size come back byte for byte; listings, conditional and presigned GETs behave as on S3.
 */
@Timeout(180)
class S3SdkInteropTest {
  @TempDir static Path dir;
  static S3Gateway gateway;
  static S3Client s3;

  @BeforeAll
  static void start() throws Exception {
    gateway = S3Gateway.start(dir);
    s3 = gateway.admin();
  }

  @AfterAll
  static void stop() {
    if (s3 != null) {
      s3.close();
    }
    if (gateway != null) {
      gateway.close();
    }
  }

  static Path sample(String relative) {
    return SharedData.require("canedge").resolve("LOG_finalized_sorted/3BA199E2").resolve(relative);
  }

  static String md5(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
  }

  @Test
  void aCanedgeLogPutIsDecodedAndReadBack() throws Exception {
    byte[] log = Files.readAllBytes(sample("00000164/00000001-60FE3F04.MF4"));
    String key = "3BA199E2/00000164/00000001-60FE3F04.MF4";
    PutObjectResponse put =
        s3.putObject(
            b -> b.bucket(S3Gateway.BUCKET).key(key).metadata(Map.of("fw", "01.04.02")),
            RequestBody.fromBytes(log));
    assertEquals("\"" + md5(log) + "\"", put.eTag());

    List<Upload> uploads = gateway.awaitStored("3BA199E2", "00000164", 1, Duration.ofSeconds(90));
    assertEquals(1, uploads.size(), uploads.toString());
    assertTrue(S3Gateway.stored(uploads.getFirst()), uploads.toString());
    assertTrue(gateway.rows("3BA199E2") > 0, "rows of the decoded log are queryable");

    ResponseBytes<GetObjectResponse> got =
        s3.getObjectAsBytes(b -> b.bucket(S3Gateway.BUCKET).key(key));
    assertArrayEquals(log, got.asByteArray());
    assertEquals("01.04.02", got.response().metadata().get("fw"));
    ListObjectsV2Response list =
        s3.listObjectsV2(b -> b.bucket(S3Gateway.BUCKET).prefix("3BA199E2/00000164/"));
    assertTrue(
        list.contents().stream().anyMatch(o -> o.key().equals(key) && o.size() == log.length),
        list.toString());
  }

  @Test
  void aReuploadUnderANewEpochSuffixIsAcknowledgedAndIgnored() throws Exception {
    byte[] log = Files.readAllBytes(sample("00000165/00000001-60FEB68B.MF4"));
    s3.putObject(
        b -> b.bucket(S3Gateway.BUCKET).key("3BA199E2/00000165/00000001-60FEB68B.MF4"),
        RequestBody.fromBytes(log));
    PutObjectResponse again =
        s3.putObject(
            b -> b.bucket(S3Gateway.BUCKET).key("3BA199E2/00000165/00000001-6100AAAA.MF4"),
            RequestBody.fromBytes(log));
    assertEquals("\"" + md5(log) + "\"", again.eTag());
    List<Upload> uploads = gateway.awaitStored("3BA199E2", "00000165", 1, Duration.ofSeconds(90));
    assertEquals(1, uploads.size(), "one upload for one split: " + uploads);
  }

  @Test
  void smallAndLargeObjectsComeBackByteForByte() throws Exception {
    for (int size : new int[] {0, 1, 70_000, 9 << 20}) {
      byte[] data = new byte[size];
      new Random(size).nextBytes(data);
      String key = "exports/blob-" + size + ".bin";
      PutObjectResponse put =
          s3.putObject(b -> b.bucket(S3Gateway.BUCKET).key(key), RequestBody.fromBytes(data));
      assertEquals("\"" + md5(data) + "\"", put.eTag(), key);
      assertArrayEquals(
          data, s3.getObjectAsBytes(b -> b.bucket(S3Gateway.BUCKET).key(key)).asByteArray(), key);
    }
  }

  @Test
  void multipartUploadJoinsItsParts() throws Exception {
    String key = "exports/multipart.bin";
    byte[] data = new byte[(5 << 20) * 2 + 12345];
    new Random(7).nextBytes(data);
    String id =
        s3.createMultipartUpload(b -> b.bucket(S3Gateway.BUCKET).key(key).contentType("x/test"))
            .uploadId();
    int partSize = 5 << 20;
    List<CompletedPart> parts = new ArrayList<>();
    for (int n = 1, off = 0; off < data.length; n++, off += partSize) {
      byte[] part = java.util.Arrays.copyOfRange(data, off, Math.min(data.length, off + partSize));
      int number = n;
      String etag =
          s3.uploadPart(
                  b -> b.bucket(S3Gateway.BUCKET).key(key).uploadId(id).partNumber(number),
                  RequestBody.fromBytes(part))
              .eTag();
      parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
    }
    assertEquals(
        3, s3.listParts(b -> b.bucket(S3Gateway.BUCKET).key(key).uploadId(id)).parts().size());
    String etag =
        s3.completeMultipartUpload(
                b ->
                    b.bucket(S3Gateway.BUCKET)
                        .key(key)
                        .uploadId(id)
                        .multipartUpload(m -> m.parts(parts)))
            .eTag();
    assertTrue(etag.endsWith("-3\""), etag);
    ResponseBytes<GetObjectResponse> got =
        s3.getObjectAsBytes(b -> b.bucket(S3Gateway.BUCKET).key(key));
    assertArrayEquals(data, got.asByteArray());
    assertEquals("x/test", got.response().contentType());
    S3Exception gone =
        assertThrows(
            S3Exception.class,
            () -> s3.listParts(b -> b.bucket(S3Gateway.BUCKET).key(key).uploadId(id)));
    assertEquals("NoSuchUpload", gone.awsErrorDetails().errorCode());
  }

  @Test
  void listingPagesWithPrefixDelimiterAndContinuation() {
    List<String> keys =
        List.of("list/a/1.txt", "list/a/2.txt", "list/b.txt", "list/c/3.txt", "list/d.txt");
    for (String k : keys) {
      s3.putObject(b -> b.bucket(S3Gateway.BUCKET).key(k), RequestBody.fromString(k));
    }
    List<String> seen = new ArrayList<>();
    s3.listObjectsV2Paginator(b -> b.bucket(S3Gateway.BUCKET).prefix("list/").maxKeys(2))
        .contents()
        .forEach(o -> seen.add(o.key()));
    assertEquals(keys, seen);

    ListObjectsV2Response top =
        s3.listObjectsV2(b -> b.bucket(S3Gateway.BUCKET).prefix("list/").delimiter("/"));
    assertEquals(
        List.of("list/a/", "list/c/"), top.commonPrefixes().stream().map(p -> p.prefix()).toList());
    assertEquals(
        List.of("list/b.txt", "list/d.txt"), top.contents().stream().map(S3Object::key).toList());
  }

  @Test
  void presignedGetWorksAndATamperedOneIsRefused() throws Exception {
    String key = "3BA199E2/config-01.08.json";
    byte[] config = "{\"general\":{}}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    s3.putObject(b -> b.bucket(S3Gateway.BUCKET).key(key), RequestBody.fromBytes(config));
    try (S3Presigner presigner =
        S3Presigner.builder()
            .endpointOverride(java.net.URI.create(gateway.endpoint()))
            .region(software.amazon.awssdk.regions.Region.US_EAST_1)
            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(S3Gateway.ADMIN_KEY, S3Gateway.ADMIN_SECRET)))
            .build()) {
      java.net.URL url =
          presigner
              .presignGetObject(
                  p ->
                      p.signatureDuration(Duration.ofMinutes(5))
                          .getObjectRequest(g -> g.bucket(S3Gateway.BUCKET).key(key)))
              .url();
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<byte[]> ok =
          http.send(
              HttpRequest.newBuilder(url.toURI()).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, ok.statusCode());
      assertArrayEquals(config, ok.body());
      String tampered = url.toString().replaceFirst("X-Amz-Signature=.", "X-Amz-Signature=0");
      if (tampered.equals(url.toString())) {
        tampered = url.toString().replaceFirst("X-Amz-Signature=.", "X-Amz-Signature=1");
      }
      HttpResponse<String> refused =
          http.send(
              HttpRequest.newBuilder(java.net.URI.create(tampered)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(403, refused.statusCode());
      assertTrue(refused.body().contains("<Code>SignatureDoesNotMatch</Code>"), refused.body());
    }
  }

  @Test
  void conditionalGetAnswersNotModifiedAndRangesPartOfTheObject() throws Exception {
    String key = "3BA199E2/config-01.09.json";
    byte[] body = "0123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    String etag =
        s3.putObject(b -> b.bucket(S3Gateway.BUCKET).key(key), RequestBody.fromBytes(body)).eTag();
    S3Exception notModified =
        assertThrows(
            S3Exception.class,
            () -> s3.getObjectAsBytes(b -> b.bucket(S3Gateway.BUCKET).key(key).ifNoneMatch(etag)));
    assertEquals(304, notModified.statusCode());
    S3Exception notNewer =
        assertThrows(
            S3Exception.class,
            () ->
                s3.getObjectAsBytes(
                    b ->
                        b.bucket(S3Gateway.BUCKET)
                            .key(key)
                            .ifModifiedSince(java.time.Instant.now().plusSeconds(60))));
    assertEquals(304, notNewer.statusCode());
    assertArrayEquals(
        body,
        s3.getObjectAsBytes(b -> b.bucket(S3Gateway.BUCKET).key(key).ifNoneMatch("\"other\""))
            .asByteArray());
    assertEquals(
        "2345",
        s3.getObjectAsBytes(b -> b.bucket(S3Gateway.BUCKET).key(key).range("bytes=2-5"))
            .asUtf8String());
    S3Exception failed =
        assertThrows(
            S3Exception.class,
            () -> s3.headObject(b -> b.bucket(S3Gateway.BUCKET).key(key).ifMatch("\"nope\"")));
    assertEquals(412, failed.statusCode());
  }
}
