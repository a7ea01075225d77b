package io.ecugateway.format.trc;

/**
 * {@code $STARTTIME}: days since 1899-12-30 (an OLE automation date) with a fraction, written with
 * 10 decimals (steps of 8640 ns). Like the date in other text logs it has no zone (UTC here).
 */
final class TrcTime {
  static final long NS_PER_DAY = 86_400_000_000_000L;

  /** 1899-12-30 is this many days before 1970-01-01. */
  static final long EPOCH_OFFSET_DAYS = 25_569;

  /** One step of the 10th decimal of a day. */
  static final long STEP_NS = NS_PER_DAY / 10_000_000_000L;

  private TrcTime() {}

  /** Days since 1899-12-30, as nanoseconds (what {@code decimalNs(NS_PER_DAY)} gives), to epoch. */
  static long toEpochNs(long oleNs) {
    return oleNs - EPOCH_OFFSET_DAYS * NS_PER_DAY;
  }
}
