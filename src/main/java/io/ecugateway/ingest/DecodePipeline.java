package io.ecugateway.ingest;

import io.ecugateway.catalog.DbcCatalog;
import io.ecugateway.catalog.SignalIndex;
import io.ecugateway.format.FormatRegistry;
import io.ecugateway.format.FrameReader;
import io.ecugateway.format.LogMetadata;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.TimestampWindow;
import io.ecugateway.pipeline.DecodeStep;
import io.ecugateway.pipeline.MessageRows;
import io.ecugateway.pipeline.UnknownIds;
import io.ecugateway.sink.SignalOutput;
import io.ecugateway.sink.SinkException;
import io.ecugateway.sink.SinkWriter;
import io.ecugateway.transport.TransportSessions;
import io.ecugateway.transport.TransportSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an archived log (any registered format), decodes each frame with the DBCs bound to the
 * device and its bus ({@link DecodeStep}), and writes one row per decoded frame into the message's
 * table ({@link MessageRows}), in batches of uploads that share one store writer and commit.
 * Allocates nothing per frame.
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
      TransportSettings transport,
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
    private final MessageRows rows;
    private long pendingRows;

    StoreBatch(SinkWriter writer) {
      this.writer = writer;
      this.rows = new MessageRows(writer);
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
      boolean completed = false;
      try (FrameReader reader = FormatRegistry.open(file, options)) {
        String format = reader.metadata().get(LogMetadata.FORMAT);
        MessageRows.DeviceRows deviceRows = rows.forDevice(upload.device());
        DecodeStep<SinkException> step =
            new DecodeStep<>(
                decoders::forBus, window, lease == null ? null : lease.stage(), deviceRows);
        CanFrame frame = new CanFrame();
        long counted = 0;
        while (reader.next(frame)) {
          if ((step.frames() & 0xFFFF) == 0xFFFF && Thread.interrupted()) {
            throw new InterruptedException("shutdown");
          }
          step.accept(frame);
          long written = deviceRows.rows();
          if (written != counted) {
            pendingRows += written - counted;
            counted = written;
            if (pendingRows >= COMMIT_EVERY_ROWS) {
              commitRows();
            }
          }
        }
        long frames = step.frames();
        if (step.outOfWindow() > 0) {
          LOG.warn(
              "{}{} of {} frames dated outside the stored time window (decode.minTimestamp,"
                  + " decode.maxFutureSeconds) were not stored; the first at {}",
              upload.logContext(),
              step.outOfWindow(),
              frames,
              TimestampWindow.describe(step.firstOutOfWindowNs()));
        }
        UnknownIds unknownIds = step.unknown();
        framesIn.increment(frames);
        decoded.increment(deviceRows.rows());
        unknown.increment(unknownIds.frames());
        completed = true;
        return new DecodeSummary(
            format == null ? formatOf(file) : format,
            frames,
            deviceRows.rows(),
            unknownIds.frames(),
            unknownIds.list(DecodeSummary.MAX_LISTED_IDS),
            step.outOfWindow());
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
      for (Map.Entry<String, List<SignalIndex.MessageEntry>> e : rows.entries().entrySet()) {
        index.record(e.getKey(), e.getValue()); // one index write per device and batch
      }
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
}
