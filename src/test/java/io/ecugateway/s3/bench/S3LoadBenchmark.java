package io.ecugateway.s3.bench;

import io.ecugateway.testing.ChildGateway;
import io.ecugateway.testing.SharedData;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 endpoint under load: {@code --clients} AWS SDK v2 sync clients (path-style, default
 * checksums, one platform thread each) PUT the real CANedge logs of 1–10 MB from {@code
 * canedge/LOG} to a gateway running as a child JVM ({@code serve}, S3 enabled, embedded QuestDB) on
 * loopback, for {@code --seconds} after a {@code --warmup}. Each PUT is a new log: the file's own
 * split name under its client's device ({@code BE0000NN}) and a fresh session, so the pipeline
 * decodes and stores every one. Prints MB/s, PUTs/s, p50/p99/max PUT latency, when the last upload
 * is stored (queue drain), and the gateway's CPU from the start of the measurement to that point
 * split between the S3 layer and the decode+store path (see {@link #attribute}).
 *
 * <pre>
 * mvn -B -q -Pbench test-compile exec:exec -Dbench.main=io.ecugateway.s3.bench.S3LoadBenchmark \
 *   -Dbench.args="--clients 50 --seconds 60 --warmup 10"
 * </pre>
 */
public final class S3LoadBenchmark {
  private static final String KEY = "bench-admin";
  private static final String SECRET = "bench-admin-secret-000001";
  private static final String BUCKET = "canedge";

  /** Linux's USER_HZ: /proc reports thread CPU time in these ticks. */
  private static final double CLOCK_TICKS = 100.0;

  /**
   * The JVM's own threads as /proc names them after {@link #groupSeconds} dropped the digits: G1
   * ("G Conc#", "G Refine#", "G Service", "G Main Marker", "GC Thread#"), the JIT ("C
   * CompilerThre"), JFR and the VM's housekeeping.
   */
  private static final String JVM_THREADS =
      "^(G |GC|C CompilerThre|JFR|VM |Signal|Reference|Finaliz|Common-Cleaner|Service Thread"
          + "|Monitor Deflat|Notification|Attach|Sweeper|Thread Dump).*";

  private static final Pattern COMPLETED =
      Pattern.compile("^ecugw_uploads_completed_total\\{.*result=\"(stored|failed)\".*\\} (\\S+)$");

  private final int clients;
  private final int seconds;
  private final int warmup;
  private final int workers;
  private final List<byte[]> logs = new ArrayList<>();
  private final List<String> splits = new ArrayList<>();
  private final AtomicLong session = new AtomicLong(1);
  private final HttpClient http = HttpClient.newHttpClient();
  private Path dir;
  private Process gateway;
  private int s3Port;
  private int httpPort;

  private S3LoadBenchmark(Map<String, String> options) {
    clients = Integer.parseInt(options.getOrDefault("clients", "50"));
    seconds = Integer.parseInt(options.getOrDefault("seconds", "60"));
    warmup = Integer.parseInt(options.getOrDefault("warmup", "10"));
    workers = Integer.parseInt(options.getOrDefault("workers", "2"));
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    S3LoadBenchmark b = new S3LoadBenchmark(options);
    try {
      b.loadLogs(
          Long.parseLong(options.getOrDefault("minMb", "1")) << 20,
          Long.parseLong(options.getOrDefault("maxMb", "10")) << 20);
      b.start();
      b.run();
    } finally {
      b.stop();
    }
  }

  /** The real sample logs whose size is in [min, max] bytes. */
  private void loadLogs(long min, long max) throws IOException {
    try (Stream<Path> s = Files.walk(SharedData.root().resolve("canedge/LOG"))) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        long size = Files.size(p);
        String name = p.getFileName().toString().toUpperCase();
        if (size >= min && size <= max && name.matches(".*\\.MF[4CEM]$")) {
          logs.add(Files.readAllBytes(p));
          splits.add(p.getFileName().toString());
          System.out.printf("log %s (%.2f MB)%n", SharedData.root().relativize(p), size / 1e6);
        }
      }
    }
    if (logs.isEmpty()) {
      throw new IllegalStateException("no CANedge log of that size under canedge/LOG");
    }
  }

  private void start() throws Exception {
    Path shared = SharedData.root().resolve("canedge");
    dir = Files.createTempDirectory("ecugw-s3bench");
    Path dbc = Files.createDirectories(dir.resolve("dbc"));
    Files.copy(
        shared.resolve("dbc/variants/CSS-Electronics-SAE-J1939-DEMO_asammdf-basics.dbc"),
        dbc.resolve("can1-j1939.dbc"));
    Files.copy(shared.resolve("dbc/canmod-gps.dbc"), dbc.resolve("can2-canmod-gps.dbc"));
    httpPort = freePort();
    s3Port = freePort();
    Path config = dir.resolve("gateway.yaml");
    Files.writeString(
        config,
        """
        http: {host: 127.0.0.1, port: %d}
        storage: {dataDir: %s, questdb: {pgPort: %d}}
        decode: {dbcDir: %s, workers: %d, reloadSeconds: 0}
        s3:
          enabled: true
          host: 127.0.0.1
          port: %d
          buckets: [%s]
          credentials: [{accessKey: %s, secret: %s, devices: "*"}]
        """
            .formatted(
                httpPort,
                dir.resolve("data"),
                freePort(),
                dbc,
                workers,
                s3Port,
                BUCKET,
                KEY,
                SECRET));
    Path log = dir.resolve("gateway.log");
    // JFR's execution samples tell which virtual threads ran on the shared carrier threads
    List<String> jvm =
        List.of("-XX:StartFlightRecording=filename=" + dir.resolve("gw.jfr") + ",settings=profile");
    gateway =
        new ProcessBuilder(ChildGateway.serveCommand("1g", jvm, config))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    Process started = gateway;
    Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly)); // never leak it
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.readString(log).contains("ecu-gateway listening on")) {
      if (!gateway.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("gateway did not start:\n" + Files.readString(log));
      }
      Thread.sleep(50);
    }
  }

  private void run() throws Exception {
    System.out.printf("%nwarm-up: %d s%n", warmup);
    long warmPuts = load(warmup).puts();
    awaitCompleted(warmPuts);
    String loadBefore = loadAverage();
    Map<String, long[]> ticksBefore = threadTicks(gateway.pid());
    Instant from = Instant.now();
    long t0 = System.nanoTime();
    Result r = load(seconds);
    double putSeconds = (System.nanoTime() - t0) / 1e9;
    awaitCompleted(warmPuts + r.puts());
    double drainSeconds = (System.nanoTime() - t0) / 1e9;
    Instant to = Instant.now();
    Map<String, long[]> ticksAfter = threadTicks(gateway.pid());
    String loadAfter = loadAverage();
    long[] lat = r.latenciesNs();
    Arrays.sort(lat);
    System.out.printf(
        "%n%d clients, %d s: %d PUTs (%d failed), %.1f MB in %.1f s = %.1f MB/s, %.1f PUTs/s;"
            + " PUT latency p50 %.0f ms, p99 %.0f ms, max %.0f ms; last upload stored %.1f s after"
            + " the first PUT (%.1f s after the last); load average %s before, %s after (%d"
            + " cores)%n",
        clients,
        seconds,
        r.puts(),
        r.failures(),
        r.bytes() / 1e6,
        putSeconds,
        r.bytes() / 1e6 / putSeconds,
        r.puts() / putSeconds,
        percentile(lat, 0.50),
        percentile(lat, 0.99),
        lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6,
        drainSeconds,
        drainSeconds - putSeconds,
        loadBefore,
        loadAfter,
        Runtime.getRuntime().availableProcessors());
    Map<String, Double> groups = groupSeconds(ticksBefore, ticksAfter);
    System.out.println("  gateway CPU s by thread group: " + format(groups));
    stopGateway();
    attribute(groups, virtualShares(dir.resolve("gw.jfr"), from, to));
  }

  record Result(long puts, long failures, long bytes, long[] latenciesNs) {}

  /** {@link #clients} threads PUT logs for {@code forSeconds}. */
  private Result load(int forSeconds) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(forSeconds);
    List<Thread> threads = new ArrayList<>();
    List<long[]> latencies = new ArrayList<>();
    AtomicLong bytes = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    for (int c = 0; c < clients; c++) {
      String device = "BE%06X".formatted(c);
      long[][] mine = {new long[256]};
      int[] n = {0};
      int client = c;
      Thread t =
          Thread.ofPlatform()
              .name("s3-client-" + c)
              .start(
                  () -> {
                    try (S3Client s3 = client()) {
                      int next = client;
                      while (System.nanoTime() < end) {
                        int f = next++ % logs.size();
                        String key =
                            "%s/%08d/%s"
                                .formatted(device, session.getAndIncrement(), splits.get(f));
                        long s = System.nanoTime();
                        try {
                          s3.putObject(
                              b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(logs.get(f)));
                        } catch (RuntimeException e) {
                          failures.incrementAndGet();
                          System.err.println(key + ": " + e);
                          continue;
                        }
                        if (n[0] == mine[0].length) {
                          mine[0] = Arrays.copyOf(mine[0], n[0] * 2);
                        }
                        mine[0][n[0]++] = System.nanoTime() - s;
                        bytes.addAndGet(logs.get(f).length);
                      }
                    }
                    synchronized (latencies) {
                      latencies.add(Arrays.copyOf(mine[0], n[0]));
                    }
                  });
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    long[] all = latencies.stream().flatMapToLong(Arrays::stream).toArray();
    return new Result(all.length, failures.get(), bytes.get(), all);
  }

  private S3Client client() {
    return S3Client.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + s3Port))
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  /** Waits (bounded: 30 min) until the pipeline completed {@code puts} uploads in all. */
  private void awaitCompleted(long puts) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
    while (true) {
      double[] done = completed();
      if (done[0] + done[1] >= puts) {
        if (done[1] > 0) {
          System.out.printf("  %d upload(s) failed in the pipeline%n", (long) done[1]);
        }
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "only %.0f of %d uploads completed".formatted(done[0] + done[1], puts));
      }
      Thread.sleep(200);
    }
  }

  /** {stored, failed} from the gateway's Prometheus metrics. */
  private double[] completed() throws Exception {
    String body =
        http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    double[] out = new double[2];
    for (String line : body.split("\n")) {
      Matcher m = COMPLETED.matcher(line);
      if (m.matches()) {
        out[m.group(1).equals("stored") ? 0 : 1] += Double.parseDouble(m.group(2));
      }
    }
    return out;
  }

  /**
   * The split. Platform threads are attributed by name: the Vert.x event loops ({@code
   * vert.x-eventloop-thread-}: HTTP parsing, SigV4 and chunk signatures, CRC/MD5 of every body) and
   * Vert.x's worker pools ({@code vert.x-worker-thread-}, {@code vert.x-internal-blocking-}: the S3
   * body's writes to its temporary file) are the S3 layer; nothing else uses them here (the HTTP
   * API only answers a /metrics poll every 200 ms). Virtual threads all run on the shared
   * ForkJoinPool carriers, so the carriers' CPU is divided by JFR execution samples of the virtual
   * threads in the same window: {@code blocking-} (the S3 PUT's hand-over to the pipeline: move
   * into the spool, fsync, archive, journal) counts to the S3 layer — an upper bound, since an HTTP
   * upload pays the same durability —, {@code decode-} and {@code commit} to decode+store. Every
   * other thread (QuestDB's writers, WAL apply, the pipeline's own) is decode+store, except the
   * JVM's own (GC, JIT, JFR).
   */
  private static void attribute(Map<String, Double> groups, Map<String, Long> virtual) {
    long s3Samples = 0;
    long pipelineSamples = 0;
    for (var e : virtual.entrySet()) {
      if (e.getKey().startsWith("blocking-")) {
        s3Samples += e.getValue();
      } else {
        pipelineSamples += e.getValue();
      }
    }
    double carriers = 0;
    double s3 = 0;
    double store = 0;
    double jvm = 0;
    for (var e : groups.entrySet()) {
      String g = e.getKey();
      // Linux keeps 15 characters of a thread's name: vert.x-eventloo, vert.x-internal,
      // vert.x-worker-t
      if (g.startsWith("vert.x-")) {
        s3 += e.getValue();
      } else if (g.startsWith("ForkJoinPool")) {
        carriers += e.getValue();
      } else if (g.matches(JVM_THREADS)) {
        jvm += e.getValue();
      } else {
        store += e.getValue();
      }
    }
    long samples = s3Samples + pipelineSamples;
    double carrierS3 = samples == 0 ? 0 : carriers * s3Samples / samples;
    s3 += carrierS3;
    store += carriers - carrierS3;
    System.out.printf(
        "  virtual-thread JFR samples on the carriers: %s%n"
            + "  S3 layer %.1f CPU s (of which %.1f s carrier share of blocking-), decode+store %.1f"
            + " CPU s, JVM (GC/JIT/JFR) %.1f CPU s: S3 layer = %.1f %% of decode+store (target"
            + " < 10 %%)%n",
        virtual, s3, carrierS3, store, jvm, 100 * s3 / store);
  }

  /** Execution samples of virtual threads in [from, to], by name without digits. */
  private static Map<String, Long> virtualShares(Path jfr, Instant from, Instant to)
      throws IOException {
    Map<String, Long> counts = new TreeMap<>();
    try (RecordingFile f = new RecordingFile(jfr)) {
      while (f.hasMoreEvents()) {
        RecordedEvent e = f.readEvent();
        if (!e.getEventType().getName().equals("jdk.ExecutionSample")
            || e.getStartTime().isBefore(from)
            || e.getStartTime().isAfter(to)) {
          continue;
        }
        RecordedThread t = e.getThread("sampledThread");
        if (t != null && t.isVirtual()) {
          String name = t.getJavaName() == null ? "" : t.getJavaName();
          counts.merge(name.isEmpty() ? "(unnamed)" : name.replaceAll("[0-9]+", ""), 1L, Long::sum);
        }
      }
    }
    return counts;
  }

  private static double percentile(long[] sorted, double p) {
    return sorted.length == 0
        ? 0
        : sorted[(int) Math.min(sorted.length - 1, p * sorted.length)] / 1e6;
  }

  private static Map<String, Double> groupSeconds(
      Map<String, long[]> before, Map<String, long[]> after) {
    Map<String, Double> groups = new TreeMap<>();
    after.forEach(
        (thread, ticks) -> {
          long[] b = before.getOrDefault(thread, new long[2]);
          String group = thread.substring(thread.indexOf(' ') + 1).replaceAll("[0-9]+", "");
          groups.merge(group, (ticks[0] + ticks[1] - b[0] - b[1]) / CLOCK_TICKS, Double::sum);
        });
    groups.values().removeIf(v -> v <= 0);
    return groups;
  }

  private static String format(Map<String, Double> groups) {
    StringBuilder out = new StringBuilder();
    groups.entrySet().stream()
        .sorted(Comparator.comparingDouble(e -> -e.getValue()))
        .forEach(e -> out.append("%s %.1f, ".formatted(e.getKey(), e.getValue())));
    return out.toString();
  }

  /** {utime, stime} per thread ("tid name") from /proc/<pid>/task/<tid>/stat. */
  private static Map<String, long[]> threadTicks(long pid) throws IOException {
    Map<String, long[]> ticks = new TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
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

  private static String loadAverage() throws IOException {
    String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
    return f[0] + " " + f[1] + " " + f[2];
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** SIGTERM: the gateway shuts down and JFR writes its recording. */
  private void stopGateway() throws Exception {
    if (gateway != null && gateway.isAlive()) {
      gateway.destroy();
      if (!gateway.waitFor(120, TimeUnit.SECONDS)) {
        gateway.destroyForcibly();
      }
    }
  }

  private void stop() throws Exception {
    stopGateway();
    if (dir != null) {
      Path keptLog = Path.of(System.getProperty("java.io.tmpdir"), "ecugw-s3bench-gateway.log");
      if (Files.exists(dir.resolve("gateway.log"))) {
        Files.copy(
            dir.resolve("gateway.log"), keptLog, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.out.println("  gateway log: " + keptLog);
      }
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
