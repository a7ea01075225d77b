package io.ecugateway.format.mdf4;

import java.io.IOException;

/**
 * A channel: where its raw value sits in the record (byte/bit offset, bit count, data type), its
 * conversion, and for composed channels (CAN_DataFrame) the first child channel.
 */
record CnBlock(
    long offset,
    long next,
    long composition,
    String name,
    long conversion,
    long data,
    int type,
    int syncType,
    int dataType,
    int bitOffset,
    long byteOffset,
    long bitCount,
    long flags) {
  static final int TYPE_FIXED = 0;
  static final int TYPE_VLSD = 1;
  static final int TYPE_MASTER = 2;
  static final int TYPE_VIRTUAL_MASTER = 3;
  static final int TYPE_VIRTUAL_DATA = 6;
  static final int SYNC_TIME = 1;

  static final int DT_UINT_LE = 0;
  static final int DT_UINT_BE = 1;
  static final int DT_INT_LE = 2;
  static final int DT_INT_BE = 3;
  static final int DT_FLOAT_LE = 4;
  static final int DT_FLOAT_BE = 5;
  static final int DT_BYTES = 10;

  static CnBlock read(BlockReader r, long offset) throws IOException {
    Block b = r.read(offset, "CN");
    return new CnBlock(
        offset,
        b.link(0),
        b.link(1),
        r.text(b.link(2)),
        b.link(4),
        b.link(5),
        b.u8(0),
        b.u8(1),
        b.u8(2),
        b.u8(3),
        b.u32(4),
        b.u32(8),
        b.u32(12));
  }

  boolean isVirtual() {
    return type == TYPE_VIRTUAL_DATA || type == TYPE_VIRTUAL_MASTER;
  }

  boolean isTimeMaster() {
    return (type == TYPE_MASTER || type == TYPE_VIRTUAL_MASTER) && syncType == SYNC_TIME;
  }
}
