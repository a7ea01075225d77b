package io.ecugateway.s3.sigv4;

import static io.ecugateway.s3.sigv4.SigV4VerifierTest.assertError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** aws-chunked bodies: AWS's published examples, every fragmentation, every way to break one. */
class AwsChunkedDecoderTest {
  private static final Instant NOW = AwsExamples.SIGNED_AT.plusSeconds(5);
  private final SigV4Verifier verifier = new SigV4Verifier(AwsExamples.CREDENTIALS);

  @Test
  void decodesTheAwsChunkedExample() {
    assertArrayEquals(
        AwsExamples.payload(),
        decode(AwsExamples.chunkedPut(NOW), AwsExamples.chunkedBody(), 1 << 20));
  }

  @Test
  void decodesTheAwsTrailerExample() {
    assertArrayEquals(
        AwsExamples.payload(),
        decode(AwsExamples.chunkedTrailerPut(NOW), AwsExamples.chunkedTrailerBody(), 1 << 20));
  }

  @Test
  void theTestSignerReproducesAwsExampleBytes() {
    byte[] key = ChunkedBodies.signingKey(AwsExamples.SECRET);
    assertArrayEquals(
        AwsExamples.chunkedBody(),
        ChunkedBodies.signed(key, AwsExamples.CHUNKED_SEED, AwsExamples.payload(), 65536, null));
    assertArrayEquals(
        AwsExamples.chunkedTrailerBody(),
        ChunkedBodies.signed(
            key,
            AwsExamples.TRAILER_SEED,
            AwsExamples.payload(),
            65536,
            "x-amz-checksum-crc32c:sOO8/Q=="));
  }

  @Test
  void theExamplesDecodeFedOneByteAtATimeAndInOddFragments() {
    for (int fragment : new int[] {1, 2, 3, 7, 64, 65, 4095, 65537}) {
      assertArrayEquals(
          AwsExamples.payload(),
          decode(AwsExamples.chunkedPut(NOW), AwsExamples.chunkedBody(), fragment));
      assertArrayEquals(
          AwsExamples.payload(),
          decode(AwsExamples.chunkedTrailerPut(NOW), AwsExamples.chunkedTrailerBody(), fragment));
    }
  }

  @Test
  void everySplitPointOfASmallSignedBodyDecodes() {
    byte[] payload = "0123456789abcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.US_ASCII);
    SignedRequest request = smallSignedRequest(payload.length, "x-amz-checksum-crc32");
    byte[] body = smallSignedBody(payload, crc32Trailer(payload));
    Authenticated auth = verifier.verify(request);
    for (int first = 0; first <= body.length; first++) {
      for (int second = first; second <= body.length; second += 41) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PayloadVerifier decoder = PayloadVerifier.open(auth, request, out::write);
        decoder.feed(body, 0, first);
        decoder.feed(body, first, second - first);
        decoder.feed(body, second, body.length - second);
        assertEquals(payload.length, decoder.finish());
        assertArrayEquals(payload, out.toByteArray(), "split at " + first + "," + second);
      }
    }
  }

  @Test
  void aWrongSignatureInChunkNFailsAtChunkN() {
    byte[] body = AwsExamples.chunkedBody();
    byte[] tampered = body.clone();
    int secondChunkData = body.length - 2 - 87 - 2 - 1024 + 10; // inside the 1024-byte chunk
    tampered[secondChunkData] = 'b';
    SigV4Exception e =
        assertThrows(
            SigV4Exception.class, () -> decode(AwsExamples.chunkedPut(NOW), tampered, 4096));
    assertEquals(SigV4Error.SIGNATURE_DOES_NOT_MATCH, e.error());
    assertEquals(true, e.getMessage().contains("chunk 1"), e.getMessage());
    // a signature copied from another chunk breaks the chain
    String swapped =
        new String(body, StandardCharsets.ISO_8859_1)
            .replace(AwsExamples.CHUNK_SIGNATURES[1], AwsExamples.CHUNK_SIGNATURES[0]);
    assertError(
        SigV4Error.SIGNATURE_DOES_NOT_MATCH,
        () ->
            decode(
                AwsExamples.chunkedPut(NOW), swapped.getBytes(StandardCharsets.ISO_8859_1), 4096));
    String finalChunk =
        new String(body, StandardCharsets.ISO_8859_1)
            .replace(AwsExamples.CHUNK_SIGNATURES[2], "0".repeat(64));
    assertError(
        SigV4Error.SIGNATURE_DOES_NOT_MATCH,
        () ->
            decode(
                AwsExamples.chunkedPut(NOW),
                finalChunk.getBytes(StandardCharsets.ISO_8859_1),
                4096));
  }

  @Test
  void everyTruncationIsAnIncompleteBody() {
    byte[] payload = "the quick brown fox".getBytes(StandardCharsets.US_ASCII);
    SignedRequest request = smallSignedRequest(payload.length, "x-amz-checksum-crc32");
    byte[] body = smallSignedBody(payload, crc32Trailer(payload));
    Authenticated auth = verifier.verify(request);
    for (int length = 0; length < body.length - 2; length++) {
      PayloadVerifier decoder = PayloadVerifier.open(auth, request, (d, o, l) -> {});
      decoder.feed(body, 0, length);
      SigV4Exception e = assertThrows(SigV4Exception.class, decoder::finish, "cut at " + length);
      assertEquals(SigV4Error.INCOMPLETE_BODY, e.error(), e.getMessage());
    }
    byte[] plain = AwsExamples.chunkedBody();
    Authenticated plainAuth = verifier.verify(AwsExamples.chunkedPut(NOW));
    for (int cut : new int[] {1, 2, 100, 1024, plain.length - 90}) {
      PayloadVerifier decoder =
          PayloadVerifier.open(plainAuth, AwsExamples.chunkedPut(NOW), (d, o, l) -> {});
      decoder.feed(plain, 0, plain.length - cut);
      assertError(SigV4Error.INCOMPLETE_BODY, decoder::finish);
    }
  }

  @Test
  void aWrongTrailerChecksumIsABadDigest() {
    byte[] payload = "fleet log".getBytes(StandardCharsets.US_ASCII);
    SignedRequest request =
        AwsExamples.request(
            "PUT",
            "/canedge/a",
            "",
            NOW,
            "x-amz-decoded-content-length",
            String.valueOf(payload.length),
            "x-amz-trailer",
            "x-amz-checksum-crc32");
    Authenticated auth = unsignedTrailer();
    byte[] good = ChunkedBodies.unsignedWithTrailer(payload, 4, crc32Trailer(payload));
    assertArrayEquals(payload, decode(auth, request, good, 3));
    byte[] otherPayload = "fleet loh".getBytes(StandardCharsets.US_ASCII);
    byte[] bad = ChunkedBodies.unsignedWithTrailer(otherPayload, 4, crc32Trailer(payload));
    assertError(SigV4Error.BAD_DIGEST, () -> decode(auth, request, bad, 5));
    byte[] malformed =
        ChunkedBodies.unsignedWithTrailer(payload, 4, "x-amz-checksum-crc32:not base64!");
    assertError(SigV4Error.INVALID_REQUEST, () -> decode(auth, request, malformed, 5));
    byte[] unannounced =
        ChunkedBodies.unsignedWithTrailer(
            payload, 4, "x-amz-checksum-sha256:" + "A".repeat(43) + "=");
    assertError(SigV4Error.INVALID_REQUEST, () -> decode(auth, request, unannounced, 5));
  }

  @Test
  void aChangedSignedTrailerIsASignatureMismatch() {
    String body = new String(AwsExamples.chunkedTrailerBody(), StandardCharsets.ISO_8859_1);
    byte[] changed = body.replace("sOO8/Q==", "sOO8/R==").getBytes(StandardCharsets.ISO_8859_1);
    assertError(
        SigV4Error.SIGNATURE_DOES_NOT_MATCH,
        () -> decode(AwsExamples.chunkedTrailerPut(NOW), changed, 999));
    byte[] unsignedTrailer =
        body.substring(0, body.indexOf("x-amz-trailer-signature"))
            .concat("\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    assertError(
        SigV4Error.INCOMPLETE_BODY,
        () -> decode(AwsExamples.chunkedTrailerPut(NOW), unsignedTrailer, 999));
  }

  @Test
  void theDecodedLengthMustMatchItsHeader() {
    byte[] payload = "abcdef".getBytes(StandardCharsets.US_ASCII);
    byte[] body = ChunkedBodies.unsignedWithTrailer(payload, 4, crc32Trailer(payload));
    SignedRequest shorter =
        AwsExamples.request(
            "PUT",
            "/b/k",
            "",
            NOW,
            "x-amz-decoded-content-length",
            "5",
            "x-amz-trailer",
            "x-amz-checksum-crc32");
    assertError(SigV4Error.INVALID_REQUEST, () -> decode(unsignedTrailer(), shorter, body, 100));
    SignedRequest longer =
        AwsExamples.request(
            "PUT",
            "/b/k",
            "",
            NOW,
            "x-amz-decoded-content-length",
            "7",
            "x-amz-trailer",
            "x-amz-checksum-crc32");
    assertError(SigV4Error.INCOMPLETE_BODY, () -> decode(unsignedTrailer(), longer, body, 100));
  }

  @Test
  void malformedFramingIsAnInvalidRequest() {
    SignedRequest request =
        AwsExamples.request("PUT", "/b/k", "", NOW, "x-amz-trailer", "x-amz-checksum-crc32");
    for (String body :
        new String[] {
          "zz\r\nabc\r\n",
          "3\nabc\r\n",
          "3\r\nabcX\n",
          "3\r\nabc\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\nextra",
          "1234567890123456\r\n",
          "3\r\nabc\r\n0\r\nx-amz-meta-a:b\r\n\r\n",
          "3\r\n" + "x".repeat(3) + "\r\n" + "0;" + "x".repeat(600)
        }) {
      assertError(
          SigV4Error.INVALID_REQUEST,
          () -> decode(unsignedTrailer(), request, body.getBytes(StandardCharsets.ISO_8859_1), 2));
    }
  }

  private static String crc32Trailer(byte[] payload) {
    CRC32 crc = new CRC32();
    crc.update(payload);
    long value = crc.getValue();
    byte[] bytes = {
      (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
    };
    return "x-amz-checksum-crc32:" + Base64.getEncoder().encodeToString(bytes);
  }

  static Authenticated unsignedTrailer() {
    return new Authenticated(
        "k", "us-east-1", "s3", PayloadMode.STREAMING_UNSIGNED_TRAILER, null, null, false);
  }

  /** A request signed by the example credential whose chunks {@link #smallSignedBody} signs. */
  private static SignedRequest smallSignedRequest(int length, String trailer) {
    return AwsExamples.request(
        "PUT",
        "/canedge/small",
        "",
        NOW,
        "x-amz-date",
        ChunkedBodies.DATE,
        "x-amz-content-sha256",
        "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
        "x-amz-decoded-content-length",
        String.valueOf(length),
        "x-amz-trailer",
        trailer,
        "Host",
        "gateway:9100",
        "Authorization",
        AwsExamples.authorization(
            "host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-trailer",
            seedOf(length, trailer)));
  }

  private static String seedOf(int length, String trailer) {
    String canonical =
        "PUT\n/canedge/small\n\nhost:gateway:9100\nx-amz-content-sha256:STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER\n"
            + "x-amz-date:"
            + ChunkedBodies.DATE
            + "\nx-amz-decoded-content-length:"
            + length
            + "\nx-amz-trailer:"
            + trailer
            + "\n\nhost;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-trailer\n"
            + "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
    String toSign =
        "AWS4-HMAC-SHA256\n"
            + ChunkedBodies.DATE
            + "\n"
            + ChunkedBodies.SCOPE
            + "\n"
            + ChunkedBodies.sha256Hex(canonical.getBytes(StandardCharsets.UTF_8));
    return ChunkedBodies.hex(
        ChunkedBodies.hmac(ChunkedBodies.signingKey(AwsExamples.SECRET), toSign));
  }

  private static byte[] smallSignedBody(byte[] payload, String trailer) {
    return ChunkedBodies.signed(
        ChunkedBodies.signingKey(AwsExamples.SECRET),
        seedOf(payload.length, "x-amz-checksum-crc32"),
        payload,
        8,
        trailer);
  }

  private byte[] decode(SignedRequest request, byte[] body, int fragment) {
    return decode(verifier.verify(request), request, body, fragment);
  }

  static byte[] decode(Authenticated auth, SignedRequest request, byte[] body, int fragment) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PayloadVerifier decoder = PayloadVerifier.open(auth, request, out::write);
    for (int offset = 0; offset < body.length; offset += fragment) {
      decoder.feed(body, offset, Math.min(fragment, body.length - offset));
    }
    assertEquals(out.size(), decoder.finish());
    return out.toByteArray();
  }
}
