package io.ecugateway.format.mdf4;

import java.io.IOException;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A compressed data block (DZ): deflate, or deflate of the records transposed column-wise (zip
 * parameter = record size). Inflated into a buffer bounded by the block's stated original length,
 * itself bounded by {@link #MAX_INFLATED}.
 */
final class DzBlock {
  static final long MAX_INFLATED = 64L << 20;
  private static final int DEFLATE = 0;
  private static final int TRANSPOSED_DEFLATE = 1;

  private DzBlock() {}

  /**
   * Inflates the block at {@code b} (read header-only) into {@code out} (reused if big enough).
   *
   * @return the buffer holding exactly {@link #originalLength} bytes at the start
   */
  static byte[] inflate(BlockReader r, Block b, String originalType, byte[] out)
      throws IOException {
    byte[] f = new byte[24];
    if (b.dataLength() < 24) {
      throw r.error(b.offset(), "##DZ block too short");
    }
    r.input().readFully(b.dataOffset(), f, 0, 24);
    java.nio.ByteBuffer h = java.nio.ByteBuffer.wrap(f).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    String orgType = new String(f, 0, 2, java.nio.charset.StandardCharsets.ISO_8859_1);
    int zipType = f[2] & 0xFF;
    long zipParameter = h.getInt(4) & 0xFFFFFFFFL;
    long orgLength = h.getLong(8);
    long dataLength = h.getLong(16);
    if (!orgType.equals(originalType)) {
      throw r.error(
          b.offset(),
          "##DZ holds ##" + orgType + " data where ##" + originalType + " was expected");
    }
    if (zipType != DEFLATE && zipType != TRANSPOSED_DEFLATE) {
      throw r.error(b.offset(), "##DZ zip type " + zipType + " unknown (0 deflate, 1 transposed)");
    }
    if (orgLength < 0 || orgLength > MAX_INFLATED) {
      throw r.error(b.offset(), "##DZ original length " + orgLength + " exceeds " + MAX_INFLATED);
    }
    if (dataLength < 0
        || dataLength > b.dataLength() - 24
        || b.dataOffset() + 24 + dataLength > r.input().size()) {
      throw r.error(
          b.offset(), "##DZ compressed length " + dataLength + " exceeds its block or the file");
    }
    byte[] dst = out != null && out.length >= orgLength ? out : new byte[(int) orgLength];
    int n = inflateInto(r, b, b.dataOffset() + 24, dataLength, dst, (int) orgLength);
    if (n != orgLength) {
      throw r.error(b.offset(), "##DZ inflated to " + n + " bytes, header says " + orgLength);
    }
    if (zipType == TRANSPOSED_DEFLATE && zipParameter > 1) {
      untranspose(dst, (int) orgLength, (int) Math.min(zipParameter, Integer.MAX_VALUE));
    }
    return dst;
  }

  static int originalLength(BlockReader r, Block b) throws IOException {
    byte[] f = new byte[8];
    r.input().readFully(b.dataOffset() + 8, f, 0, 8);
    return (int) java.nio.ByteBuffer.wrap(f).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
  }

  private static int inflateInto(
      BlockReader r, Block b, long from, long length, byte[] dst, int want) throws IOException {
    Inflater inf = new Inflater();
    byte[] chunk = new byte[(int) Math.min(64 * 1024, Math.max(1, length))];
    long pos = from;
    long end = from + length;
    int produced = 0;
    try {
      while (produced < want && !inf.finished()) {
        if (inf.needsInput()) {
          if (pos >= end) {
            break;
          }
          int n = (int) Math.min(chunk.length, end - pos);
          r.input().readFully(pos, chunk, 0, n);
          pos += n;
          inf.setInput(chunk, 0, n);
        }
        int got = inf.inflate(dst, produced, want - produced);
        produced += got;
        if (got == 0 && inf.needsDictionary()) {
          throw r.error(b.offset(), "##DZ stream needs a preset dictionary");
        }
      }
      return produced;
    } catch (DataFormatException e) {
      throw r.error(b.offset(), "##DZ deflate data is corrupt: " + e.getMessage());
    } finally {
      inf.end();
    }
  }

  /**
   * Undoes the transposition: the compressor wrote byte {@code c} of every record (column-major)
   * for the first {@code rows * columns} bytes; any remainder is stored as is.
   */
  static void untranspose(byte[] buf, int length, int columns) {
    int rows = length / columns;
    int body = rows * columns;
    if (rows < 2) {
      return;
    }
    byte[] t = java.util.Arrays.copyOf(buf, body);
    for (int c = 0; c < columns; c++) {
      int src = c * rows;
      for (int row = 0; row < rows; row++) {
        buf[row * columns + c] = t[src + row];
      }
    }
  }
}
