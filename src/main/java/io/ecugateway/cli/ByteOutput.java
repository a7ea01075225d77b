package io.ecugateway.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A growable-free byte buffer in front of an {@link OutputStream}, with number formatting that
 * allocates nothing: integers, unsigned longs, timestamps and doubles in Python {@code repr} form
 * (what cantools/json.dumps print: {@code 250.0}, {@code 0.30000000000000004}, {@code 1e-05}).
 */
final class ByteOutput implements AutoCloseable {
  private final OutputStream out;
  private final byte[] buf;
  private int pos;
  private final byte[] digits = new byte[32];

  ByteOutput(OutputStream out, int bufferSize) {
    this.out = out;
    this.buf = new byte[Math.max(bufferSize, 256)];
  }

  /** Makes room for {@code n} more bytes (n must be at most the buffer size). */
  private void ensure(int n) throws IOException {
    if (pos + n > buf.length) {
      flushBuffer();
    }
  }

  private void flushBuffer() throws IOException {
    out.write(buf, 0, pos);
    pos = 0;
  }

  void write(byte b) throws IOException {
    if (pos == buf.length) {
      flushBuffer();
    }
    buf[pos++] = b;
  }

  void write(byte[] b) throws IOException {
    if (b.length > buf.length - pos) {
      flushBuffer();
      if (b.length > buf.length) {
        out.write(b);
        return;
      }
    }
    System.arraycopy(b, 0, buf, pos, b.length);
    pos += b.length;
  }

  void writeAscii(String s) throws IOException {
    write(s.getBytes(StandardCharsets.UTF_8));
  }

  void writeLong(long v) throws IOException {
    ensure(20);
    if (v < 0) {
      if (v == Long.MIN_VALUE) {
        writeAscii("-9223372036854775808");
        return;
      }
      buf[pos++] = '-';
      v = -v;
    }
    writeDigits(v);
  }

  void writeUnsignedLong(long v) throws IOException {
    if (v >= 0) {
      writeLong(v);
      return;
    }
    ensure(20);
    long q = (v >>> 1) / 5;
    long r = v - q * 10;
    writeDigits(q);
    buf[pos++] = (byte) ('0' + r);
  }

  private void writeDigits(long v) {
    int n = 0;
    do {
      digits[n++] = (byte) ('0' + (v % 10));
      v /= 10;
    } while (v != 0);
    while (n > 0) {
      buf[pos++] = digits[--n];
    }
  }

  /** {@code seconds.micros} (6 decimals), or 9 decimals when the time has sub-microsecond parts. */
  void writeTimestamp(long ns) throws IOException {
    ensure(32);
    long sec = Math.floorDiv(ns, 1_000_000_000L);
    long frac = Math.floorMod(ns, 1_000_000_000L);
    writeLong(sec);
    buf[pos++] = '.';
    if (frac % 1000 == 0) {
      writeFixed(frac / 1000, 6);
    } else {
      writeFixed(frac, 9);
    }
  }

  private void writeFixed(long v, int width) {
    for (int i = width - 1; i >= 0; i--) {
      buf[pos + i] = (byte) ('0' + (v % 10));
      v /= 10;
    }
    pos += width;
  }

  /** A finite double as Python's {@code repr} prints it. */
  void writeDouble(double v) throws IOException {
    ensure(32);
    pos = PythonFloat.format(v, buf, pos);
  }

  void flush() throws IOException {
    flushBuffer();
    out.flush();
  }

  @Override
  public void close() throws IOException {
    flush();
    out.close();
  }
}
