package io.ecugateway.format.candump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.format.LogSource;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.format.text.LineChunk;
import io.ecugateway.format.text.LineChunkReader;
import io.ecugateway.format.text.LineParser;
import io.ecugateway.format.text.LineSource;
import io.ecugateway.format.text.TextFrameReader;
import io.ecugateway.frame.CanFrame;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Candump lines parsed in chunks (as {@code decode} does on several threads) give the same frames
 * and the same warnings, with the same line numbers, as the sequential reader: lines cut at every
 * chunk boundary, lines longer than the line limit and than a whole chunk, CRLF, no final line
 * break, more malformed lines than are reported, screen output without timestamps, any read sizes,
 * and a read that fails in the middle.
 */
class CandumpChunksTest {

  private record Result(List<String> frames, List<String> warnings, String failure) {}

  @Test
  void chunksReadLikeTheSequentialReader() throws Exception {
    Random rnd = new Random(11);
    int inputs = 0;
    for (int round = 0; round < 60; round++) {
      byte[] input = log(rnd, 200 + rnd.nextInt(3000));
      int failAt = round % 5 == 4 ? rnd.nextInt(input.length + 1) : -1;
      long seed = rnd.nextLong();
      Result expected = sequential(input, new Random(seed), failAt);
      for (int chunk : new int[] {LineSource.MAX_LINE + 1, 9000, 20_000, 1 << 20}) {
        Result got = chunked(input, chunk, new Random(seed), failAt);
        String what = "round " + round + ", chunk " + chunk;
        assertEquals(expected.failure(), got.failure(), what);
        assertEquals(expected.warnings(), got.warnings(), what);
        assertEquals(expected.frames(), got.frames(), what);
      }
      inputs++;
    }
    assertEquals(60, inputs);
  }

  @Test
  void warningsNameTheLineOfTheFileAcrossChunks() throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= 2000; i++) {
      sb.append(i % 400 == 0 ? "bad" : "(1600000000.000001) can0 123#11").append('\n');
    }
    Result r = chunked(sb.toString().getBytes(StandardCharsets.US_ASCII), 9000, new Random(1), -1);
    assertEquals(1995, r.frames().size());
    assertEquals(5, r.warnings().size());
    assertTrue(
        r.warnings().get(0).startsWith("f.log:400: skipped line: expected"), r.warnings().get(0));
    assertTrue(r.warnings().get(4).startsWith("f.log:2000: "), r.warnings().get(4));
  }

  private static Result sequential(byte[] input, Random reads, int failAt) throws IOException {
    List<String> frames = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    String failure = null;
    try (TextFrameReader r = open(input, reads, failAt, warnings)) {
      CanFrame f = new CanFrame();
      while (r.next(f)) {
        frames.add(describe(f));
      }
    } catch (IOException e) {
      failure = e.getMessage();
    }
    return new Result(frames, warnings, failure);
  }

  /** Chunks one after the other, parsed alternately by two parsers (as by two workers). */
  private static Result chunked(byte[] input, int chunkBytes, Random reads, int failAt)
      throws IOException {
    List<String> frames = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    String failure = null;
    try (TextFrameReader r = open(input, reads, failAt, warnings)) {
      LineChunkReader chunks = r.chunks();
      LineParser[] parsers = {r.independentLines().get(), r.independentLines().get()};
      LineChunk[] ring = {new LineChunk(chunkBytes), new LineChunk(chunkBytes)};
      CanFrame f = new CanFrame();
      long line = 1;
      try {
        for (int k = 0; chunks.read(ring[k % 2]); k++) {
          LineChunk c = ring[k % 2];
          c.parse(parsers[k % 2], f, frame -> frames.add(describe(frame)));
          c.report(r.warnings(), line);
          line += c.lines();
        }
        r.warnings().finish();
      } catch (IOException e) {
        failure = e.getMessage();
      }
    }
    return new Result(frames, warnings, failure);
  }

  private static TextFrameReader open(byte[] input, Random reads, int failAt, List<String> sink)
      throws IOException {
    InputStream in = new ChoppyStream(input, reads, failAt);
    return (TextFrameReader)
        new CandumpFormat()
            .open(LogSource.of("f.log", in), ReadOptions.defaults().withWarnings(sink::add));
  }

  /** Random read sizes; fails once {@code failAt} bytes were read (if not -1). */
  private static final class ChoppyStream extends InputStream {
    private final ByteArrayInputStream in;
    private final Random rnd;
    private int left;

    ChoppyStream(byte[] b, Random rnd, int failAt) {
      this.in = new ByteArrayInputStream(b);
      this.rnd = rnd;
      this.left = failAt < 0 ? Integer.MAX_VALUE : failAt;
    }

    @Override
    public int read() {
      throw new UnsupportedOperationException();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left == 0) {
        throw new IOException("read failed");
      }
      int n = Math.min(left, Math.min(len, rnd.nextBoolean() ? len : 1 + rnd.nextInt(300)));
      int r = in.read(b, off, n);
      if (r > 0) {
        left -= r;
      }
      return r;
    }
  }

  private static byte[] log(Random rnd, int lines) {
    StringBuilder sb = new StringBuilder();
    boolean manyBad = rnd.nextInt(4) == 0;
    for (int i = 0; i < lines; i++) {
      int kind = rnd.nextInt(manyBad ? 4 : 40);
      String eol = rnd.nextInt(10) == 0 ? "\r\n" : "\n";
      switch (kind) {
        case 0 -> sb.append("garbage ").append(i);
        case 1 -> sb.append("can0  1F0   [2]  11 22");
        case 2 -> sb.append(rnd.nextBoolean() ? "" : " \t ");
        case 3 -> sb.append("x".repeat(LineSource.MAX_LINE - 2 + rnd.nextInt(5)));
        case 4 -> sb.append("(1.5) can0 ").append("1".repeat(rnd.nextInt(3) * 30_000));
        case 5 -> sb.append("(1600000000.5) can1 18FF0001#R");
        case 6 -> sb.append("(1600000000.000001) can0 123##1001122");
        default -> {
          byte[] data = new byte[rnd.nextInt(9)];
          rnd.nextBytes(data);
          sb.append(
                  String.format(
                      "(%d.%06d) can%d %08X#",
                      1_600_000_000 + i,
                      rnd.nextInt(1_000_000),
                      rnd.nextInt(2),
                      rnd.nextInt(0x20000000)))
              .append(HexFormat.of().withUpperCase().formatHex(data))
              .append(rnd.nextInt(20) == 0 ? " T" : "");
        }
      }
      sb.append(eol);
    }
    switch (rnd.nextInt(4)) {
      case 0 -> sb.append("(1600000000.000001) can0 123#11"); // no final line break
      case 1 -> sb.append("  ");
      default -> {}
    }
    return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String describe(CanFrame f) {
    return f + " dlc " + f.dlc + (f.brs ? " brs" : "") + (f.esi ? " esi" : "");
  }
}
