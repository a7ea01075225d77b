package io.ecugateway.cli;

/**
 * Formats doubles exactly like Python's {@code repr(float)}: the shortest digit string that reads
 * back to the same double, in fixed notation when the decimal exponent is in [-4, 16) ({@code
 * 250.0}, {@code 0.0001}) and scientific otherwise ({@code 1e-05}, {@code 1.5e+16}).
 *
 * <p>Fast path without allocation: for |v| in [1e-4, 1e15) find the fewest decimals k for which
 * {@code m / 10^k == v} with m = round(v·10^k) below 2^53; both m and 10^k are then exact doubles,
 * so the division is correctly rounded and the test is exact. Other values (17 significant digits,
 * huge or tiny magnitudes) take the JDK's shortest-repr {@link Double#toString} and are rewritten
 * to Python's layout; that path allocates a short string.
 */
final class PythonFloat {
  private PythonFloat() {}

  private static final double[] POW10 = new double[23];
  private static final double TWO_53 = 0x1p53;

  static {
    double p = 1;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p;
      p *= 10;
    }
  }

  /** Writes v (finite) at {@code pos}, needs up to 26 bytes; returns the new position. */
  static int format(double v, byte[] buf, int pos) {
    if (v == 0) {
      if (Double.doubleToRawLongBits(v) < 0) {
        buf[pos++] = '-';
      }
      buf[pos++] = '0';
      buf[pos++] = '.';
      buf[pos++] = '0';
      return pos;
    }
    double a = Math.abs(v);
    if (a >= 1e-4 && a < 1e15) {
      for (int k = 0; k <= 17; k++) {
        double p = POW10[k];
        double t = a * p;
        if (t >= TWO_53) {
          break;
        }
        double m = Math.rint(t);
        double r = Math.fma(a, p, -m);
        if (r > 0.5) {
          m += 1;
        } else if (r < -0.5) {
          m -= 1;
        }
        if (m / p == a) {
          if (v < 0) {
            buf[pos++] = '-';
          }
          return writeFixed((long) m, k, buf, pos);
        }
      }
    }
    return slow(v, buf, pos);
  }

  /** m with k decimals; at least one digit each side of the point. */
  private static int writeFixed(long m, int k, byte[] buf, int pos) {
    int n = digitCount(m);
    if (k == 0) {
      pos = writeDigits(m, n, buf, pos);
      buf[pos++] = '.';
      buf[pos++] = '0';
      return pos;
    }
    if (n <= k) {
      buf[pos++] = '0';
      buf[pos++] = '.';
      for (int i = n; i < k; i++) {
        buf[pos++] = '0';
      }
      return writeDigits(m, n, buf, pos);
    }
    long div = (long) POW10[k];
    long ip = m / div;
    long fp = m - ip * div;
    pos = writeDigits(ip, n - k, buf, pos);
    buf[pos++] = '.';
    return writeDigits(fp, k, buf, pos);
  }

  /** Writes exactly {@code n} digits of v (zero-padded on the left). */
  private static int writeDigits(long v, int n, byte[] buf, int pos) {
    for (int i = n - 1; i >= 0; i--) {
      buf[pos + i] = (byte) ('0' + (v % 10));
      v /= 10;
    }
    return pos + n;
  }

  private static int digitCount(long v) {
    int n = 1;
    while (v >= 10) {
      v /= 10;
      n++;
    }
    return n;
  }

  /** Rewrites the JDK's shortest representation (same digits as Python's) into Python's layout. */
  private static int slow(double v, byte[] buf, int pos) {
    String s = Double.toString(Math.abs(v));
    if (v < 0) {
      buf[pos++] = '-';
    }
    // Collect significant digits and the decimal exponent x (value = d.ddd × 10^x).
    byte[] digits = new byte[24];
    int nd = 0;
    int pointAt = -1;
    int exp = 0;
    int i = 0;
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '.') {
        pointAt = nd;
      } else if (c == 'E') {
        exp = Integer.parseInt(s.substring(i + 1));
        break;
      } else {
        digits[nd++] = (byte) c;
      }
    }
    if (pointAt < 0) {
      pointAt = nd;
    }
    // Strip leading zeros (0.001 -> digits 0001) and trailing zeros.
    int lead = 0;
    while (lead < nd - 1 && digits[lead] == '0') {
      lead++;
    }
    int end = nd;
    while (end > lead + 1 && digits[end - 1] == '0') {
      end--;
    }
    int x = pointAt - lead - 1 + exp;
    int n = end - lead;
    if (n == 2) {
      // The JDK never prints fewer than two digits; Python does when one digit reads back.
      int d = digits[lead] - '0';
      boolean roundUp = digits[lead + 1] >= '5'; // the closer one-digit candidate first
      for (int c : roundUp ? new int[] {d + 1, d} : new int[] {d, d + 1}) {
        int cx = c == 10 ? x + 1 : x;
        int cd = c == 10 ? 1 : c;
        if (cd > 0 && Double.parseDouble(cd + "e" + cx) == Math.abs(v)) {
          digits[lead] = (byte) ('0' + cd);
          x = cx;
          n = 1;
          break;
        }
      }
    }
    if (x >= -4 && x < 16) {
      if (x >= 0) {
        for (int j = 0; j <= x; j++) {
          buf[pos++] = j < n ? digits[lead + j] : (byte) '0';
        }
        buf[pos++] = '.';
        if (n > x + 1) {
          for (int j = x + 1; j < n; j++) {
            buf[pos++] = digits[lead + j];
          }
        } else {
          buf[pos++] = '0';
        }
      } else {
        buf[pos++] = '0';
        buf[pos++] = '.';
        for (int j = 0; j < -x - 1; j++) {
          buf[pos++] = '0';
        }
        for (int j = 0; j < n; j++) {
          buf[pos++] = digits[lead + j];
        }
      }
      return pos;
    }
    buf[pos++] = digits[lead];
    if (n > 1) {
      buf[pos++] = '.';
      for (int j = 1; j < n; j++) {
        buf[pos++] = digits[lead + j];
      }
    }
    buf[pos++] = 'e';
    buf[pos++] = (byte) (x < 0 ? '-' : '+');
    int ax = Math.abs(x);
    if (ax < 10) {
      buf[pos++] = '0';
    }
    String xs = Integer.toString(ax);
    for (int j = 0; j < xs.length(); j++) {
      buf[pos++] = (byte) xs.charAt(j);
    }
    return pos;
  }
}
