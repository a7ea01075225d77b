package io.ecugateway.decode.bench;

import io.ecugateway.dbc.Dbc;
import io.ecugateway.dbc.DbcParser;
import io.ecugateway.dbc.Message;
import io.ecugateway.decode.DbcDecoder;
import io.ecugateway.decode.DecodeResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Single-thread decode throughput (frames/s = ops/s) over a seeded random frame mix:
 *
 * <ul>
 *   <li>{@code j1939}: messages of {@code canmatrix/j1939.dbc} with 8 to 12 signals; frames carry
 *       priority 6 and a random source address, so every lookup goes through PGN matching;
 *   <li>{@code vw_mlb}: every message of {@code opendbc/vw_mlb.dbc} at its declared length.
 * </ul>
 *
 * Run: {@code mvn -B -q -Pbench test-compile exec:exec -Dbench=DbcDecodeBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DbcDecodeBenchmark {
  private static final int FRAMES = 4096;

  @Param({"j1939", "vw_mlb"})
  public String mix;

  private DbcDecoder decoder;
  private DecodeResult result;
  private int[] ids;
  private boolean[] extended;
  private byte[][] data;
  private int[] lengths;

  @Setup
  public void setup() throws Exception {
    Path corpus = Path.of(System.getProperty("shared.data", "../shared/data"), "dbc-corpus");
    boolean j1939 = mix.equals("j1939");
    Dbc dbc = DbcParser.parse(corpus.resolve(j1939 ? "canmatrix/j1939.dbc" : "opendbc/vw_mlb.dbc"));
    decoder = DbcDecoder.compile(dbc);
    result = decoder.newResult();
    List<Message> pool = new ArrayList<>();
    for (Message m : dbc.messages()) {
      int n = m.signals().size();
      if (!j1939 || (n >= 8 && n <= 12)) {
        pool.add(m);
      }
    }
    Random rnd = new Random(42);
    ids = new int[FRAMES];
    extended = new boolean[FRAMES];
    data = new byte[FRAMES][];
    lengths = new int[FRAMES];
    for (int i = 0; i < FRAMES; i++) {
      Message m = pool.get(rnd.nextInt(pool.size()));
      int id = m.id();
      if (j1939) {
        id = (6 << 26) | (id & 0x03FF_FF00) | rnd.nextInt(256);
      }
      ids[i] = id;
      extended[i] = m.extended();
      lengths[i] = Math.max(m.length(), 1);
      data[i] = new byte[Math.max(lengths[i], 8)];
      rnd.nextBytes(data[i]);
    }
    System.err.printf("%n%s: %d messages in the mix%n", mix, pool.size());
  }

  @Benchmark
  @OperationsPerInvocation(FRAMES)
  public long decode() {
    long sum = 0;
    DecodeResult r = result;
    for (int i = 0; i < FRAMES; i++) {
      if (decoder.decode(ids[i], extended[i], data[i], lengths[i], r)) {
        sum += r.count();
      }
    }
    return sum;
  }
}
