package io.ecugateway.format.bench;

import io.ecugateway.format.FrameReader;
import io.ecugateway.format.LogSource;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.format.blf.BlfFormat;
import io.ecugateway.format.blf.TestBlf;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.Direction;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
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
 * BLF → frames from memory, the {@code frames} counter being frames per second: 500 000 seeded
 * frames (85 % classic with up to 8 bytes, 15 % CAN FD up to 64, two channels) in 128 KiB
 * containers as python-can writes them, stored or zlib (level 6). {@code inflateOnly} is zlib's own
 * rate on the same compressed containers (JDK {@link Inflater}, no parsing), counted in the same
 * frames, so the zlib read rate stands next to what inflating alone allows.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BlfReadBenchmark {
  private static final int FRAMES = 500_000;

  @Param({"stored", "zlib"})
  public String compression;

  private byte[] blf;
  private final CanFrame frame = new CanFrame();
  private final ReadOptions options = ReadOptions.defaults().withWarnings(w -> {});
  private final byte[] inflated = new byte[1 << 18];
  private final Inflater inflater = new Inflater();

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
  public void build() {
    Random rnd = new Random(1);
    List<CanFrame> frames = new ArrayList<>(FRAMES);
    long t = 1_583_049_600_250_000_000L;
    for (int i = 0; i < FRAMES; i++) {
      CanFrame f = new CanFrame();
      t += 1 + rnd.nextInt(500_000);
      f.timestampNs = t;
      f.bus = rnd.nextBoolean() ? "can1" : "can2";
      f.extended = rnd.nextInt(3) == 0;
      f.id = rnd.nextInt(f.extended ? 1 << 29 : 1 << 11);
      f.direction = rnd.nextInt(4) == 0 ? Direction.TX : Direction.RX;
      f.fd = rnd.nextInt(100) < 15;
      f.length = f.fd ? CanFrame.dlcToLength(rnd.nextInt(16)) : rnd.nextInt(9);
      f.dlc = CanFrame.lengthToDlc(f.length);
      f.brs = f.fd && rnd.nextBoolean();
      for (int b = 0; b < f.length; b++) {
        f.data[b] = (byte) rnd.nextInt(256);
      }
      frames.add(f);
    }
    blf = TestBlf.fromFrames(frames, compression.equals("zlib"));
  }

  @Benchmark
  public long read(Counters counters) throws IOException {
    long sum = 0;
    long n = 0;
    try (FrameReader r =
        new BlfFormat().open(LogSource.of("bench.blf", new ByteArrayInputStream(blf)), options)) {
      while (r.next(frame)) {
        sum += frame.id + frame.length + frame.timestampNs;
        n++;
      }
    }
    counters.frames += n;
    return sum;
  }

  /**
   * Frames per second of this thread's CPU time, for a machine too loaded for JMH's wall-clock
   * rates: {@code -Dbench.main=io.ecugateway.format.bench.BlfReadBenchmark -Dbench.args=""}. Reads
   * each file 20 times after 10 warm-up reads.
   */
  public static void main(String[] args) throws Exception {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    for (String compression : new String[] {"stored", "zlib"}) {
      BlfReadBenchmark b = new BlfReadBenchmark();
      b.compression = compression;
      b.build();
      Counters c = new Counters();
      for (int i = 0; i < 10; i++) {
        b.read(c);
        b.inflateOnly(c);
      }
      for (String what :
          compression.equals("zlib") ? List.of("read", "inflateOnly") : List.of("read")) {
        c.reset();
        long cpu = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < 20; i++) {
          if (what.equals("read")) {
            b.read(c);
          } else {
            b.inflateOnly(c);
          }
        }
        double seconds = (mx.getCurrentThreadCpuTime() - cpu) / 1e9;
        System.out.printf(
            "%s %s: %.2f M frames per CPU second%n", what, compression, c.frames / seconds / 1e6);
      }
    }
  }

  /** Inflates every container of the zlib file, as the reader must, and nothing else. */
  @Benchmark
  public long inflateOnly(Counters counters) throws DataFormatException {
    if (!compression.equals("zlib")) {
      return 0;
    }
    ByteBuffer b = ByteBuffer.wrap(blf).order(ByteOrder.LITTLE_ENDIAN);
    long total = 0;
    for (int at = b.getInt(4); at + 32 <= blf.length; ) {
      int size = b.getInt(at + 8);
      inflater.reset();
      inflater.setInput(blf, at + 32, size - 32);
      while (!inflater.finished()) {
        total += inflater.inflate(inflated);
      }
      at += size + size % 4;
    }
    counters.frames += FRAMES;
    return total;
  }
}
