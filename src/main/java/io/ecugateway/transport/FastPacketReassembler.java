package io.ecugateway.transport;

import static io.ecugateway.transport.TransportProtocol.NMEA2000;

import io.ecugateway.frame.CanFrame;

/**
 * NMEA 2000 fast packet for one stage. Byte 0 of every frame: sequence counter (bits 7-5, the same
 * for all frames of a message) and frame index (bits 4-0). Frame 0 carries the total length (byte
 * 1, at most 223) and six data bytes, every later frame seven. One session per (bus, PGN, SA); only
 * the fast-packet PGNs of {@link FastPacketPgns} are taken.
 */
final class FastPacketReassembler {
  private static final int MAX_LENGTH = 223;

  private final TransportStage stage;
  private final SessionTable sessions;
  private final TransportCounters counters;

  FastPacketReassembler(TransportStage stage, SessionTable sessions, TransportCounters counters) {
    this.stage = stage;
    this.sessions = sessions;
    this.counters = counters;
  }

  /** Takes frames of fast-packet PGNs (29-bit IDs); returns false for every other frame. */
  boolean accept(CanFrame in, int busIndex) {
    int pgn = FastPacketPgns.pgnOf(in.id);
    if (!FastPacketPgns.contains(pgn)) {
      return false;
    }
    counters.countSegment(NMEA2000);
    if (in.length < 2) {
      counters.countDrop(NMEA2000, DropReason.INVALID_HEADER);
      return true;
    }
    long key = TransportStage.key(NMEA2000, busIndex, (long) pgn << 8 | (in.id & 0xFF));
    int sequenceCounter = (in.data[0] >> 5) & 0x7;
    int index = in.data[0] & 0x1F;
    if (index == 0) {
      first(in, key, sequenceCounter);
    } else {
      next(in, key, sequenceCounter, index);
    }
    return true;
  }

  private void first(CanFrame in, long key, int sequenceCounter) {
    int length = in.data[1] & 0xFF;
    if (length == 0 || length > MAX_LENGTH) {
      counters.countDrop(NMEA2000, DropReason.INVALID_HEADER);
      return;
    }
    Session previous = sessions.find(key);
    if (previous != null) {
      sessions.drop(previous, DropReason.RESTARTED);
    }
    int carried = Math.min(in.length - 2, length);
    if (carried == length) {
      counters.countReassembled(NMEA2000);
      stage.deliver(in, in.id, in.extended, -1, in.data, 2, length, in.timestampNs);
      return;
    }
    if (in.length < 8) {
      counters.countDrop(NMEA2000, DropReason.SHORT_SEGMENT);
      return;
    }
    Session s = sessions.open(key, NMEA2000, in.timestampNs);
    s.length = length;
    s.sequenceCounter = sequenceCounter;
    s.write(0, in.data, 2, carried);
    s.received = carried;
    s.next = 1;
  }

  private void next(CanFrame in, long key, int sequenceCounter, int index) {
    Session s = sessions.live(key, in.timestampNs);
    if (s == null) {
      counters.countDrop(NMEA2000, DropReason.ORPHAN_SEGMENT);
      return;
    }
    if (sequenceCounter != s.sequenceCounter || index != s.next) {
      sessions.drop(s, DropReason.SEQUENCE_GAP);
      return;
    }
    int remaining = s.length - s.received;
    int n = Math.min(in.length - 1, remaining);
    if (n < Math.min(7, remaining)) {
      sessions.drop(s, DropReason.SHORT_SEGMENT);
      return;
    }
    s.write(s.received, in.data, 1, n);
    s.received += n;
    s.next++;
    s.lastNs = in.timestampNs;
    if (s.received == s.length) {
      counters.countReassembled(NMEA2000);
      stage.deliver(in, in.id, in.extended, -1, s.buf, 0, s.length, s.firstNs);
      sessions.close(s);
    }
  }
}
