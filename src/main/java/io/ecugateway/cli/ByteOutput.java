package io.ecugateway.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;

/**
 * A byte buffer with number formatting that allocates nothing: integers, unsigned longs, timestamps
 * and doubles in Python {@code repr} form (what cantools/json.dumps print: {@code 250.0}, {@code
 * 0.30000000000000004}, {@code 1e-05}).
 *
 * <p>Two modes: {@link #toChannel} drains the buffer into a channel whenever it is full (one write
 * per buffer), {@link #inMemory} grows instead (a worker formats a batch there, the writer drains
 * it). Writers reserve the worst-case size of what they are about to write with {@link #ensure}
 * once, then the {@code put} methods write without further checks.
 */
final class ByteOutput implements AutoCloseable {
  /** Upper bound for one formatted number: a timestamp, a long, a double or a quoted non-finite. */
  static final int MAX_NUMBER = 32;

  private static final byte[] DIGIT_PAIRS = new byte[200];
  private static final byte[] LONG_MIN = "-9223372036854775808".getBytes();

  static {
    for (int i = 0; i < 100; i++) {
      DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
      DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
    }
  }

  private final WritableByteChannel channel;
  private byte[] buf;
  private ByteBuffer view;
  private int pos;

  /** The seconds of the last timestamp and their digits: consecutive frames share them. */
  private long lastSeconds = Long.MIN_VALUE;

  private final byte[] secondsDigits = new byte[MAX_NUMBER];
  private int secondsLength;

  private ByteOutput(WritableByteChannel channel, int size) {
    this.channel = channel;
    this.buf = new byte[Math.max(size, 4 * MAX_NUMBER)];
    this.view = ByteBuffer.wrap(buf);
  }

  /** A buffer of {@code size} bytes written to {@code channel} when full and on flush. */
  static ByteOutput toChannel(WritableByteChannel channel, int size) {
    return new ByteOutput(channel, size);
  }

  /** A buffer that grows as needed; read it with {@link #drainTo}. */
  static ByteOutput inMemory(int initialSize) {
    return new ByteOutput(null, initialSize);
  }

  /** Makes room for {@code n} more bytes: drains (channel mode) or grows (memory mode). */
  void ensure(int n) {
    if (pos + n <= buf.length) {
      return;
    }
    if (channel != null && n <= buf.length) {
      try {
        drainTo(channel);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (n <= buf.length) {
        return;
      }
    }
    buf = Arrays.copyOf(buf, Math.max(pos + n, 2 * buf.length));
    view = ByteBuffer.wrap(buf);
  }

  /** Number of bytes buffered. */
  int size() {
    return pos;
  }

  /** Writes the buffered bytes to {@code out} and empties the buffer. */
  void drainTo(WritableByteChannel out) throws IOException {
    view.clear().limit(pos);
    while (view.hasRemaining()) {
      out.write(view);
    }
    pos = 0;
  }

  /** Writes {@code other}'s bytes after this buffer's (channel mode) and empties {@code other}. */
  void append(ByteOutput other) throws IOException {
    flush();
    other.drainTo(channel);
  }

  /** Empties the buffer without writing it. */
  void clear() {
    pos = 0;
  }

  void put(byte b) {
    buf[pos++] = b;
  }

  void put(byte[] b) {
    System.arraycopy(b, 0, buf, pos, b.length);
    pos += b.length;
  }

  /** {@link #ensure} + {@link #put(byte[])} for pieces of unbounded length. */
  void write(byte[] b) {
    ensure(b.length);
    put(b);
  }

  void putLong(long v) {
    if (v < 0) {
      if (v == Long.MIN_VALUE) {
        put(LONG_MIN);
        return;
      }
      buf[pos++] = '-';
      v = -v;
    }
    putDigits(v);
  }

  void putUnsignedLong(long v) {
    if (v >= 0) {
      putDigits(v);
      return;
    }
    // v >= 2^63: all but the last digit, then the last one
    long q = (v >>> 1) / 5;
    putDigits(q);
    buf[pos++] = (byte) ('0' + (v - q * 10));
  }

  /** Decimal digits of a non-negative value. */
  private void putDigits(long v) {
    if (v <= Integer.MAX_VALUE) {
      putDigits((int) v);
      return;
    }
    // 10 to 19 digits: the part above 10^9 first, then nine zero-padded digits
    long high = v / 1_000_000_000L;
    if (high <= Integer.MAX_VALUE) {
      putDigits((int) high);
    } else {
      putDigits((int) (high / 1_000_000_000L));
      putNineDigits((int) (high % 1_000_000_000L));
    }
    putNineDigits((int) (v % 1_000_000_000L));
  }

  /**
   * Decimal digits of a non-negative int, two at a time from the right (signal values are small).
   */
  private void putDigits(int v) {
    if (v < 10) {
      buf[pos++] = (byte) ('0' + v);
      return;
    }
    int n = digitCount(v);
    int p = pos + n;
    while (v >= 100) {
      int q = v / 100;
      int r = (v - q * 100) << 1;
      v = q;
      p -= 2;
      buf[p] = DIGIT_PAIRS[r];
      buf[p + 1] = DIGIT_PAIRS[r + 1];
    }
    if (v >= 10) {
      buf[p - 2] = DIGIT_PAIRS[v << 1];
      buf[p - 1] = DIGIT_PAIRS[(v << 1) + 1];
    } else {
      buf[p - 1] = (byte) ('0' + v);
    }
    pos += n;
  }

  private void putNineDigits(int v) {
    int p = pos + 9;
    for (int i = 0; i < 4; i++) {
      int q = v / 100;
      int r = (v - q * 100) << 1;
      v = q;
      p -= 2;
      buf[p] = DIGIT_PAIRS[r];
      buf[p + 1] = DIGIT_PAIRS[r + 1];
    }
    buf[p - 1] = (byte) ('0' + v);
    pos += 9;
  }

  /** Digits of a positive int (at least 10 here). */
  private static int digitCount(int v) {
    if (v < 10_000) {
      return v < 100 ? 2 : v < 1000 ? 3 : 4;
    }
    if (v < 10_000_000) {
      return v < 100_000 ? 5 : v < 1_000_000 ? 6 : 7;
    }
    return v < 100_000_000 ? 8 : v < 1_000_000_000 ? 9 : 10;
  }

  /** {@code seconds.micros} (6 decimals), or 9 decimals when the time has sub-microsecond parts. */
  void putTimestamp(long ns) {
    long sec = Math.floorDiv(ns, 1_000_000_000L);
    long frac = Math.floorMod(ns, 1_000_000_000L);
    if (sec != lastSeconds) {
      int start = pos;
      putLong(sec);
      secondsLength = pos - start;
      System.arraycopy(buf, start, secondsDigits, 0, secondsLength);
      lastSeconds = sec;
    } else {
      System.arraycopy(secondsDigits, 0, buf, pos, secondsLength);
      pos += secondsLength;
    }
    buf[pos++] = '.';
    int fraction = (int) frac;
    int micros = fraction / 1000;
    if (micros * 1000 == fraction) {
      putSixDigits(micros);
    } else {
      putNineDigits(fraction);
    }
  }

  private void putSixDigits(int v) {
    int q = v / 100;
    int r = (v - q * 100) << 1;
    buf[pos + 4] = DIGIT_PAIRS[r];
    buf[pos + 5] = DIGIT_PAIRS[r + 1];
    v = q;
    q = v / 100;
    r = (v - q * 100) << 1;
    buf[pos + 2] = DIGIT_PAIRS[r];
    buf[pos + 3] = DIGIT_PAIRS[r + 1];
    r = q << 1;
    buf[pos] = DIGIT_PAIRS[r];
    buf[pos + 1] = DIGIT_PAIRS[r + 1];
    pos += 6;
  }

  /** A finite double as Python's {@code repr} prints it. */
  void putDouble(double v) {
    pos = PythonFloat.format(v, buf, pos);
  }

  /** Drains what is buffered (channel mode). */
  void flush() throws IOException {
    if (channel != null) {
      drainTo(channel);
    }
  }

  /** Flushes and closes the channel. */
  @Override
  public void close() throws IOException {
    try {
      flush();
    } finally {
      if (channel != null) {
        channel.close();
      }
    }
  }
}
