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

  /** Windows start small (cheap for small files) and double up to this on refills. */
  private static final int INITIAL_CAPACITY = 64 * 1024;

  private static final int GROWN_CAPACITY = 1 << 20;

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
    if (limit - pos >= n) {
      return true;
    }
    if (n > MAX_RECORD) {
      throw new FormatException(
          file,
          in.blockOffset(),
          "a record of " + n + " bytes exceeds the " + MAX_RECORD + " limit");
    }
    if (n > buf.length - SLACK || buf.length - SLACK < GROWN_CAPACITY) {
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
