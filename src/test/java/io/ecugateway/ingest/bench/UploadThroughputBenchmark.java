package io.ecugateway.ingest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecugateway.testing.ChildGateway;
import io.ecugateway.testing.SharedData;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * End-to-end ingest throughput: real CANedge splits (session 3BA199E2/164 and /165, 11 files, 640
 * 067 frames, 2021-07-26 04:40–14:01) replicated {@code copies} times (default 5 → 3.2 M frames)
 * and uploaded over HTTP, from the first byte sent until the last upload is {@code stored}
 * (decoded, committed and visible in the embedded QuestDB). The gateway runs as a child JVM with
 * {@code -Xmx512m}; its peak RSS (VmHWM) is printed. {@code workers} = uploads decoded at the same
 * time (1 vs 2 shows the parallel speed-up). Each invocation starts a fresh gateway on an empty
 * data directory.
 *
 * <p>The input is one device's time-ordered recording, as a logger uploading for five days would
 * produce it: replica {@code c} is the same two sessions recorded {@code c} days later (sessions
 * 164+2c and 165+2c, each file's MDF start time shifted by c × 24 h), uploaded in recording order.
 * Replicas that kept the original timestamps would all cover the same 9 hours, which no real logger
 * produces (five devices with identical data would, but then each split is a copy, not new data);
 * out-of-order and re-uploaded data stay covered by the end-to-end and sink tests.
 *
 * <pre>
 * mvn -B -q -Pbench test-compile exec:exec -Dbench=UploadThroughputBenchmark -Dbench.args="-f 1 -wi 0 -i 1"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 1)
@Measurement(iterations = 2)
public class UploadThroughputBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Param({"1", "2"})
  public int workers;

  @Param({"5"})
  public int copies;

  /**
   * Whether a warm-up recording (the same drive 30 and 29 days earlier, 1.3 M frames) is uploaded
   * and stored before the clock starts: {@code true} measures a running gateway (JIT-compiled, its
   * tables created), {@code false} a freshly started one. {@code -jvmArgsAppend -DwarmupCopies=N}
   * sets the warm-up length in days of the recording (default 2, 640 k frames each).
   */
  @Param({"true"})
  public boolean warm;

  /** Days between the warm-up recording and the measured one. */
  private static final int WARMUP_DAYS_BEFORE = 30;

  /** Device of every upload. */
  private static final String DEVICE = "BENCH001";

  /** Shift between replicas: the same drive, one day later. */
  private static final long REPLICA_SHIFT_NS = TimeUnit.DAYS.toNanos(1);

  /**
   * MDF4: the HD block follows the 64-byte ID block; hd_start_time_ns follows its 24-byte header
   * and six links.
   */
  private static final int HD_OFFSET = 64;

  private static final int HD_START_TIME_OFFSET = HD_OFFSET + 24 + 6 * 8;

  private Path dir;
  private Path input;
  private Process gateway;
  private int port;

  /** The replicated recording in upload order: session folder / split file. */
  private List<Path> files;

  /**
   * Uploaded before the measurement when {@link #warm}: earlier days, so the measured rows append.
   */
  private List<Path> warmupFiles;

  // HTTP/1.1 as a CANedge uploads (the JDK client would otherwise upgrade to h2c)
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private long frames;
  private long started;
  private double seconds;
  private double cpuSeconds;
  private String loadBefore;
  private Map<String, long[]> threadTicksBefore;

  @Setup(Level.Trial)
  public void replicate() throws IOException {
    input = Files.createTempDirectory("ecugw-bench-input");
    files = new ArrayList<>();
    for (int c = 0; c < copies; c++) {
      files.addAll(replica(164 + 2 * c, c));
    }
    warmupFiles = new ArrayList<>();
    for (int c = 0; c < Integer.getInteger("warmupCopies", 2); c++) {
      warmupFiles.addAll(replica(100 + 2 * c, c - WARMUP_DAYS_BEFORE));
    }
  }

  /**
   * Sessions 164 and 165 written as sessions {@code firstSession} and {@code firstSession + 1},
   * recorded {@code days} later (earlier when negative).
   */
  private List<Path> replica(int firstSession, int days) throws IOException {
    Path sessions = SharedData.root().resolve("canedge/LOG_finalized_sorted/3BA199E2");
    List<Path> out = new ArrayList<>();
    for (int k = 0; k < 2; k++) {
      Path target = Files.createDirectories(input.resolve("%08d".formatted(firstSession + k)));
      List<Path> splits;
      try (Stream<Path> s = Files.list(sessions.resolve("%08d".formatted(164 + k)))) {
        splits = s.sorted().toList();
      }
      for (Path split : splits) {
        Path copy = target.resolve(split.getFileName());
        Files.write(copy, shifted(Files.readAllBytes(split), days * REPLICA_SHIFT_NS, split));
        out.add(copy);
      }
    }
    return out;
  }

  /** The MDF4 file with its start time (every frame's time base) moved by {@code shiftNs}. */
  private static byte[] shifted(byte[] mf4, long shiftNs, Path source) {
    ByteBuffer b = ByteBuffer.wrap(mf4).order(ByteOrder.LITTLE_ENDIAN);
    if (b.getInt(HD_OFFSET) != 0x44482323) { // "##HD"
      throw new IllegalStateException(source + ": no MDF4 HD block at offset " + HD_OFFSET);
    }
    b.putLong(HD_START_TIME_OFFSET, b.getLong(HD_START_TIME_OFFSET) + shiftNs);
    return mf4;
  }

  @TearDown(Level.Trial)
  public void removeInput() throws IOException {
    delete(input);
  }

  @Setup(Level.Invocation)
  public void start() throws Exception {
    Path shared = SharedData.root().resolve("canedge");
    dir = Files.createTempDirectory("ecugw-bench");
    Path dbc = Files.createDirectories(dir.resolve("dbc"));
    Files.copy(
        shared.resolve("dbc/variants/CSS-Electronics-SAE-J1939-DEMO_asammdf-basics.dbc"),
        dbc.resolve("can1-j1939.dbc"));
    Files.copy(shared.resolve("dbc/canmod-gps.dbc"), dbc.resolve("can2-canmod-gps.dbc"));
    port = freePort();
    Path config = dir.resolve("gateway.yaml");
    Files.writeString(
        config,
        """
        http: {port: %d}
        storage: {dataDir: %s, questdb: {pgPort: %d}}
        decode: {dbcDir: %s, workers: %d, reloadSeconds: 0}
        """
            .formatted(port, dir.resolve("data"), freePort(), dbc, workers));
    Path log = dir.resolve("gateway.log");
    // e.g. ECU_BENCH_GATEWAY_JVM_ARGS="-XX:StartFlightRecording=filename=/tmp/gw.jfr" to profile
    String extra = System.getenv().getOrDefault("ECU_BENCH_GATEWAY_JVM_ARGS", "").strip();
    List<String> command =
        ChildGateway.serveCommand(
            "512m", extra.isEmpty() ? List.of() : List.of(extra.split("\\s+")), config);
    gateway =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Process started = gateway;
    Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly)); // never leak it
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.readString(log).contains("ecu-gateway listening on")) {
      if (!gateway.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("gateway did not start:\n" + Files.readString(log));
      }
      Thread.sleep(50);
    }
    if (warm) {
      long warmupFrames = uploadAll(warmupFiles);
      System.out.printf("%nwarm-up: %d frames stored before the measurement%n", warmupFrames);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Benchmark
  public long uploadUntilStored() throws Exception {
    loadBefore = loadAverage();
    double cpuBefore = cpuSeconds(gateway);
    threadTicksBefore = threadTicks(gateway.pid());
    started = System.nanoTime();
    frames = uploadAll(files);
    seconds = (System.nanoTime() - started) / 1e9;
    cpuSeconds = cpuSeconds(gateway) - cpuBefore;
    return frames;
  }

  /** PUTs the files over two client connections and waits until all are stored; frames stored. */
  private long uploadAll(List<Path> uploads) throws Exception {
    List<String> ids = new ArrayList<>();
    // Two client connections keep the queue fed; the gateway's `workers` bounds decoding.
    try (ExecutorService clients = Executors.newFixedThreadPool(2)) {
      List<Future<String>> sent = new ArrayList<>();
      for (Path f : uploads) {
        sent.add(clients.submit(() -> put(DEVICE, f)));
      }
      for (Future<String> f : sent) {
        ids.add(f.get());
      }
    }
    long stored = 0;
    for (String id : ids) {
      while (true) {
        JsonNode s = status(id);
        String state = s.get("status").asText();
        if (state.equals("stored")) {
          stored += s.get("frames").asLong();
          break;
        }
        if (state.equals("failed")) {
          throw new IllegalStateException("upload failed: " + s);
        }
        Thread.sleep(20);
      }
    }
    return stored;
  }

  private String put(String device, Path file) throws Exception {
    String session = file.getParent().getFileName().toString();
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:%d/api/v1/devices/%s/logs/%s/%s"
                            .formatted(port, device, session, file.getFileName())))
                .PUT(HttpRequest.BodyPublishers.ofFile(file))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 202) {
      throw new IllegalStateException(r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body()).get("id").asText();
  }

  private JsonNode status(String id) throws Exception {
    return JSON.readTree(
        http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:%d/api/v1/uploads/%s".formatted(port, id)))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }

  @TearDown(Level.Invocation)
  public void stop() throws Exception {
    long rssKb = peakRssKb(gateway.pid());
    System.out.printf(
        "%nworkers=%d: %d frames stored in %.2f s = %.3f M frames/s end to end; gateway peak RSS"
            + " %d MB (heap limit 512 MB); gateway CPU %.1f s = %.2f µs/frame; load average %s"
            + " before, %s after%n",
        workers,
        frames,
        seconds,
        frames / seconds / 1e6,
        rssKb / 1024,
        cpuSeconds,
        cpuSeconds * 1e6 / frames,
        loadBefore,
        loadAverage());
    System.out.println("  gateway CPU by thread group (µs/frame): " + threadBreakdown());
    gateway.destroy();
    gateway.waitFor(60, TimeUnit.SECONDS);
    Path keptLog = Path.of(System.getProperty("java.io.tmpdir"), "ecugw-bench-gateway.log");
    Files.copy(dir.resolve("gateway.log"), keptLog, StandardCopyOption.REPLACE_EXISTING);
    System.out.println("  gateway log: " + keptLog);
    delete(dir);
  }

  private static void delete(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** User + system CPU time the process has used so far. */
  private static double cpuSeconds(Process p) {
    return p.info().totalCpuDuration().orElseThrow().toNanos() / 1e9;
  }

  /**
   * Where the gateway's CPU went during the measurement: per thread group (thread name without its
   * digits, e.g. {@code decode-}, {@code wal-apply_}, {@code vert.x-eventloop-thread-}), user +
   * system time (system time is mostly page faults on QuestDB's memory-mapped files and fsync).
   */
  private String threadBreakdown() throws IOException {
    Map<String, long[]> after = threadTicks(gateway.pid());
    Map<String, long[]> groups = new TreeMap<>();
    after.forEach(
        (thread, ticks) -> {
          long[] before = threadTicksBefore.getOrDefault(thread, new long[2]);
          String group = thread.substring(thread.indexOf(' ') + 1).replaceAll("[0-9]+", "");
          long[] sum = groups.computeIfAbsent(group, g -> new long[2]);
          sum[0] += ticks[0] - before[0];
          sum[1] += ticks[1] - before[1];
        });
    StringBuilder out = new StringBuilder();
    groups.entrySet().stream()
        .filter(e -> e.getValue()[0] + e.getValue()[1] > 0)
        .sorted(Comparator.comparingLong(e -> -(e.getValue()[0] + e.getValue()[1])))
        .forEach(
            e ->
                out.append(
                    "%s %.2f (sys %.2f), "
                        .formatted(
                            e.getKey(),
                            (e.getValue()[0] + e.getValue()[1]) * 1e6 / CLOCK_TICKS / frames,
                            e.getValue()[1] * 1e6 / CLOCK_TICKS / frames)));
    return out.toString();
  }

  /** Linux's USER_HZ: /proc reports thread CPU time in these ticks. */
  private static final double CLOCK_TICKS = 100.0;

  /** {utime, stime} per thread ("tid name") from /proc/<pid>/task/<tid>/stat. */
  private static Map<String, long[]> threadTicks(long pid) throws IOException {
    Map<String, long[]> ticks = new TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          // fields after the name, counted from state = field 3: utime is 14, stime 15
          ticks.put(
              task.getFileName() + " " + name,
              new long[] {Long.parseLong(rest[11]), Long.parseLong(rest[12])});
        } catch (IOException | RuntimeException gone) {
          // the thread ended between listing and reading
        }
      }
    }
    return ticks;
  }

  /** The 1-minute load average: other work on the machine makes wall times meaningless. */
  private static String loadAverage() throws IOException {
    return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
  }

  private static long peakRssKb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    return -1;
  }
}
