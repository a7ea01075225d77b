package io.ecugateway.decode;

import io.ecugateway.dbc.Signal;
import io.ecugateway.dbc.ValueType;

/**
 * Raw → physical conversion, chosen exactly like cantools' {@code BaseConversion.factory} so that
 * values (and whether they are integers) match it: factor 1 and offset 0 keep the raw value;
 * integral factor and offset on an integer signal give an integer {@code raw * factor + offset};
 * anything else is {@code raw * factor + offset} in double precision.
 */
record Conversion(Kind kind, long factorLong, long offsetLong, double factor, double offset) {

  /** The order is relied on by {@link SignalCodec}, which switches on the ordinal. */
  enum Kind {
    /** Integer signal, physical = raw (an integer). */
    IDENTITY(true),
    /** Integer signal, integral factor and offset: physical = raw * factor + offset (integer). */
    LINEAR_INTEGER(true),
    /** physical = raw * factor + offset in double. */
    LINEAR(false),
    /** IEEE float signal, physical = the float (factor 1, offset 0). */
    FLOAT(false),
    /** IEEE float signal with scaling. */
    FLOAT_LINEAR(false),
    /** Cannot be decoded (float signal of the wrong length). */
    NONE(false);

    final boolean integer;

    Kind(boolean integer) {
      this.integer = integer;
    }
  }

  static Conversion of(Signal s) {
    double f = s.factor();
    double o = s.offset();
    boolean identity = f == 1 && o == 0;
    if (s.valueType() != ValueType.INTEGER) {
      int bits = s.valueType() == ValueType.FLOAT32 ? 32 : 64;
      if (s.length() != bits) {
        return new Conversion(Kind.NONE, 0, 0, f, o);
      }
      return new Conversion(identity ? Kind.FLOAT : Kind.FLOAT_LINEAR, 0, 0, f, o);
    }
    if (identity) {
      return new Conversion(Kind.IDENTITY, 1, 0, f, o);
    }
    if (isIntegral(f) && isIntegral(o) && fitsInLong(s, f, o)) {
      return new Conversion(Kind.LINEAR_INTEGER, (long) f, (long) o, f, o);
    }
    return new Conversion(Kind.LINEAR, 0, 0, f, o);
  }

  private static boolean isIntegral(double d) {
    return Double.isFinite(d) && d == Math.rint(d);
  }

  /**
   * Python integers never overflow; we use long where {@code |raw * factor + offset| < 2^62} is
   * guaranteed and fall back to double beyond (values above 2^53 then lose precision).
   */
  private static boolean fitsInLong(Signal s, double f, double o) {
    int bits = Math.min(s.length(), 64);
    double maxRaw = Math.scalb(1.0, bits);
    return maxRaw * Math.abs(f) + Math.abs(o) < 0x1p62;
  }
}
