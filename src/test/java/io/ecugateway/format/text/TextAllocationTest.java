package io.ecugateway.format.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.format.FrameFormat;
import io.ecugateway.format.FrameReader;
import io.ecugateway.format.FrameWriter;
import io.ecugateway.format.LogSource;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.format.asc.AscFormat;
import io.ecugateway.format.asc.AscWriter;
import io.ecugateway.format.candump.CandumpFormat;
import io.ecugateway.format.candump.CandumpWriter;
import io.ecugateway.format.csv.CsvFormat;
import io.ecugateway.format.csv.CsvWriter;
import io.ecugateway.format.trc.TrcFormat;
import io.ecugateway.format.trc.TrcWriter;
import io.ecugateway.frame.CanFrame;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Reading and writing text logs allocates nothing per frame: over 50k frames the whole read
 * (reader, buffers, bus names included) stays under a fixed budget, far below one object per frame.
 */
class TextAllocationTest {
  private static final int N = 50_000;

  /** Fixed costs (64 KiB line buffer, reader objects, metadata); well under 1 byte per frame. */
  private static final long BUDGET = 200_000;

  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  private static void check(FrameFormat format, Function<OutputStream, FrameWriter> writer)
      throws IOException {
    CanFrame[] frames = SampleLogs.frames(N, 3);
    byte[] log = SampleLogs.write(writer, frames);
    CanFrame f = new CanFrame();
    ReadOptions options = ReadOptions.defaults();
    for (int round = 0; round < 3; round++) { // the last round runs compiled code
      ByteArrayInputStream in = new ByteArrayInputStream(log);
      long before = allocated();
      int n = 0;
      try (FrameReader r = format.open(LogSource.of("alloc", in), options)) {
        while (r.next(f)) {
          n++;
        }
      }
      long used = allocated() - before;
      assertEquals(N, n);
      if (round == 2) {
        assertTrue(
            used < BUDGET,
            format.name() + " read allocated " + used + " bytes for " + N + " frames");
      }
    }
    OutputStream sink = new Discard();
    for (int round = 0; round < 3; round++) {
      long before = allocated();
      try (FrameWriter w = writer.apply(sink)) {
        for (CanFrame fr : frames) {
          w.write(fr);
        }
      }
      long used = allocated() - before;
      if (round == 2) {
        assertTrue(
            used < BUDGET,
            format.name() + " write allocated " + used + " bytes for " + N + " frames");
      }
    }
  }

  @Test
  void candump() throws IOException {
    check(new CandumpFormat(), CandumpWriter::new);
  }

  /** Chunks of candump lines as the parallel {@code decode} parses them: reader, chunks, parser. */
  @Test
  void candumpInChunks() throws IOException {
    byte[] log = SampleLogs.write(CandumpWriter::new, SampleLogs.frames(N, 3));
    CanFrame f = new CanFrame();
    long[] count = new long[1];
    LineChunk chunk = new LineChunk(64 * 1024);
    for (int round = 0; round < 3; round++) {
      count[0] = 0;
      long before = allocated();
      try (TextFrameReader r =
          (TextFrameReader)
              new CandumpFormat()
                  .open(
                      LogSource.of("alloc", new ByteArrayInputStream(log)),
                      ReadOptions.defaults())) {
        LineParser parser = r.independentLines().get();
        LineChunkReader chunks = r.chunks();
        long line = 1;
        while (chunks.read(chunk)) {
          chunk.parse(parser, f, frame -> count[0]++);
          chunk.report(r.warnings(), line);
          line += chunk.lines();
        }
      }
      long used = allocated() - before;
      assertEquals(N, count[0]);
      if (round == 2) {
        assertTrue(used < BUDGET, "chunked candump read allocated " + used + " bytes");
      }
    }
  }

  @Test
  void asc() throws IOException {
    check(new AscFormat(), AscWriter::new);
  }

  @Test
  void trc() throws IOException {
    check(new TrcFormat(), TrcWriter::new);
  }

  @Test
  void csv() throws IOException {
    check(
        new CsvFormat(),
        o -> {
          try {
            return new CsvWriter(o);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** Discards output; closing it changes nothing, so writers can be opened on it repeatedly. */
  static final class Discard extends OutputStream {
    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
