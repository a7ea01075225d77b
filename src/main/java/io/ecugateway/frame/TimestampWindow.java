package io.ecugateway.frame;

import java.util.function.LongSupplier;

/**
 * The range of frame times the gateway stores: from a fixed earliest time to a bound ahead of the
 * clock (default 2000-01-01 … now + 1 day). A frame outside it is rejected and reported to {@code
 * onRejected}: one frame dated 2262, or frames spread over hundreds of days, would otherwise make
 * the store create a partition per day they touch. Shared by the upload and the live path; {@link
 * #admits} allocates nothing and reads the clock only when a time is past the bound last computed.
 * Thread-safe.
 */
public final class TimestampWindow {
  private final long minNs;
  private final long maxFutureNs;
  private final LongSupplier clockMillis;
  private final Runnable onRejected;

  /** now + maxFutureNs as of the last look at the clock; it only grows. */
  private volatile long maxNs = Long.MIN_VALUE;

  /**
   * @param minNs earliest accepted time, ns since 1970
   * @param maxFutureNs how far ahead of the wall clock a time may be
   * @param onRejected called once per rejected frame (e.g. a counter's increment)
   */
  public TimestampWindow(long minNs, long maxFutureNs, Runnable onRejected) {
    this(minNs, maxFutureNs, System::currentTimeMillis, onRejected);
  }

  TimestampWindow(long minNs, long maxFutureNs, LongSupplier clockMillis, Runnable onRejected) {
    if (maxFutureNs < 0) {
      throw new IllegalArgumentException("maxFutureNs must be >= 0, found " + maxFutureNs);
    }
    this.minNs = minNs;
    this.maxFutureNs = maxFutureNs;
    this.clockMillis = clockMillis;
    this.onRejected = onRejected;
  }

  /** True if a frame at {@code timestampNs} may be stored; otherwise reports it and says false. */
  public boolean admits(long timestampNs) {
    if (timestampNs >= minNs && (timestampNs <= maxNs || timestampNs <= refreshMax())) {
      return true;
    }
    onRejected.run();
    return false;
  }

  private long refreshMax() {
    long now = Math.multiplyExact(clockMillis.getAsLong(), 1_000_000L);
    long max = now > Long.MAX_VALUE - maxFutureNs ? Long.MAX_VALUE : now + maxFutureNs;
    maxNs = max;
    return max;
  }

  /** A frame time as ISO-8601 UTC, for messages (every long of nanoseconds has a date). */
  public static String describe(long timestampNs) {
    return java.time.Instant.ofEpochSecond(
            Math.floorDiv(timestampNs, 1_000_000_000L), Math.floorMod(timestampNs, 1_000_000_000L))
        .toString();
  }
}
