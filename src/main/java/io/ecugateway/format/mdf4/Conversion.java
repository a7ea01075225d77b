package io.ecugateway.format.mdf4;

import io.ecugateway.format.FormatException;
import java.util.Arrays;

/** A compiled {@link CcBlock}: raw value to physical value. */
final class Conversion {
  private final int type;
  private final double[] v;

  private Conversion(int type, double[] v) {
    this.type = type;
    this.v = v;
  }

  static final Conversion IDENTITY = new Conversion(CcBlock.IDENTITY, new double[0]);

  static Conversion of(CcBlock cc, BlockReader r, String channel) throws FormatException {
    double[] v = cc.values();
    int need =
        switch (cc.type()) {
          case CcBlock.IDENTITY -> 0;
          case CcBlock.LINEAR -> 2;
          case CcBlock.RATIONAL -> 6;
          case CcBlock.TABLE, CcBlock.TABLE_INTERPOLATED -> 2;
          case CcBlock.RANGE_TABLE -> 1;
          default ->
              throw r.error(
                  cc.offset(),
                  "conversion type " + cc.type() + " is not supported for bus channel " + channel);
        };
    if (v.length < need) {
      throw r.error(cc.offset(), "conversion of " + channel + " has too few values");
    }
    if (cc.type() == CcBlock.IDENTITY) {
      return IDENTITY;
    }
    if (cc.type() == CcBlock.TABLE || cc.type() == CcBlock.TABLE_INTERPOLATED) {
      for (int i = 2; i + 1 < v.length; i += 2) {
        if (v[i] < v[i - 2]) {
          throw r.error(cc.offset(), "conversion table of " + channel + " is not sorted by key");
        }
      }
    }
    return new Conversion(cc.type(), Arrays.copyOf(v, v.length));
  }

  boolean isIdentity() {
    return type == CcBlock.IDENTITY;
  }

  /** Linear with factor 0: the value does not depend on the raw value. */
  boolean isConstant() {
    return type == CcBlock.LINEAR && v[1] == 0;
  }

  boolean isLinear() {
    return type == CcBlock.LINEAR || type == CcBlock.IDENTITY;
  }

  double offset() {
    return type == CcBlock.LINEAR ? v[0] : 0;
  }

  double factor() {
    return type == CcBlock.LINEAR ? v[1] : 1;
  }

  double apply(double x) {
    return switch (type) {
      case CcBlock.LINEAR -> v[0] + v[1] * x;
      case CcBlock.RATIONAL -> (v[0] * x * x + v[1] * x + v[2]) / (v[3] * x * x + v[4] * x + v[5]);
      case CcBlock.TABLE -> table(x, false);
      case CcBlock.TABLE_INTERPOLATED -> table(x, true);
      case CcBlock.RANGE_TABLE -> range(x);
      default -> x;
    };
  }

  /** Value-to-value table: exact key, else nearest key (or linear interpolation). */
  private double table(double x, boolean interpolate) {
    int n = v.length / 2;
    if (x <= v[0]) {
      return v[1];
    }
    if (x >= v[2 * (n - 1)]) {
      return v[2 * (n - 1) + 1];
    }
    int i = 1;
    while (v[2 * i] < x) {
      i++;
    }
    double k0 = v[2 * (i - 1)];
    double k1 = v[2 * i];
    double y0 = v[2 * (i - 1) + 1];
    double y1 = v[2 * i + 1];
    if (x == k1) {
      return y1;
    }
    if (interpolate) {
      return y0 + (y1 - y0) * (x - k0) / (k1 - k0);
    }
    return (x - k0) <= (k1 - x) ? y0 : y1;
  }

  /** Range table: (min, max, value) triples, then a default value. */
  private double range(double x) {
    int n = (v.length - 1) / 3;
    for (int i = 0; i < n; i++) {
      if (x >= v[3 * i] && x <= v[3 * i + 1]) {
        return v[3 * i + 2];
      }
    }
    return v[v.length - 1];
  }
}
