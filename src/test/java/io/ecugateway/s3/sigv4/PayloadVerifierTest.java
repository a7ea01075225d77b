package io.ecugateway.s3.sigv4;

import static io.ecugateway.s3.sigv4.SigV4VerifierTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Digests declared in headers for plain bodies: Content-MD5, x-amz-checksum-*, Content-Length. */
class PayloadVerifierTest {
  private static final byte[] BODY = "{\"heartbeat\":60}".getBytes(StandardCharsets.US_ASCII);
  private static final Authenticated UNSIGNED =
      new Authenticated("k", "us-east-1", "s3", PayloadMode.UNSIGNED, null, null, false);

  private static long verify(byte[] body, String... headers) {
    SignedRequest request =
        AwsExamples.request("PUT", "/canedge/dev/device.json", "", Instant.EPOCH, headers);
    PayloadVerifier verifier = PayloadVerifier.open(UNSIGNED, request, (d, o, l) -> {});
    verifier.feed(body, 0, 5);
    verifier.feed(body, 5, body.length - 5);
    return verifier.finish();
  }

  private static String base64(String algorithm, byte[] data) throws Exception {
    return Base64.getEncoder().encodeToString(MessageDigest.getInstance(algorithm).digest(data));
  }

  @Test
  void contentMd5() throws Exception {
    String md5 = base64("MD5", BODY);
    assertEquals(BODY.length, verify(BODY, "Content-MD5", md5));
    byte[] other = BODY.clone();
    other[3] ^= 1;
    assertError(SigV4Error.BAD_DIGEST, () -> verify(other, "Content-MD5", md5));
    assertError(SigV4Error.INVALID_DIGEST, () -> verify(BODY, "Content-MD5", "abc"));
    String sha1 = base64("SHA-1", BODY);
    assertError(SigV4Error.INVALID_DIGEST, () -> verify(BODY, "Content-MD5", sha1));
  }

  @Test
  void checksumHeaders() throws Exception {
    String sha256 = base64("SHA-256", BODY);
    assertEquals(
        BODY.length,
        verify(BODY, "x-amz-checksum-sha256", sha256, "x-amz-checksum-type", "FULL_OBJECT"));
    byte[] other = BODY.clone();
    other[0] ^= 1;
    assertError(SigV4Error.BAD_DIGEST, () -> verify(other, "x-amz-checksum-sha256", sha256));
    assertError(SigV4Error.BAD_DIGEST, () -> verify(BODY, "x-amz-checksum-crc32", "AAAAAA=="));
    assertError(SigV4Error.INVALID_REQUEST, () -> verify(BODY, "x-amz-checksum-crc32c", "AAAA"));
  }

  @Test
  void checksumHeadersCanBeLeftToTheCaller() {
    SignedRequest complete =
        AwsExamples.request(
            "POST", "/b/k", "uploadId=1", Instant.EPOCH, "x-amz-checksum-crc32", "AAAAAA==-3");
    PayloadVerifier verifier = PayloadVerifier.open(UNSIGNED, complete, (d, o, l) -> {}, false);
    verifier.feed(BODY, 0, BODY.length);
    assertEquals(BODY.length, verifier.finish());
    assertError(
        SigV4Error.INVALID_REQUEST,
        () -> PayloadVerifier.open(UNSIGNED, complete, (d, o, l) -> {}));
  }

  @Test
  void contentLength() {
    assertEquals(BODY.length, verify(BODY, "Content-Length", String.valueOf(BODY.length)));
    assertError(
        SigV4Error.INCOMPLETE_BODY,
        () -> verify(BODY, "Content-Length", String.valueOf(BODY.length + 1)));
    assertError(
        SigV4Error.INVALID_REQUEST,
        () -> verify(BODY, "Content-Length", String.valueOf(BODY.length - 1)));
  }

  @Test
  void checksumHeadersApplyToTheDecodedPayloadOfChunkedBodies() throws Exception {
    byte[] chunked =
        ChunkedBodies.unsignedWithTrailer(
            BODY, 4, "x-amz-checksum-sha256:" + base64("SHA-256", BODY));
    SignedRequest request =
        AwsExamples.request(
            "PUT",
            "/b/k",
            "",
            Instant.EPOCH,
            "x-amz-trailer",
            "x-amz-checksum-sha256",
            "Content-MD5",
            base64("MD5", BODY));
    AwsChunkedDecoderTest.decode(AwsChunkedDecoderTest.unsignedTrailer(), request, chunked, 3);
    SignedRequest wrongMd5 =
        AwsExamples.request(
            "PUT",
            "/b/k",
            "",
            Instant.EPOCH,
            "x-amz-trailer",
            "x-amz-checksum-sha256",
            "Content-MD5",
            base64("MD5", new byte[1]));
    assertError(
        SigV4Error.BAD_DIGEST,
        () ->
            AwsChunkedDecoderTest.decode(
                AwsChunkedDecoderTest.unsignedTrailer(), wrongMd5, chunked, 3));
  }
}
