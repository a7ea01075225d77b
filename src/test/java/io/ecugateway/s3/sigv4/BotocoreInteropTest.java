package io.ecugateway.s3.sigv4;

import static io.ecugateway.s3.sigv4.SigV4VerifierTest.assertError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests signed by botocore (the AWS SDK for Python, run by {@code botocore_sign.py} in a
 * subprocess at test time): header auth with signed and unsigned payloads, Content-MD5, keys with
 * every awkward character, query strings, presigned URLs, and aws-chunked bodies with a trailing
 * checksum encoded by botocore itself. Skipped when {@code python3} cannot import botocore; CI
 * installs Debian's {@code python3-botocore}.
 */
class BotocoreInteropTest {
  private static final String ACCESS_KEY = "AKIDGATEWAY1";
  private static final String SECRET = "se/cr+et=key";
  private static final String HOST = "127.0.0.1:9100";
  private static List<JsonNode> signed;
  private static Instant signedAt;

  private final SigV4Verifier verifier = new SigV4Verifier(Map.of(ACCESS_KEY, SECRET)::get);

  @BeforeAll
  static void signWithBotocore() throws Exception {
    Path script = Path.of(BotocoreInteropTest.class.getResource("botocore_sign.py").toURI());
    signedAt = Instant.now();
    Process process;
    try {
      process =
          new ProcessBuilder(
                  "python3",
                  script.toString(),
                  ACCESS_KEY,
                  SECRET,
                  "eu-central-1",
                  "http://" + HOST)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (java.io.IOException e) {
      assumeTrue(false, "python3 is not installed: " + e.getMessage());
      return;
    }
    byte[] output = process.getInputStream().readAllBytes();
    assumeTrue(process.waitFor(60, TimeUnit.SECONDS), "botocore_sign.py did not finish in 60 s");
    assumeTrue(
        process.exitValue() == 0, "python3 cannot import botocore (install python3-botocore)");
    signed = new ArrayList<>();
    new ObjectMapper().readTree(output).forEach(signed::add);
    assertEquals(12, signed.size());
  }

  @Test
  void everyBotocoreRequestVerifiesWithItsBody() {
    for (JsonNode node : signed) {
      SignedRequest request = request(node, signedAt.plusSeconds(2));
      Authenticated auth = verifier.verify(request);
      assertEquals(ACCESS_KEY, auth.accessKey(), name(node));
      assertEquals("eu-central-1", auth.region());
      assertEquals(node.get("presigned").asBoolean(), auth.presigned());
      byte[] body = body(node);
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      PayloadVerifier verifierOfBody = PayloadVerifier.open(auth, request, received::write);
      for (int offset = 0; offset < body.length; offset += 1000) {
        verifierOfBody.feed(body, offset, Math.min(1000, body.length - offset));
      }
      byte[] payload = Base64.getDecoder().decode(node.get("payload").asText());
      assertEquals(payload.length, verifierOfBody.finish(), name(node));
      assertArrayEquals(payload, received.toByteArray());
    }
  }

  @Test
  void theModesBotocoreChoseAreRecognised() {
    assertEquals(
        PayloadMode.SIGNED, verifier.verify(request(named("put signed payload"), signedAt)).mode());
    assertEquals(
        PayloadMode.UNSIGNED,
        verifier.verify(request(named("put unsigned payload"), signedAt)).mode());
    assertEquals(
        PayloadMode.UNSIGNED, verifier.verify(request(named("presigned put"), signedAt)).mode());
  }

  @Test
  void aChangedBodyIsCaughtBySignatureOrDigest() {
    JsonNode signedPayload = named("put signed payload");
    assertError(SigV4Error.X_AMZ_CONTENT_SHA256_MISMATCH, () -> verifyChangedBody(signedPayload));
    JsonNode md5 = named("put with content-md5");
    assertError(SigV4Error.X_AMZ_CONTENT_SHA256_MISMATCH, () -> verifyChangedBody(md5));
    // unsigned payload: nothing protects the body but a digest header, and there is none
    verifyChangedBody(named("put unsigned payload"));
    // unsigned aws-chunked: the trailer checksum does
    assertError(SigV4Error.BAD_DIGEST, () -> verifyChangedBody(named("put with crc32 trailer")));
    assertError(SigV4Error.BAD_DIGEST, () -> verifyChangedBody(named("put with sha256 trailer")));
  }

  @Test
  void aChangedRequestDoesNotMatch() {
    for (JsonNode node : signed) {
      SignedRequest request = request(node, signedAt);
      String otherPath = request.rawPath().replace("canedge", "canedgf");
      assertError(
          SigV4Error.SIGNATURE_DOES_NOT_MATCH,
          () -> verifier.verify(SigV4VerifierTest.withPath(request, otherPath)));
      assertError(
          SigV4Error.SIGNATURE_DOES_NOT_MATCH,
          () ->
              verifier.verify(
                  SigV4VerifierTest.withHeader(request, "Host", h -> "127.0.0.1:9101")));
    }
    SignedRequest list = request(named("list objects v2"), signedAt);
    assertError(
        SigV4Error.SIGNATURE_DOES_NOT_MATCH,
        () ->
            verifier.verify(
                SigV4VerifierTest.withQuery(list, list.rawQuery().replace("a%2Bb", "a%2Bc"))));
  }

  @Test
  void wrongSecretSkewAndExpiryAreRefused() {
    SignedRequest put = request(named("put signed payload"), signedAt);
    assertError(
        SigV4Error.SIGNATURE_DOES_NOT_MATCH,
        () -> new SigV4Verifier(Map.of(ACCESS_KEY, "se/cr+et=kez")::get).verify(put));
    assertError(
        SigV4Error.REQUEST_TIME_TOO_SKEWED,
        () ->
            verifier.verify(
                request(named("put signed payload"), signedAt.plus(Duration.ofMinutes(20)))));
    verifier.verify(request(named("presigned get"), signedAt.plus(Duration.ofMinutes(59))));
    assertError(
        SigV4Error.ACCESS_DENIED,
        () ->
            verifier.verify(
                request(named("presigned get"), signedAt.plus(Duration.ofMinutes(61)))));
  }

  private void verifyChangedBody(JsonNode node) {
    SignedRequest request = request(node, signedAt);
    Authenticated auth = verifier.verify(request);
    byte[] body = body(node);
    body[body.length / 2] ^= 1;
    PayloadVerifier payload = PayloadVerifier.open(auth, request, (d, o, l) -> {});
    payload.feed(body, 0, body.length);
    payload.finish();
  }

  private static JsonNode named(String name) {
    return signed.stream().filter(n -> name(n).equals(name)).findFirst().orElseThrow();
  }

  private static String name(JsonNode node) {
    return node.get("name").asText();
  }

  private static byte[] body(JsonNode node) {
    return Base64.getDecoder().decode(node.get("body").asText());
  }

  /** The request as an HTTP client sends it: botocore's headers, Host, the real Content-Length. */
  private static SignedRequest request(JsonNode node, Instant now) {
    URI url = URI.create(node.get("url").asText());
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    headers.add(Map.entry("Host", HOST));
    for (JsonNode header : node.get("headers")) {
      if (!header.get(0).asText().equalsIgnoreCase("Content-Length")) {
        headers.add(Map.entry(header.get(0).asText(), header.get(1).asText()));
      }
    }
    byte[] body = body(node);
    boolean chunkedTransfer =
        headers.stream().anyMatch(h -> h.getKey().equalsIgnoreCase("Transfer-Encoding"));
    if (!chunkedTransfer && (body.length > 0 || !node.get("method").asText().equals("GET"))) {
      headers.add(Map.entry("Content-Length", String.valueOf(body.length)));
    }
    String query = url.getRawQuery();
    return new SignedRequest(node.get("method").asText(), url.getRawPath(), query, headers, now);
  }
}
