package io.ecugateway.format.text;

/**
 * Calendar date/time to epoch nanoseconds with plain arithmetic (no java.time objects), for
 * per-line timestamps. Times without a zone in text logs are taken as UTC.
 */
public final class CivilTime {
  private CivilTime() {}

  /** Days since 1970-01-01 of a proleptic Gregorian date (month 1..12). */
  public static long epochDay(long year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
  }

  public static long epochNs(long year, int month, int day, int hour, int minute, long secondNs) {
    return (epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L) * 1_000_000_000L
        + secondNs;
  }

  /** Whether the fields name a real date and time of day. */
  public static boolean valid(long year, int month, int day, int hour, int minute, long secondNs) {
    if (year < 1970 || year > 2200 || month < 1 || month > 12 || day < 1) {
      return false;
    }
    int dim =
        switch (month) {
          case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
          case 4, 6, 9, 11 -> 30;
          default -> 31;
        };
    return day <= dim
        && hour >= 0
        && hour < 24
        && minute >= 0
        && minute < 60
        && secondNs >= 0
        && secondNs < 61_000_000_000L;
  }
}
