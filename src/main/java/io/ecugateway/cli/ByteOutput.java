package io.ecugateway.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ASCII_ZEROS = 0x3030_3030_3030_3030L;
  private static final byte[] LONG_MIN = "-9223372036854775808".getBytes();

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
    if (v < 100_000_000L) {
      putUpToEightDigits((int) v);
    } else if (v < 10_000_000_000_000_000L) {
      putUpToEightDigits((int) (v / 100_000_000L));
      putEightDigits((int) (v % 100_000_000L));
    } else {
      long high = v / 100_000_000L;
      putUpToEightDigits((int) (high / 100_000_000L));
      putEightDigits((int) (high % 100_000_000L));
      putEightDigits((int) (v % 100_000_000L));
    }
  }

  /** v in [0, 10^8) without leading zeros; one 8-byte store (writers reserve 32 bytes). */
  private void putUpToEightDigits(int v) {
    long digits = eightDigits(v);
    int leadingZeros = Math.min(Long.numberOfTrailingZeros(digits) >>> 3, 7);
    LONGS.set(buf, pos, (digits >>> (leadingZeros << 3)) + ASCII_ZEROS);
    pos += 8 - leadingZeros;
  }

  /** v in [0, 10^8) as exactly eight digits. */
  private void putEightDigits(int v) {
    LONGS.set(buf, pos, eightDigits(v) + ASCII_ZEROS);
    pos += 8;
  }

  /**
   * The eight decimal digits of v in [0, 10^8), one per byte, most significant digit in the lowest
   * byte (the order they are stored in): v is split into two halves of four digits, each half into
   * two of two digits, each of those into two digits, every split done on all lanes at once with
   * multiply-shift divisions that are exact in these ranges.
   */
  private static long eightDigits(int v) {
    int high = v / 10_000;
    long merged = high | (long) (v - high * 10_000) << 32;
    long top = ((merged * 10486L) >>> 20) & 0x0000007F_0000007FL; // lanes / 100
    long hundreds = ((merged - 100 * top) << 16) + top;
    long tens = ((hundreds * 103L) >>> 10) & 0x000F_000F_000F_000FL; // lanes / 10
    return tens + ((hundreds - 10 * tens) << 8);
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
      // eight digits of which the first two are zero
      LONGS.set(buf, pos, (eightDigits(micros) >>> 16) + ASCII_ZEROS);
      pos += 6;
    } else {
      buf[pos++] = (byte) ('0' + fraction / 100_000_000);
      putEightDigits(fraction % 100_000_000);
    }
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
