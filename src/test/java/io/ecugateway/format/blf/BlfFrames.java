package io.ecugateway.format.blf;

import io.ecugateway.format.FrameReader;
import io.ecugateway.format.LogSource;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.frame.CanFrame;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/** Reads BLF bytes for tests. */
final class BlfFrames {
  private BlfFrames() {}

  static List<CanFrame> read(byte[] file, String name, Consumer<String> warnings)
      throws IOException {
    List<CanFrame> frames = new ArrayList<>();
    ReadOptions options = ReadOptions.defaults().withWarnings(warnings);
    try (FrameReader r =
        new BlfFormat().open(LogSource.of(name, new ByteArrayInputStream(file)), options)) {
      CanFrame f = new CanFrame();
      while (r.next(f)) {
        frames.add(f.copy());
      }
    }
    return frames;
  }

  /** Every field equal, data up to the length. */
  static boolean same(CanFrame a, CanFrame b) {
    return a.timestampNs == b.timestampNs
        && a.bus.equals(b.bus)
        && a.id == b.id
        && a.extended == b.extended
        && a.fd == b.fd
        && a.brs == b.brs
        && a.esi == b.esi
        && a.kind == b.kind
        && a.direction == b.direction
        && a.dlc == b.dlc
        && a.length == b.length
        && Arrays.equals(a.data, 0, a.length, b.data, 0, b.length);
  }
}
