package io.ecugateway.stream;

import io.ecugateway.decode.DbcDecoder;
import io.ecugateway.decode.DecodeResult;
import io.ecugateway.decode.MessageCodec;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.pipeline.DecodeStep;
import io.ecugateway.pipeline.DecodedConsumer;
import io.ecugateway.pipeline.DeviceDecoding;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Frames of one device session (a live connection or a replay) in, batches of decoded messages out:
 * the pipeline's {@link DecodeStep} (time window, reassembly with the device's {@code transport}
 * settings, DBC decoding) turns frames into {@link LiveMessage}s; (device, message) pairs the
 * catalogue has not seen are announced, decoded frames handed to storage, and messages published in
 * batches. Used by one thread at a time (an ingest worker or a replay).
 */
public final class LiveDecodePipeline implements DecodedConsumer<RuntimeException> {
  static final int MAX_BATCH = 512;

  /** Where results go; called on the pipeline's thread. */
  public interface Sink {
    /** May block briefly (back-pressure) when consumers lag; never called on an event loop. */
    void publish(LiveBatch batch);

    void newCatalogueEntry(CatalogueEntry entry);

    /**
     * A decoded frame, for storage (before its message is published). {@code frame} and {@code
     * result} are reused after the call. Must not block.
     */
    default void store(String device, CanFrame frame, DecodeResult result) {}
  }

  /** Per compiled message: its catalogue entry and the names of the signals last present. */
  private static final class PerMessage {
    String[] names = new String[0];
    MessageInfo info;
  }

  private final String device;
  private final DecodeStep<RuntimeException> step;
  private final LiveCatalogue catalogue;
  private final Sink sink;
  private final Set<String> seen = new HashSet<>();
  private final Map<DbcDecoder, PerMessage[]> caches = new IdentityHashMap<>();
  private PerMessage[] cache;
  private List<LiveMessage> batch = new ArrayList<>();

  public LiveDecodePipeline(
      String device, DeviceDecoding decoding, LiveCatalogue catalogue, Sink sink) {
    this.device = device;
    this.catalogue = catalogue;
    this.sink = sink;
    this.step = decoding.newStep(this);
  }

  /** Decodes one frame into the current batch; a frame without a time gets the current time. */
  public void frame(CanFrame f) {
    if (f.timestampNs == 0) {
      f.timestampNs = System.currentTimeMillis() * 1_000_000L;
    }
    step.accept(f);
  }

  @Override
  public void decoderSelected(DbcDecoder decoder) {
    if (caches.size() > 16) {
      caches.clear(); // old decoders of reloaded DBCs
    }
    cache = caches.computeIfAbsent(decoder, d -> new PerMessage[d.codecs().size()]);
  }

  /**
   * Builds the message (the signal-name array is reused while the same signals are present, so
   * subscribers resolve their routes once).
   */
  @Override
  public void decoded(CanFrame frame, DecodeResult r) {
    MessageCodec codec = r.codec();
    PerMessage pm = cache[codec.index()];
    if (pm == null) {
      pm = new PerMessage();
      pm.info = MessageInfo.of(codec);
      cache[codec.index()] = pm;
    }
    int n = r.count();
    double[] values = new double[n];
    String[] names = pm.names;
    boolean same = names.length == n;
    for (int k = 0; k < n; k++) {
      int i = r.signalIndex(k);
      values[k] = r.isInteger(i) ? (double) r.longValue(i) : r.value(i);
      same = same && names[k].equals(codec.signal(i).name());
    }
    if (!same) {
      names = new String[n];
      for (int k = 0; k < n; k++) {
        names[k] = codec.signal(r.signalIndex(k)).name();
      }
      pm.names = names;
    }
    if (seen.add(codec.name()) && catalogue.add(device, pm.info)) {
      sink.newCatalogueEntry(new CatalogueEntry(device, pm.info));
    }
    sink.store(device, frame, r);
    batch.add(new LiveMessage(device, frame.bus, codec.name(), frame.timestampNs, names, values));
    if (batch.size() >= MAX_BATCH) {
      flush();
    }
  }

  /**
   * Publishes what was decoded since the last flush; the next frames look up their decoders again
   * (a long connection picks up reloaded DBC files).
   */
  public void flush() {
    if (!batch.isEmpty()) {
      sink.publish(new LiveBatch(device, batch));
      batch = new ArrayList<>();
    }
    step.refreshDecoders();
  }

  /** The session ended: messages still being reassembled are dropped, the rest published. */
  public void end() {
    step.flush();
    flush();
  }

  public long frames() {
    return step.frames();
  }

  /** Frames whose identifier no DBC of the device knows. */
  public long unknownFrames() {
    return step.unknown().frames();
  }
}
