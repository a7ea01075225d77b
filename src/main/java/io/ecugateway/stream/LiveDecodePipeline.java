package io.ecugateway.stream;

import io.ecugateway.frame.CanFrame;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Frames of one device in, batches of decoded messages out: decode with the device's DBC mapping,
 * announce (device, message) pairs the catalogue has not seen, hand decoded frames to storage, and
 * publish in batches. Used by one thread at a time (an ingest worker or a replay).
 */
public final class LiveDecodePipeline {
  static final int MAX_BATCH = 512;

  /** Where results go; called on the pipeline's thread. */
  public interface Sink {
    /** May block briefly (back-pressure) when consumers lag; never called on an event loop. */
    void publish(LiveBatch batch);

    void newCatalogueEntry(CatalogueEntry entry);

    /** A decoded frame, for storage (before its message is published). Must not block. */
    default void store(LiveMessage message, MessageInfo info) {}
  }

  private final String device;
  private final LiveDecoder decoder;
  private final LiveCatalogue catalogue;
  private final Sink sink;
  private final Set<String> seen = new HashSet<>();
  private List<LiveMessage> batch = new ArrayList<>();
  private long frames;
  private long unknown;

  public LiveDecodePipeline(
      String device, LiveDecoder decoder, LiveCatalogue catalogue, Sink sink) {
    this.device = device;
    this.decoder = decoder;
    this.catalogue = catalogue;
    this.sink = sink;
  }

  /** Decodes one frame into the current batch; a frame without a time gets the current time. */
  public void frame(CanFrame f) {
    frames++;
    if (f.timestampNs == 0) {
      f.timestampNs = System.currentTimeMillis() * 1_000_000L;
    }
    if (!decoder.decode(device, f, this::decoded)) {
      unknown++;
    }
  }

  private void decoded(LiveMessage m, MessageInfo info) {
    if (seen.add(m.message()) && catalogue.add(device, info)) {
      sink.newCatalogueEntry(new CatalogueEntry(device, info));
    }
    sink.store(m, info);
    batch.add(m);
    if (batch.size() >= MAX_BATCH) {
      flush();
    }
  }

  /** Publishes what was decoded since the last flush. */
  public void flush() {
    if (!batch.isEmpty()) {
      sink.publish(new LiveBatch(device, batch));
      batch = new ArrayList<>();
    }
  }

  public long frames() {
    return frames;
  }

  /** Frames whose identifier no DBC of the device knows. */
  public long unknownFrames() {
    return unknown;
  }
}
