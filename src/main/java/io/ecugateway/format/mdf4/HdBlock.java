package io.ecugateway.format.mdf4;

import java.io.IOException;

/**
 * The header block: first data group, start time and the comment (an XML MD block; CANedge puts its
 * device serial, firmware, session and split there).
 *
 * @param startNs start time, ns since the epoch (UTC unless {@code localTime})
 * @param localTime true if the start time is local time with unknown offset (hd_time_flags bit 0)
 */
record HdBlock(
    long firstDataGroup,
    long startNs,
    int tzOffsetMin,
    int dstOffsetMin,
    boolean localTime,
    String comment) {
  static final long OFFSET = IdBlock.SIZE;

  static HdBlock read(BlockReader r) throws IOException {
    Block b = r.read(OFFSET, "HD");
    int timeFlags = b.u8(12);
    return new HdBlock(
        b.link(0),
        b.u64(0),
        (short) b.u16(8),
        (short) b.u16(10),
        (timeFlags & 1) != 0,
        r.text(b.link(5)));
  }
}
