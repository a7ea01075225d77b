package io.ecugateway.format.candump;

import static io.ecugateway.format.text.LineCursor.NONE;
import static io.ecugateway.format.text.TextFrameReader.FRAME;
import static io.ecugateway.format.text.TextFrameReader.MALFORMED;
import static io.ecugateway.format.text.TextFrameReader.SKIP;

import io.ecugateway.format.text.BusNames;
import io.ecugateway.format.text.CivilTime;
import io.ecugateway.format.text.LineCursor;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.Direction;
import io.ecugateway.frame.FrameKind;

/**
 * Parses one line of can-utils output into a frame: the {@code candump -l} log format ({@code
 * (1600000000.123456) can0 1F0#0011 T}) and the screen format ({@code can0 1F0 [2] 00 11},
 * optionally with {@code -ta}/{@code -tA}/{@code -tz} timestamps and {@code -x} details). Facts
 * from can-utils' lib.h/candump.c: 3 hex digits = 11-bit ID, 8 = 29-bit; an 8-digit ID with bit 29
 * (CAN_ERR_FLAG) is an error frame; {@code ##<flags>} marks CAN FD with BRS=1, ESI=2; {@code
 * #R[dlc]} is a remote request; {@code _<dlc>} after 8 bytes is a classic DLC above 8.
 */
final class CandumpLine {
  static final int CAN_ERR_FLAG = 0x20000000;
  static final int FD_BRS = 1;
  static final int FD_ESI = 2;

  private final BusNames buses;

  /** The last parsed frame had no timestamp (screen output recorded without -t). */
  boolean untimed;

  /** The last parsed frame was in the {@code -l} log form ({@code ID#DATA}). */
  boolean compact;

  CandumpLine(BusNames buses) {
    this.buses = buses;
  }

  int parse(LineCursor c, CanFrame f) {
    return plainLogLine(c.bytes(), c.pos(), c.end(), f) ? FRAME : parseAnyForm(c, f);
  }

  /** {@link #parse} without the fast path for plain log lines (tests compare the two). */
  int parseAnyForm(LineCursor c, CanFrame f) {
    c.skipBlanks();
    if (c.atEnd() || c.startsWith("DROPCOUNT")) {
      return SKIP; // DROPCOUNT: candump's own notice about frames the socket dropped
    }
    untimed = true;
    f.timestampNs = 0;
    if (c.accept('(')) {
      long ts = timestamp(c);
      if (ts == NONE) {
        return c.fail("a timestamp such as (1600000000.123456)");
      }
      if (!c.accept(')')) {
        return c.fail("')' closing the timestamp");
      }
      if (!c.blanks()) {
        return c.fail("a blank after the timestamp");
      }
      f.timestampNs = ts;
      untimed = false;
    }
    int busEnd = c.tokenEnd();
    if (busEnd == c.pos() || tokenHas(c, '#')) {
      return c.fail("an interface name such as can0");
    }
    f.bus = buses.get(c.bytes(), c.pos(), busEnd);
    c.pos(busEnd);
    if (!c.blanks()) {
      return c.fail("a frame after the interface name");
    }
    f.kind = FrameKind.DATA;
    f.direction = Direction.RX;
    f.fd = f.brs = f.esi = false;
    compact = tokenHas(c, '#');
    return compact ? compact(c, f) : screen(c, f);
  }

  /**
   * The common {@code candump -l} line, {@code (1600000000.123456) can0 18FEF100#0011223344556677},
   * in one pass over the bytes: seconds with an optional fraction, an interface name, a 3- or
   * 8-digit ID of a data frame and up to 8 data bytes written without separators, ending the line.
   * Fills the frame exactly as the general parser would and returns true; anything else (other
   * forms, suffixes, errors) returns false and is left to the general parser, which produces the
   * same frame or the error message.
   */
  private boolean plainLogLine(byte[] b, int p, int end, CanFrame f) {
    if (p >= end || b[p] != '(' || (p + 5 < end && b[p + 5] == '-')) {
      return false; // '-' there: the general parser takes the -tA date form
    }
    p++;
    long seconds = 0;
    int digitsStart = p;
    while (p < end && b[p] >= '0' && b[p] <= '9') {
      seconds = seconds * 10 + (b[p++] - '0');
    }
    int intDigits = p - digitsStart;
    if (intDigits == 0 || intDigits > 10 || p >= end) {
      return false;
    }
    long ns = seconds * 1_000_000_000L;
    if (b[p] == '.') {
      p++;
      long scale = 100_000_000L;
      int fracStart = p;
      while (p < end && b[p] >= '0' && b[p] <= '9') {
        ns += (b[p++] - '0') * scale;
        scale /= 10;
      }
      if (p == fracStart) {
        return false;
      }
    }
    if (p + 1 >= end || b[p] != ')' || !LineCursor.isBlank(b[p + 1])) {
      return false;
    }
    p += 2;
    while (p < end && LineCursor.isBlank(b[p])) {
      p++;
    }
    int busStart = p;
    while (p < end && !LineCursor.isBlank(b[p])) {
      if (b[p] == '#') {
        return false;
      }
      p++;
    }
    int busEnd = p;
    if (busEnd == busStart || p >= end) {
      return false;
    }
    while (p < end && LineCursor.isBlank(b[p])) {
      p++;
    }
    int idStart = p;
    long id = 0;
    int d;
    while (p < end && (d = LineCursor.hexValue(b[p])) >= 0) {
      id = id << 4 | d;
      if (++p - idStart > 8) {
        return false;
      }
    }
    int idDigits = p - idStart;
    boolean extended = idDigits == 8;
    if (p >= end || b[p] != '#' || (extended ? id > 0x1FFFFFFF : idDigits != 3 || id > 0x7FF)) {
      return false;
    }
    p++;
    int hexDigits = end - p;
    if (hexDigits > 16 || (hexDigits & 1) != 0) {
      return false;
    }
    byte[] data = f.data;
    for (int i = 0; p < end; i++, p += 2) {
      int hi = LineCursor.hexValue(b[p]);
      int lo = LineCursor.hexValue(b[p + 1]);
      if ((hi | lo) < 0) {
        return false;
      }
      data[i] = (byte) (hi << 4 | lo);
    }
    untimed = false;
    compact = true;
    f.timestampNs = ns;
    f.bus = buses.get(b, busStart, busEnd);
    f.kind = FrameKind.DATA;
    f.direction = Direction.RX;
    f.fd = f.brs = f.esi = false;
    f.extended = extended;
    f.id = (int) id;
    f.length = hexDigits >> 1;
    f.dlc = f.length;
    return true;
  }

  private static boolean tokenHas(LineCursor c, char ch) {
    byte[] b = c.bytes();
    for (int p = c.pos(), e = c.tokenEnd(); p < e; p++) {
      if (b[p] == ch) {
        return true;
      }
    }
    return false;
  }

  /** {@code (seconds.micros)} or the -tA form {@code (2021-05-10 15:02:46.148635)}. */
  private static long timestamp(LineCursor c) {
    if (c.peek(4) == '-') {
      long y = c.decimal(4);
      if (y == NONE || !c.accept('-')) {
        return NONE;
      }
      long mo = c.decimal(2);
      if (mo == NONE || !c.accept('-')) {
        return NONE;
      }
      long d = c.decimal(2);
      if (d == NONE || !c.blanks()) {
        return NONE;
      }
      long h = c.decimal(2);
      if (h == NONE || !c.accept(':')) {
        return NONE;
      }
      long mi = c.decimal(2);
      if (mi == NONE || !c.accept(':')) {
        return NONE;
      }
      long s = c.decimalNs(1_000_000_000L, 2);
      if (s == NONE || !CivilTime.valid(y, (int) mo, (int) d, (int) h, (int) mi, s)) {
        return NONE;
      }
      return CivilTime.epochNs(y, (int) mo, (int) d, (int) h, (int) mi, s);
    }
    return c.decimalNs(1_000_000_000L, 10);
  }

  /** Sets ID, IDE and the error kind from an ID written with {@code digits} hex digits. */
  private static boolean id(LineCursor c, CanFrame f, long id, int digits) {
    if (digits <= 3) {
      f.extended = false;
      f.id = (int) id;
      return id <= 0x7FF;
    }
    if (digits == 8 && (id & CAN_ERR_FLAG) != 0) {
      f.kind = FrameKind.ERROR;
      f.extended = false;
      f.id = (int) (id & 0x1FFFFFFF);
      return id <= 0x3FFFFFFF;
    }
    f.extended = true;
    f.id = (int) id;
    return id <= 0x1FFFFFFF;
  }

  private int compact(LineCursor c, CanFrame f) {
    int idAt = c.pos();
    long id = c.hex(8);
    if (id == NONE || c.peek() != '#') {
      return c.fail("a CAN ID of 3 or 8 hex digits followed by '#'");
    }
    if (!id(c, f, id, c.digits())) {
      c.pos(idAt);
      return c.fail("an 11-bit ID (3 digits) or a 29-bit ID (8 digits)");
    }
    c.skip(1);
    if (c.accept('#')) {
      int flags = LineCursor.hexValue(c.peek());
      if (flags < 0) {
        return c.fail("a CAN FD flags digit after '##'");
      }
      c.skip(1);
      f.fd = true;
      f.brs = (flags & FD_BRS) != 0;
      f.esi = (flags & FD_ESI) != 0;
      if (data(c, f, CanFrame.MAX_DATA) < 0) {
        return MALFORMED;
      }
      f.dlc = CanFrame.lengthToDlc(f.length);
    } else if (c.peek() == 'R' || c.peek() == 'r') {
      c.skip(1);
      f.kind = FrameKind.REMOTE;
      f.length = 0;
      f.dlc = 0;
      int dlc = LineCursor.hexValue(c.peek());
      if (dlc >= 0 && dlc <= 8) {
        f.dlc = dlc;
        c.skip(1);
      }
    } else if (c.peek() == '%') {
      return c.fail("a classic CAN or CAN FD frame (CAN XL is not supported)");
    } else {
      if (data(c, f, 8) < 0) {
        return MALFORMED;
      }
      f.dlc = f.length;
      if (c.accept('_')) {
        int dlc = LineCursor.hexValue(c.peek());
        if (f.length != 8 || dlc < 9) {
          return c.fail("a DLC digit 9..F after 8 data bytes and '_'");
        }
        f.dlc = dlc;
        c.skip(1);
      }
    }
    if (c.blanks()) {
      if (c.acceptWord("T")) {
        f.direction = Direction.TX;
      } else {
        c.acceptWord("R");
      }
      c.skipBlanks();
    }
    return c.atEnd() ? FRAME : c.fail("the end of the line after the frame");
  }

  /** Hex data bytes, optionally separated by dots; sets the length. */
  private static int data(LineCursor c, CanFrame f, int max) {
    int n = 0;
    byte[] out = f.data;
    while (true) {
      int hi = LineCursor.hexValue(c.peek());
      if (hi < 0) {
        if (c.peek() == '.' && n > 0) {
          c.skip(1);
          continue;
        }
        break;
      }
      int lo = LineCursor.hexValue(c.peek(1));
      if (lo < 0) {
        c.skip(1);
        return c.fail("two hex digits per data byte");
      }
      if (n == max) {
        return c.fail("at most " + max + " data bytes");
      }
      out[n++] = (byte) (hi << 4 | lo);
      c.skip(2);
    }
    f.length = n;
    return n;
  }

  private int screen(LineCursor c, CanFrame f) {
    if (c.acceptWord("RX") || c.acceptWord("TX")) { // -x: direction, BRS and ESI markers
      byte[] b = c.bytes();
      f.direction = b[c.pos() - 2] == 'T' || b[c.pos() - 2] == 't' ? Direction.TX : Direction.RX;
      c.skipBlanks();
      f.brs = c.acceptWord("B");
      if (!f.brs && !c.acceptWord("-")) {
        return c.fail("'B' or '-' (bit-rate switch marker)");
      }
      c.skipBlanks();
      f.esi = c.acceptWord("E");
      if (!f.esi && !c.acceptWord("-")) {
        return c.fail("'E' or '-' (error-state marker)");
      }
      c.skipBlanks();
    }
    int idAt = c.pos();
    long id = c.hex(8);
    if (id == NONE || !c.blanks()) {
      c.pos(idAt);
      return c.fail("a CAN ID of 3 or 8 hex digits");
    }
    if (!id(c, f, id, c.digits())) {
      c.pos(idAt);
      return c.fail("an 11-bit ID (3 digits) or a 29-bit ID (8 digits)");
    }
    if (!c.accept('[')) {
      return c.fail("'[' before the data length");
    }
    long len = c.decimal(2);
    boolean twoDigits = c.digits() == 2;
    if (len == NONE || len > CanFrame.MAX_DATA || !c.accept(']')) {
      return c.fail("a data length such as [8] or [64]");
    }
    // candump prints CAN FD lengths with two digits ([08]), classic ones with one ([8])
    f.fd = twoDigits || len > 8 || f.brs || f.esi;
    if (!f.fd && len > 8) {
      return c.fail("a classic CAN length of at most 8");
    }
    c.skipBlanks();
    if (c.startsWith("remote request")) {
      f.kind = FrameKind.REMOTE;
      f.dlc = (int) len;
      f.length = 0;
      return FRAME;
    }
    for (int i = 0; i < len; i++) {
      int hi = LineCursor.hexValue(c.peek());
      int lo = LineCursor.hexValue(c.peek(1));
      int after = c.peek(2);
      if (hi < 0 || lo < 0 || (after >= 0 && !LineCursor.isBlank(after))) {
        return c.fail(len + " data bytes of two hex digits each");
      }
      f.data[i] = (byte) (hi << 4 | lo);
      c.skip(2);
      c.skipBlanks();
    }
    f.length = (int) len;
    f.dlc = f.fd ? CanFrame.lengthToDlc(f.length) : f.length;
    return FRAME; // anything after the data is candump's annotation (ERRORFRAME text, -a ASCII)
  }
}
