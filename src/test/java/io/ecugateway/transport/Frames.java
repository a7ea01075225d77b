package io.ecugateway.transport;

import io.ecugateway.frame.CanFrame;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/** Builds frames from hex and collects what a stage emits (copies, since the stage reuses). */
final class Frames implements Consumer<CanFrame> {
  static final long MS = 1_000_000L;

  final List<CanFrame> out = new ArrayList<>();
  final List<Long> starts = new ArrayList<>();
  private final TransportStage stage;

  Frames(TransportStage stage) {
    this.stage = stage;
  }

  @Override
  public void accept(CanFrame frame) {
    out.add(frame.copy());
    starts.add(stage.messageStartNs());
  }

  /** Feeds one frame: {@code id} 11-bit if <= 0x7FF unless {@code extended}. */
  Frames feed(String bus, int id, boolean extended, long timeMs, String hex) {
    Stages.accept(stage, frame(bus, id, extended, timeMs, hex), this);
    return this;
  }

  Frames std(long timeMs, int id, String hex) {
    return feed("can1", id, false, timeMs, hex);
  }

  Frames ext(long timeMs, int id, String hex) {
    return feed("can1", id, true, timeMs, hex);
  }

  static CanFrame frame(String bus, int id, boolean extended, long timeMs, String hex) {
    byte[] data = bytes(hex);
    CanFrame f = new CanFrame();
    f.bus = bus;
    f.id = id;
    f.extended = extended;
    f.timestampNs = timeMs * MS;
    f.length = data.length;
    f.fd = data.length > 8;
    f.dlc = CanFrame.lengthToDlc(data.length);
    System.arraycopy(data, 0, f.data, 0, data.length);
    return f;
  }

  static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }

  static String hex(CanFrame f) {
    return HexFormat.of().withUpperCase().formatHex(f.data, 0, f.length);
  }

  /** Bytes {@code from, from + 1, ...} (mod 256) as a recognisable payload. */
  static byte[] ramp(int from, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (from + i);
    }
    return b;
  }

  static String hex(byte[] b, int from, int to) {
    return HexFormat.of().withUpperCase().formatHex(b, from, to);
  }
}
