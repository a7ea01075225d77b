package io.ecugateway.format.mdf4;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Writes MDF4 blocks into memory, for tests that need structures the sample files lack (DZ, DL, HL,
 * CAN FD, LIN, remote and error frames). Blocks are appended 8-byte aligned; links to blocks
 * written later are patched with {@link #setLink}.
 */
final class TestMdfWriter {
  private byte[] buf = new byte[1 << 16];
  private int size;

  TestMdfWriter(boolean finalized, long startNs) {
    put(0, (finalized ? "MDF     " : "UnFinMF ").getBytes(StandardCharsets.ISO_8859_1));
    put(8, "4.11    ".getBytes(StandardCharsets.ISO_8859_1));
    put(16, "TEST    ".getBytes(StandardCharsets.ISO_8859_1));
    ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN).putShort(28, (short) 411);
    size = 64;
    ByteBuffer hd = le(32).putLong(0, startNs).put(12, (byte) 2);
    long at = block("HD", new long[6], hd.array());
    if (at != 64) {
      throw new IllegalStateException();
    }
  }

  byte[] bytes() {
    return Arrays.copyOf(buf, size);
  }

  int size() {
    return size;
  }

  static ByteBuffer le(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }

  private void put(int at, byte[] b) {
    System.arraycopy(b, 0, buf, at, b.length);
  }

  /** Appends a block; returns its offset. */
  long block(String id, long[] links, byte[] data) {
    size = (size + 7) & ~7;
    int len = 24 + 8 * links.length + data.length;
    if (size + len + 8 > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + len + 8));
    }
    ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
    int at = size;
    b.put(at, ("##" + id).getBytes(StandardCharsets.ISO_8859_1));
    b.putLong(at + 8, len);
    b.putLong(at + 16, links.length);
    for (int i = 0; i < links.length; i++) {
      b.putLong(at + 24 + 8 * i, links[i]);
    }
    b.put(at + 24 + 8 * links.length, data);
    size = at + len;
    return at;
  }

  void setLink(long block, int i, long value) {
    ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN).putLong((int) block + 24 + 8 * i, value);
  }

  /** Sets a block's length field (an unfinalized file's last DT keeps 24). */
  void setLength(long block, long value) {
    ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN).putLong((int) block + 8, value);
  }

  /** Copies {@code n} bytes of {@code from} at {@code at} into the image. */
  void patch(long at, byte[] from, int n) {
    System.arraycopy(from, (int) at, buf, (int) at, n);
  }

  long tx(String text) {
    byte[] t = text.getBytes(StandardCharsets.UTF_8);
    return block("TX", new long[0], Arrays.copyOf(t, (t.length + 8) & ~7));
  }

  long cc(int type, double... values) {
    ByteBuffer d = le(24 + 8 * values.length);
    d.put(0, (byte) type).putShort(6, (short) values.length);
    for (int i = 0; i < values.length; i++) {
      d.putDouble(24 + 8 * i, values[i]);
    }
    return block("CC", new long[4], d.array());
  }

  /** A channel; links: next, composition, name, source, conversion, data, unit, comment. */
  long cn(
      String name,
      int type,
      int sync,
      int dataType,
      int byteOffset,
      int bitOffset,
      int bitCount,
      long conversion,
      long next,
      long composition) {
    ByteBuffer d = le(72);
    d.put(0, (byte) type).put(1, (byte) sync).put(2, (byte) dataType).put(3, (byte) bitOffset);
    d.putInt(4, byteOffset).putInt(8, bitCount);
    return block("CN", new long[] {next, composition, tx(name), 0, conversion, 0, 0, 0}, d.array());
  }

  long cg(long recordId, long cycles, int flags, long dataBytes, long firstChannel, String name) {
    ByteBuffer d = le(32).putLong(0, recordId).putLong(8, cycles).putShort(16, (short) flags);
    d.putInt(24, (int) dataBytes);
    return block("CG", new long[] {0, firstChannel, tx(name), 0, 0, 0}, d.array());
  }

  long dg(long firstCg, long data, int recordIdSize) {
    return block("DG", new long[] {0, firstCg, data, 0}, le(8).put(0, (byte) recordIdSize).array());
  }

  long dt(byte[] payload) {
    return block("DT", new long[0], payload);
  }

  /** A DZ block of {@code original} (type "DT"), deflated, optionally transposed first. */
  long dz(byte[] original, int transposeColumns) {
    byte[] src = original;
    if (transposeColumns > 1) {
      src = original.clone();
      int rows = original.length / transposeColumns;
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < transposeColumns; c++) {
          src[c * rows + r] = original[r * transposeColumns + c];
        }
      }
    }
    Deflater d = new Deflater();
    d.setInput(src);
    d.finish();
    byte[] out = new byte[src.length + 1024];
    int n = d.deflate(out);
    d.end();
    ByteBuffer h = le(24 + n);
    h.put(0, (byte) 'D').put(1, (byte) 'T').put(2, (byte) (transposeColumns > 1 ? 1 : 0));
    h.putInt(4, transposeColumns).putLong(8, original.length).putLong(16, n);
    h.put(24, out, 0, n);
    return block("DZ", new long[0], h.array());
  }

  long dl(long next, long... blocks) {
    long[] links = new long[1 + blocks.length];
    links[0] = next;
    System.arraycopy(blocks, 0, links, 1, blocks.length);
    ByteBuffer d = le(8 + 8 * blocks.length).putInt(4, blocks.length);
    return block("DL", links, d.array());
  }

  long hl(long firstDl) {
    return block("HL", new long[] {firstDl}, le(8).array());
  }
}
