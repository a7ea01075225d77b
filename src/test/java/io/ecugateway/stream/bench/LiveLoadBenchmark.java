package io.ecugateway.stream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecugateway.dbc.Dbc;
import io.ecugateway.dbc.DbcParser;
import io.ecugateway.dbc.Message;
import io.ecugateway.dbc.Signal;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.stream.LiveFrameCodec;
import io.ecugateway.stream.LiveFrameEncoder;
import io.ecugateway.testing.ChildGateway;
import io.ecugateway.testing.SharedData;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Live load benchmark (issue 5): a real gateway ({@code serve}, child JVM) receives {@code rate}
 * CAN frames per second over {@code /ws/ingest/{device}} (binary frames) while {@code clients}
 * WebSocket clients on {@code /ws/live} each subscribe to {@code signals} signals at {@code hz}
 * updates per second. Everything runs on 127.0.0.1 and stops by itself after the warm-up and the
 * measurement.
 *
 * <p><b>Latency.</b> The load generator writes its wall-clock time (ns) into each frame's timestamp
 * right before sending the batch; the gateway keeps frame timestamps, so a delivered sample's
 * {@code t} is the moment its frame left the generator. A client computes receipt time minus {@code
 * t} for every sample it receives. Generator and clients run in this JVM and read the same clock,
 * so the difference is exact to a microsecond (the resolution of {@code t}). It includes the ingest
 * hop (client write, loopback, WebSocket decode, candump/binary framing, DBC decoding on the ingest
 * thread), the event-bus fan-out, decimation and JSON encoding, the outgoing socket, and the
 * client's own event-loop delay.
 *
 * <p><b>Decimation.</b> Signals change at {@code rate / devices / messages} frames per second per
 * message (about 80/s with the defaults), far faster than the subscribed {@code hz}; the server
 * sends a signal at most once per interval, the newest value. Only delivered samples are measured,
 * each with its own frame time, so a value that waited in its decimation slot for the interval to
 * end counts that wait; values replaced in the slot were never delivered and have no latency (they
 * are the normal effect of decimation, not drops). {@code dropped} is the server's count of values
 * coalesced because a client's socket queue was full (slow consumer).
 *
 * <p><b>Why a child JVM.</b> The gateway runs as {@code serve} in its own JVM (same classpath, no
 * jar needed), so its CPU time ({@code /proc/<pid>/stat}) and heap are its own: the 500 clients and
 * the load generator, in this JVM, neither count as server CPU nor pause it with their GC. Both
 * still share the machine's cores, which the report states next to the load average.
 *
 * <pre>
 * mvn -B -q -Pbench test-compile exec:exec -Dbench.main=io.ecugateway.stream.bench.LiveLoadBenchmark \
 *     -Dbench.args="--clients 500 --rate 20000 --warmup 10 --measure 30"
 * </pre>
 */
public final class LiveLoadBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "bench-token-" + Long.toHexString(System.nanoTime());
  private static final String DBC = "dbc-corpus/canmatrix/j1939.dbc";

  /** The gateway's default {@code live.maxMessageBytes}: its largest outgoing frame. */
  private static final int MAX_SERVER_FRAME_BYTES = 1 << 20;

  /** A full catalogue may span several frames; generous, this JVM only measures. */
  private static final int MAX_SERVER_MESSAGE_BYTES = 64 << 20;

  /** Command-line options; see {@link #usage()}. */
  static final class Options {
    int clients = 500;
    int rate = 20_000;
    int devices = 4;
    int signals = 10;
    double hz = 10;
    int warmupSeconds = 10;
    int measureSeconds = 30;
    String heap = "1g";
    boolean storeLive = true;
    String jfr;
    int sendPeriodMs = 5;

    static Options parse(String[] args) {
      Options o = new Options();
      try {
        for (int i = 0; i < args.length; i++) {
          switch (args[i]) {
            case "--clients" -> o.clients = Integer.parseInt(args[++i]);
            case "--rate" -> o.rate = Integer.parseInt(args[++i]);
            case "--devices" -> o.devices = Integer.parseInt(args[++i]);
            case "--signals" -> o.signals = Integer.parseInt(args[++i]);
            case "--hz" -> o.hz = Double.parseDouble(args[++i]);
            case "--warmup" -> o.warmupSeconds = Integer.parseInt(args[++i]);
            case "--measure" -> o.measureSeconds = Integer.parseInt(args[++i]);
            case "--heap" -> o.heap = args[++i];
            case "--live-store" -> o.storeLive = Boolean.parseBoolean(args[++i]);
            case "--jfr" -> o.jfr = args[++i];
            case "--send-period" -> o.sendPeriodMs = Integer.parseInt(args[++i]);
            case "--help" -> {
              System.out.println(usage());
              System.exit(0);
            }
            default -> throw new IllegalArgumentException("unknown option " + args[i]);
          }
        }
        if (o.clients < 1 || o.rate < 1 || o.devices < 1 || o.signals < 1 || !(o.hz > 0)) {
          throw new IllegalArgumentException("every count and rate must be positive");
        }
        if (o.sendPeriodMs < 1) {
          throw new IllegalArgumentException("--send-period must be >= 1 ms");
        }
        if (o.warmupSeconds < 0 || o.measureSeconds < 1) {
          throw new IllegalArgumentException("--warmup must be >= 0 and --measure >= 1");
        }
      } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
        System.err.println("LiveLoadBenchmark: " + e.getMessage() + "\n" + usage());
        System.exit(2);
      }
      return o;
    }

    static String usage() {
      return """
          LiveLoadBenchmark [--clients 500] [--rate 20000] [--devices 4] [--signals 10] [--hz 10]
                            [--warmup 10] [--measure 30] [--send-period 5] [--heap 1g]
                            [--live-store true|false] [--jfr FILE]
            --clients     /ws/live clients, each subscribed to --signals signals of one message
            --rate        frames per second in, over all devices (one /ws/ingest socket each)
            --hz          maxRate of every subscription (updates per second per signal)
            --warmup      seconds of load before measuring; --measure: seconds measured
            --send-period ms between two binary messages of a device (frames due are sent
                          together, each stamped with the time its message is sent)
            --heap        the gateway's -Xmx
            --live-store  live.store of the gateway: store the live rows in the embedded QuestDB
                          (default true, as the gateway's default)
            --jfr FILE    record a JFR profile of the gateway into FILE""";
    }
  }

  /** Epoch nanoseconds from one base, so generator and clients read the very same clock. */
  private static final long BASE_EPOCH_NS = System.currentTimeMillis() * 1_000_000L;

  private static final long BASE_NANO = System.nanoTime();

  static long nowEpochNs() {
    return BASE_EPOCH_NS + (System.nanoTime() - BASE_NANO);
  }

  private static volatile boolean measuring;

  private static volatile long measureStartEpochNs;

  /** Set once measured: the clients' closes from then on are expected, not worth a line. */
  private static volatile boolean finished;

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    Dbc dbc = DbcParser.parse(SharedData.require(DBC));
    List<Message> messages = loadMessages(dbc, o.signals);
    System.err.printf(
        "live load: %d clients x %d signals at %s Hz, %d frames/s over %d devices, %d messages"
            + " of %s, live.store %s (%d s warm-up + %d s measured)%n",
        o.clients,
        o.signals,
        o.hz,
        o.rate,
        o.devices,
        messages.size(),
        DBC,
        o.storeLive,
        o.warmupSeconds,
        o.measureSeconds);
    Path dir = Files.createTempDirectory("ecugw-liveload");
    Gateway gw = Gateway.start(dir, SharedData.require(DBC), o);
    Vertx vertx = Vertx.vertx();
    // The generator gets its own event loop: its 1 ms timer must not wait behind client traffic.
    Vertx generatorVertx = Vertx.vertx(new io.vertx.core.VertxOptions().setEventLoopPoolSize(1));
    int exit = 0;
    try {
      WebSocketClient wsClient =
          vertx.createWebSocketClient(
              new WebSocketClientOptions()
                  // Vert.x allows 50 WebSocket connections per host by default; the rest would
                  // queue (and time out) behind them.
                  .setMaxConnections(o.clients + 16)
                  // The gateway writes a message as one frame up to live.maxMessageBytes (1 MiB):
                  // the catalogue of 4 devices x 60 J1939 messages is over Vert.x's default
                  // 64 KiB frame limit, which closed every client (1006) before any sample.
                  .setMaxFrameSize(MAX_SERVER_FRAME_BYTES)
                  .setMaxMessageSize(MAX_SERVER_MESSAGE_BYTES)
                  .setConnectTimeout(30_000));
      List<Client> clients = connectClients(wsClient, gw.port, o, messages);
      System.err.printf("connected and subscribed %d clients%n", clients.size());
      List<Generator> generators = new ArrayList<>();
      WebSocketClient ingestClient =
          generatorVertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(64));
      for (int d = 0; d < o.devices; d++) {
        generators.add(
            Generator.start(
                generatorVertx,
                ingestClient,
                gw.port,
                "LOAD" + d,
                messages,
                o.rate / (double) o.devices,
                o.sendPeriodMs,
                d));
      }
      Thread.sleep(o.warmupSeconds * 1000L);

      Snapshot before = Snapshot.take(gw, generators);
      measureStartEpochNs = nowEpochNs();
      measuring = true;
      Thread.sleep(o.measureSeconds * 1000L);
      measuring = false;
      finished = true;
      Snapshot after = Snapshot.take(gw, generators);
      generators.forEach(Generator::stop);
      exit = report(o, clients, before, after);
      if (exit != 0) {
        System.err.println("gateway log tail:\n" + Gateway.tail(Files.readString(gw.log)));
      }
      for (Client c : clients) {
        c.ws.close();
      }
    } finally {
      vertx.close().await();
      generatorVertx.close().await();
      gw.stop();
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    System.exit(exit);
  }

  /** J1939 messages of at most 8 bytes with enough plain (not multiplexed) signals. */
  static List<Message> loadMessages(Dbc dbc, int signals) {
    List<Message> out = new ArrayList<>();
    for (Message m : dbc.messages()) {
      long plain = m.signals().stream().filter(s -> !s.isMultiplexed() && !s.multiplexer()).count();
      if (m.extended() && m.length() <= 8 && plain >= signals && m.signals().size() == plain) {
        out.add(m);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalStateException(DBC + " has no message with " + signals + " signals");
    }
    return out;
  }

  private static List<Client> connectClients(
      WebSocketClient wsClient, int port, Options o, List<Message> messages) throws Exception {
    List<CompletableFuture<Client>> pending = new ArrayList<>();
    for (int i = 0; i < o.clients; i++) {
      String device = "LOAD" + (i % o.devices);
      Message m = messages.get((i / o.devices) % messages.size());
      List<String> names = m.signals().stream().map(Signal::name).limit(o.signals).toList();
      pending.add(Client.connect(wsClient, port, i, device, m.name(), names, o.hz));
    }
    List<Client> clients = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (CompletableFuture<Client> f : pending) {
      try {
        clients.add(f.get(60, TimeUnit.SECONDS));
      } catch (Exception e) {
        failures.add(String.valueOf(e.getCause() == null ? e : e.getCause()));
      }
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException(
          failures.size() + " of " + o.clients + " clients failed, first: " + failures.get(0));
    }
    return clients;
  }

  /** One {@code /ws/live} client: records the latency of every sample delivered while measuring. */
  static final class Client {
    final int index;
    WebSocket ws;
    long[] latencyUs = new long[1024];

    /** Receipt time of each sample, seconds since the measurement started. */
    int[] receivedSecond = new int[1024];

    int samples;
    long messages;
    long signalValues;
    long dropped;
    long errors;

    private Client(int index) {
      this.index = index;
    }

    static CompletableFuture<Client> connect(
        WebSocketClient wsClient,
        int port,
        int index,
        String device,
        String message,
        List<String> signals,
        double hz) {
      Client c = new Client(index);
      CompletableFuture<Client> ready = new CompletableFuture<>();
      WebSocketConnectOptions opts =
          new WebSocketConnectOptions()
              .setHost("127.0.0.1")
              .setPort(port)
              .setURI("/ws/live")
              // A non-browser client: no Origin header, a bearer token like any API client.
              .setAllowOriginHeader(false)
              .addHeader("Authorization", "Bearer " + TOKEN);
      var sub = JSON.createObjectNode();
      sub.put("type", "subscribe").put("id", "load").put("device", device);
      sub.putArray("messages").add(message);
      var arr = sub.putArray("signals");
      signals.forEach(arr::add);
      sub.put("maxRate", hz).put("mode", "latest");
      String request = sub.toString();
      wsClient
          .connect(opts)
          .onFailure(ready::completeExceptionally)
          .onSuccess(
              ws -> {
                c.ws = ws;
                ws.exceptionHandler(e -> System.err.println("client " + index + ": " + e));
                ws.closeHandler(
                    v -> {
                      if (!finished) {
                        System.err.println(
                            "client "
                                + index
                                + " closed: "
                                + ws.closeStatusCode()
                                + " "
                                + ws.closeReason());
                      }
                    });
                ws.textMessageHandler(
                    text -> {
                      long now = nowEpochNs();
                      if (!ready.isDone() && text.contains("\"subscribed\"")) {
                        ready.complete(c);
                      }
                      c.onText(text, now);
                    });
                ws.writeTextMessage(request);
              });
      return ready;
    }

    /**
     * Reads a {@code samples} message without building a JSON tree (500 clients share this JVM's
     * event loops with the load generator; the harness must not be what lags): every {@code "t":}
     * gives a sample's frame time, the keys of its {@code "signals"} object are counted.
     */
    private void onText(String text, long nowNs) {
      if (!measuring || !text.startsWith("{\"type\":\"samples\"")) {
        if (text.startsWith("{\"type\":\"error\"")) {
          errors++;
          System.err.println("client " + index + ": " + text);
        }
        return;
      }
      messages++;
      int i = 0;
      while ((i = text.indexOf("\"t\":", i)) >= 0) {
        i += 4;
        int end = text.indexOf(',', i);
        long frameNs = Math.round(Double.parseDouble(text.substring(i, end)) * 1e6) * 1000;
        if (samples == latencyUs.length) {
          latencyUs = Arrays.copyOf(latencyUs, samples * 2);
          receivedSecond = Arrays.copyOf(receivedSecond, samples * 2);
        }
        receivedSecond[samples] = (int) ((nowNs - measureStartEpochNs) / 1_000_000_000L);
        latencyUs[samples++] = (nowNs - frameNs) / 1000;
        int open = text.indexOf("\"signals\":{", end) + 11;
        int close = text.indexOf('}', open);
        for (int k = open; k < close; k++) {
          if (text.charAt(k) == ':') {
            signalValues++;
          }
        }
        i = close;
      }
      int d = text.lastIndexOf("\"dropped\":");
      if (d >= 0) {
        int end = text.indexOf('}', d);
        dropped = Math.max(dropped, Long.parseLong(text.substring(d + 10, end)));
      }
    }
  }

  /** One device's frame source: binary batches paced by a timer on its event loop. */
  static final class Generator {
    private static final int MAX_FRAMES_PER_TICK = 2000;

    private final List<Message> messages;
    private final double framesPerSecond;
    private final SplittableRandom random;
    private final CanFrame frame = new CanFrame(8);
    private WebSocket ws;
    private long startNano;
    private long timer = -1;
    private int next;
    volatile long sent;

    /** Frames never sent because the generator fell more than 100 ms behind its schedule. */
    volatile long skipped;

    volatile long stalledTicks;
    private Vertx vertx;

    private Generator(List<Message> messages, double framesPerSecond, long seed) {
      this.messages = messages;
      this.framesPerSecond = framesPerSecond;
      this.random = new SplittableRandom(seed);
      frame.bus = "can1";
      frame.extended = true;
      frame.length = 8;
      frame.dlc = 8;
    }

    static Generator start(
        Vertx vertx,
        WebSocketClient wsClient,
        int port,
        String device,
        List<Message> messages,
        double framesPerSecond,
        int periodMs,
        long seed)
        throws Exception {
      Generator g = new Generator(messages, framesPerSecond, seed);
      g.vertx = vertx;
      CountDownLatch started = new CountDownLatch(1);
      wsClient
          .connect(
              new WebSocketConnectOptions()
                  .setHost("127.0.0.1")
                  .setPort(port)
                  .setURI("/ws/ingest/" + device)
                  .setAllowOriginHeader(false)
                  .addHeader("Authorization", "Bearer " + TOKEN))
          .onSuccess(
              ws -> {
                g.ws = ws;
                ws.textMessageHandler(t -> System.err.println(device + " ingest: " + t));
                g.startNano = System.nanoTime();
                g.timer = vertx.setPeriodic(periodMs, id -> g.tick());
                started.countDown();
              })
          .onFailure(
              e -> {
                System.err.println(device + ": ingest connect failed: " + e);
                started.countDown();
              });
      if (!started.await(30, TimeUnit.SECONDS) || g.ws == null) {
        throw new IllegalStateException(device + ": could not open /ws/ingest");
      }
      return g;
    }

    /** Sends every frame due by now (at most a 100 ms backlog), stamped with the send time. */
    private void tick() {
      if (ws.writeQueueFull()) {
        stalledTicks++; // the gateway paused reading: it does not keep up
        return;
      }
      long due = (long) ((System.nanoTime() - startNano) / 1e9 * framesPerSecond) - skipped;
      long behind = due - sent - (long) (framesPerSecond / 10);
      if (behind > 0) {
        skipped += behind; // never burst more than 100 ms of backlog
        due -= behind;
      }
      long n = Math.min(due - sent, MAX_FRAMES_PER_TICK);
      if (n <= 0) {
        return;
      }
      byte[] out = new byte[LiveFrameCodec.HEADER_BYTES + (int) n * (15 + 8)];
      out[0] = LiveFrameCodec.VERSION;
      int off = LiveFrameCodec.HEADER_BYTES;
      long stamp = nowEpochNs();
      for (int i = 0; i < n; i++) {
        Message m = messages.get(next);
        next = (next + 1) % messages.size();
        frame.timestampNs = stamp;
        frame.id = m.id();
        for (int b = 0; b < 8; b++) {
          frame.data[b] = (byte) random.nextInt(256);
        }
        off = LiveFrameEncoder.encode(frame, out, off);
      }
      ws.writeBinaryMessage(Buffer.buffer(out));
      sent += n;
    }

    void stop() {
      vertx.cancelTimer(timer);
      ws.close();
    }
  }

  /** Counters at the start and the end of the measurement. */
  record Snapshot(
      long nanoTime,
      long framesSent,
      long framesSkipped,
      long stalledTicks,
      double serverCpuSeconds,
      double ownCpuSeconds,
      long metricsNanoTime,
      double framesIn,
      double dropped,
      String loadAverage) {

    /**
     * Local counters are read at {@code nanoTime}; the gateway's {@code /metrics} answer may take a
     * while on a loaded machine, so its counters get their own time (the middle of the request).
     */
    static Snapshot take(Gateway gw, List<Generator> generators) throws Exception {
      long now = System.nanoTime();
      double serverCpu = gw.cpuSeconds();
      var os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      double ownCpu = os.getProcessCpuTime() / 1e9;
      long sent = 0;
      long stalled = 0;
      long skipped = 0;
      for (Generator g : generators) {
        sent += g.sent;
        stalled += g.stalledTicks;
        skipped += g.skipped;
      }
      long asked = System.nanoTime();
      String metrics = gw.metrics();
      long answered = System.nanoTime();
      return new Snapshot(
          now,
          sent,
          skipped,
          stalled,
          serverCpu,
          ownCpu,
          asked + (answered - asked) / 2,
          metric(metrics, "ecugw_live_frames_in_total"),
          metric(metrics, "ecugw_live_dropped"),
          Files.readString(Path.of("/proc/loadavg")).trim());
    }

    private static double metric(String text, String name) {
      for (String line : text.split("\n")) {
        if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
          return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      return Double.NaN;
    }
  }

  private static int report(Options o, List<Client> clients, Snapshot a, Snapshot b) {
    double seconds = (b.nanoTime - a.nanoTime) / 1e9;
    long total = 0;
    long messages = 0;
    long values = 0;
    long droppedByClients = 0;
    long errors = 0;
    for (Client c : clients) {
      total += c.samples;
      messages += c.messages;
      values += c.signalValues;
      droppedByClients += c.dropped;
      errors += c.errors;
    }
    long[] all = new long[(int) total];
    int k = 0;
    for (Client c : clients) {
      System.arraycopy(c.latencyUs, 0, all, k, c.samples);
      k += c.samples;
    }
    String timeline = timeline(clients, o.measureSeconds);
    Arrays.sort(all);
    double p99 = pct(all, 0.99);
    System.out.printf(
        Locale.ROOT,
        "%nlive load result (%.1f s measured; load average before %s, after %s)%n"
            + "  frames in:  %.0f frames/s sent by the generator, %.0f frames/s counted by the"
            + " gateway (ecugw_live_frames_in_total); generator stalled on back-pressure in %d"
            + " ticks, %d frames skipped (generator > 100 ms behind)%n"
            + "  clients:    %d connected, %d messages received (%.1f per client per s), %d samples,"
            + " %d signal values (%.1f per subscribed signal per s, limit %s)%n"
            + "  dropped:    %d updates coalesced for slow clients (sum of the clients' \"dropped\"),"
            + " gateway gauge ecugw_live_dropped %.0f -> %.0f; %d error messages%n"
            + "  latency (frame sent -> sample received, delivered samples only):%n"
            + "              p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n"
            + "  CPU:        gateway %.2f cores (%.1f %% of the machine's %d), load generator +"
            + " clients %.2f cores%n"
            + "  p99 per 5 s of the measurement (ms): %s%n"
            + "  target p99 < 50 ms: %s%n",
        seconds,
        a.loadAverage,
        b.loadAverage,
        (b.framesSent - a.framesSent) / seconds,
        (b.framesIn - a.framesIn) / ((b.metricsNanoTime - a.metricsNanoTime) / 1e9),
        b.stalledTicks - a.stalledTicks,
        b.framesSkipped - a.framesSkipped,
        clients.size(),
        messages,
        messages / seconds / clients.size(),
        total,
        values,
        values / seconds / clients.size() / o.signals,
        o.hz,
        droppedByClients,
        a.dropped,
        b.dropped,
        errors,
        pct(all, 0.50),
        pct(all, 0.90),
        p99,
        pct(all, 0.999),
        all.length == 0 ? Double.NaN : all[all.length - 1] / 1000.0,
        (b.serverCpuSeconds - a.serverCpuSeconds) / seconds,
        100 * (b.serverCpuSeconds - a.serverCpuSeconds) / seconds / cores(),
        cores(),
        (b.ownCpuSeconds - a.ownCpuSeconds) / seconds,
        timeline,
        all.length == 0 ? "NO SAMPLES" : p99 < 50 ? "met" : "NOT met");
    return all.length == 0 ? 1 : 0;
  }

  /** p99 latency of the samples received in each 5 s slice: shows whether a tail is transient. */
  private static String timeline(List<Client> clients, int measureSeconds) {
    int slices = (measureSeconds + 4) / 5 + 1;
    List<List<Long>> bySlice = new ArrayList<>();
    for (int i = 0; i < slices; i++) {
      bySlice.add(new ArrayList<>());
    }
    for (Client c : clients) {
      for (int i = 0; i < c.samples; i++) {
        int slice = Math.clamp(c.receivedSecond[i] / 5, 0, slices - 1);
        bySlice.get(slice).add(c.latencyUs[i]);
      }
    }
    StringBuilder sb = new StringBuilder();
    for (List<Long> slice : bySlice) {
      if (slice.isEmpty()) {
        continue;
      }
      long[] v = slice.stream().mapToLong(Long::longValue).sorted().toArray();
      sb.append(sb.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", pct(v, 0.99)));
    }
    return sb.toString();
  }

  private static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** Percentile in milliseconds (nearest rank) of sorted microsecond values. */
  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
    return sorted[Math.max(0, i)] / 1000.0;
  }

  /** The gateway under test: {@code serve} in a child JVM on loopback. */
  static final class Gateway {
    final Process process;
    final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newHttpClient();

    private Gateway(Process process, int port, Path log) {
      this.process = process;
      this.port = port;
      this.log = log;
    }

    static Gateway start(Path dir, Path dbcFile, Options o) throws Exception {
      Path dbc = Files.createDirectories(dir.resolve("dbc"));
      Files.copy(dbcFile, dbc.resolve("j1939.dbc"));
      int port = freePort();
      Path config = dir.resolve("gateway.yaml");
      Files.writeString(
          config,
          """
          http: {host: 127.0.0.1, port: %d}
          auth: {tokens: [%s]}
          storage: {dataDir: %s, questdb: {pgPort: %d}}
          decode: {dbcDir: %s, reloadSeconds: 0}
          """
                  .formatted(port, TOKEN, dir.resolve("data"), freePort(), dbc)
              + "live: {store: "
              + o.storeLive
              + "}\n");
      Path log = dir.resolve("gateway.log");
      List<String> command =
          ChildGateway.serveCommand(
              o.heap,
              o.jfr == null
                  ? List.of()
                  : List.of(
                      "-XX:StartFlightRecording=settings=profile,filename="
                          + Path.of(o.jfr).toAbsolutePath()),
              config);
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly)); // never leak it
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!Files.readString(log).contains("ecu-gateway listening on")) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          p.destroyForcibly();
          throw new IllegalStateException("gateway did not start:\n" + Files.readString(log));
        }
        Thread.sleep(50);
      }
      return new Gateway(p, port, log);
    }

    String metrics() throws Exception {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                  .header("Authorization", "Bearer " + TOKEN)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.body();
    }

    /** utime + stime of the gateway process, from /proc (clock ticks of 1/100 s on Linux). */
    double cpuSeconds() throws IOException {
      String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    void stop() throws Exception {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      if (process.exitValue() != 0 && process.exitValue() != 143) {
        System.err.println("gateway log tail:\n" + tail(Files.readString(log)));
      }
    }

    static String tail(String s) {
      return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
