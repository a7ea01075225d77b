package io.ecugateway.sink.bench;

import io.ecugateway.sink.FanOut;
import io.ecugateway.sink.MessageTable;
import io.ecugateway.sink.SinkWriter;
import io.ecugateway.sink.questdb.QuestDbSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Rows into the embedded QuestDB sink the way the upload pipeline writes them: rows of {@code
 * tables} message tables interleaved (as frames of different messages are in a log), {@code
 * signals} DOUBLE columns each, device and bus symbols, timestamps 1 ms apart. Each invocation
 * appends {@link #ROWS} rows; every {@code rowsPerCommit} rows the writer commits as an upload
 * batch's commit does (WAL fsync, then waiting until QuestDB has applied the rows to the tables,
 * deduplicating on (ts, device, bus)). The score is rows per second made durable and queryable: the
 * store's capacity, without HTTP, reading or decoding. The gateway commits a batch every 2 M rows
 * or 2 s, whichever comes first. {@code path}: {@code direct} writes into the QuestDB writer,
 * {@code fanOut} through a one-output {@link FanOut} as the gateway does (its cost per row).
 *
 * <pre>
 * mvn -B -q -Pbench test-compile exec:exec -Dbench=SinkWriteBenchmark -Dbench.args="-f 1 -wi 3 -i 5 -w 2s -r 2s"
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SinkWriteBenchmark {
  static final int ROWS = 100_000;

  /** Defaults: like the upload benchmark's recording (9 message tables, 2–7 signals each). */
  @Param({"9"})
  public int tables;

  @Param({"5"})
  public int signals;

  @Param({"100000", "2000000"})
  public int rowsPerCommit;

  @Param({"direct", "fanOut"})
  public String path;

  private Path dir;
  private QuestDbSink sink;
  private SinkWriter writer;
  private int[] handles;
  private double[][] values;
  private long timestampNs = 1_700_000_000_000_000_000L;
  private long appended;

  @Setup(Level.Trial)
  public void start() throws Exception {
    dir = Files.createTempDirectory("ecugw-sink-bench");
    sink = QuestDbSink.start(dir, "127.0.0.1", freePort(), "admin", "quest", "", "", false, 0);
    writer =
        path.equals("fanOut")
            ? new FanOut(List.of(sink), new SimpleMeterRegistry()).openWriter()
            : sink.openWriter();
    handles = new int[tables];
    for (int t = 0; t < tables; t++) {
      List<String> names = new ArrayList<>();
      List<String> units = new ArrayList<>();
      for (int s = 0; s < signals; s++) {
        names.add("Signal_" + s);
        units.add("");
      }
      handles[t] = writer.declare(MessageTable.of("Message_" + t, names, units));
    }
    SplittableRandom rnd = new SplittableRandom(42);
    values = new double[256][signals];
    for (double[] row : values) {
      for (int s = 0; s < signals; s++) {
        row[s] = rnd.nextInt(1 << 16) * 0.125;
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void rows() throws Exception {
    SinkWriter w = writer;
    for (int i = 0; i < ROWS; i++) {
      timestampNs += 1_000_000;
      w.row(handles[i % tables], timestampNs, "BENCH001", "can1", values[i & 255]);
    }
    appended += ROWS;
    if (appended % rowsPerCommit == 0) {
      w.commit();
    }
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException {
    writer.close();
    sink.close();
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
