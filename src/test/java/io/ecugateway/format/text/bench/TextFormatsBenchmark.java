package io.ecugateway.format.text.bench;

import io.ecugateway.format.FrameFormat;
import io.ecugateway.format.FrameReader;
import io.ecugateway.format.LogSource;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.format.asc.AscFormat;
import io.ecugateway.format.asc.AscWriter;
import io.ecugateway.format.candump.CandumpFormat;
import io.ecugateway.format.candump.CandumpWriter;
import io.ecugateway.format.csv.CsvFormat;
import io.ecugateway.format.csv.CsvWriter;
import io.ecugateway.format.text.SampleLogs;
import io.ecugateway.format.trc.TrcFormat;
import io.ecugateway.format.trc.TrcWriter;
import io.ecugateway.frame.CanFrame;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Text log parsing and writing throughput, per frame (100k frames per invocation, 10% 29-bit and
 * 10% 64-byte CAN FD). Run with {@code -prof gc} to see the per-frame allocation (≈ 0 B/op).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TextFormatsBenchmark {
  static final int FRAMES = 100_000;

  private CanFrame[] frames;
  private byte[] candump;
  private byte[] asc;
  private byte[] trc;
  private byte[] csv;
  private final CanFrame frame = new CanFrame();
  private final ReadOptions options = ReadOptions.defaults();
  private final OutputStream sink = new Discard();

  @Setup
  public void setup() throws IOException {
    frames = SampleLogs.frames(FRAMES, 1);
    candump = SampleLogs.write(CandumpWriter::new, frames);
    asc = SampleLogs.write(AscWriter::new, frames);
    trc = SampleLogs.write(TrcWriter::new, frames);
    csv =
        SampleLogs.write(
            o -> {
              try {
                return new CsvWriter(o);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            frames);
  }

  private long read(FrameFormat format, byte[] log) throws IOException {
    long sum = 0;
    try (FrameReader r =
        format.open(LogSource.of("bench", new ByteArrayInputStream(log)), options)) {
      while (r.next(frame)) {
        sum += frame.id + frame.length;
      }
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(FRAMES)
  public long readCandump() throws IOException {
    return read(new CandumpFormat(), candump);
  }

  @Benchmark
  @OperationsPerInvocation(FRAMES)
  public long readAsc() throws IOException {
    return read(new AscFormat(), asc);
  }

  @Benchmark
  @OperationsPerInvocation(FRAMES)
  public long readTrc() throws IOException {
    return read(new TrcFormat(), trc);
  }

  @Benchmark
  @OperationsPerInvocation(FRAMES)
  public long readCsv() throws IOException {
    return read(new CsvFormat(), csv);
  }

  @Benchmark
  @OperationsPerInvocation(FRAMES)
  public void writeCandump() throws IOException {
    try (CandumpWriter w = new CandumpWriter(sink)) {
      for (CanFrame f : frames) {
        w.write(f);
      }
    }
  }

  /** Discards output; closing it changes nothing, so writers can be opened on it repeatedly. */
  static final class Discard extends OutputStream {
    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
