package io.ecugateway.format.mdf4;

import io.ecugateway.format.FormatException;
import java.io.IOException;

/**
 * A window over a {@link DataStream}: records are parsed in place from {@link #buf} starting at
 * {@link #pos}. {@link #ensure} compacts and refills so that a whole record is contiguous. The
 * array keeps {@link #SLACK} spare bytes after the data so field readers may read 8 bytes at any
 * record offset.
 */
final class RecordBuffer {
  static final int SLACK = 16;

  /**
   * Windows start small (a file has several data groups, often nearly empty) and double on refills
   * up to {@link #STEADY_CAPACITY}: small enough to stay in the CPU cache (records are parsed right
   * after the copy), large enough that refills are rare. Beyond that a window grows only for a
   * record (or look-ahead) that needs more.
   */
  private static final int INITIAL_CAPACITY = 4 * 1024;

  private static final int STEADY_CAPACITY = 64 * 1024;

  /** Largest single record (or VLSD entry) accepted; beyond it the file is corrupt. */
  static final int MAX_RECORD = 64 << 20;

  private final DataStream in;
  private final String file;
  byte[] buf;
  int pos;
  int limit;
  private long base;
  private boolean eof;

  RecordBuffer(DataStream in, String file) {
    this(in, file, INITIAL_CAPACITY);
  }

  RecordBuffer(DataStream in, String file, int capacity) {
    this.in = in;
    this.file = file;
    this.buf = new byte[capacity + SLACK];
  }

  /** Makes {@code n} bytes available from {@link #pos}; false if the stream ends first. */
  boolean ensure(long n) throws IOException {
    return limit - pos >= n || refill(n);
  }

  /**
   * Copies {@code n} payload bytes from {@code src} at {@code from} to the start of {@code dst}, a
   * long at a time: faster than {@link System#arraycopy} for the few bytes of a CAN payload. A
   * partial last word is merged into {@code dst} under a mask, so bytes past {@code n} keep their
   * values exactly as with a byte-wise copy.
   */
  static void copy(byte[] src, int from, byte[] dst, int n) {
    int i = 0;
    for (; i + 8 <= n; i += 8) {
      FieldReader.LE_LONG.set(dst, i, (long) FieldReader.LE_LONG.get(src, from + i));
    }
    int rest = n - i;
    if (rest == 0) {
      return;
    }
    if (i + 8 <= dst.length && from + i + 8 <= src.length) {
      long keep = -1L << (rest << 3);
      long old = (long) FieldReader.LE_LONG.get(dst, i);
      long add = (long) FieldReader.LE_LONG.get(src, from + i);
      FieldReader.LE_LONG.set(dst, i, (add & ~keep) | (old & keep));
      return;
    }
    for (; i < n; i++) {
      dst[i] = src[from + i];
    }
  }

  private boolean refill(long n) throws IOException {
    if (n > MAX_RECORD) {
      throw new FormatException(
          file,
          in.blockOffset(),
          "a record of " + n + " bytes exceeds the " + MAX_RECORD + " limit");
    }
    if (n > buf.length - SLACK || buf.length - SLACK < STEADY_CAPACITY) {
      byte[] bigger = new byte[(int) Math.max(n, 2L * (buf.length - SLACK)) + SLACK];
      System.arraycopy(buf, pos, bigger, 0, limit - pos);
      base += pos;
      limit -= pos;
      pos = 0;
      buf = bigger;
    } else if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      base += pos;
      limit -= pos;
      pos = 0;
    }
    while (!eof && limit - pos < n) {
      int got = in.read(buf, limit, buf.length - SLACK - limit);
      if (got < 0) {
        eof = true;
      } else {
        limit += got;
      }
    }
    return limit - pos >= n;
  }

  /** File offset of buffer index {@code i} (see {@link DataStream#fileOffsetOf}). */
  long fileOffset(int i) {
    return in.fileOffsetOf(base + i);
  }

  int remaining() {
    return limit - pos;
  }

  long blockOffset() {
    return in.blockOffset();
  }
}
