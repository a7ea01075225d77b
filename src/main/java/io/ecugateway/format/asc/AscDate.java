package io.ecugateway.format.asc;

import static io.ecugateway.format.text.LineCursor.NONE;

import io.ecugateway.format.text.CivilTime;
import io.ecugateway.format.text.LineCursor;

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
}
