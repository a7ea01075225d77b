package io.ecugateway.transport;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@link TransportStage} did, per protocol: messages reassembled, segments consumed,
 * flow-control style frames ignored, and every discarded session or segment by {@link DropReason}.
 * Plain counters owned by the stage's thread; read them from that thread (or after it finished).
 */
public final class TransportCounters {
  private static final TransportProtocol[] PROTOCOLS = TransportProtocol.values();
  private static final DropReason[] REASONS = DropReason.values();

  private final long[] reassembled = new long[PROTOCOLS.length];
  private final long[] segments = new long[PROTOCOLS.length];
  private final long[] controlIgnored = new long[PROTOCOLS.length];
  private final long[][] drops = new long[PROTOCOLS.length][REASONS.length];
  private long passedThrough;

  void countReassembled(TransportProtocol p) {
    reassembled[p.ordinal()]++;
  }

  void countSegment(TransportProtocol p) {
    segments[p.ordinal()]++;
  }

  void countControlIgnored(TransportProtocol p) {
    controlIgnored[p.ordinal()]++;
  }

  void countDrop(TransportProtocol p, DropReason reason) {
    drops[p.ordinal()][reason.ordinal()]++;
  }

  void setPassedThrough(long frames) {
    passedThrough = frames;
  }

  /** Complete messages delivered (ISO-TP single frames included). */
  public long reassembled(TransportProtocol p) {
    return reassembled[p.ordinal()];
  }

  /** Frames taken by the protocol (segments, single frames, control frames): never passed on. */
  public long segments(TransportProtocol p) {
    return segments[p.ordinal()];
  }

  /** ISO-TP flow control, J1939 CTS and EndOfMsgAck frames: consumed, no effect on sessions. */
  public long controlIgnored(TransportProtocol p) {
    return controlIgnored[p.ordinal()];
  }

  public long drops(TransportProtocol p, DropReason reason) {
    return drops[p.ordinal()][reason.ordinal()];
  }

  /** Sum over protocols and reasons. */
  public long totalDrops() {
    long n = 0;
    for (long[] perProtocol : drops) {
      for (long v : perProtocol) {
        n += v;
      }
    }
    return n;
  }

  /** Frames on no transport stream, passed on unchanged. */
  public long passedThrough() {
    return passedThrough;
  }

  /**
   * The non-zero counters as {@code isotp.reassembled}, {@code j1939.segments}, {@code
   * nmea2000.dropped.sequence_gap}, ... plus {@code passed_through}; stable order.
   */
  public Map<String, Long> asMap() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("passed_through", passedThrough);
    for (TransportProtocol p : PROTOCOLS) {
      int i = p.ordinal();
      putNonZero(m, p.cliName() + ".reassembled", reassembled[i]);
      putNonZero(m, p.cliName() + ".segments", segments[i]);
      putNonZero(m, p.cliName() + ".control_ignored", controlIgnored[i]);
      for (DropReason r : REASONS) {
        putNonZero(m, p.cliName() + ".dropped." + r.key(), drops[i][r.ordinal()]);
      }
    }
    return m;
  }

  private static void putNonZero(Map<String, Long> m, String key, long v) {
    if (v != 0) {
      m.put(key, v);
    }
  }

  /** Adds another stage's counts (e.g. to total the per-file stages of a CLI run). */
  public void add(TransportCounters o) {
    passedThrough += o.passedThrough;
    for (int i = 0; i < PROTOCOLS.length; i++) {
      reassembled[i] += o.reassembled[i];
      segments[i] += o.segments[i];
      controlIgnored[i] += o.controlIgnored[i];
      for (int r = 0; r < REASONS.length; r++) {
        drops[i][r] += o.drops[i][r];
      }
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    asMap()
        .forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(v));
    return sb.toString();
  }
}
