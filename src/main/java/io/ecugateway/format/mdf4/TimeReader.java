package io.ecugateway.format.mdf4;

import io.ecugateway.format.FormatException;

/**
 * Absolute timestamps (ns since the epoch) from a channel group's time master channel: start time
 * of the header plus the converted master value in seconds. When the conversion is a whole number
 * of nanoseconds per raw unit (CANedge: float64 ns with factor 1e-9, or uint48 µs with factor 1e-6)
 * the arithmetic stays in integers, so timestamps are exact. The case is chosen once, at compile
 * time, so the per-record work is a read, a multiply and an add.
 */
final class TimeReader {
  private static final int EXACT_INTEGER = 0;
  private static final int EXACT_FLOAT = 1;
  private static final int CONVERTED = 2;
  private static final int VIRTUAL = 3;

  private final int mode;
  private final RawBits bits;
  private final Conversion conversion;
  private final long startNs;
  private final long nsPerRaw;

  /** Start time plus the conversion's offset, for the exact modes. */
  private final long baseNs;

  private TimeReader(RawBits bits, Conversion conversion, long startNs) {
    this.bits = bits;
    this.conversion = conversion;
    this.startNs = startNs;
    double k = conversion.isLinear() ? conversion.factor() * 1e9 : Double.NaN;
    double c = conversion.isLinear() ? conversion.offset() * 1e9 : Double.NaN;
    boolean exact =
        k >= 1 && Math.abs(k - Math.rint(k)) < 1e-6 && Math.abs(c - Math.rint(c)) < 1e-3;
    this.nsPerRaw = exact ? (long) Math.rint(k) : 0;
    this.baseNs = startNs + (exact ? (long) Math.rint(c) : 0);
    if (bits == null) {
      mode = VIRTUAL;
    } else if (nsPerRaw == 0) {
      mode = CONVERTED;
    } else {
      mode = bits.isFloat() ? EXACT_FLOAT : EXACT_INTEGER;
    }
  }

  static TimeReader compile(
      CnBlock master, Conversion conv, long recordBytes, long startNs, BlockReader r)
      throws FormatException {
    RawBits bits = master.isVirtual() ? null : RawBits.of(master, recordBytes, r, master.name());
    return new TimeReader(bits, conv, startNs);
  }

  long ns(byte[] b, int rec, long index) {
    return switch (mode) {
      case EXACT_INTEGER -> baseNs + bits.readLong(b, rec) * nsPerRaw;
      case EXACT_FLOAT -> baseNs + Math.round(bits.readDouble(b, rec) * nsPerRaw);
      case CONVERTED -> startNs + Math.round(conversion.apply(bits.readDouble(b, rec)) * 1e9);
      default -> startNs + Math.round(conversion.apply(index) * 1e9);
    };
  }
}
