package io.ecugateway.transport;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The reassembly stages of a service, one per device session, so that a message cut by a split
 * boundary is completed by the next split (docs/transport.md). Splits arrive in order: the stage of
 * split {@code n} is reused for split {@code n + 1}; any other split number (a gap, a replay, an
 * older upload) starts from a fresh stage, and the old one's unfinished messages are counted as
 * {@link DropReason#INCOMPLETE_AT_END}.
 *
 * <p>Use: {@code Lease l = sessions.take(device, session, split, config);} feed the upload's frames
 * to {@code l.stage()}, then {@code sessions.give(l)}. A stage is never shared between threads:
 * while one upload holds it, a concurrent upload of the same session gets a fresh stage. At most
 * {@code capacity} idle stages are kept (least recently used evicted). Thread-safe.
 */
public final class TransportSessions {
  private final int capacity;
  private final Map<String, Idle> idle = new LinkedHashMap<>(16, 0.75f, true);
  private final TransportCounters dropped = new TransportCounters();

  private record Idle(TransportStage stage, long split) {}

  /** A stage lent for one split of a device session. */
  public static final class Lease {
    private final String key;
    private final long split;
    private final TransportStage stage;
    private final boolean continued;

    private Lease(String key, long split, TransportStage stage, boolean continued) {
      this.key = key;
      this.split = split;
      this.stage = stage;
      this.continued = continued;
    }

    public TransportStage stage() {
      return stage;
    }

    /** True if the stage carries the open messages of the previous split. */
    public boolean continued() {
      return continued;
    }
  }

  public TransportSessions(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, got " + capacity);
    }
    this.capacity = capacity;
  }

  /**
   * The stage for split {@code split} of a device session: the previous split's stage if {@code
   * split} follows it and the configuration is the same object, else a new one.
   */
  public synchronized Lease take(
      String device, String session, long split, TransportConfig config) {
    String key = device + '/' + session;
    Idle previous = idle.remove(key);
    if (previous != null
        && previous.split + 1 == split
        && previous.stage.config() == Objects.requireNonNull(config, "config")) {
      return new Lease(key, split, previous.stage, true);
    }
    if (previous != null) {
      retire(previous.stage);
    }
    return new Lease(key, split, new TransportStage(config), false);
  }

  /** Returns a stage after its split was processed completely. */
  public synchronized void give(Lease lease) {
    Idle current = idle.get(lease.key);
    if (current != null && current.split > lease.split) {
      retire(lease.stage); // a later split of the session finished first: keep that one
      return;
    }
    if (current != null) {
      retire(current.stage);
    }
    idle.put(lease.key, new Idle(lease.stage, lease.split));
    Iterator<Idle> oldest = idle.values().iterator();
    while (idle.size() > capacity) {
      retire(oldest.next().stage);
      oldest.remove();
    }
  }

  /** Drops a lease whose split failed: its half-read messages cannot be continued. */
  public synchronized void discard(Lease lease) {
    retire(lease.stage);
  }

  /** Device sessions with a stage waiting for their next split. */
  public synchronized int idleSessions() {
    return idle.size();
  }

  /** Counts of the stages retired so far (their unfinished messages included). */
  public synchronized TransportCounters retired() {
    TransportCounters copy = new TransportCounters();
    copy.add(dropped);
    return copy;
  }

  private void retire(TransportStage stage) {
    stage.flush();
    dropped.add(stage.counters());
  }
}
