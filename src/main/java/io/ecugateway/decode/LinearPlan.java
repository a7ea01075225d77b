package io.ecugateway.decode;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The straight-line decoding of a message without multiplexing whose signals each lie in one 8-byte
 * word and scale linearly (most real messages). Per signal: one 8-byte read, two shifts, a mask, a
 * multiply-add, two stores; no branch. The parameters are packed in flat arrays so one frame
 * touches a few cache lines, and the byte-order test is hoisted out of the loop for messages that
 * use one byte order throughout (J1939 and most OEM files).
 */
final class LinearPlan {
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

  private static final int LITTLE = 0;
  private static final int BIG = 1;
  private static final int MIXED = 2;

  /** Per signal k: word offset, left shift, right shift, signal index at {@code 4k..4k+3}. */
  private final int[] geometry;

  /** Per signal k: value mask at {@code 2k}, byte-swap mask (-1 for Motorola) at {@code 2k + 1}. */
  private final long[] masks;

  /** Per signal k: factor at {@code 2k}, offset at {@code 2k + 1}. */
  private final double[] scale;

  private final int byteOrders;

  /** Payload bytes the signals need, and the array length the word reads need. */
  final int payloadNeed;

  final int arrayNeed;

  /** Signal indices in output order. */
  final int[] order;

  private LinearPlan(SignalCodec[] signals) {
    int n = signals.length;
    geometry = new int[4 * n];
    masks = new long[2 * n];
    scale = new double[2 * n];
    order = new int[n];
    int need = 0;
    int arrayEnd = 8;
    boolean anyBig = false;
    boolean anyLittle = false;
    for (int k = 0; k < n; k++) {
      SignalCodec s = signals[k];
      geometry[4 * k] = s.wordOffset;
      geometry[4 * k + 1] = s.leftShift();
      geometry[4 * k + 2] = s.rightShift();
      geometry[4 * k + 3] = s.index;
      masks[2 * k] = s.wordMask();
      masks[2 * k + 1] = s.bigEndian() ? -1L : 0L;
      scale[2 * k] = s.factor();
      scale[2 * k + 1] = s.offset();
      order[k] = s.index;
      need = Math.max(need, s.needBytes);
      arrayEnd = Math.max(arrayEnd, s.wordOffset + 8);
      anyBig |= s.bigEndian();
      anyLittle |= !s.bigEndian();
    }
    byteOrders = anyBig && anyLittle ? MIXED : anyBig ? BIG : LITTLE;
    payloadNeed = need;
    arrayNeed = arrayEnd;
  }

  /**
   * A plan for these signals (in output order), or null when one of them needs the general path.
   */
  static LinearPlan of(SignalCodec[] signals) {
    for (SignalCodec s : signals) {
      if (!s.linear) {
        return null;
      }
    }
    return new LinearPlan(signals);
  }

  /** Decodes every signal; the caller checked {@link #payloadNeed} and {@link #arrayNeed}. */
  void run(byte[] data, long[] raw, double[] value) {
    int[] g = geometry;
    long[] m = masks;
    double[] sc = scale;
    int orders = byteOrders;
    for (int k = 0, n = order.length; k < n; k++) {
      int offset = g[4 * k];
      long word;
      if (orders == LITTLE) {
        word = (long) LONG_LE.get(data, offset);
      } else if (orders == BIG) {
        word = (long) LONG_BE.get(data, offset);
      } else {
        long le = (long) LONG_LE.get(data, offset);
        word = le ^ ((le ^ Long.reverseBytes(le)) & m[2 * k + 1]);
      }
      long r = ((word << g[4 * k + 1]) >> g[4 * k + 2]) & m[2 * k];
      int i = g[4 * k + 3];
      raw[i] = r;
      value[i] = r * sc[2 * k] + sc[2 * k + 1];
    }
  }
}
