package io.ecugateway.format.text;

import io.ecugateway.format.FrameWriter;
import io.ecugateway.frame.CanFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import java.util.function.Function;

/** Generates large synthetic logs (mixed classic/extended/FD frames) for benchmarks and tests. */
public final class SampleLogs {
  private SampleLogs() {}

  /** {@code n} frames on two buses, 10% 29-bit, 10% CAN FD, 1 ms apart. */
  public static CanFrame[] frames(int n, long seed) {
    Random rnd = new Random(seed);
    CanFrame[] out = new CanFrame[n];
    long t = 1_725_694_999_000_000_000L;
    for (int i = 0; i < n; i++) {
      CanFrame f = new CanFrame();
      f.timestampNs = t + i * 1_000_000L + rnd.nextInt(1000) * 1000L;
      f.bus = (i & 1) == 0 ? "can1" : "can2";
      int kind = rnd.nextInt(10);
      f.extended = kind == 0;
      f.fd = kind == 1;
      f.id = f.extended ? rnd.nextInt(0x20000000) : rnd.nextInt(0x800);
      f.length = f.fd ? 64 : 8;
      f.dlc = CanFrame.lengthToDlc(f.length);
      for (int k = 0; k < f.length; k++) {
        f.data[k] = (byte) rnd.nextInt(256);
      }
      out[i] = f;
    }
    return out;
  }

  public static byte[] write(Function<OutputStream, FrameWriter> factory, CanFrame[] frames)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(frames.length * 64);
    try (FrameWriter w = factory.apply(bytes)) {
      for (CanFrame f : frames) {
        w.write(f);
      }
    }
    return bytes.toByteArray();
  }
}
