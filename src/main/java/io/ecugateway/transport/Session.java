package io.ecugateway.transport;

/**
 * One message being reassembled. Pooled by {@link SessionTable}: the buffer grows to the largest
 * message the session has carried (never beyond {@link TransportConfig#maxMessageBytes()}) and is
 * reused, so steady-state reassembly allocates nothing.
 */
final class Session {
  long key;
  TransportProtocol protocol;
  long firstNs;
  long lastNs;

  /** Declared message length in bytes. */
  int length;

  /** Bytes received so far (ISO-TP, fast packet) or highest packet in order (J1939). */
  int received;

  /** Next expected sequence number (ISO-TP SN, fast-packet frame index). */
  int next;

  /** ISO-TP: length of the first frame, which every non-final consecutive frame must reach. */
  int frameLength;

  /** J1939: number of TP.DT packets announced. */
  int packets;

  /** J1939: broadcast (BAM, strict order) rather than RTS/CTS (repeats allowed). */
  boolean broadcast;

  /** Fast packet: the 3-bit sequence counter shared by the message's frames. */
  int sequenceCounter;

  /** J1939: the ID of the reassembled frame. */
  int outId;

  /** ISO-TP: how the reassembled payload is laid out. */
  IsoTpLayout layout;

  byte[] buf = new byte[64];

  void start(long key, TransportProtocol protocol, long nowNs) {
    this.key = key;
    this.protocol = protocol;
    this.firstNs = nowNs;
    this.lastNs = nowNs;
    this.length = 0;
    this.received = 0;
    this.next = 0;
    this.frameLength = 0;
    this.packets = 0;
    this.broadcast = false;
    this.sequenceCounter = 0;
    this.outId = 0;
    this.layout = null;
  }

  /** Copies {@code n} bytes to {@code offset}; the caller has checked offset + n <= length. */
  void write(int offset, byte[] src, int srcOffset, int n) {
    int end = offset + n;
    if (end > buf.length) {
      byte[] grown = new byte[Math.min(Math.max(end, buf.length * 2), Math.max(length, end))];
      System.arraycopy(buf, 0, grown, 0, buf.length);
      buf = grown;
    }
    System.arraycopy(src, srcOffset, buf, offset, n);
  }
}
