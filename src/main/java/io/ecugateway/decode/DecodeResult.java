package io.ecugateway.decode;

import io.ecugateway.dbc.Message;
import io.ecugateway.dbc.Signal;
import java.util.Arrays;

/**
 * The reusable outcome of decoding one frame: which message matched, which of its signals are
 * present and their raw and physical values. One instance per thread; {@link DbcDecoder#decode}
 * overwrites it, so decoding allocates nothing per frame.
 *
 * <p>Signals are addressed by their index in {@link Message#signals()}; {@link #count()} and {@link
 * #signalIndex(int)} list the present ones in output order. Typical loop:
 *
 * <pre>{@code
 * DecodeResult r = decoder.newResult();
 * if (decoder.decode(frame, r)) {
 *   for (int k = 0; k < r.count(); k++) {
 *     int i = r.signalIndex(k);
 *     String name = r.signal(i).name();
 *     if (r.isInteger(i)) use(name, r.longValue(i)); else use(name, r.value(i));
 *   }
 * }
 * }</pre>
 *
 * <p>Values follow cantools exactly: {@link #value(int)} is {@code raw * factor + offset} in double
 * precision; when {@link #isInteger(int)} (factor and offset integral on an integer signal) the
 * exact physical value is {@link #longValue(int)}. Value labels are not applied; {@link
 * #label(int)} looks one up.
 */
public final class DecodeResult {
  private MessageCodec codec;
  private int frameId;
  private boolean extended;
  private int length;
  private int sourceAddress = -1;
  private int destinationAddress = -1;
  private int pgn = -1;

  long[] raw;
  long[] longValue;
  double[] value;
  boolean[] present;
  int[] order;
  int count;

  public DecodeResult() {
    this(16);
  }

  public DecodeResult(int signalCapacity) {
    allocate(Math.max(signalCapacity, 1));
  }

  private void allocate(int n) {
    raw = new long[n];
    longValue = new long[n];
    value = new double[n];
    present = new boolean[n];
    order = new int[n];
  }

  void begin(MessageCodec c, int len) {
    int n = c.signalCount();
    if (present.length < n) {
      allocate(n);
    } else {
      Arrays.fill(present, 0, n, false);
    }
    codec = c;
    length = len;
    count = 0;
    sourceAddress = -1;
    destinationAddress = -1;
    pgn = -1;
  }

  void frame(int id, boolean ext, boolean j1939) {
    frameId = id;
    extended = ext;
    if (j1939) {
      sourceAddress = J1939.sourceAddress(id);
      destinationAddress = J1939.destinationAddress(id);
      pgn = J1939.pgn(id);
    }
  }

  /** The matched message's codec (null before the first successful decode). */
  public MessageCodec codec() {
    return codec;
  }

  public Message message() {
    return codec.message();
  }

  public String messageName() {
    return codec.message().name();
  }

  /** Identifier of the decoded frame (for J1939 it may differ from the DBC's in priority/SA). */
  public int frameId() {
    return frameId;
  }

  public boolean extended() {
    return extended;
  }

  /** Number of payload bytes decoded from. */
  public int length() {
    return length;
  }

  /** J1939 source address of the frame (0..255) when the message matched by PGN, else -1. */
  public int sourceAddress() {
    return sourceAddress;
  }

  /** J1939 PDU1 destination address (0..255), -1 for PDU2 or non-J1939 messages. */
  public int destinationAddress() {
    return destinationAddress;
  }

  /** J1939 parameter group number, -1 for non-J1939 messages. */
  public int pgn() {
    return pgn;
  }

  /** Number of signals present in this frame. */
  public int count() {
    return count;
  }

  /**
   * Index (into {@code message().signals()}) of the k-th present signal, k &lt; {@link #count()}.
   */
  public int signalIndex(int k) {
    return order[k];
  }

  public Signal signal(int signalIndex) {
    return codec.signal(signalIndex);
  }

  public boolean isPresent(int signalIndex) {
    return present[signalIndex];
  }

  /** Physical value in double precision ({@code raw * factor + offset}). */
  public double value(int signalIndex) {
    return value[signalIndex];
  }

  /** True when cantools yields an integer for this signal; then {@link #longValue} is exact. */
  public boolean isInteger(int signalIndex) {
    return codec.isInteger(signalIndex);
  }

  /**
   * Exact integer physical value when {@link #isInteger}; read as unsigned when {@link
   * #isUnsignedLong} (a 64-bit unsigned signal).
   */
  public long longValue(int signalIndex) {
    return longValue[signalIndex];
  }

  /** The raw integer (sign-extended for signed signals; the bit pattern for float signals). */
  public long raw(int signalIndex) {
    return raw[signalIndex];
  }

  /** True for IEEE float signals. */
  public boolean isFloat(int signalIndex) {
    return codec.isFloat(signalIndex);
  }

  /** The raw value of a float signal as a number (cantools' raw for IEEE float signals). */
  public double rawFloat(int signalIndex) {
    long r = raw[signalIndex];
    return codec.signal(signalIndex).length() == 32
        ? Float.intBitsToFloat((int) r)
        : Double.longBitsToDouble(r);
  }

  /** Raw and integer values of this signal are unsigned 64-bit numbers. */
  public boolean isUnsignedLong(int signalIndex) {
    return codec.isUnsignedLong(signalIndex);
  }

  /** The value label ({@code VAL_}) of the raw value, or null. */
  public String label(int signalIndex) {
    return codec.label(signalIndex, raw[signalIndex]);
  }

  /** The unit, "" when none. */
  public String unit(int signalIndex) {
    return codec.signal(signalIndex).unit();
  }
}
