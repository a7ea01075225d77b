package io.ecugateway.format.text;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Buffered ASCII output with number formatting straight into bytes: writers format millions of
 * frames without a String or a formatter per line.
 */
public final class TextOut implements Closeable, Flushable {
  private static final byte[] HEX =
      "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final OutputStream out;
  private final byte[] buf = new byte[64 * 1024];
  private int n;

  public TextOut(OutputStream out) {
    this.out = out;
  }

  private void room(int k) throws IOException {
    if (n + k > buf.length) {
      out.write(buf, 0, n);
      n = 0;
    }
  }

  public TextOut ch(char c) throws IOException {
    room(1);
    buf[n++] = (byte) c;
    return this;
  }

  /** Appends an ASCII string (other chars become '?'). */
  public TextOut ascii(String s) throws IOException {
    int len = s.length();
    if (len > 1024) {
      for (int i = 0; i < len; i += 1024) {
        ascii(s.substring(i, Math.min(len, i + 1024)));
      }
      return this;
    }
    room(len);
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      buf[n++] = c < 0x80 ? (byte) c : (byte) '?';
    }
    return this;
  }

  /** Decimal, left-padded with {@code pad} to at least {@code width} characters. */
  public TextOut dec(long v, int width, char pad) throws IOException {
    room(21 + width);
    if (v < 0) {
      buf[n++] = '-';
      v = -v;
      width--;
    }
    int digits = 1;
    for (long t = v; t >= 10; t /= 10) {
      digits++;
    }
    for (int i = digits; i < width; i++) {
      buf[n++] = (byte) pad;
    }
    int p = n + digits;
    n = p;
    do {
      buf[--p] = (byte) ('0' + (v % 10));
      v /= 10;
    } while (v != 0);
    return this;
  }

  public TextOut dec(long v) throws IOException {
    return dec(v, 0, ' ');
  }

  /** Uppercase hex with exactly {@code digits} digits. */
  public TextOut hex(long v, int digits) throws IOException {
    room(digits);
    for (int i = digits - 1; i >= 0; i--) {
      buf[n + i] = HEX[(int) (v & 0xF)];
      v >>>= 4;
    }
    n += digits;
    return this;
  }

  /** Uppercase hex without leading zeros. */
  public TextOut hex(long v) throws IOException {
    int digits = 1;
    for (long t = v >>> 4; t != 0; t >>>= 4) {
      digits++;
    }
    return hex(v, digits);
  }

  /** Bytes as two hex digits each, separated by {@code sep} unless it is 0. */
  public TextOut hexBytes(byte[] data, int off, int len, char sep) throws IOException {
    room(len * 3);
    for (int i = 0; i < len; i++) {
      if (sep != 0 && i > 0) {
        buf[n++] = (byte) sep;
      }
      int v = data[off + i] & 0xFF;
      buf[n++] = HEX[v >>> 4];
      buf[n++] = HEX[v & 0xF];
    }
    return this;
  }

  /**
   * A time as seconds with {@code fractionDigits} decimals (truncated, never rounded up into the
   * next second), e.g. {@code 1725694999.693250}.
   */
  public TextOut seconds(long ns, int fractionDigits) throws IOException {
    long sec = Math.floorDiv(ns, 1_000_000_000L);
    long frac = Math.floorMod(ns, 1_000_000_000L);
    dec(sec);
    if (fractionDigits > 0) {
      ch('.');
      for (int i = fractionDigits; i < 9; i++) {
        frac /= 10;
      }
      dec(frac, fractionDigits, '0');
    }
    return this;
  }

  @Override
  public void flush() throws IOException {
    out.write(buf, 0, n);
    n = 0;
    out.flush();
  }

  @Override
  public void close() throws IOException {
    try {
      flush();
    } finally {
      out.close();
    }
  }
}
