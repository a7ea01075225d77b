package io.ecugateway.format.text;

import java.nio.charset.StandardCharsets;

/**
 * Parsing primitives over one line's bytes, shared by the text formats. Numbers are parsed straight
 * from the bytes (no String, no allocation). On a mismatch a parser calls {@link #fail(String)},
 * which records what was expected and where, for the warning the reader builds.
 */
public final class LineCursor {
  /** Returned by number parsers when there is no valid number at the cursor. */
  public static final long NONE = Long.MIN_VALUE;

  private static final byte[] HEX = new byte[256];

  static {
    java.util.Arrays.fill(HEX, (byte) -1);
    for (int i = 0; i < 10; i++) {
      HEX['0' + i] = (byte) i;
    }
    for (int i = 0; i < 6; i++) {
      HEX['a' + i] = (byte) (10 + i);
      HEX['A' + i] = (byte) (10 + i);
    }
  }

  private byte[] b;
  private int lineStart;
  private int pos;
  private int end;
  private int digits;
  private String expected;
  private int errorAt;

  public LineCursor reset(byte[] bytes, int start, int end) {
    this.b = bytes;
    this.lineStart = start;
    this.pos = start;
    this.end = end;
    this.expected = null;
    return this;
  }

  public int pos() {
    return pos;
  }

  public void pos(int p) {
    pos = p;
  }

  public int end() {
    return end;
  }

  public byte[] bytes() {
    return b;
  }

  public boolean atEnd() {
    return pos >= end;
  }

  /** The byte at the cursor, or -1 at the end of the line. */
  public int peek() {
    return pos < end ? b[pos] & 0xFF : -1;
  }

  /** The byte {@code ahead} positions after the cursor, or -1 past the end. */
  public int peek(int ahead) {
    int p = pos + ahead;
    return p < end ? b[p] & 0xFF : -1;
  }

  public void skip(int n) {
    pos = Math.min(end, pos + n);
  }

  public static boolean isBlank(int c) {
    return c == ' ' || c == '\t';
  }

  public void skipBlanks() {
    while (pos < end && isBlank(b[pos])) {
      pos++;
    }
  }

  /** Skips at least one blank; false (cursor unchanged) if there is none. */
  public boolean blanks() {
    if (pos >= end || !isBlank(b[pos])) {
      return false;
    }
    skipBlanks();
    return true;
  }

  /** True if the rest of the line is blank. */
  public boolean restBlank() {
    for (int p = pos; p < end; p++) {
      if (!isBlank(b[p])) {
        return false;
      }
    }
    return true;
  }

  /** Consumes {@code c} if it is at the cursor. */
  public boolean accept(char c) {
    if (pos < end && b[pos] == c) {
      pos++;
      return true;
    }
    return false;
  }

  /** End of the token at the cursor (first blank or end of line). */
  public int tokenEnd() {
    int p = pos;
    while (p < end && !isBlank(b[p])) {
      p++;
    }
    return p;
  }

  /**
   * Consumes {@code word} if the token at the cursor is exactly that word (case-insensitive ASCII).
   */
  public boolean acceptWord(String word) {
    int n = word.length();
    if (tokenEnd() - pos != n || !startsWith(word)) {
      return false;
    }
    pos += n;
    return true;
  }

  /** Whether the bytes at the cursor start with {@code s} (case-insensitive ASCII). */
  public boolean startsWith(String s) {
    int n = s.length();
    if (end - pos < n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (lower(b[pos + i]) != lower((byte) s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static int lower(byte c) {
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
  }

  public static int hexValue(int c) {
    return c < 0 ? -1 : HEX[c & 0xFF];
  }

  /**
   * Parses 1..maxDigits hex digits. Stops at the first non-hex byte; more than {@code maxDigits}
   * digits is a failure.
   *
   * @return the value, or {@link #NONE}
   */
  public long hex(int maxDigits) {
    int p = pos;
    long v = 0;
    while (p < end) {
      int d = HEX[b[p] & 0xFF];
      if (d < 0) {
        break;
      }
      v = (v << 4) | d;
      p++;
      if (p - pos > maxDigits) {
        return NONE;
      }
    }
    digits = p - pos;
    if (digits == 0) {
      return NONE;
    }
    pos = p;
    return v;
  }

  /**
   * Parses 1..maxDigits decimal digits (maxDigits at most 18).
   *
   * @return the value, or {@link #NONE}
   */
  public long decimal(int maxDigits) {
    int p = pos;
    long v = 0;
    while (p < end) {
      int c = b[p];
      if (c < '0' || c > '9') {
        break;
      }
      v = v * 10 + (c - '0');
      p++;
      if (p - pos > maxDigits) {
        return NONE;
      }
    }
    digits = p - pos;
    if (digits == 0) {
      return NONE;
    }
    pos = p;
    return v;
  }

  /** Number of digits the last successful {@link #hex}/{@link #decimal} call consumed. */
  public int digits() {
    return digits;
  }

  /**
   * Parses a non-negative decimal number with an optional fraction, {@code 1600000000.123456},
   * scaled by {@code unitNs} (1e9 for seconds, 1e6 for milliseconds). Fraction digits beyond
   * nanosecond resolution are dropped.
   *
   * @return nanoseconds, or {@link #NONE}
   */
  public long decimalNs(long unitNs, int maxIntDigits) {
    int save = pos;
    long whole = decimal(maxIntDigits);
    if (whole == NONE) {
      return NONE;
    }
    long ns = whole * unitNs;
    if (pos < end && b[pos] == '.') {
      pos++;
      long scale = unitNs / 10;
      int p = pos;
      while (p < end && b[p] >= '0' && b[p] <= '9') {
        ns += (b[p] - '0') * scale;
        scale /= 10;
        p++;
      }
      if (p == pos) {
        pos = save;
        return NONE;
      }
      pos = p;
    }
    return ns;
  }

  /**
   * Records a mismatch at the cursor and returns {@link TextFrameReader#MALFORMED}, so parsers can
   * write {@code return c.fail("...")}.
   */
  public int fail(String what) {
    expected = what;
    errorAt = Math.min(pos, end);
    return TextFrameReader.MALFORMED;
  }

  /** What the failed parse expected, or null. */
  public String expected() {
    return expected;
  }

  /** A short quote of the text where parsing failed (allocates; errors only). */
  public String found() {
    if (errorAt >= end) {
      return "end of line";
    }
    int e = errorAt;
    while (e < end && e - errorAt < 24 && !isBlank(b[e])) {
      e++;
    }
    if (e == errorAt) {
      e = Math.min(end, errorAt + 1);
    }
    StringBuilder sb = new StringBuilder("\"");
    for (int i = errorAt; i < e; i++) {
      int c = b[i] & 0xFF;
      if (c >= 0x20 && c < 0x7F) {
        sb.append((char) c);
      } else {
        sb.append(String.format("\\x%02X", c));
      }
    }
    return sb.append('"')
        .append(" (column ")
        .append(errorAt - lineStart + 1)
        .append(')')
        .toString();
  }

  /** The whole line as text (allocates; for headers and errors only). */
  public String lineText() {
    return new String(b, lineStart, end - lineStart, StandardCharsets.ISO_8859_1);
  }
}
