package io.ecugateway.s3.sigv4;

import static io.ecugateway.s3.sigv4.AwsExamples.SIGNED_AT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The AWS documentation's signed example requests, and what must fail when one byte changes. */
class SigV4VerifierTest {
  private static final Instant NOW = SIGNED_AT.plusSeconds(60);
  private final SigV4Verifier verifier = new SigV4Verifier(AwsExamples.CREDENTIALS);

  @Test
  void acceptsTheGetObjectExample() {
    Authenticated auth = verifier.verify(AwsExamples.getObject(NOW));
    assertEquals("AKIAIOSFODNN7EXAMPLE", auth.accessKey());
    assertEquals("us-east-1", auth.region());
    assertEquals("s3", auth.service());
    assertEquals(PayloadMode.SIGNED, auth.mode());
    assertEquals(AwsExamples.EMPTY_SHA256, auth.declaredSha256OrNull());
    assertNull(auth.chunkContextOrNull());
  }

  @Test
  void acceptsThePutObjectExampleAndItsBody() {
    Authenticated auth = verifier.verify(AwsExamples.putObject(NOW));
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    PayloadVerifier body = PayloadVerifier.open(auth, AwsExamples.putObject(NOW), received::write);
    body.feed(AwsExamples.PUT_BODY, 0, 7);
    body.feed(AwsExamples.PUT_BODY, 7, AwsExamples.PUT_BODY.length - 7);
    assertEquals(AwsExamples.PUT_BODY.length, body.finish());
    assertEquals("Welcome to Amazon S3.", received.toString());
  }

  @Test
  void aBodyOtherThanTheSignedOneIsAContentSha256Mismatch() {
    Authenticated auth = verifier.verify(AwsExamples.putObject(NOW));
    PayloadVerifier body = PayloadVerifier.open(auth, AwsExamples.putObject(NOW), (d, o, l) -> {});
    byte[] other = "Welcome to Amazon S4.".getBytes();
    body.feed(other, 0, other.length);
    assertError(SigV4Error.X_AMZ_CONTENT_SHA256_MISMATCH, body::finish);
  }

  @Test
  void acceptsTheBucketExamplesWithQueryStrings() {
    verifier.verify(
        AwsExamples.bucketGet(
            "lifecycle", "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543", NOW));
    verifier.verify(
        AwsExamples.bucketGet(
            "max-keys=2&prefix=J",
            "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7",
            NOW));
    // the parameters sort: the order on the wire does not matter
    verifier.verify(
        AwsExamples.bucketGet(
            "prefix=J&max-keys=2",
            "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7",
            NOW));
  }

  @Test
  void acceptsThePresignedExampleUntilItExpires() {
    Authenticated auth = verifier.verify(AwsExamples.presignedGet(NOW));
    assertTrue(auth.presigned());
    assertEquals(PayloadMode.UNSIGNED, auth.mode());
    verifier.verify(AwsExamples.presignedGet(SIGNED_AT.plusSeconds(86400)));
    assertError(
        SigV4Error.ACCESS_DENIED,
        () -> verifier.verify(AwsExamples.presignedGet(SIGNED_AT.plusSeconds(86401))));
    assertError(
        SigV4Error.ACCESS_DENIED,
        () -> verifier.verify(AwsExamples.presignedGet(SIGNED_AT.minus(Duration.ofMinutes(16)))));
  }

  @Test
  void aPresignedUrlValidLongerThanSevenDaysIsRefused() {
    SignedRequest request = AwsExamples.presignedGet(NOW);
    SignedRequest longer =
        withQuery(
            request, request.rawQuery().replace("X-Amz-Expires=86400", "X-Amz-Expires=604801"));
    assertError(SigV4Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR, () -> verifier.verify(longer));
  }

  @Test
  void aTamperedPresignedUrlDoesNotMatch() {
    SignedRequest request = AwsExamples.presignedGet(NOW);
    assertError(
        SigV4Error.SIGNATURE_DOES_NOT_MATCH, () -> verifier.verify(withPath(request, "/test.tx")));
    assertError(
        SigV4Error.SIGNATURE_DOES_NOT_MATCH,
        () -> verifier.verify(withQuery(request, request.rawQuery() + "&versionId=1")));
  }

  @Test
  void anyChangeToASignedPartIsASignatureMismatch() {
    SignedRequest request = AwsExamples.getObject(NOW);
    assertError(
        SigV4Error.SIGNATURE_DOES_NOT_MATCH, () -> verifier.verify(withPath(request, "/test.txu")));
    assertError(
        SigV4Error.SIGNATURE_DOES_NOT_MATCH, () -> verifier.verify(withQuery(request, "acl")));
    assertError(
        SigV4Error.SIGNATURE_DOES_NOT_MATCH,
        () -> verifier.verify(withHeader(request, "Range", v -> "bytes=0-10")));
    assertError(
        SigV4Error.SIGNATURE_DOES_NOT_MATCH,
        () ->
            verifier.verify(
                new SignedRequest("HEAD", request.rawPath(), "", request.headers(), NOW)));
    SigV4Exception mismatch =
        assertThrows(SigV4Exception.class, () -> verifier.verify(withPath(request, "/other")));
    assertTrue(
        mismatch.canonicalRequest().startsWith("GET\n/other\n"), mismatch.canonicalRequest());
    assertEquals(403, mismatch.error().httpStatus());
  }

  @Test
  void headerValuesAreTrimmedAndTheirWhitespaceFolded() {
    SignedRequest request = AwsExamples.getObject(NOW);
    verifier.verify(withHeader(request, "Range", v -> "  bytes=0-9 \t"));
    verifier.verify(withHeader(request, "Host", v -> " examplebucket.s3.amazonaws.com"));
    verifier.verify(withHeader(request, "Authorization", v -> v.replace(",", ",  ")));
    // inner whitespace folds to one space: "bytes=0-9" has none, so an inserted space changes it
    assertError(
        SigV4Error.SIGNATURE_DOES_NOT_MATCH,
        () -> verifier.verify(withHeader(request, "Range", v -> "bytes= 0-9")));
    assertEquals("a b c,d", CanonicalRequest.headerValue(List.of("  a \t  b\n c ", "d")));
  }

  @Test
  void headerNamesAreCaseInsensitive() {
    SignedRequest request = AwsExamples.getObject(NOW);
    List<Map.Entry<String, String>> upper = new ArrayList<>();
    for (Map.Entry<String, String> header : request.headers()) {
      upper.add(Map.entry(header.getKey().toUpperCase(), header.getValue()));
    }
    verifier.verify(new SignedRequest("GET", request.rawPath(), "", upper, NOW));
  }

  @Test
  void thePathIsEncodedOnceWhateverTheClientEscaped() {
    assertEquals("/test%24file.text", CanonicalRequest.uri("/test$file.text"));
    assertEquals("/test%24file.text", CanonicalRequest.uri("/test%24file.text"));
    assertEquals("/a%20b/~~/c%2Fd", CanonicalRequest.uri("/a%20b/%7e~/c%2Fd"));
    assertEquals("/%C3%A9t%C3%A9", CanonicalRequest.uri("/%c3%a9t%c3%a9"));
    assertEquals("/", CanonicalRequest.uri(""));
    assertEquals("a=&b=%2B%20&b=x", CanonicalRequest.query("b=x&a&b=%2b%20", false));
    // the PUT example signs /test$file.text; the same request with $ unescaped on the wire matches
    verifier.verify(withPath(AwsExamples.putObject(NOW), "/test$file.text"));
  }

  @Test
  void aSkewedClockIsRefused() {
    verifier.verify(AwsExamples.getObject(SIGNED_AT.plus(Duration.ofMinutes(15))));
    verifier.verify(AwsExamples.getObject(SIGNED_AT.minus(Duration.ofMinutes(15))));
    assertError(
        SigV4Error.REQUEST_TIME_TOO_SKEWED,
        () ->
            verifier.verify(
                AwsExamples.getObject(SIGNED_AT.plus(Duration.ofMinutes(15)).plusSeconds(1))));
    assertError(
        SigV4Error.REQUEST_TIME_TOO_SKEWED,
        () -> verifier.verify(AwsExamples.getObject(SIGNED_AT.minus(Duration.ofMinutes(16)))));
  }

  @Test
  void unknownKeysAnonymousRequestsAndBrokenHeadersAreRefused() {
    SignedRequest request = AwsExamples.getObject(NOW);
    assertError(
        SigV4Error.INVALID_ACCESS_KEY_ID, () -> new SigV4Verifier(key -> null).verify(request));
    assertError(SigV4Error.ACCESS_DENIED, () -> verifier.verify(without(request, "Authorization")));
    assertError(
        SigV4Error.MISSING_SECURITY_HEADER,
        () -> verifier.verify(without(request, "x-amz-content-sha256")));
    assertError(
        SigV4Error.AUTHORIZATION_HEADER_MALFORMED,
        () ->
            verifier.verify(withHeader(request, "Authorization", v -> v.replace("/s3/", "/sqs/"))));
    assertError(
        SigV4Error.AUTHORIZATION_HEADER_MALFORMED,
        () ->
            verifier.verify(
                withHeader(request, "Authorization", v -> v.replace("20130524/", "20130525/"))));
    assertError(
        SigV4Error.AUTHORIZATION_HEADER_MALFORMED,
        () ->
            verifier.verify(
                withHeader(
                    request,
                    "Authorization",
                    v -> v.replace("SignedHeaders=host;", "SignedHeaders="))));
    assertError(
        SigV4Error.AUTHORIZATION_HEADER_MALFORMED,
        () ->
            verifier.verify(
                withHeader(request, "Authorization", v -> v.substring(0, v.length() - 1))));
    assertError(
        SigV4Error.INVALID_REQUEST,
        () ->
            verifier.verify(
                withHeader(request, "Authorization", v -> "AWS AKIAIOSFODNN7EXAMPLE:abc=")));
    assertError(
        SigV4Error.INVALID_ARGUMENT,
        () ->
            verifier.verify(
                withHeader(request, "x-amz-content-sha256", v -> "STREAMING-SOMETHING")));
  }

  @Test
  void unsignedAmzHeadersAreRefused() {
    SignedRequest request = AwsExamples.getObject(NOW);
    List<Map.Entry<String, String>> headers = new ArrayList<>(request.headers());
    headers.add(Map.entry("X-Amz-Meta-Fw", "01.07.01"));
    SigV4Exception e =
        assertThrows(
            SigV4Exception.class,
            () -> verifier.verify(new SignedRequest("GET", "/test.txt", "", headers, NOW)));
    assertEquals(SigV4Error.ACCESS_DENIED, e.error());
    assertTrue(e.getMessage().contains("x-amz-meta-fw"), e.getMessage());
  }

  @Test
  void neitherErrorsNorResultsShowTheSecretOrTheSigningKey() {
    SigV4Exception mismatch =
        assertThrows(
            SigV4Exception.class,
            () -> verifier.verify(withPath(AwsExamples.getObject(NOW), "/x")));
    String key = ChunkedBodies.hex(ChunkedBodies.signingKey(AwsExamples.SECRET));
    for (String text :
        List.of(
            mismatch.getMessage(),
            mismatch.canonicalRequest(),
            verifier.verify(AwsExamples.chunkedPut(NOW)).toString())) {
      assertFalse(text.contains(AwsExamples.SECRET), text);
      assertFalse(text.contains(key), text);
    }
  }

  @Test
  void theChunkedExamplesYieldTheirChunkContext() {
    Authenticated auth = verifier.verify(AwsExamples.chunkedPut(NOW));
    assertEquals(PayloadMode.STREAMING_SIGNED, auth.mode());
    assertNotNull(auth.chunkContextOrNull());
    assertEquals(AwsExamples.CHUNKED_SEED, auth.chunkContextOrNull().seedSignature());
    Authenticated trailer = verifier.verify(AwsExamples.chunkedTrailerPut(NOW));
    assertEquals(PayloadMode.STREAMING_SIGNED_TRAILER, trailer.mode());
    assertEquals(AwsExamples.TRAILER_SEED, trailer.chunkContextOrNull().seedSignature());
  }

  static void assertError(SigV4Error expected, Runnable action) {
    SigV4Exception e = assertThrows(SigV4Exception.class, action::run);
    assertEquals(expected, e.error(), e.getMessage());
  }

  static SignedRequest withPath(SignedRequest r, String path) {
    return new SignedRequest(r.method(), path, r.rawQuery(), r.headers(), r.now());
  }

  static SignedRequest withQuery(SignedRequest r, String query) {
    return new SignedRequest(r.method(), r.rawPath(), query, r.headers(), r.now());
  }

  static SignedRequest withHeader(SignedRequest r, String name, UnaryOperator<String> change) {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    for (Map.Entry<String, String> header : r.headers()) {
      boolean match = header.getKey().equalsIgnoreCase(name);
      headers.add(match ? Map.entry(header.getKey(), change.apply(header.getValue())) : header);
    }
    return new SignedRequest(r.method(), r.rawPath(), r.rawQuery(), headers, r.now());
  }

  static SignedRequest without(SignedRequest r, String name) {
    List<Map.Entry<String, String>> headers = new ArrayList<>(r.headers());
    headers.removeIf(h -> h.getKey().equalsIgnoreCase(name));
    return new SignedRequest(r.method(), r.rawPath(), r.rawQuery(), headers, r.now());
  }
}
