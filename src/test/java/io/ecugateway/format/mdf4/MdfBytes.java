package io.ecugateway.format.mdf4;

import io.ecugateway.format.FrameReader;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.frame.CanFrame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Test helpers that navigate and patch an MDF image in memory. */
final class MdfBytes {
  private MdfBytes() {}

  static long u64(byte[] f, long at) {
    return ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).getLong((int) at);
  }

  static void putU64(byte[] f, long at, long v) {
    ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putLong((int) at, v);
  }

  static void putU32(byte[] f, long at, long v) {
    ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putInt((int) at, (int) v);
  }

  /** Link {@code i} of the block at {@code block}. */
  static long link(byte[] f, long block, int i) {
    return u64(f, block + 24 + 8L * i);
  }

  static void setLink(byte[] f, long block, int i, long v) {
    putU64(f, block + 24 + 8L * i, v);
  }

  static long linkCount(byte[] f, long block) {
    return u64(f, block + 16);
  }

  /** Offset of the data section of the block at {@code block}. */
  static long dataOf(byte[] f, long block) {
    return block + 24 + 8 * linkCount(f, block);
  }

  static long firstDg(byte[] f) {
    return link(f, 64, 0);
  }

  static Mdf4Reader open(byte[] f, int length, String name, Consumer<String> warnings)
      throws IOException {
    return Mdf4Reader.open(
        new ArrayByteInput(name, f, length), ReadOptions.defaults().withWarnings(warnings));
  }

  static List<CanFrame> readAll(FrameReader r) throws IOException {
    List<CanFrame> out = new ArrayList<>();
    CanFrame f = new CanFrame();
    while (r.next(f)) {
      out.add(f.copy());
    }
    return out;
  }
}
