package io.ecugateway.cli.bench;

import io.ecugateway.app.Main;
import java.io.BufferedWriter;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * The {@code decode} command in-process (no JVM start-up): a candump log of the J1939 mix of {@code
 * canmatrix/j1939.dbc} (messages with 8 to 12 signals, priority 6, random source address, random
 * payload; the same mix as the 2 M-frame file of docs/performance.md) read, decoded and written as
 * JSONL to a temporary file. ops/s = frames/s; {@code threads} is {@code --threads}.
 *
 * <p>Run: {@code mvn -B -q -Pbench test-compile exec:exec -Dbench=DecodeCliBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DecodeCliBenchmark {
  private static final int FRAMES = 500_000;

  @Param({"1", "2"})
  public int threads;

  private Path dir;
  private Path dbc;
  private Path log;
  private Path out;
  private PrintStream stderr;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    dbc =
        Path.of(
            System.getProperty("shared.data", "../shared/data"), "dbc-corpus/canmatrix/j1939.dbc");
    dir = Files.createTempDirectory("decode-cli-bench");
    log = dir.resolve("j1939_mix.log");
    out = dir.resolve("out.jsonl");
    List<Integer> pool = new ArrayList<>();
    int[] current = null;
    Pattern message = Pattern.compile("^BO_ (\\d+) ");
    List<int[]> messages = new ArrayList<>();
    for (String line : Files.readAllLines(dbc, java.nio.charset.StandardCharsets.ISO_8859_1)) {
      Matcher m = message.matcher(line);
      if (m.find()) {
        current = new int[] {(int) (Long.parseLong(m.group(1)) & 0x1FFFFFFF), 0};
        messages.add(current);
      } else if (line.startsWith(" SG_") && current != null) {
        current[1]++;
      }
    }
    for (int[] m : messages) {
      if (m[1] >= 8 && m[1] <= 12) {
        pool.add(m[0]);
      }
    }
    Random rnd = new Random(42);
    try (BufferedWriter w = Files.newBufferedWriter(log)) {
      for (int k = 0; k < FRAMES; k++) {
        int id = (6 << 26) | (pool.get(rnd.nextInt(pool.size())) & 0x03FFFF00) | rnd.nextInt(256);
        w.write(
            String.format(
                Locale.ROOT,
                "(%d.%06d) can0 %08X#%016X%n",
                1_600_000_000L + k / 10_000,
                k % 10_000 * 100,
                id,
                rnd.nextLong()));
      }
    }
    stderr = System.err;
    System.setErr(new PrintStream(PrintStream.nullOutputStream()));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    System.setErr(stderr);
    Files.deleteIfExists(log);
    Files.deleteIfExists(out);
    Files.deleteIfExists(dir);
  }

  @Benchmark
  @OperationsPerInvocation(FRAMES)
  public int decode() {
    int exit =
        Main.run(
            "decode",
            "--threads",
            Integer.toString(threads),
            "--dbc",
            dbc.toString(),
            "--out",
            out.toString(),
            log.toString());
    if (exit != 0) {
      throw new IllegalStateException("decode failed: exit " + exit);
    }
    return exit;
  }
}
