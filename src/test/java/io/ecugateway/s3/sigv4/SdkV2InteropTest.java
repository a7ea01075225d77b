package io.ecugateway.s3.sigv4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Requests the AWS SDK for Java v2 really sends, captured by a loopback listener that answers
 * {@code 200} to PUTs and {@code 403} to everything else, then verified byte for byte: PutObject
 * with the default checksums (aws-chunked, signed chunks and a signed trailer), with each checksum
 * algorithm, several chunks, without chunked encoding, and presigned URLs.
 */
class SdkV2InteropTest {
  private static final String ACCESS_KEY = "AKIDSDKV2";
  private static final String SECRET = "sdk/v2+secret";
  private static final BlockingQueue<Captured> CAPTURED = new LinkedBlockingQueue<>();
  private static HttpServer server;
  private static URI endpoint;

  private final SigV4Verifier verifier = new SigV4Verifier(Map.of(ACCESS_KEY, SECRET)::get);

  private record Captured(SignedRequest request, byte[] body) {}

  @BeforeAll
  static void listen() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", SdkV2InteropTest::capture);
    server.start();
    endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  private static void capture(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    exchange
        .getRequestHeaders()
        .forEach((name, values) -> values.forEach(v -> headers.add(Map.entry(name, v))));
    URI uri = exchange.getRequestURI();
    CAPTURED.add(
        new Captured(
            new SignedRequest(
                exchange.getRequestMethod(),
                uri.getRawPath(),
                uri.getRawQuery(),
                headers,
                Instant.now()),
            body));
    boolean put = exchange.getRequestMethod().equals("PUT");
    byte[] answer =
        put
            ? new byte[0]
            : "<Error><Code>AccessDenied</Code><Message>test</Message></Error>"
                .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("ETag", "\"0123456789abcdef0123456789abcdef\"");
    exchange.sendResponseHeaders(put ? 200 : 403, put ? -1 : answer.length);
    exchange.getResponseBody().write(answer);
    exchange.close();
  }

  private static S3Client client(boolean chunkedEncoding) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.EU_CENTRAL_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET)))
        .serviceConfiguration(
            S3Configuration.builder()
                .pathStyleAccessEnabled(true)
                .chunkedEncodingEnabled(chunkedEncoding)
                .build())
        .overrideConfiguration(
            o -> o.retryPolicy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  private static byte[] payload(int length) {
    byte[] payload = new byte[length];
    new Random(length).nextBytes(payload);
    return payload;
  }

  private static Captured put(
      S3Client client, String key, byte[] payload, ChecksumAlgorithm algorithm)
      throws InterruptedException {
    CAPTURED.clear();
    client.putObject(
        b -> {
          b.bucket("canedge").key(key);
          if (algorithm != null) {
            b.checksumAlgorithm(algorithm);
          }
        },
        RequestBody.fromBytes(payload));
    Captured captured = CAPTURED.poll(10, TimeUnit.SECONDS);
    assertTrue(captured != null, "the SDK sent nothing");
    return captured;
  }

  private byte[] verifyAndDecode(Captured captured, int fragment) {
    Authenticated auth = verifier.verify(captured.request());
    assertEquals(ACCESS_KEY, auth.accessKey());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PayloadVerifier payload = PayloadVerifier.open(auth, captured.request(), out::write);
    byte[] body = captured.body();
    for (int offset = 0; offset < body.length; offset += fragment) {
      payload.feed(body, offset, Math.min(fragment, body.length - offset));
    }
    assertEquals(out.size(), payload.finish());
    return out.toByteArray();
  }

  @Test
  void putObjectWithDefaultChecksumsIsSignedAwsChunkedWithATrailer() throws Exception {
    try (S3Client client = client(true)) {
      byte[] payload = payload(5000);
      Captured captured = put(client, "2F6913DB/00000012/00000001-62F2E1D5.MF4", payload, null);
      Authenticated auth = verifier.verify(captured.request());
      // over http the SDK signs every chunk and a CRC32 trailer
      assertEquals(PayloadMode.STREAMING_SIGNED_TRAILER, auth.mode());
      assertEquals("x-amz-checksum-crc32", captured.request().header("x-amz-trailer"));
      for (int fragment : new int[] {1, 7, 100, 1 << 20}) {
        assertArrayEquals(payload, verifyAndDecode(captured, fragment));
      }
    }
  }

  /** CRC64NVME needs the SDK's native CRT library; ChecksumsTest pins it to its catalogue value. */
  @Test
  void everyChecksumAlgorithmTheSdkComputesMatchesOurs() throws Exception {
    try (S3Client client = client(true)) {
      byte[] payload = payload(70_001);
      for (ChecksumAlgorithm algorithm :
          new ChecksumAlgorithm[] {
            ChecksumAlgorithm.CRC32,
            ChecksumAlgorithm.CRC32_C,
            ChecksumAlgorithm.SHA1,
            ChecksumAlgorithm.SHA256
          }) {
        Captured captured = put(client, "logs/" + algorithm, payload, algorithm);
        String trailer = captured.request().header("x-amz-trailer");
        assertEquals(
            "x-amz-checksum-" + algorithm.toString().toLowerCase().replace("_", ""), trailer);
        assertArrayEquals(payload, verifyAndDecode(captured, 4093), algorithm.toString());
      }
    }
  }

  @Test
  void aLargePutSpansSeveralChunksAndEveryChunkIsChecked() throws Exception {
    try (S3Client client = client(true)) {
      byte[] payload = payload(600_000);
      Captured captured = put(client, "big.MF4", payload, null);
      assertArrayEquals(payload, verifyAndDecode(captured, 65_536));
      byte[] tampered = captured.body().clone();
      tampered[tampered.length / 2] ^= 0x20;
      SigV4Exception e =
          assertThrows(
              SigV4Exception.class,
              () -> verifyAndDecode(new Captured(captured.request(), tampered), 8192));
      assertTrue(
          e.error() == SigV4Error.SIGNATURE_DOES_NOT_MATCH
              || e.error() == SigV4Error.INVALID_REQUEST,
          e.getMessage());
      byte[] truncated = java.util.Arrays.copyOf(captured.body(), captured.body().length - 50);
      SigV4VerifierTest.assertError(
          SigV4Error.INCOMPLETE_BODY,
          () -> verifyAndDecode(new Captured(captured.request(), truncated), 8192));
    }
  }

  @Test
  void putObjectWithoutChunkedEncodingSignsThePayload() throws Exception {
    try (S3Client client = client(false)) {
      byte[] payload = payload(3000);
      Captured captured = put(client, "device.json", payload, null);
      Authenticated auth = verifier.verify(captured.request());
      assertEquals(false, auth.mode().chunked(), "mode " + auth.mode());
      assertArrayEquals(payload, verifyAndDecode(captured, 999));
      byte[] other = payload.clone();
      other[0] ^= 1;
      SigV4Exception e =
          assertThrows(
              SigV4Exception.class,
              () -> verifyAndDecode(new Captured(captured.request(), other), 999));
      assertTrue(
          e.error() == SigV4Error.X_AMZ_CONTENT_SHA256_MISMATCH
              || e.error() == SigV4Error.BAD_DIGEST,
          e.getMessage());
    }
  }

  @Test
  void getAndListRequestsVerify() throws Exception {
    try (S3Client client = client(true)) {
      CAPTURED.clear();
      assertThrows(
          S3Exception.class,
          () ->
              client.getObject(
                  b -> b.bucket("canedge").key("2F6913DB/config-01.07.json").range("bytes=0-99")));
      assertThrows(
          S3Exception.class,
          () -> client.listObjectsV2(b -> b.bucket("canedge").prefix("2F6913DB/").delimiter("/")));
      assertThrows(
          S3Exception.class, () -> client.headObject(b -> b.bucket("canedge").key("a b+c/ü.MF4")));
      for (int i = 0; i < 3; i++) {
        Captured captured = CAPTURED.poll(10, TimeUnit.SECONDS);
        verifier.verify(captured.request());
      }
    }
  }

  @Test
  void presignedUrlsVerifyUntilTheyExpire() {
    try (S3Presigner presigner =
        S3Presigner.builder()
            .endpointOverride(endpoint)
            .region(Region.EU_CENTRAL_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET)))
            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
            .build()) {
      Instant signedAt = Instant.now();
      URI url =
          URI.create(
              presigner
                  .presignGetObject(
                      b ->
                          b.signatureDuration(Duration.ofMinutes(10))
                              .getObjectRequest(g -> g.bucket("canedge").key("fw/firmware 01.bin")))
                  .url()
                  .toString());
      SignedRequest request =
          new SignedRequest(
              "GET",
              url.getRawPath(),
              url.getRawQuery(),
              List.of(Map.entry("Host", url.getAuthority())),
              signedAt);
      assertTrue(verifier.verify(request).presigned());
      SignedRequest late =
          new SignedRequest(
              "GET",
              url.getRawPath(),
              url.getRawQuery(),
              request.headers(),
              signedAt.plusSeconds(11 * 60));
      SigV4VerifierTest.assertError(SigV4Error.ACCESS_DENIED, () -> verifier.verify(late));
    }
  }
}
