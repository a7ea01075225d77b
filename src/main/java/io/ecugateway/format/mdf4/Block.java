package io.ecugateway.format.mdf4;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One MDF4 block as read from the file: the common header (id, length, links) and, for metadata
 * blocks, the data section. Data blocks (DT, SD, DZ) are read header-only; their payload is
 * streamed by {@link DataStream}.
 *
 * @param data the data section after the links, little-endian; empty when read header-only
 */
record Block(String id, long offset, long length, long[] links, ByteBuffer data) {
  static final int HEADER_SIZE = 24;

  Block {
    data.order(ByteOrder.LITTLE_ENDIAN);
  }

  long link(int i) {
    return i < links.length ? links[i] : 0;
  }

  /** File offset where the data section starts. */
  long dataOffset() {
    return offset + HEADER_SIZE + 8L * links.length;
  }

  /** Length of the data section as the header states it. */
  long dataLength() {
    return length - HEADER_SIZE - 8L * links.length;
  }

  int u8(int at) {
    return at < data.limit() ? data.get(at) & 0xFF : 0;
  }

  int u16(int at) {
    return at + 2 <= data.limit() ? data.getShort(at) & 0xFFFF : 0;
  }

  long u32(int at) {
    return at + 4 <= data.limit() ? data.getInt(at) & 0xFFFFFFFFL : 0;
  }

  long u64(int at) {
    return at + 8 <= data.limit() ? data.getLong(at) : 0;
  }

  double f64(int at) {
    return at + 8 <= data.limit() ? data.getDouble(at) : 0;
  }
}
