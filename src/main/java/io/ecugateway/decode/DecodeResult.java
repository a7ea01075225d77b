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

  long[] raw;
  double[] value;

  /**
   * Signal i is present when {@code presentStamp[i] == stamp} (or {@link #allPresent}): bumping the
   * stamp clears every flag at once, instead of filling an array per frame.
   */
  private int[] presentStamp;

  private int stamp;
  private boolean allPresent;
  int[] order;

  /** The list {@link #signalIndex} reads: {@link #order}, or the codec's own when all present. */
  private int[] emitted;

  int count;

  public DecodeResult(int signalCapacity) {
    allocate(Math.max(signalCapacity, 1));
  }

  private void allocate(int n) {
    raw = new long[n];
    value = new double[n];
    presentStamp = new int[n];
    order = new int[n];
    emitted = order;
  }

  /** Starts a frame whose signals are marked one by one ({@link #markPresent}). */
  void begin(MessageCodec c, int len) {
    start(c, len);
    if (++stamp == 0) {
      Arrays.fill(presentStamp, 0);
      stamp = 1;
    }
    allPresent = false;
    emitted = order;
    count = 0;
  }

  /** Starts a frame in which exactly the signals of {@code present} (in output order) decode. */
  void beginAllPresent(MessageCodec c, int len, int[] present) {
    start(c, len);
    allPresent = true;
    emitted = present;
    count = present.length;
  }

  private void start(MessageCodec c, int len) {
    if (presentStamp.length < c.signalCount()) {
      allocate(c.signalCount());
    }
    codec = c;
    length = len;
  }

  void markPresent(int signalIndex) {
    presentStamp[signalIndex] = stamp;
  }

  void frame(int id, boolean ext) {
    frameId = id;
    extended = ext;
  }

  private boolean j1939() {
    return codec.message().j1939();
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
    return j1939() ? J1939.sourceAddress(frameId) : -1;
  }

  /** J1939 PDU1 destination address (0..255), -1 for PDU2 or non-J1939 messages. */
  public int destinationAddress() {
    return j1939() ? J1939.destinationAddress(frameId) : -1;
  }

  /** J1939 parameter group number, -1 for non-J1939 messages. */
  public int pgn() {
    return j1939() ? J1939.pgn(frameId) : -1;
  }

  /** Number of signals present in this frame. */
  public int count() {
    return count;
  }

  /**
   * Index (into {@code message().signals()}) of the k-th present signal, k &lt; {@link #count()}.
   */
  public int signalIndex(int k) {
    return emitted[k];
  }

  public Signal signal(int signalIndex) {
    return codec.signal(signalIndex);
  }

  public boolean isPresent(int signalIndex) {
    return allPresent ? codec.decodable(signalIndex) : presentStamp[signalIndex] == stamp;
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
    return codec.integerValue(signalIndex, raw[signalIndex]);
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
