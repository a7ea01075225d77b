package io.ecugateway.ingest;

import io.ecugateway.catalog.DbcCatalog;
import io.ecugateway.catalog.SignalIndex;
import io.ecugateway.config.GatewayConfig;
import io.ecugateway.dbc.Message;
import io.ecugateway.dbc.Signal;
import io.ecugateway.decode.DbcDecoder;
import io.ecugateway.decode.DecodeResult;
import io.ecugateway.decode.MessageCodec;
import io.ecugateway.format.FormatRegistry;
import io.ecugateway.format.FrameReader;
import io.ecugateway.format.LogMetadata;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.FrameKind;
import io.ecugateway.frame.TimestampWindow;
import io.ecugateway.sink.MessageTable;
import io.ecugateway.sink.SignalOutput;
import io.ecugateway.sink.SinkException;
import io.ecugateway.sink.SinkWriter;
import io.ecugateway.transport.FrameConsumer;
import io.ecugateway.transport.TransportSessions;
import io.ecugateway.transport.TransportStage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an archived log (any registered format), decodes each frame with the DBCs bound to the
 * device and its bus, and writes one row per decoded frame into the message's table, in batches of
 * uploads that share one store writer and commit. Allocates nothing per frame: the frame, the
 * decode result and the value array are reused, and table handles are cached per compiled message.
 */
public final class DecodePipeline implements UploadProcessor {
  private static final Logger LOG = LoggerFactory.getLogger(DecodePipeline.class);

  /** Rows per store commit: bounds uncommitted state; replays stay idempotent. */
  static final long COMMIT_EVERY_ROWS = 4_000_000;

  private final DbcCatalog catalog;
  private final SignalIndex index;
  private final SignalOutput sink;
  private final ReadOptions readOptions;
  private final Counter framesIn;
  private final Counter decoded;
  private final Counter unknown;
  private final Timer storeLatency;
  private final Counter warnings;
  private final UploadTransport transport;
  private final TimestampWindow window;

  /**
   * Decodes with the DBCs {@code catalog} binds to each device, reassembles multi-frame messages as
   * {@code transport} configures it and stores only frames dated inside {@code window}.
   */
  public DecodePipeline(
      DbcCatalog catalog,
      SignalIndex index,
      SignalOutput sink,
      Map<String, String> passwords,
      Path tempDir,
      MeterRegistry meters,
      GatewayConfig.Transport transport,
      TimestampWindow window) {
    this.window = window;
    this.transport = new UploadTransport(transport, catalog);
    this.catalog = catalog;
    this.index = index;
    this.sink = sink;
    this.readOptions = new ReadOptions(passwords, w -> {}, tempDir);
    this.framesIn =
        Counter.builder("ecugw.frames.in").description("Frames read from uploads").register(meters);
    this.decoded =
        Counter.builder("ecugw.messages.decoded")
            .description("Frames decoded into rows")
            .register(meters);
    this.unknown =
        Counter.builder("ecugw.frames.unknown")
            .description("Frames no DBC describes")
            .register(meters);
    this.warnings =
        Counter.builder("ecugw.read.warnings")
            .description("Recoverable problems in uploaded logs")
            .register(meters);
    this.storeLatency =
        Timer.builder("ecugw.store.commit.latency")
            .description("Time to make a batch of rows durable and visible")
            .register(meters);
  }

  @Override
  public Batch openBatch() throws SinkException {
    return new StoreBatch(sink.openWriter());
  }

  /** Uploads decoded into one {@link SinkWriter}; the signal index learns them at commit. */
  private final class StoreBatch implements Batch {
    private final SinkWriter writer;
    private final List<Stored> added = new ArrayList<>();
    private long pendingRows;

    /** What one added upload stored, for the {@link SignalIndex} once it is visible. */
    private record Stored(String device, List<SignalIndex.MessageEntry> entries) {}

    StoreBatch(SinkWriter writer) {
      this.writer = writer;
    }

    @Override
    public DecodeSummary add(Upload upload, Path file) throws Exception {
      DbcCatalog.DeviceDecoders decoders = catalog.forDevice(upload.device());
      AtomicLong warningCount = new AtomicLong();
      ReadOptions options =
          readOptions.withWarnings(
              w -> {
                warnings.increment();
                if (warningCount.incrementAndGet() <= 20) {
                  LOG.warn("{}{}", upload.logContext(), w);
                }
              });
      TransportSessions.Lease lease = transport.take(upload, decoders);
      TransportStage stage = lease == null ? null : lease.stage();
      boolean completed = false;
      try (FrameReader reader = FormatRegistry.open(file, options)) {
        String format = reader.metadata().get(LogMetadata.FORMAT);
        Run run = new Run(upload.device(), decoders, writer);
        CanFrame frame = new CanFrame();
        long frames = 0;
        long outOfWindow = 0;
        long firstOutOfWindowNs = 0;
        while (reader.next(frame)) {
          if ((++frames & 0xFFFF) == 0 && Thread.interrupted()) {
            throw new InterruptedException("shutdown");
          }
          if (!window.admits(frame.timestampNs)) {
            if (outOfWindow++ == 0) {
              firstOutOfWindowNs = frame.timestampNs;
            }
            continue;
          }
          boolean row = stage == null ? run.accept(frame) : run.acceptVia(stage, frame);
          if (row && ++pendingRows >= COMMIT_EVERY_ROWS) {
            commitRows();
          }
        }
        if (outOfWindow > 0) {
          LOG.warn(
              "{}{} of {} frames dated outside the stored time window (decode.minTimestamp,"
                  + " decode.maxFutureSeconds) were not stored; the first at {}",
              upload.logContext(),
              outOfWindow,
              frames,
              TimestampWindow.describe(firstOutOfWindowNs));
        }
        added.add(new Stored(upload.device(), run.entries()));
        framesIn.increment(frames);
        decoded.increment(run.rows);
        unknown.increment(run.unknown.frames());
        completed = true;
        return new DecodeSummary(
            format == null ? formatOf(file) : format,
            frames,
            run.rows,
            run.unknown.frames(),
            run.unknown.list(DecodeSummary.MAX_LISTED_IDS),
            outOfWindow);
      } finally {
        if (lease != null) {
          // a failed split cannot be continued: its half-read messages are dropped
          if (completed) {
            transport.give(lease);
          } else {
            transport.discard(lease);
          }
        }
      }
    }

    @Override
    public long pendingRows() {
      return pendingRows;
    }

    @Override
    public void commit() throws SinkException, IOException {
      commitRows();
      Map<String, List<SignalIndex.MessageEntry>> byDevice = new HashMap<>();
      for (Stored s : added) {
        byDevice.computeIfAbsent(s.device(), d -> new ArrayList<>()).addAll(s.entries());
      }
      for (Map.Entry<String, List<SignalIndex.MessageEntry>> e : byDevice.entrySet()) {
        index.record(e.getKey(), e.getValue()); // one index write per device and batch
      }
      added.clear();
    }

    private void commitRows() throws SinkException {
      long t0 = System.nanoTime();
      writer.commit();
      storeLatency.record(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS);
      pendingRows = 0;
    }

    @Override
    public void close() {
      writer.close();
    }
  }

  private static String formatOf(Path file) {
    String n = file.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot < 0 ? "unknown" : n.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * The per-upload decode state. {@link #accept} is the hot path: bus lookup by reference, O(1)
   * message lookup, values written into a reused array.
   */
  static final class Run {
    private final String device;
    private final DbcCatalog.DeviceDecoders decoders;
    private final SinkWriter writer;
    private final Map<DbcDecoder, int[]> handles = new IdentityHashMap<>();
    private final Map<DbcDecoder, DecodeResult> results = new IdentityHashMap<>();
    private final Map<String, DbcDecoder> busDecoders = new HashMap<>();
    private final UnknownIds unknown = new UnknownIds();
    private String lastBus;
    private DbcDecoder lastDecoder;
    private int[] lastHandles;
    private DecodeResult result;
    private double[] values = new double[16];
    private final List<MessageTable> tables = new ArrayList<>();
    private final List<String> messageNames = new ArrayList<>();
    private final List<List<String>> signalNames = new ArrayList<>();
    private long[] firstSeen = new long[16];
    private long[] lastSeen = new long[16];
    long rows;

    Run(String device, DbcCatalog.DeviceDecoders decoders, SinkWriter writer) {
      this.device = device;
      this.decoders = decoders;
      this.writer = writer;
      Arrays.fill(firstSeen, Long.MAX_VALUE);
      Arrays.fill(lastSeen, Long.MIN_VALUE);
    }

    /** What this run stored, per table, for the {@link SignalIndex}. */
    List<SignalIndex.MessageEntry> entries() {
      List<SignalIndex.MessageEntry> out = new ArrayList<>();
      for (int h = 0; h < tables.size(); h++) {
        MessageTable t = tables.get(h);
        if (t == null || lastSeen[h] == Long.MIN_VALUE) {
          continue;
        }
        out.add(
            new SignalIndex.MessageEntry(
                messageNames.get(h),
                t.name(),
                signalNames.get(h),
                t.signals(),
                t.units(),
                Math.floorDiv(firstSeen[h], 1000L),
                Math.floorDiv(lastSeen[h], 1000L)));
      }
      return out;
    }

    /** Reassembled and passed-through frames of a {@link TransportStage}, decoded and stored. */
    private final FrameConsumer transportOutput =
        f -> {
          try {
            accept(f);
          } catch (SinkException e) {
            throw new SinkFailure(e);
          }
        };

    /** Feeds one frame through the reassembly stage; false when no row was written. */
    boolean acceptVia(TransportStage stage, CanFrame frame) throws SinkException {
      long before = rows;
      try {
        stage.accept(frame, transportOutput);
      } catch (SinkFailure e) {
        throw (SinkException) e.getCause();
      }
      return rows > before;
    }

    /** Carries a store failure out of the stage's consumer. */
    private static final class SinkFailure extends RuntimeException {
      SinkFailure(SinkException cause) {
        super(cause);
      }
    }

    /** Decodes and stores one frame; false when no row was written. */
    boolean accept(CanFrame frame) throws SinkException {
      if (frame.kind != FrameKind.DATA) {
        return false; // remote and error frames carry no signals
      }
      String bus = frame.bus == null ? "can?" : frame.bus;
      if (bus != lastBus) {
        selectBus(bus);
      }
      MessageCodec codec = lastDecoder.lookup(frame.id, frame.extended);
      if (codec == null) {
        unknown.add(bus, frame.id, frame.extended);
        return false;
      }
      int h = lastHandles[codec.index()];
      if (h < 0) {
        h = declare(codec);
      }
      codec.decode(frame.data, frame.length, result);
      int n = codec.signalCount();
      double[] v = values;
      Arrays.fill(v, 0, n, Double.NaN);
      for (int k = 0, c = result.count(); k < c; k++) {
        int i = result.signalIndex(k);
        v[i] = result.value(i);
      }
      long ts = frame.timestampNs;
      writer.row(h, ts, device, bus, v);
      if (ts < firstSeen[h]) {
        firstSeen[h] = ts;
      }
      if (ts > lastSeen[h]) {
        lastSeen[h] = ts;
      }
      rows++;
      return true;
    }

    private void selectBus(String bus) {
      lastBus = bus;
      DbcDecoder d = busDecoders.computeIfAbsent(bus, decoders::forBus);
      lastDecoder = d;
      lastHandles = handles.computeIfAbsent(d, x -> filled(x.codecs().size()));
      result = results.computeIfAbsent(d, DbcDecoder::newResult);
    }

    private static int[] filled(int n) {
      int[] a = new int[n];
      Arrays.fill(a, -1);
      return a;
    }

    private int declare(MessageCodec codec) throws SinkException {
      Message m = codec.message();
      List<String> names = new ArrayList<>(m.signals().size());
      List<String> units = new ArrayList<>(m.signals().size());
      for (Signal s : m.signals()) {
        names.add(s.name());
        units.add(s.unit() == null ? "" : s.unit());
      }
      MessageTable table = MessageTable.of(m.name(), names, units);
      int h = writer.declare(table);
      lastHandles[codec.index()] = h;
      while (tables.size() <= h) {
        tables.add(null);
        messageNames.add(null);
        signalNames.add(null);
      }
      tables.set(h, table);
      messageNames.set(h, m.name());
      signalNames.set(h, names);
      if (firstSeen.length <= h) {
        int from = firstSeen.length;
        firstSeen = Arrays.copyOf(firstSeen, 2 * h + 2);
        lastSeen = Arrays.copyOf(lastSeen, 2 * h + 2);
        Arrays.fill(firstSeen, from, firstSeen.length, Long.MAX_VALUE);
        Arrays.fill(lastSeen, from, lastSeen.length, Long.MIN_VALUE);
      }
      if (values.length < names.size()) {
        values = new double[names.size()];
      }
      return h;
    }
  }
}
