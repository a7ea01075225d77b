package io.ecugateway.transport;

import static io.ecugateway.transport.TransportProtocol.J1939;

import io.ecugateway.frame.CanFrame;

/**
 * SAE J1939-21 transport for one stage. TP.CM (PGN 0xEC00) opens a session with BAM (0x20,
 * broadcast, destination 0xFF) or RTS (0x10, to one destination): size (LE, bytes 1-2), packet
 * count (byte 3), PGN (LE, bytes 5-7). TP.DT (PGN 0xEB00) carries packet number (byte 0) and seven
 * data bytes. One session per (bus, SA, DA), so a BAM and an RTS of one sender run side by side.
 * CTS and EndOfMsgAck are ignored; with RTS/CTS a CTS may ask for packets again, and a repeated
 * packet replaces the earlier one.
 */
final class J1939TpReassembler {
  private static final int TP_CM = 0x0EC;
  private static final int TP_DT = 0x0EB;
  private static final int RTS = 0x10;
  private static final int CTS = 0x11;
  private static final int END_OF_MSG_ACK = 0x13;
  private static final int BAM = 0x20;
  private static final int ABORT = 0xFF;
  private static final int MAX_SIZE = 1785;
  private static final int OUTPUT_PRIORITY = 6;

  private final TransportStage stage;
  private final SessionTable sessions;
  private final TransportCounters counters;

  J1939TpReassembler(TransportStage stage, SessionTable sessions, TransportCounters counters) {
    this.stage = stage;
    this.sessions = sessions;
    this.counters = counters;
  }

  /** Takes TP.CM and TP.DT frames (29-bit IDs); returns false for every other frame. */
  boolean accept(CanFrame in, int busIndex) {
    // EDP, DP and PF together: TP.CM and TP.DT live on data page 0.
    int format = (in.id >>> 16) & 0x3FF;
    if (format != TP_CM && format != TP_DT) {
      return false;
    }
    counters.countSegment(J1939);
    int sa = in.id & 0xFF;
    int da = (in.id >>> 8) & 0xFF;
    if (format == TP_CM) {
      connectionManagement(in, busIndex, sa, da);
    } else {
      dataTransfer(in, key(busIndex, sa, da));
    }
    return true;
  }

  private void connectionManagement(CanFrame in, int busIndex, int sa, int da) {
    if (in.length < 8) {
      counters.countDrop(J1939, DropReason.INVALID_HEADER);
      return;
    }
    int control = in.data[0] & 0xFF;
    switch (control) {
      case BAM, RTS -> start(in, key(busIndex, sa, da), sa, control == BAM);
      case CTS, END_OF_MSG_ACK -> counters.countControlIgnored(J1939);
      case ABORT -> abort(key(busIndex, sa, da), key(busIndex, da, sa));
      default -> counters.countDrop(J1939, DropReason.INVALID_HEADER);
    }
  }

  private void start(CanFrame in, long key, int sa, boolean broadcast) {
    byte[] d = in.data;
    int size = (d[1] & 0xFF) | (d[2] & 0xFF) << 8;
    int packets = d[3] & 0xFF;
    int pgn = (d[5] & 0xFF) | (d[6] & 0xFF) << 8 | (d[7] & 0x03) << 16;
    if (size == 0 || size > MAX_SIZE || packets != (size + 6) / 7) {
      counters.countDrop(J1939, DropReason.INVALID_HEADER);
      return;
    }
    Session previous = sessions.find(key);
    if (previous != null) {
      sessions.drop(previous, DropReason.RESTARTED);
    }
    Session s = sessions.open(key, J1939, in.timestampNs);
    s.length = size;
    s.packets = packets;
    s.broadcast = broadcast;
    s.outId = OUTPUT_PRIORITY << 26 | pgn << 8 | sa;
  }

  /** An abort from either end of a connection ends it; broadcasts cannot be aborted. */
  private void abort(long senderKey, long receiverKey) {
    if (!abortSession(senderKey) & !abortSession(receiverKey)) {
      counters.countControlIgnored(J1939);
    }
  }

  private boolean abortSession(long key) {
    Session s = sessions.find(key);
    if (s == null || s.broadcast) {
      return false;
    }
    sessions.drop(s, DropReason.ABORTED);
    return true;
  }

  private void dataTransfer(CanFrame in, long key) {
    Session s = sessions.live(key, in.timestampNs);
    if (s == null) {
      counters.countDrop(J1939, DropReason.ORPHAN_SEGMENT);
      return;
    }
    int sequence = in.length > 0 ? in.data[0] & 0xFF : 0;
    boolean inOrder = sequence == s.received + 1;
    boolean repeat = !s.broadcast && sequence >= 1 && sequence <= s.received;
    if (!inOrder && !repeat) {
      sessions.drop(s, DropReason.SEQUENCE_GAP);
      return;
    }
    int offset = (sequence - 1) * 7;
    int n = Math.min(7, s.length - offset);
    if (in.length - 1 < n) {
      sessions.drop(s, DropReason.SHORT_SEGMENT);
      return;
    }
    s.write(offset, in.data, 1, n);
    if (inOrder) {
      s.received = sequence;
    }
    s.lastNs = in.timestampNs;
    if (s.received == s.packets) {
      counters.countReassembled(J1939);
      stage.deliver(in, s.outId, true, -1, s.buf, 0, s.length, s.firstNs);
      sessions.close(s);
    }
  }

  private static long key(int busIndex, int sa, int da) {
    return TransportStage.key(J1939, busIndex, sa << 8 | da);
  }
}
