package io.ecugateway.format.asc;

import static io.ecugateway.format.text.LineCursor.NONE;

import io.ecugateway.format.text.CivilTime;
import io.ecugateway.format.text.LineCursor;
import io.ecugateway.format.text.TextOut;
import java.io.IOException;

/**
 * The date in ASC {@code date} and {@code Begin Triggerblock} lines: {@code Wed Jun 3 04:39:37.123
 * pm 2020}, also without milliseconds, without am/pm (24 h) and with German month abbreviations
 * (CANoe writes the OS locale). The date carries no zone; it is taken as UTC.
 */
final class AscDate {
  private static final String[] MONTHS = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
  };
  private static final String[] MONTHS_DE = {
    "jan", "feb", "mär", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "dez"
  };
  private static final String[] DAYS = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
  private static final String[] MONTH_NAMES = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };

  private AscDate() {}

  /**
   * Parses the date at the cursor.
   *
   * @return nanoseconds since the epoch, or {@link LineCursor#NONE}
   */
  static long parse(LineCursor c) {
    c.skipBlanks();
    c.pos(c.tokenEnd()); // weekday
    c.skipBlanks();
    int month = month(c);
    if (month < 0) {
      return NONE;
    }
    c.pos(c.tokenEnd());
    c.skipBlanks();
    long day = c.decimal(2);
    if (day == NONE || !c.blanks()) {
      return NONE;
    }
    long hour = c.decimal(2);
    if (hour == NONE || !c.accept(':')) {
      return NONE;
    }
    long minute = c.decimal(2);
    if (minute == NONE || !c.accept(':')) {
      return NONE;
    }
    long secNs = c.decimalNs(1_000_000_000L, 2);
    if (secNs == NONE || !c.blanks()) {
      return NONE;
    }
    if (c.acceptWord("am")) {
      hour = hour == 12 ? 0 : hour;
      c.skipBlanks();
    } else if (c.acceptWord("pm")) {
      hour = hour == 12 ? 12 : hour + 12;
      c.skipBlanks();
    }
    long year = c.decimal(4);
    if (year == NONE || !CivilTime.valid(year, month, (int) day, (int) hour, (int) minute, secNs)) {
      return NONE;
    }
    return CivilTime.epochNs(year, month, (int) day, (int) hour, (int) minute, secNs);
  }

  private static int month(LineCursor c) {
    int len = c.tokenEnd() - c.pos();
    if (len < 3) {
      return -1;
    }
    for (int i = 0; i < 12; i++) {
      if (c.startsWith(MONTHS[i]) || c.startsWith(MONTHS_DE[i])) {
        return i + 1;
      }
    }
    // "Mär" in UTF-8 or Latin-1: M, then a non-ASCII byte sequence, then r
    return c.startsWith("m") && c.peek(1) >= 0x80 ? 3 : -1;
  }

  /** Writes {@code Sun Sep 07 07:43:19.693 am 2024} (milliseconds, truncated). */
  static void write(TextOut out, long epochNs) throws IOException {
    long epochDay = Math.floorDiv(epochNs, 86_400_000_000_000L);
    long nsOfDay = Math.floorMod(epochNs, 86_400_000_000_000L);
    long[] ymd = civil(epochDay);
    int hour = (int) (nsOfDay / 3_600_000_000_000L);
    int minute = (int) (nsOfDay / 60_000_000_000L % 60);
    int second = (int) (nsOfDay / 1_000_000_000L % 60);
    int milli = (int) (nsOfDay / 1_000_000L % 1000);
    int hour12 = hour % 12 == 0 ? 12 : hour % 12;
    out.ascii(DAYS[(int) Math.floorMod(epochDay, 7L)]).ch(' ');
    out.ascii(MONTH_NAMES[(int) ymd[1] - 1]).ch(' ').dec(ymd[2], 2, '0').ch(' ');
    out.dec(hour12, 2, '0').ch(':').dec(minute, 2, '0').ch(':').dec(second, 2, '0');
    out.ch('.').dec(milli, 3, '0').ch(' ').ascii(hour < 12 ? "am" : "pm").ch(' ').dec(ymd[0]);
  }

  /** Year, month, day of an epoch day (inverse of {@link CivilTime#epochDay}). */
  private static long[] civil(long epochDay) {
    long z = epochDay + 719468;
    long era = Math.floorDiv(z, 146097);
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    return new long[] {yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
  }

  /** Start of the millisecond containing {@code ns}: what the date line can represent. */
  static long truncateToMillis(long ns) {
    return Math.floorDiv(ns, 1_000_000L) * 1_000_000L;
  }
}
