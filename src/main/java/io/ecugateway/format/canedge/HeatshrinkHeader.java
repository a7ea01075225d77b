package io.ecugateway.format.canedge;

import io.ecugateway.format.FormatException;

/**
 * Parameters of a compressed CANedge file, after the {@link GenericFileHeader}: lookahead size as a
 * bit count (big-endian uint32 at 20) and window size in bytes (big-endian uint32 at 24, a power of
 * two). Compressed data starts at byte 28.
 */
record HeatshrinkHeader(int windowBits, int lookaheadBits) {
  static final int SIZE = 28;

  static HeatshrinkHeader parse(String file, byte[] h, int length) throws FormatException {
    if (length < SIZE) {
      throw new FormatException(
          file, 0, "compressed file header truncated (" + length + " of 28 bytes)");
    }
    long lookahead = GenericFileHeader.beU32(h, 20);
    long window = GenericFileHeader.beU32(h, 24);
    if (window == 0 || (window & (window - 1)) != 0) {
      throw new FormatException(
          file, 24, "heatshrink window size " + window + " is not a power of two");
    }
    int windowBits = Long.numberOfTrailingZeros(window);
    if (windowBits < Heatshrink.MIN_WINDOW_BITS || windowBits > Heatshrink.MAX_WINDOW_BITS) {
      throw new FormatException(
          file, 24, "heatshrink window size " + window + " outside 16..32768");
    }
    if (lookahead < Heatshrink.MIN_LOOKAHEAD_BITS || lookahead >= windowBits) {
      throw new FormatException(
          file, 20, "heatshrink lookahead " + lookahead + " bits outside 3.." + (windowBits - 1));
    }
    return new HeatshrinkHeader(windowBits, (int) lookahead);
  }
}
