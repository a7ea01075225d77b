package io.ecugateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Doubles print as Python's repr: shortest round-trip digits, Python's layout. */
class PythonFloatTest {

  private static String fmt(double v) {
    byte[] b = new byte[40];
    int n = PythonFloat.format(v, b, 0);
    return new String(b, 0, n, StandardCharsets.US_ASCII);
  }

  @Test
  void matchesPythonReprOnKnownValues() {
    // Expected strings are what CPython 3.11 prints for repr(x).
    assertEquals("250.0", fmt(250.0));
    assertEquals("249.99", fmt(249.99));
    assertEquals("6.300000000000001", fmt(63 * 0.1));
    assertEquals("0.30000000000000004", fmt(3 * 0.1));
    assertEquals("-1638.35", fmt(-1638.35));
    assertEquals("0.0001", fmt(1e-4));
    assertEquals("1e-05", fmt(1e-5));
    assertEquals("1.5e-07", fmt(1.5e-7));
    assertEquals("1000000000000000.0", fmt(1e15));
    assertEquals("1e+16", fmt(1e16));
    assertEquals("1.2345678901234568e+17", fmt(123456789012345678.0));
    assertEquals("3.4028234663852886e+38", fmt(Float.MAX_VALUE));
    assertEquals("5e-324", fmt(Double.MIN_VALUE));
    assertEquals("-0.0", fmt(-0.0));
    assertEquals("0.0", fmt(0.0));
    assertEquals(
        "36893488147419103230.0".length() > 0 ? "3.6893488147419103e+19" : "", fmt(0x1p65));
    assertEquals("0.1", fmt(0.1));
    assertEquals("100.0", fmt(100));
    assertEquals("123.456", fmt(123.456));
    assertEquals("-0.5", fmt(-0.5));
  }

  @Test
  void shortestRoundTripOnRandomValues() {
    Random rnd = new Random(1);
    for (int i = 0; i < 200_000; i++) {
      double v =
          switch (i % 3) {
            case 0 -> Double.longBitsToDouble(rnd.nextLong());
            case 1 -> rnd.nextInt(1 << 16) * 0.01 + rnd.nextInt(100) - 50;
            default -> rnd.nextInt(4096) * 0.1;
          };
      if (!Double.isFinite(v)) {
        continue;
      }
      String s = fmt(v);
      assertEquals(v, Double.parseDouble(s), s);
      assertEquals(
          significantDigits(Double.toString(v)), significantDigits(s), () -> v + " -> " + s);
    }
  }

  /** Significant digits of a decimal string (the JDK's toString is also shortest round-trip). */
  private static int significantDigits(String s) {
    String m = s.replaceAll("[eE].*$", "").replace("-", "").replace(".", "");
    m = m.replaceFirst("^0+", "");
    m = m.replaceFirst("0+$", "");
    return Math.max(1, m.length());
  }
}
