package io.ecugateway.format.mdf4;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A channel group with its channels flattened: composed channels (CAN_DataFrame and its children
 * CAN_DataFrame.ID, ...) are listed parent first, children named with their full dotted name.
 */
record ChannelGroup(CgBlock cg, List<Named> channels) {
  private static final int MAX_DEPTH = 8;
  private static final int MAX_CHANNELS = 100_000;

  record Named(String name, CnBlock cn) {}

  static ChannelGroup read(BlockReader r, long offset) throws IOException {
    CgBlock cg = CgBlock.read(r, offset);
    List<Named> out = new ArrayList<>();
    collect(r, cg.firstChannel(), "", 0, out, new BlockReader.ChainGuard(r));
    return new ChannelGroup(cg, out);
  }

  private static void collect(
      BlockReader r,
      long first,
      String parent,
      int depth,
      List<Named> out,
      BlockReader.ChainGuard guard)
      throws IOException {
    if (depth > MAX_DEPTH) {
      throw r.error(first, "channel composition nested deeper than " + MAX_DEPTH);
    }
    for (long at = first; at != 0; ) {
      guard.visit(at, "##CN");
      if (out.size() >= MAX_CHANNELS) {
        throw r.error(at, "more than " + MAX_CHANNELS + " channels in one group");
      }
      CnBlock cn = CnBlock.read(r, at);
      String name = cn.name() == null ? "" : cn.name();
      if (!parent.isEmpty() && !name.startsWith(parent + ".")) {
        name = parent + "." + name;
      }
      out.add(new Named(name, cn));
      if (cn.composition() != 0) {
        Block head = r.readHeader(cn.composition());
        if (head.id().equals("CN")) {
          collect(r, cn.composition(), name, depth + 1, out, guard);
        }
      }
      at = cn.next();
    }
  }

  CnBlock find(String name) {
    for (Named n : channels) {
      if (n.name().equals(name)) {
        return n.cn();
      }
    }
    return null;
  }

  CnBlock timeMaster() {
    for (Named n : channels) {
      if (n.cn().isTimeMaster()) {
        return n.cn();
      }
    }
    return null;
  }
}
