package io.ecugateway.stream.ws;

import io.ecugateway.decode.DecodeResult;
import io.ecugateway.format.LogSource;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.format.candump.CandumpFormat;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.pipeline.DeviceDecoding;
import io.ecugateway.stream.CatalogueEntry;
import io.ecugateway.stream.LiveBatch;
import io.ecugateway.stream.LiveIngestWorker;
import io.vertx.core.Context;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live frame source (a {@code /ws/ingest} WebSocket or a TCP connection): feeds its chunks to a
 * {@link LiveIngestWorker} on a virtual thread and applies the worker's flow control to the
 * transport. Transport calls happen on the connection's event loop.
 */
final class IngestConnection implements LiveIngestWorker.Sink {
  private static final Logger LOG = LoggerFactory.getLogger(IngestConnection.class);
  private static final int MAX_WARNINGS_PER_SECOND = 5;

  /** What the transport must do; always called on its event loop. */
  interface Transport {
    void pause();

    void resume();

    /** Tells the sender about a bad line or record (best effort). */
    void warn(String text);

    /** Ends the connection after a fatal error. */
    void fail(String reason);
  }

  private final Context context;
  private final LiveHub hub;
  private final Transport transport;
  private final LiveStore store;
  private final LiveIngestWorker worker;
  private final String device;
  private long countedFrames;
  private long countedUnknown;
  private long warningSecond;
  private int warningsThisSecond;

  IngestConnection(
      Context context,
      LiveHub hub,
      String device,
      String sourceName,
      DeviceDecoding decoding,
      LiveStore store,
      Transport transport) {
    this.context = context;
    this.device = device;
    this.hub = hub;
    this.transport = transport;
    this.store = store;
    ReadOptions options =
        new ReadOptions(Map.of(), this::warning, Path.of(System.getProperty("java.io.tmpdir")));
    CandumpFormat candump = new CandumpFormat();
    this.worker =
        new LiveIngestWorker(
            device,
            sourceName,
            decoding,
            hub.catalogue(),
            (name, in) -> candump.open(LogSource.of(name, in), options),
            this);
    Thread.ofVirtual().name("live-ingest-" + device).start(worker);
  }

  /** Whole lines of candump text; pauses the transport when the worker lags. */
  void text(byte[] lines) {
    offer(lines, false);
  }

  /** One binary batch ({@code LiveFrameCodec}). */
  void binary(byte[] message) {
    offer(message, true);
  }

  private void offer(byte[] chunk, boolean binary) {
    try {
      if (binary ? worker.offerBinary(chunk) : worker.offerText(chunk)) {
        transport.pause();
      }
    } catch (IllegalStateException e) {
      transport.fail(e.getMessage());
    }
  }

  /** The transport closed: finish what is queued. */
  void end() {
    worker.end();
  }

  @Override
  public void publish(LiveBatch batch) {
    long frames = worker.frames();
    long unknown = worker.unknownFrames();
    hub.countFrames(frames - countedFrames, unknown - countedUnknown);
    countedFrames = frames;
    countedUnknown = unknown;
    hub.publish(batch);
  }

  @Override
  public void newCatalogueEntry(CatalogueEntry entry) {
    hub.announce(entry);
  }

  @Override
  public void store(String device, CanFrame frame, DecodeResult result) {
    store.offer(device, frame, result);
  }

  @Override
  public void warning(String text) {
    long second = System.currentTimeMillis() / 1000;
    if (second != warningSecond) {
      warningSecond = second;
      warningsThisSecond = 0;
    }
    if (++warningsThisSecond <= MAX_WARNINGS_PER_SECOND) {
      context.runOnContext(v -> transport.warn(text));
    } else if (warningsThisSecond == MAX_WARNINGS_PER_SECOND + 1) {
      // the sender learns that it is not told everything, instead of nothing
      context.runOnContext(
          v ->
              transport.warn(
                  "more than "
                      + MAX_WARNINGS_PER_SECOND
                      + " warnings this second: further ones are not sent until the next"));
    }
  }

  @Override
  public void resume() {
    context.runOnContext(v -> transport.resume());
  }

  @Override
  public void ended(Throwable error) {
    hub.countFrames(worker.frames() - countedFrames, worker.unknownFrames() - countedUnknown);
    if (error != null) {
      LOG.warn("[device: {}] live ingest ended with an error: {}", device, error.toString());
      context.runOnContext(v -> transport.fail(String.valueOf(error.getMessage())));
    }
  }
}
