package io.ecugateway.transport;

import java.util.Locale;

/**
 * Why a transport session or segment was discarded. Every reason is counted per protocol in {@link
 * TransportCounters}; nothing is dropped silently.
 */
public enum DropReason {
  /** A segment arrived with the wrong sequence number / frame index: a segment was lost. */
  SEQUENCE_GAP,
  /** A new first frame (FF, BAM/RTS, fast-packet frame 0, or an ISO-TP SF) replaced an open one. */
  RESTARTED,
  /** The gap since the session's previous segment exceeded the protocol's receive timeout. */
  TIMEOUT,
  /** J1939 TP.CM Abort from either side of a connection. */
  ABORTED,
  /** A header that breaks the protocol (bad PCI, zero or inconsistent length, unknown control). */
  INVALID_HEADER,
  /** A segment carrying fewer bytes than its position in the message requires. */
  SHORT_SEGMENT,
  /** The declared length exceeds {@link TransportConfig#maxMessageBytes()}. */
  TOO_LONG,
  /**
   * The oldest open session was evicted because {@link TransportConfig#maxSessions()} were open.
   */
  SESSION_LIMIT,
  /** Still incomplete when the input ended ({@link TransportStage#flush}). */
  INCOMPLETE_AT_END,
  /**
   * A continuation segment without an open session (its start was lost or its session dropped).
   * Counts segments, where every other reason counts messages.
   */
  ORPHAN_SEGMENT;

  /** {@code sequence_gap}, {@code orphan_segment}, ... for metrics and summaries. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
