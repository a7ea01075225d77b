package io.ecugateway.frame;

/**
 * One bus frame, as every reader yields it and every decoder consumes it. Mutable and reusable on
 * purpose: readers fill the same instance for each record so that scanning a file allocates nothing
 * per frame. Call {@link #copy()} to keep a frame beyond the next read.
 */
public final class CanFrame {
  /** Largest payload: CAN FD frames carry up to 64 bytes. */
  public static final int MAX_DATA = 64;

  /** Absolute time, nanoseconds since the Unix epoch (UTC). */
  public long timestampNs;

  /**
   * Bus name: {@code can1}, {@code can2}, {@code lin1} for MDF sources; the interface name for text
   * logs.
   */
  public String bus;

  /** Identifier without flags: 11 bits, 29 bits if {@link #extended}, 6 bits for LIN. */
  public int id;

  public boolean extended;
  public boolean fd;
  public boolean brs;
  public boolean esi;
  public FrameKind kind = FrameKind.DATA;
  public Direction direction = Direction.RX;

  /** Data length code as on the wire (0..15); for classic CAN equal to {@link #length} up to 8. */
  public int dlc;

  /** Number of valid bytes in {@link #data}. */
  public int length;

  /**
   * Payload; only the first {@link #length} bytes are valid. Capacity is at least {@link
   * #MAX_DATA}.
   */
  public byte[] data;

  public CanFrame() {
    this(MAX_DATA);
  }

  /** For reassembled multi-frame payloads that exceed 64 bytes (ISO-TP, J1939 TP). */
  public CanFrame(int capacity) {
    this.data = new byte[Math.max(capacity, MAX_DATA)];
  }

  /** Makes sure {@link #data} can hold {@code n} bytes, keeping nothing. */
  public void ensureCapacity(int n) {
    if (data.length < n) {
      data = new byte[n];
    }
  }

  public CanFrame set(CanFrame o) {
    timestampNs = o.timestampNs;
    bus = o.bus;
    id = o.id;
    extended = o.extended;
    fd = o.fd;
    brs = o.brs;
    esi = o.esi;
    kind = o.kind;
    direction = o.direction;
    dlc = o.dlc;
    length = o.length;
    ensureCapacity(o.length);
    System.arraycopy(o.data, 0, data, 0, o.length);
    return this;
  }

  public CanFrame copy() {
    return new CanFrame(length).set(this);
  }

  /** Maps a CAN FD DLC (0..15) to its byte length. */
  public static int dlcToLength(int dlc) {
    return dlc <= 8 ? dlc : FD_LENGTHS[Math.min(dlc, 15) - 9];
  }

  /** Smallest DLC whose length holds {@code length} bytes. */
  public static int lengthToDlc(int length) {
    if (length <= 8) {
      return length;
    }
    for (int i = 0; i < FD_LENGTHS.length; i++) {
      if (FD_LENGTHS[i] >= length) {
        return 9 + i;
      }
    }
    return 15;
  }

  private static final int[] FD_LENGTHS = {12, 16, 20, 24, 32, 48, 64};

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(timestampNs).append(' ').append(bus).append(' ');
    sb.append(Integer.toHexString(id).toUpperCase()).append(extended ? "x" : "");
    sb.append(fd ? " fd" : "").append(' ').append(kind).append(' ').append(direction).append(" [");
    for (int i = 0; i < length; i++) {
      sb.append(String.format("%02X", data[i] & 0xFF));
    }
    return sb.append(']').toString();
  }
}
