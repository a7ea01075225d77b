package io.ecugateway.format.mdf4;

import io.ecugateway.format.FormatException;

/**
 * Absolute timestamps (ns since the epoch) from a channel group's time master channel: start time
 * of the header plus the converted master value in seconds. When the conversion is a whole number
 * of nanoseconds per raw unit (CANedge: float64 ns with factor 1e-9, or uint48 µs with factor 1e-6)
 * the arithmetic stays in integers, so timestamps are exact.
 */
final class TimeReader {
  private final RawBits bits;
  private final Conversion conversion;
  private final long startNs;
  private final long nsPerRaw;
  private final long offsetNs;

  private TimeReader(RawBits bits, Conversion conversion, long startNs) {
    this.bits = bits;
    this.conversion = conversion;
    this.startNs = startNs;
    double k = conversion.isLinear() ? conversion.factor() * 1e9 : Double.NaN;
    double c = conversion.isLinear() ? conversion.offset() * 1e9 : Double.NaN;
    boolean exact =
        k >= 1 && Math.abs(k - Math.rint(k)) < 1e-6 && Math.abs(c - Math.rint(c)) < 1e-3;
    this.nsPerRaw = exact ? (long) Math.rint(k) : 0;
    this.offsetNs = exact ? (long) Math.rint(c) : 0;
  }

  static TimeReader compile(
      CnBlock master, Conversion conv, long recordBytes, long startNs, BlockReader r)
      throws FormatException {
    RawBits bits = master.isVirtual() ? null : RawBits.of(master, recordBytes, r, master.name());
    return new TimeReader(bits, conv, startNs);
  }

  long ns(byte[] b, int rec, long index) {
    if (bits == null) {
      return startNs + Math.round(conversion.apply(index) * 1e9);
    }
    if (nsPerRaw != 0) {
      long rel =
          bits.isFloat()
              ? Math.round(bits.readDouble(b, rec) * nsPerRaw)
              : bits.readLong(b, rec) * nsPerRaw;
      return startNs + rel + offsetNs;
    }
    return startNs + Math.round(conversion.apply(bits.readDouble(b, rec)) * 1e9);
  }
}
