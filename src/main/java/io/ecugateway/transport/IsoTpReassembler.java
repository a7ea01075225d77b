package io.ecugateway.transport;

import static io.ecugateway.transport.TransportProtocol.ISOTP;

import io.ecugateway.frame.CanFrame;

/**
 * ISO 15765-2 reassembly for one stage. The protocol control information is the high nibble of byte
 * 0: 0 single frame (length in the low nibble; 0 plus length in byte 1 for CAN FD), 1 first frame
 * (12-bit length; {@code 10 00} plus a 32-bit length escapes), 2 consecutive frame (sequence number
 * 1..15, 0, 1, ...), 3 flow control (sent by the tester; ignored). One session per (bus, ID, IDE).
 */
final class IsoTpReassembler {
  private final TransportStage stage;
  private final SessionTable sessions;
  private final TransportCounters counters;
  private final int maxMessageBytes;

  IsoTpReassembler(
      TransportStage stage,
      SessionTable sessions,
      TransportCounters counters,
      int maxMessageBytes) {
    this.stage = stage;
    this.sessions = sessions;
    this.counters = counters;
    this.maxMessageBytes = maxMessageBytes;
  }

  void accept(CanFrame in, IsoTpLayout layout, int busIndex) {
    counters.countSegment(ISOTP);
    if (in.length == 0) {
      counters.countDrop(ISOTP, DropReason.INVALID_HEADER);
      return;
    }
    long key = TransportStage.key(ISOTP, busIndex, TransportConfig.streamKey(in.id, in.extended));
    switch ((in.data[0] >> 4) & 0xF) {
      case 0 -> single(in, layout, key);
      case 1 -> first(in, layout, key);
      case 2 -> consecutive(in, key);
      case 3 -> counters.countControlIgnored(ISOTP);
      default -> counters.countDrop(ISOTP, DropReason.INVALID_HEADER);
    }
  }

  private void single(CanFrame in, IsoTpLayout layout, long key) {
    int length = in.data[0] & 0xF;
    int offset = 1;
    if (length == 0 && in.length > 8) {
      length = in.data[1] & 0xFF;
      offset = 2;
    }
    if (length == 0 || offset + length > in.length) {
      counters.countDrop(ISOTP, DropReason.INVALID_HEADER);
      return;
    }
    Session interrupted = sessions.find(key);
    if (interrupted != null) {
      sessions.drop(interrupted, DropReason.RESTARTED);
    }
    counters.countReassembled(ISOTP);
    stage.deliver(
        in, in.id, in.extended, prefix(layout, length), in.data, offset, length, in.timestampNs);
  }

  private void first(CanFrame in, IsoTpLayout layout, long key) {
    if (in.length < 2) {
      counters.countDrop(ISOTP, DropReason.INVALID_HEADER);
      return;
    }
    long length = ((in.data[0] & 0xF) << 8) | (in.data[1] & 0xFF);
    int offset = 2;
    if (length == 0) {
      if (in.length < 6) {
        counters.countDrop(ISOTP, DropReason.INVALID_HEADER);
        return;
      }
      length = readUint32(in.data, 2);
      offset = 6;
    }
    int carried = in.length - offset;
    if (length <= carried) {
      // A message that fits its first frame must be sent as a single frame.
      counters.countDrop(ISOTP, DropReason.INVALID_HEADER);
      return;
    }
    Session previous = sessions.find(key);
    if (previous != null) {
      sessions.drop(previous, DropReason.RESTARTED);
    }
    if (length > maxMessageBytes) {
      counters.countDrop(ISOTP, DropReason.TOO_LONG);
      return;
    }
    Session s = sessions.open(key, ISOTP, in.timestampNs);
    s.length = (int) length;
    s.layout = layout;
    s.frameLength = in.length;
    s.write(0, in.data, offset, carried);
    s.received = carried;
    s.next = 1;
  }

  private void consecutive(CanFrame in, long key) {
    Session s = sessions.live(key, in.timestampNs);
    if (s == null) {
      counters.countDrop(ISOTP, DropReason.ORPHAN_SEGMENT);
      return;
    }
    if ((in.data[0] & 0xF) != s.next) {
      sessions.drop(s, DropReason.SEQUENCE_GAP);
      return;
    }
    int remaining = s.length - s.received;
    int n = Math.min(in.length - 1, remaining);
    if (n == 0 || (n < remaining && in.length < s.frameLength)) {
      // Only the last consecutive frame may be shorter than the first frame.
      sessions.drop(s, DropReason.SHORT_SEGMENT);
      return;
    }
    s.write(s.received, in.data, 1, n);
    s.received += n;
    s.next = (s.next + 1) & 0xF;
    s.lastNs = in.timestampNs;
    if (s.received == s.length) {
      counters.countReassembled(ISOTP);
      stage.deliver(
          in, in.id, in.extended, prefix(s.layout, s.length), s.buf, 0, s.length, s.firstNs);
      sessions.close(s);
    }
  }

  /** Layout A starts with the low byte of the length (the single-frame PCI); B has no prefix. */
  private static int prefix(IsoTpLayout layout, int length) {
    return layout == IsoTpLayout.A ? length & 0xFF : -1;
  }

  private static long readUint32(byte[] b, int at) {
    return ((long) (b[at] & 0xFF) << 24)
        | ((b[at + 1] & 0xFF) << 16)
        | ((b[at + 2] & 0xFF) << 8)
        | (b[at + 3] & 0xFF);
  }
}
