package io.ecugateway.format.mdf4;

import java.io.IOException;

/**
 * A channel group: record id, record size and its channels. A VLSD channel group (flag bit 0) has
 * no channels; its records are variable-length signal data (length + bytes) referenced by a VLSD
 * channel of another group.
 */
record CgBlock(
    long offset,
    long next,
    long firstChannel,
    String acquisitionName,
    long recordId,
    long cycleCount,
    int flags,
    long dataBytes,
    long invalidationBytes) {
  static final int FLAG_VLSD = 1;

  static CgBlock read(BlockReader r, long offset) throws IOException {
    Block b = r.read(offset, "CG");
    return new CgBlock(
        offset,
        b.link(0),
        b.link(1),
        r.text(b.link(2)),
        b.u64(0),
        b.u64(8),
        b.u16(16),
        b.u32(24),
        b.u32(28));
  }

  boolean isVlsd() {
    return (flags & FLAG_VLSD) != 0;
  }

  /** Bytes of one fixed-length record after its record id. */
  long recordSize() {
    return dataBytes + invalidationBytes;
  }
}
