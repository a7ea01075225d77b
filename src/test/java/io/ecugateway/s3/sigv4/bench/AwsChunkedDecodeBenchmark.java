package io.ecugateway.s3.sigv4.bench;

import io.ecugateway.s3.sigv4.Authenticated;
import io.ecugateway.s3.sigv4.AwsExamples;
import io.ecugateway.s3.sigv4.ChunkedBodies;
import io.ecugateway.s3.sigv4.PayloadMode;
import io.ecugateway.s3.sigv4.PayloadSink;
import io.ecugateway.s3.sigv4.PayloadVerifier;
import io.ecugateway.s3.sigv4.SigV4Verifier;
import io.ecugateway.s3.sigv4.SignedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * aws-chunked decoding speed: one 8 MiB upload (a large CANedge log) in 64 KiB chunks, fed in 16
 * KiB fragments as the network delivers them, decoded and verified into a sink that only touches
 * the bytes. {@code signedChunks}: every chunk's HMAC chain ({@code
 * STREAMING-AWS4-HMAC-SHA256-PAYLOAD}, SHA-256 of every byte); {@code unsignedTrailerCrc32c}: the
 * trailer variant current SDKs send over HTTPS (CRC32C of every byte); {@code signedSinglePayload}:
 * the same 8 MiB as a plain body with its SHA-256 signed. MB/s = ops/s × 8.39.
 *
 * <p>Run: {@code mvn -B -q -Pbench test-compile exec:exec -Dbench=AwsChunkedDecodeBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AwsChunkedDecodeBenchmark {
  static final int SIZE = 8 << 20;
  static final int CHUNK = 64 << 10;
  static final int FRAGMENT = 16 << 10;

  private Authenticated signedAuth;
  private SignedRequest signedRequest;
  private byte[] signedBody;
  private Authenticated unsignedAuth;
  private SignedRequest unsignedRequest;
  private byte[] unsignedBody;
  private Authenticated singleAuth;
  private SignedRequest singleRequest;
  private byte[] payload;
  private Blackhole blackhole;
  private final PayloadSink sink =
      (data, offset, length) -> blackhole.consume(data[offset + length - 1]);

  @Setup
  public void setUp(Blackhole blackhole) throws Exception {
    this.blackhole = blackhole;
    payload = new byte[SIZE];
    new Random(1).nextBytes(payload);
    // the chain starts from the AWS example's seed: verify that request for its signing context,
    // then decode a body of our size chained from the same seed
    SignedRequest example = AwsExamples.chunkedPut(AwsExamples.SIGNED_AT);
    signedAuth = new SigV4Verifier(AwsExamples.CREDENTIALS).verify(example);
    signedRequest = withHeaders(example, "x-amz-decoded-content-length", String.valueOf(SIZE));
    signedBody =
        ChunkedBodies.signed(
            ChunkedBodies.signingKey(AwsExamples.SECRET),
            AwsExamples.CHUNKED_SEED,
            payload,
            CHUNK,
            null);

    CRC32C crc = new CRC32C();
    crc.update(payload);
    long v = crc.getValue();
    String trailer =
        "x-amz-checksum-crc32c:"
            + java.util.Base64.getEncoder()
                .encodeToString(
                    new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    unsignedAuth =
        new Authenticated(
            "k", "us-east-1", "s3", PayloadMode.STREAMING_UNSIGNED_TRAILER, null, null, false);
    unsignedRequest =
        AwsExamples.request(
            "PUT",
            "/canedge/log.MF4",
            "",
            AwsExamples.SIGNED_AT,
            "x-amz-decoded-content-length",
            String.valueOf(SIZE),
            "x-amz-trailer",
            "x-amz-checksum-crc32c");
    unsignedBody = ChunkedBodies.unsignedWithTrailer(payload, CHUNK, trailer);

    java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
    String hash = java.util.HexFormat.of().formatHex(sha.digest(payload));
    singleAuth = new Authenticated("k", "us-east-1", "s3", PayloadMode.SIGNED, hash, null, false);
    singleRequest = AwsExamples.request("PUT", "/canedge/log.MF4", "", AwsExamples.SIGNED_AT);
  }

  private static SignedRequest withHeaders(SignedRequest request, String name, String value) {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    for (Map.Entry<String, String> header : request.headers()) {
      headers.add(
          header.getKey().equalsIgnoreCase(name) ? Map.entry(header.getKey(), value) : header);
    }
    return new SignedRequest(
        request.method(), request.rawPath(), request.rawQuery(), headers, request.now());
  }

  private long feed(PayloadVerifier verifier, byte[] body) {
    for (int offset = 0; offset < body.length; offset += FRAGMENT) {
      verifier.feed(body, offset, Math.min(FRAGMENT, body.length - offset));
    }
    return verifier.finish();
  }

  @Benchmark
  public long signedChunks() {
    return feed(PayloadVerifier.open(signedAuth, signedRequest, sink), signedBody);
  }

  @Benchmark
  public long unsignedTrailerCrc32c() {
    return feed(PayloadVerifier.open(unsignedAuth, unsignedRequest, sink), unsignedBody);
  }

  @Benchmark
  public long signedSinglePayload() {
    return feed(PayloadVerifier.open(singleAuth, singleRequest, sink), payload);
  }
}
