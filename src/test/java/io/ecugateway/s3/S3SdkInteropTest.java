package io.ecugateway.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.ingest.Upload;
import io.ecugateway.testing.SharedData;
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
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

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
}
