package io.ecugateway.format.text;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Splits a byte stream into lines without creating a String per line: the current line is the range
 * [{@link #start()}, {@link #end()}) of {@link #buffer()}, valid until the next call to {@link
 * #next()}. Memory is bounded by one fixed buffer; a line longer than {@link #MAX_LINE} bytes
 * (before its LF, a CR counted) is skipped to its end and reported through {@link #tooLong()},
 * whatever the stream's read sizes (so {@link LineChunk} can apply the same rule). Accepts LF and
 * CRLF.
 */
public final class LineSource implements Closeable {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Longest line handed to parsers; the longest real one (64-byte CAN FD in ASC) is ~600 B. */
  public static final int MAX_LINE = 8 * 1024;

  /** What a reader reports for a line longer than {@link #MAX_LINE}: expected, found. */
  static final String LONG_LINE_EXPECTED = "a line of at most " + MAX_LINE + " bytes";

  static final String LONG_LINE_FOUND = "a longer line";

  /** What a reader reports for a last line without line break that is not blank. */
  static final String UNTERMINATED =
      "skipped the last line: it has no line break, the file looks truncated";

  private final InputStream in;
  private final byte[] buf = new byte[64 * 1024];
  private int pos;
  private int limit;
  private boolean eof;
  private int start;
  private int end;
  private long lineNumber;
  private boolean tooLong;
  private boolean unterminated;

  public LineSource(InputStream in) {
    this.in = in;
  }

  /**
   * Advances to the next line.
   *
   * @return false at the end of the input
   */
  public boolean next() throws IOException {
    tooLong = false;
    unterminated = false;
    while (true) {
      int nl = indexOfNewline(buf, pos, limit);
      if (nl >= 0) {
        if (nl - pos > MAX_LINE) {
          skippedLongLine(nl + 1);
        } else {
          setLine(pos, nl);
          pos = nl + 1;
        }
        return true;
      }
      if (eof) {
        if (limit - pos > MAX_LINE) {
          skippedLongLine(limit);
        } else if (pos < limit) {
          setLine(pos, limit);
          pos = limit;
          unterminated = true;
        } else {
          return false;
        }
        return true;
      }
      if (limit - pos > MAX_LINE) {
        skipRestOfLongLine();
        return true;
      }
      fill();
    }
  }

  private void setLine(int s, int e) {
    if (e > s && buf[e - 1] == '\r') {
      e--;
    }
    start = s;
    end = e;
    lineNumber++;
  }

  /** A too long line that ends before {@code next}; the current line becomes empty. */
  private void skippedLongLine(int next) {
    tooLong = true;
    lineNumber++;
    pos = next;
    start = end = pos;
  }

  /** Drops bytes up to and including the next newline; the current line becomes empty. */
  private void skipRestOfLongLine() throws IOException {
    tooLong = true;
    lineNumber++;
    while (true) {
      int nl = indexOfNewline(buf, pos, limit);
      if (nl >= 0) {
        pos = nl + 1;
        break;
      }
      pos = limit = 0;
      if (eof) {
        break;
      }
      fill();
    }
    start = end = pos;
  }

  private void fill() throws IOException {
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      limit -= pos;
      pos = 0;
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      eof = true;
    } else {
      limit += n;
    }
  }

  /**
   * The first '\n' in {@code b[from, to)}, or -1. Eight bytes per step: a word's lowest byte equal
   * to '\n' is its lowest flagged byte.
   */
  static int indexOfNewline(byte[] b, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long w = (long) LONGS.get(b, i) ^ 0x0A0A0A0A0A0A0A0AL;
      long zeroBytes = (w - 0x0101010101010101L) & ~w & 0x8080808080808080L;
      if (zeroBytes != 0) {
        return i + (Long.numberOfTrailingZeros(zeroBytes) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  public byte[] buffer() {
    return buf;
  }

  public int start() {
    return start;
  }

  public int end() {
    return end;
  }

  /** 1-based number of the current line. */
  public long lineNumber() {
    return lineNumber;
  }

  /** The current line was longer than {@link #MAX_LINE} and has been skipped (it is empty). */
  public boolean tooLong() {
    return tooLong;
  }

  /**
   * The current line is the last one and has no line break: tools end every line with one, so the
   * file was most likely cut off in the middle of this line.
   */
  public boolean unterminated() {
    return unterminated;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
