package io.ecugateway.format.mdf4;

import java.io.IOException;

/**
 * A conversion rule (raw to physical). Bus logging uses identity, linear (virtual channels with a
 * zero factor are constants) and value-to-value tables (DLC to data length); the others a bus field
 * never carries are rejected with a clear error.
 */
record CcBlock(long offset, int type, double[] values) {
  static final int IDENTITY = 0;
  static final int LINEAR = 1;
  static final int RATIONAL = 2;
  static final int TABLE_INTERPOLATED = 4;
  static final int TABLE = 5;
  static final int RANGE_TABLE = 6;

  private static final int MAX_VALUES = 1 << 16;

  static CcBlock read(BlockReader r, long offset) throws IOException {
    if (offset == 0) {
      return new CcBlock(0, IDENTITY, new double[0]);
    }
    Block b = r.read(offset, "CC");
    int type = b.u8(0);
    int count = b.u16(6);
    if (count > MAX_VALUES || 24 + 8L * count > b.data().limit()) {
      throw r.error(offset, "##CC block declares " + count + " values but holds fewer");
    }
    double[] values = new double[count];
    for (int i = 0; i < count; i++) {
      values[i] = b.f64(24 + 8 * i);
    }
    return new CcBlock(offset, type, values);
  }
}
