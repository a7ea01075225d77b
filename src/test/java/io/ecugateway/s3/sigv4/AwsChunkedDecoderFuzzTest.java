package io.ecugateway.s3.sigv4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing of the aws-chunked decoder: valid bodies (signed, signed with trailer,
 * unsigned with trailer) with bytes flipped, inserted, deleted, slices duplicated or cut, fed in
 * random fragments; and plain random bytes. Every run either decodes to exactly the original
 * payload or fails with a {@link SigV4Exception}; nothing else escapes, and a run never retains
 * more than the line buffer. Runs 3 s by default; {@code -Dfuzz.seconds=N} runs longer, {@code
 * -Dfuzz.seed=S} replays.
 */
class AwsChunkedDecoderFuzzTest {
  private record Seed(
      String name, Authenticated auth, SignedRequest request, byte[] body, byte[] payload) {}

  @Test
  void mutantsDecodeToTheOriginalOrFailWithASigV4Exception() {
    long seconds = Long.getLong("fuzz.seconds", 3);
    long seed = Long.getLong("fuzz.seed", 20261207L);
    Random random = new Random(seed);
    List<Seed> seeds = seeds();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    int runs = 0;
    int decoded = 0;
    while (System.nanoTime() < end || runs < 200) {
      Seed s = seeds.get(random.nextInt(seeds.size()));
      byte[] mutant = mutate(s.body(), random);
      runs++;
      try {
        byte[] out = decode(s, mutant, random);
        assertArrayEquals(
            s.payload(),
            out,
            () -> s.name() + ": a mutant decoded to another payload (seed " + seed + ")");
        decoded++;
      } catch (SigV4Exception expected) {
        assertTrue(expected.getMessage() != null && !expected.getMessage().isEmpty());
      } catch (RuntimeException e) {
        fail(s.name() + ": " + e + " escaped on a mutant (seed " + seed + ", run " + runs + ")", e);
      }
    }
    System.out.println(
        "fuzz: " + runs + " aws-chunked mutants, " + decoded + " decoded unchanged, seed " + seed);
  }

  @Test
  void randomBytesOnlyEverFailWithASigV4Exception() {
    Random random = new Random(Long.getLong("fuzz.seed", 7L));
    for (Seed s : seeds()) {
      for (int run = 0; run < 300; run++) {
        byte[] noise = new byte[random.nextInt(2000)];
        random.nextBytes(noise);
        if (run % 3 == 0 && noise.length > 0) {
          noise[0] =
              (byte) "0123456789abcdef".charAt(random.nextInt(16)); // get past the first byte
        }
        try {
          decode(s, noise, random);
          fail(s.name() + ": random bytes decoded");
        } catch (SigV4Exception expected) {
          // the only acceptable failure
        }
      }
    }
  }

  @Test
  void memoryIsBoundedByTheLineLimit() {
    Seed s = seeds().get(0);
    PayloadVerifier decoder = PayloadVerifier.open(s.auth(), s.request(), (d, o, l) -> {});
    byte[] digits = new byte[64 * 1024];
    Arrays.fill(digits, (byte) '1');
    SigV4Exception e =
        assertThrows(SigV4Exception.class, () -> decoder.feed(digits, 0, digits.length));
    assertEquals(SigV4Error.INVALID_REQUEST, e.error());
    Seed trailer = seeds().get(2);
    PayloadVerifier trailers =
        PayloadVerifier.open(trailer.auth(), trailer.request(), (d, o, l) -> {});
    byte[] lines =
        "0\r\n"
            .concat("x-amz-checksum-crc32c:AAAAAA==\r\n".repeat(10))
            .getBytes(StandardCharsets.US_ASCII);
    assertThrows(SigV4Exception.class, () -> trailers.feed(lines, 0, lines.length));
  }

  private static byte[] decode(Seed s, byte[] body, Random random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PayloadVerifier decoder = PayloadVerifier.open(s.auth(), s.request(), out::write);
    int offset = 0;
    while (offset < body.length) {
      int length =
          Math.min(body.length - offset, 1 + random.nextInt(random.nextBoolean() ? 8 : 4096));
      decoder.feed(body, offset, length);
      offset += length;
    }
    assertEquals(out.size(), decoder.finish());
    return out.toByteArray();
  }

  static byte[] mutate(byte[] body, Random random) {
    byte[] out = body.clone();
    int edits = 1 + random.nextInt(3);
    for (int i = 0; i < edits && out.length > 0; i++) {
      int at = random.nextInt(out.length);
      switch (random.nextInt(6)) {
        case 0 -> out[at] ^= (byte) (1 << random.nextInt(8));
        case 1 -> out[at] = (byte) random.nextInt(256);
        case 2 -> out = splice(out, at, 1, new byte[0]);
        case 3 ->
            out =
                splice(
                    out,
                    at,
                    0,
                    new byte[] {(byte) "0123456789abcdef;\r\n:=".charAt(random.nextInt(21))});
        case 4 -> out = Arrays.copyOf(out, at);
        default -> {
          int length = Math.min(out.length - at, 1 + random.nextInt(100));
          out = splice(out, at, 0, Arrays.copyOfRange(out, at, at + length));
        }
      }
    }
    return out;
  }

  private static byte[] splice(byte[] data, int at, int remove, byte[] insert) {
    byte[] out = new byte[data.length - remove + insert.length];
    System.arraycopy(data, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(data, at + remove, out, at + insert.length, data.length - at - remove);
    return out;
  }

  /**
   * A signed body (AWS's example), a small signed body with a trailer, an unsigned one with a
   * trailer.
   */
  private static List<Seed> seeds() {
    SigV4Verifier verifier = new SigV4Verifier(AwsExamples.CREDENTIALS);
    SignedRequest chunked = AwsExamples.chunkedPut(AwsExamples.SIGNED_AT);
    Seed aws =
        new Seed(
            "aws example",
            verifier.verify(chunked),
            chunked,
            AwsExamples.chunkedBody(),
            AwsExamples.payload());

    byte[] payload = "CAN frames, CAN frames, CAN frames".getBytes(StandardCharsets.US_ASCII);
    String trailer = "x-amz-checksum-crc32c:" + crc32c(payload);
    ChunkSigning signing =
        new ChunkSigning(
            ChunkedBodies.signingKey(AwsExamples.SECRET),
            ChunkedBodies.DATE,
            ChunkedBodies.SCOPE,
            "ab".repeat(32));
    Authenticated signedTrailer =
        new Authenticated(
            "k", "us-east-1", "s3", PayloadMode.STREAMING_SIGNED_TRAILER, null, signing, false);
    SignedRequest headers =
        AwsExamples.request(
            "PUT",
            "/b/k",
            "",
            AwsExamples.SIGNED_AT,
            "x-amz-decoded-content-length",
            String.valueOf(payload.length),
            "x-amz-trailer",
            "x-amz-checksum-crc32c");
    byte[] signedBody =
        ChunkedBodies.signed(
            ChunkedBodies.signingKey(AwsExamples.SECRET), "ab".repeat(32), payload, 10, trailer);
    Seed small = new Seed("signed trailer", signedTrailer, headers, signedBody, payload);
    Seed unsigned =
        new Seed(
            "unsigned trailer",
            AwsChunkedDecoderTest.unsignedTrailer(),
            headers,
            ChunkedBodies.unsignedWithTrailer(payload, 7, trailer),
            payload);
    return List.of(small, aws, unsigned);
  }

  private static String crc32c(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data);
    long v = crc.getValue();
    return Base64.getEncoder()
        .encodeToString(
            new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
  }
}
