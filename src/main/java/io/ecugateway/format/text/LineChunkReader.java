package io.ecugateway.format.text;

import java.io.IOException;
import java.io.InputStream;

/**
 * Cuts a text input into {@link LineChunk}s of whole lines: each chunk ends at a line break and the
 * bytes after the last one are carried into the next chunk. A line longer than a whole chunk is
 * skipped while reading and becomes a chunk of its own ({@link LineChunk#longLine}); only the last
 * chunk of the input may end without a line break.
 *
 * <p>A read stops early once it brought a line break, so lines from a pipe (a live {@code candump})
 * go on without waiting for a full chunk; a file fills whole chunks.
 */
public final class LineChunkReader {
  private final InputStream in;
  private byte[] carry = new byte[0];
  private int carried;
  private boolean eof;
  private IOException failure;

  LineChunkReader(InputStream in) {
    this.in = in;
  }

  /**
   * Fills {@code chunk} with the next lines. If reading fails, the whole lines read before are
   * returned first and the failure is thrown by the next call.
   *
   * @return false at the end of the input (the chunk is then empty)
   */
  public boolean read(LineChunk chunk) throws IOException {
    if (failure != null) {
      IOException e = failure;
      failure = null;
      eof = true;
      throw e;
    }
    byte[] b = chunk.data;
    chunk.longLine = false;
    chunk.length = 0;
    int n = carried;
    System.arraycopy(carry, 0, b, 0, n);
    carried = 0;
    try {
      while (n < b.length && !eof) {
        int r = in.read(b, n, b.length - n);
        if (r < 0) {
          eof = true;
        } else {
          n += r;
          if (LineSource.indexOfNewline(b, n - r, n) >= 0) {
            break;
          }
        }
      }
    } catch (IOException e) {
      int last = lastNewline(b, n);
      if (last < 0) {
        throw e;
      }
      failure = e;
      chunk.length = last + 1;
      return true;
    }
    if (eof) {
      chunk.length = n;
      return n > 0;
    }
    int last = lastNewline(b, n);
    if (last < 0) {
      skipLongLine(chunk);
      return true;
    }
    chunk.length = last + 1;
    keep(b, last + 1, n);
    return true;
  }

  /** The chunk's buffer is full without a line break: drop the line's bytes up to its end. */
  private void skipLongLine(LineChunk chunk) throws IOException {
    byte[] b = chunk.data;
    chunk.longLine = true;
    while (true) {
      int r = in.read(b, 0, b.length);
      if (r < 0) {
        eof = true;
        return;
      }
      int nl = LineSource.indexOfNewline(b, 0, r);
      if (nl >= 0) {
        keep(b, nl + 1, r);
        return;
      }
    }
  }

  /** Carries {@code b[from, to)} into the next chunk. */
  private void keep(byte[] b, int from, int to) {
    carried = to - from;
    if (carry.length < carried) {
      carry = new byte[b.length];
    }
    System.arraycopy(b, from, carry, 0, carried);
  }

  private static int lastNewline(byte[] b, int n) {
    for (int i = n - 1; i >= 0; i--) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
