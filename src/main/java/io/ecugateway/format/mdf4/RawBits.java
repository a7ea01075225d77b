package io.ecugateway.format.mdf4;

import io.ecugateway.format.FormatException;

/**
 * Where a channel's raw value sits in a record and how to read it. The common cases (little-endian
 * integer within 8 bytes, little-endian float) are one unaligned long read, a shift and a mask;
 * record buffers keep 8 spare bytes after their data so that read never runs off the array.
 */
record RawBits(int byteOffset, int bitOffset, int bitCount, int dataType, long mask, boolean fast) {

  static RawBits of(CnBlock cn, long recordBytes, BlockReader r, String name)
      throws FormatException {
    long bitCount = cn.bitCount();
    int dt = cn.dataType();
    boolean numeric = dt <= CnBlock.DT_FLOAT_BE;
    if (!numeric) {
      throw r.error(cn.offset(), "channel " + name + " has non-numeric data type " + dt);
    }
    if (bitCount < 1 || bitCount > 64) {
      throw r.error(
          cn.offset(), "channel " + name + " has bit count " + bitCount + " (1..64 allowed)");
    }
    boolean isFloat = dt == CnBlock.DT_FLOAT_LE || dt == CnBlock.DT_FLOAT_BE;
    if (isFloat && bitCount != 32 && bitCount != 64) {
      throw r.error(
          cn.offset(), "float channel " + name + " must have 32 or 64 bits, has " + bitCount);
    }
    long endBit = cn.byteOffset() * 8 + cn.bitOffset() + bitCount;
    if (endBit > recordBytes * 8) {
      throw r.error(
          cn.offset(),
          "channel "
              + name
              + " (byte "
              + cn.byteOffset()
              + ", bit "
              + cn.bitOffset()
              + ", "
              + bitCount
              + " bits) lies outside its "
              + recordBytes
              + "-byte record");
    }
    long mask = bitCount == 64 ? -1L : (1L << bitCount) - 1;
    boolean fast = dt == CnBlock.DT_UINT_LE && cn.bitOffset() + bitCount <= 64;
    return new RawBits((int) cn.byteOffset(), cn.bitOffset(), (int) bitCount, dt, mask, fast);
  }

  boolean isFloat() {
    return dataType == CnBlock.DT_FLOAT_LE || dataType == CnBlock.DT_FLOAT_BE;
  }

  boolean signed() {
    return dataType == CnBlock.DT_INT_LE || dataType == CnBlock.DT_INT_BE;
  }

  long readLong(byte[] b, int rec) {
    if (fast) {
      return ((long) FieldReader.LE_LONG.get(b, rec + byteOffset) >>> bitOffset) & mask;
    }
    return slowLong(b, rec);
  }

  double readDouble(byte[] b, int rec) {
    if (dataType == CnBlock.DT_FLOAT_LE) {
      long raw = (long) FieldReader.LE_LONG.get(b, rec + byteOffset);
      return bitCount == 64 ? Double.longBitsToDouble(raw) : Float.intBitsToFloat((int) raw);
    }
    if (dataType == CnBlock.DT_FLOAT_BE) {
      long raw = bytes(b, rec + byteOffset, bitCount / 8, true);
      return bitCount == 64 ? Double.longBitsToDouble(raw) : Float.intBitsToFloat((int) raw);
    }
    long v = readLong(b, rec);
    return signed() || bitCount < 64 || v >= 0 ? v : (double) (v >>> 1) * 2 + (v & 1);
  }

  private long slowLong(byte[] b, int rec) {
    boolean be = dataType == CnBlock.DT_UINT_BE || dataType == CnBlock.DT_INT_BE;
    int nBytes = (bitOffset + bitCount + 7) / 8;
    long v;
    if (nBytes <= 8) {
      v = bytes(b, rec + byteOffset, nBytes, be) >>> bitOffset;
    } else {
      // 9 bytes: a 64-bit value that starts mid-byte
      long lo = bytes(b, rec + byteOffset, 8, be);
      long hi = b[rec + byteOffset + (be ? -1 : 8)] & 0xFF;
      v = be ? (lo >>> bitOffset) : (lo >>> bitOffset) | (hi << (64 - bitOffset));
    }
    v &= mask;
    if (signed() && bitCount < 64 && (v & (1L << (bitCount - 1))) != 0) {
      v |= ~mask;
    }
    return v;
  }

  private static long bytes(byte[] b, int at, int n, boolean bigEndian) {
    long v = 0;
    for (int i = 0; i < n; i++) {
      long x = b[at + i] & 0xFFL;
      v |= bigEndian ? x << (8 * (n - 1 - i)) : x << (8 * i);
    }
    return v;
  }
}
