package io.ecugateway.format.mdf4;

import java.io.IOException;

/**
 * A data group: one data block chain holding the records of its channel groups, each record
 * prefixed by a record id of {@code recordIdSize} bytes when the group is unsorted.
 */
record DgBlock(long offset, long next, long firstChannelGroup, long data, int recordIdSize) {

  static DgBlock read(BlockReader r, long offset) throws IOException {
    Block b = r.read(offset, "DG");
    int idSize = b.u8(0);
    if (idSize != 0 && idSize != 1 && idSize != 2 && idSize != 4 && idSize != 8) {
      throw r.error(offset, "##DG record id size must be 0, 1, 2, 4 or 8, found " + idSize);
    }
    return new DgBlock(offset, b.link(0), b.link(1), b.link(2), idSize);
  }
}
