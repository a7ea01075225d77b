package io.ecugateway.decode;

import io.ecugateway.dbc.ByteOrder;
import io.ecugateway.dbc.MuxRange;
import io.ecugateway.dbc.Signal;
import io.ecugateway.dbc.ValueType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Map;

/**
 * One signal compiled for extraction: byte positions, shifts and masks precomputed, the conversion
 * chosen once with cantools' rules (see {@link Conversion}). Immutable, shared by all threads.
 */
final class SignalCodec {
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  /** Never fits: signals that cannot be decoded (longer than 64 bits, bad float length...). */
  static final int NEVER = Integer.MAX_VALUE;

  // Conversion kinds as ints, so the hot switch reads one field of this object only.
  private static final int IDENTITY = 0;
  private static final int LINEAR_INTEGER = 1;
  private static final int LINEAR = 2;
  private static final int FLOAT = 3;
  private static final int FLOAT_LINEAR = 4;
  private static final int NONE = 5;

  final Signal signal;
  final int index;
  private final int kind;
  private final long factorLong;
  private final long offsetLong;
  private final double factor;
  private final double offset;
  final boolean isInteger;
  final boolean unsignedLong;
  final boolean isFloat;

  /** Payload bytes needed; {@link #NEVER} when undecodable. */
  final int needBytes;

  private final boolean bigEndian;

  /**
   * Fast path (any signal within 8 consecutive bytes, i.e. almost all): one little-endian 8-byte
   * read at {@code wordOffset}, byte-swapped for Motorola signals, then {@code (word << lshift) >>
   * rshift} (arithmetic, so signed values come out sign-extended) and {@code & fastMask} (clears
   * the extension for unsigned signals). Branch-free, so a random mix of messages costs no
   * mispredictions.
   */
  final int wordOffset;

  private final long swapMask;
  private final int lshift;
  private final int rshift;
  private final long fastMask;

  /** The whole signal lies in one 8-byte word ({@link #wordOffset}). */
  final boolean fitsWord;

  /**
   * The physical value is {@code raw * factor + offset} computed uniformly in double precision,
   * exactly equal to the general path (see {@link #linearFastPath}).
   */
  final boolean linear;

  private final int startByte;
  private final int spanBytes;
  private final int length;
  private final long mask;
  private final boolean signExtend;

  /** Little endian: the start bit (LSB). Big endian: sequential position of the LSB. */
  private final int lsbPosition;

  /** Index of the multiplexer signal in the message, -1 when always present. */
  int parent = -1;

  private final long[] muxLow;
  private final long[] muxHigh;
  private final long[] choiceKeys;
  private final String[] choiceLabels;

  SignalCodec(Signal s, int index) {
    this.signal = s;
    this.index = index;
    Conversion conversion = Conversion.of(s);
    this.kind = conversion.kind().ordinal();
    this.factorLong = conversion.factorLong();
    this.offsetLong = conversion.offsetLong();
    this.factor = conversion.factor();
    this.offset = conversion.offset();
    this.isInteger = conversion.kind().integer;
    this.isFloat = s.valueType() != ValueType.INTEGER;
    this.length = s.length();
    this.bigEndian = s.byteOrder() == ByteOrder.BIG_ENDIAN;
    this.mask = length >= 64 ? -1L : (1L << length) - 1;
    this.signExtend = s.signed() && !isFloat && length < 64 && length > 0;
    this.unsignedLong = !s.signed() && !isFloat && length == 64;
    this.startByte = s.startBit() >>> 3;
    if (bigEndian) {
      lsbPosition = s.sequentialStartBit() + length - 1;
    } else {
      lsbPosition = s.startBit();
    }
    long need = s.bytesNeeded();
    this.spanBytes = (int) Math.min(need - startByte, 9);
    boolean decodable = length >= 1 && length <= 64 && kind != NONE;
    this.needBytes = decodable && need < NEVER ? (int) need : NEVER;
    this.fitsWord = needBytes != NEVER && spanBytes <= 8;
    if (fitsWord) {
      wordOffset = Math.max(0, needBytes - 8);
      int lsbInWord =
          bigEndian ? 63 - (lsbPosition - 8 * wordOffset) : lsbPosition - 8 * wordOffset;
      lshift = 64 - (lsbInWord + length);
      rshift = 64 - length;
      swapMask = bigEndian ? -1L : 0L;
      fastMask = signExtend || length == 64 ? -1L : mask;
    } else {
      wordOffset = 0;
      lshift = 0;
      rshift = 0;
      swapMask = 0;
      fastMask = 0;
    }
    this.linear = fitsWord && linearFastPath(s, conversion);
    this.muxLow = new long[s.multiplexerValues().size()];
    this.muxHigh = new long[muxLow.length];
    for (int i = 0; i < muxLow.length; i++) {
      MuxRange r = s.multiplexerValues().get(i);
      muxLow[i] = r.low();
      muxHigh[i] = r.high();
    }
    Long[] keys = s.choices().keySet().toArray(new Long[0]);
    Arrays.sort(keys);
    choiceKeys = new long[keys.length];
    choiceLabels = new String[keys.length];
    Map<Long, String> choices = s.choices();
    for (int i = 0; i < keys.length; i++) {
      choiceKeys[i] = keys[i];
      choiceLabels[i] = choices.get(keys[i]);
    }
  }

  /**
   * True when the uniform {@code raw * factor + offset} in double precision gives exactly what
   * {@link #decodeInto} gives: integer signals other than unsigned 64-bit, and for integer
   * conversions only while every result is below 2^53 (so the double needs no rounding and equals
   * the exact integer).
   */
  private static boolean linearFastPath(Signal s, Conversion c) {
    if (s.valueType() != ValueType.INTEGER || (!s.signed() && s.length() == 64)) {
      return false;
    }
    return switch (c.kind()) {
      case IDENTITY, LINEAR -> true;
      case LINEAR_INTEGER ->
          Math.scalb(1.0, s.length()) * Math.abs(c.factor()) + Math.abs(c.offset()) < 0x1p53;
      default -> false;
    };
  }

  int leftShift() {
    return lshift;
  }

  int rightShift() {
    return rshift;
  }

  long wordMask() {
    return fastMask;
  }

  boolean bigEndian() {
    return bigEndian;
  }

  double factor() {
    return factor;
  }

  double offset() {
    return offset;
  }

  /** Raw bits of a {@link #fitsWord} signal; needs {@code d.length >= wordOffset + 8}. */
  long extractWord(byte[] d) {
    long le = (long) LONG_LE.get(d, wordOffset);
    long word = le ^ ((le ^ Long.reverseBytes(le)) & swapMask);
    return ((word << lshift) >> rshift) & fastMask;
  }

  /** Extracts and converts into {@code r} at this signal's index. */
  void decodeInto(byte[] d, DecodeResult r) {
    long raw = fitsWord && d.length >= wordOffset + 8 ? extractWord(d) : extractBytes(d);
    r.raw[index] = raw;
    switch (kind) {
      case IDENTITY -> r.value[index] = unsignedLong ? unsignedToDouble(raw) : raw;
      case LINEAR_INTEGER -> r.value[index] = raw * factorLong + offsetLong;
      case LINEAR ->
          r.value[index] = (unsignedLong ? unsignedToDouble(raw) : raw) * factor + offset;
      case FLOAT -> r.value[index] = floatValue(raw);
      case FLOAT_LINEAR -> r.value[index] = floatValue(raw) * factor + offset;
      default -> r.value[index] = Double.NaN;
    }
  }

  /**
   * The exact integer physical value of an {@link #isInteger} signal ({@code raw * factor +
   * offset}, which {@link Conversion} guarantees fits a long; unsigned for 64-bit unsigned raw).
   */
  long integerValue(long raw) {
    return raw * factorLong + offsetLong;
  }

  double floatValue(long raw) {
    return length == 32 ? Float.intBitsToFloat((int) raw) : Double.longBitsToDouble(raw);
  }

  /** Correctly rounded, like Python's float(int) for values in [2^63, 2^64). */
  static double unsignedToDouble(long v) {
    if (v >= 0) {
      return v;
    }
    return ((v >>> 1) | (v & 1)) * 2.0;
  }

  /** The multiplexer value cantools uses: int(physical value); false when there is none. */
  boolean muxValueOf(DecodeResult r) {
    return isInteger || Double.isFinite(r.value[index]);
  }

  long muxValue(DecodeResult r) {
    return isInteger ? integerValue(r.raw[index]) : (long) r.value[index];
  }

  boolean muxMatches(long value) {
    for (int i = 0; i < muxLow.length; i++) {
      if (value >= muxLow[i] && value <= muxHigh[i]) {
        return true;
      }
    }
    return false;
  }

  String label(long raw) {
    int i = Arrays.binarySearch(choiceKeys, raw);
    return i >= 0 ? choiceLabels[i] : null;
  }

  /**
   * The raw bits (masked, sign-extended for signed integers) read byte by byte: for signals
   * spanning nine bytes, and for payload arrays too short for {@link #extractWord}. Caller checked
   * the length.
   */
  long extractBytes(byte[] d) {
    long v = bigEndian ? extractBigEndianSlow(d) : extractLittleEndianSlow(d);
    v &= mask;
    if (signExtend) {
      int sh = 64 - length;
      v = (v << sh) >> sh;
    }
    return v;
  }

  private long extractLittleEndianSlow(byte[] d) {
    int shift = lsbPosition & 7;
    long acc = 0;
    int last = startByte + spanBytes - 1;
    if (spanBytes <= 8) {
      for (int i = last; i >= startByte; i--) {
        acc = (acc << 8) | (d[i] & 0xFF);
      }
      return acc >>> shift;
    }
    for (int i = last; i > startByte; i--) {
      acc = (acc << 8) | (d[i] & 0xFF);
    }
    return (acc << (8 - shift)) | ((d[startByte] & 0xFF) >>> shift);
  }

  private long extractBigEndianSlow(byte[] d) {
    int rshift = 7 - (lsbPosition & 7);
    int last = lsbPosition >>> 3;
    long acc = 0;
    if (spanBytes <= 8) {
      for (int i = startByte; i <= last; i++) {
        acc = (acc << 8) | (d[i] & 0xFF);
      }
      return acc >>> rshift;
    }
    for (int i = startByte + 1; i <= last; i++) {
      acc = (acc << 8) | (d[i] & 0xFF);
    }
    return (acc >>> rshift) | ((long) (d[startByte] & 0xFF) << (64 - rshift));
  }
}
