package io.ecugateway.format.text;

import io.ecugateway.format.FrameFormat;
import io.ecugateway.format.FrameReader;
import io.ecugateway.format.FrameWriter;
import io.ecugateway.format.LogSource;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.Direction;
import io.ecugateway.frame.FrameKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/** Test helpers: build frames, read a text log into a list, write frames to text. */
public final class Frames {
  private Frames() {}

  public static CanFrame frame(long ns, String bus, int id, boolean ext, String hex) {
    CanFrame f = new CanFrame();
    f.timestampNs = ns;
    f.bus = bus;
    f.id = id;
    f.extended = ext;
    byte[] d = HexFormat.of().parseHex(hex);
    System.arraycopy(d, 0, f.data, 0, d.length);
    f.length = d.length;
    f.dlc = CanFrame.lengthToDlc(d.length);
    return f;
  }

  public static CanFrame fd(CanFrame f, boolean brs, boolean esi) {
    f.fd = true;
    f.brs = brs;
    f.esi = esi;
    return f;
  }

  public static CanFrame tx(CanFrame f) {
    f.direction = Direction.TX;
    return f;
  }

  public static CanFrame remote(CanFrame f, int dlc) {
    f.kind = FrameKind.REMOTE;
    f.length = 0;
    f.dlc = dlc;
    return f;
  }

  public static CanFrame error(CanFrame f) {
    f.kind = FrameKind.ERROR;
    return f;
  }

  public static List<CanFrame> read(FrameFormat format, String text, List<String> warnings)
      throws IOException {
    Consumer<String> sink = warnings == null ? w -> {} : warnings::add;
    List<CanFrame> out = new ArrayList<>();
    try (FrameReader r =
        format.open(
            LogSource.of(
                "test.log", new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1))),
            ReadOptions.defaults().withWarnings(sink))) {
      CanFrame f = new CanFrame();
      while (r.next(f)) {
        out.add(f.copy());
      }
    }
    return out;
  }

  public static String write(Function<OutputStream, FrameWriter> factory, List<CanFrame> frames)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (FrameWriter w = factory.apply(bytes)) {
      for (CanFrame f : frames) {
        w.write(f);
      }
    }
    return bytes.toString(StandardCharsets.ISO_8859_1);
  }

  /** Comparable text of a frame including every field. */
  public static String describe(CanFrame f) {
    return f.timestampNs
        + " "
        + f.bus
        + " "
        + Integer.toHexString(f.id)
        + (f.extended ? "x" : "")
        + " "
        + f.kind
        + " "
        + f.direction
        + (f.fd ? " fd" : "")
        + (f.brs ? " brs" : "")
        + (f.esi ? " esi" : "")
        + " dlc="
        + f.dlc
        + " len="
        + f.length
        + " "
        + HexFormat.of().formatHex(f.data, 0, f.length);
  }

  public static List<String> describe(List<CanFrame> frames) {
    return frames.stream().map(Frames::describe).toList();
  }
}
