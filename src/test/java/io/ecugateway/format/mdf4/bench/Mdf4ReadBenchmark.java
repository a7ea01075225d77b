package io.ecugateway.format.mdf4.bench;

import io.ecugateway.format.LogSource;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.format.canedge.CanedgeFormat;
import io.ecugateway.format.mdf4.ArrayByteInput;
import io.ecugateway.format.mdf4.ByteInput;
import io.ecugateway.format.mdf4.Mdf4Reader;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * MF4 → frames on the largest sample files, from memory (parsing, not disk, is measured): the
 * {@code frames} counter is frames per second. .MFC files are decompressed in setup. Files: fw
 * 01.04 unsorted with VLSD payloads; fw 01.07 unsorted with 73 channel groups out of order (reorder
 * window); a finalized sorted file (payloads in an SD block); a decompressed .MFC.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Mdf4ReadBenchmark {

  @Param({
    "LOG/94C49784/00000005/00000017-6099D010.MF4",
    "other/asammdf-basics/00000001.MF4",
    "LOG_finalized_sorted/3BA199E2/00000165/00000005-60FEBFEB.MF4",
    "LOG/C6C7825E/00001234/00000001-6069FBEB.MFC"
  })
  public String file;

  private byte[] mdf;
  private final CanFrame frame = new CanFrame();
  private final ReadOptions options = ReadOptions.defaults().withWarnings(w -> {});

  /** Frames read, reported by JMH as a rate. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Counters {
    public long frames;

    @Setup(Level.Iteration)
    public void reset() {
      frames = 0;
    }
  }

  @Setup
  public void load() throws IOException {
    Path p = SharedData.root().resolve("canedge").resolve(file);
    if (file.endsWith(".MFC")) {
      try (ByteInput in = CanedgeFormat.unwrap(LogSource.of(p), options)) {
        mdf = new byte[(int) in.size()];
        in.readFully(0, mdf, 0, mdf.length);
      }
    } else {
      mdf = Files.readAllBytes(p);
    }
  }

  @Benchmark
  public long readAllFrames(Counters counters) throws IOException {
    long sum = 0;
    long n = 0;
    try (Mdf4Reader r = Mdf4Reader.open(new ArrayByteInput(file, mdf, mdf.length), options)) {
      while (r.next(frame)) {
        sum += frame.id + frame.length + frame.timestampNs;
        n++;
      }
    }
    counters.frames += n;
    return sum;
  }
}
