package io.ecugateway.format.candump;

import static io.ecugateway.format.text.LineCursor.NONE;
import static io.ecugateway.format.text.TextFrameReader.FRAME;
import static io.ecugateway.format.text.TextFrameReader.MALFORMED;
import static io.ecugateway.format.text.TextFrameReader.SKIP;

import io.ecugateway.format.text.BusNames;
import io.ecugateway.format.text.CivilTime;
import io.ecugateway.format.text.LineCursor;
import io.ecugateway.format.text.LineParser;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.Direction;
import io.ecugateway.frame.FrameKind;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Parses one line of can-utils output into a frame: the {@code candump -l} log format ({@code
 * (1600000000.123456) can0 1F0#0011 T}) and the screen format ({@code can0 1F0 [2] 00 11},
 * optionally with {@code -ta}/{@code -tA}/{@code -tz} timestamps and {@code -x} details). Facts
 * from can-utils' lib.h/candump.c: 3 hex digits = 11-bit ID, 8 = 29-bit; an 8-digit ID with bit 29
 * (CAN_ERR_FLAG) is an error frame; {@code ##<flags>} marks CAN FD with BRS=1, ESI=2; {@code
 * #R[dlc]} is a remote request; {@code _<dlc>} after 8 bytes is a classic DLC above 8.
 */
final class CandumpLine implements LineParser {
  static final int CAN_ERR_FLAG = 0x20000000;
  static final int FD_BRS = 1;
  static final int FD_ESI = 2;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle BIG_ENDIAN_LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final BusNames buses;

  /** The interface name of the last plain line: its bytes (reused buffer) and its String. */
  private final byte[] lastBusKey = new byte[32];

  private int lastBusLength;
  private String lastBus;

  /** The last parsed frame had no timestamp (screen output recorded without -t). */
  boolean untimed;

  /** The last parsed frame was in the {@code -l} log form ({@code ID#DATA}). */
  boolean compact;

  CandumpLine(BusNames buses) {
    this.buses = buses;
  }

  /** The notice for screen output recorded without timestamps. */
  static final String UNTIMED =
      "this candump output has no timestamps (recorded without -t or -l); frames get time 0";

  @Override
  public int parse(LineCursor c, CanFrame f) {
    return plainLogLine(c.bytes(), c.pos(), c.end(), f) ? FRAME : parseAnyForm(c, f);
  }

  @Override
  public String notice() {
    return untimed ? UNTIMED : null;
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
    long ns;
    if (p + 20 <= end && b[p + 11] == '.' && b[p + 18] == ')') {
      // (ssssssssss.uuuuuu): ten digits of seconds and six of microseconds, as candump -l writes
      long high = (long) LONGS.get(b, p + 1);
      long low = (long) LONGS.get(b, p + 9) & 0xFFFF | 0x3030_3030_3030_0000L;
      long micros = (long) LONGS.get(b, p + 12) & 0xFFFF_FFFF_FFFFL | 0x3030_0000_0000_0000L;
      if (!eightDigits(high) || !eightDigits(low) || !eightDigits(micros)) {
        return false;
      }
      long seconds = digitsValue(high) * 100 + digitsValue(low) / 1_000_000;
      ns = seconds * 1_000_000_000L + digitsValue(micros) * 10;
      p += 19;
    } else {
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
      ns = seconds * 1_000_000_000L;
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
      if (p >= end || b[p] != ')') {
        return false;
      }
      p++;
    }
    if (p >= end || !LineCursor.isBlank(b[p])) {
      return false;
    }
    p++;
    while (p < end && LineCursor.isBlank(b[p])) {
      p++;
    }
    String bus;
    int busStart = p;
    int n = lastBusLength;
    if (n > 0
        && p + n < end
        && Arrays.equals(b, p, p + n, lastBusKey, 0, n)
        && LineCursor.isBlank(b[p + n])) {
      bus = lastBus; // the usual case: the interface of the line before
      p += n;
    } else {
      while (p < end && !LineCursor.isBlank(b[p])) {
        if (b[p] == '#') {
          return false;
        }
        p++;
      }
      if (p == busStart || p >= end) {
        return false;
      }
      bus = buses.get(b, busStart, p);
      lastBusLength = p - busStart <= lastBusKey.length ? p - busStart : 0;
      System.arraycopy(b, busStart, lastBusKey, 0, lastBusLength);
      lastBus = bus;
    }
    while (p < end && LineCursor.isBlank(b[p])) {
      p++;
    }
    long id;
    boolean extended;
    if (p + 8 < end && b[p + 8] == '#') {
      id = hex8(b, p);
      extended = true;
      if (id < 0 || id > 0x1FFFFFFF) {
        return false;
      }
      p += 9;
    } else if (p + 3 < end && b[p + 3] == '#') {
      int h0 = LineCursor.hexValue(b[p]);
      int h1 = LineCursor.hexValue(b[p + 1]);
      int h2 = LineCursor.hexValue(b[p + 2]);
      if ((h0 | h1 | h2) < 0 || h0 > 7) {
        return false;
      }
      id = h0 << 8 | h1 << 4 | h2;
      extended = false;
      p += 4;
    } else {
      return false;
    }
    int hexDigits = end - p;
    byte[] data = f.data;
    if (hexDigits == 16) {
      long high = hex8(b, p);
      long low = hex8(b, p + 8);
      if ((high | low) < 0) {
        return false;
      }
      BIG_ENDIAN_LONGS.set(data, 0, high << 32 | low);
    } else {
      if (hexDigits > 16 || (hexDigits & 1) != 0) {
        return false;
      }
      for (int i = 0; p < end; i++, p += 2) {
        int hi = LineCursor.hexValue(b[p]);
        int lo = LineCursor.hexValue(b[p + 1]);
        if ((hi | lo) < 0) {
          return false;
        }
        data[i] = (byte) (hi << 4 | lo);
      }
    }
    untimed = false;
    compact = true;
    f.timestampNs = ns;
    f.bus = bus;
    f.kind = FrameKind.DATA;
    f.direction = Direction.RX;
    f.fd = f.brs = f.esi = false;
    f.extended = extended;
    f.id = (int) id;
    f.length = hexDigits >> 1;
    f.dlc = f.length;
    return true;
  }

  /** Whether the eight bytes of {@code w} (little-endian) are all ASCII digits. */
  private static boolean eightDigits(long w) {
    return ((w & 0xF0F0_F0F0_F0F0_F0F0L)
            | (((w + 0x0606_0606_0606_0606L) & 0xF0F0_F0F0_F0F0_F0F0L) >>> 4))
        == 0x3333_3333_3333_3333L;
  }

  /** The number spelled by eight ASCII digits (first digit in the lowest byte). */
  private static long digitsValue(long w) {
    w = ((w & 0x0F0F_0F0F_0F0F_0F0FL) * 2561) >>> 8;
    w = ((w & 0x00FF_00FF_00FF_00FFL) * 6553601) >>> 16;
    return ((w & 0x0000_FFFF_0000_FFFFL) * 42949672960001L) >>> 32;
  }

  /** Eight hex digits at {@code p} as a number, or -1 if one is not a hex digit. */
  private static long hex8(byte[] b, int p) {
    long v = 0;
    int bad = 0;
    for (int i = 0; i < 8; i++) {
      int d = LineCursor.hexValue(b[p + i]);
      bad |= d;
      v = v << 4 | (d & 0xF);
    }
    return bad < 0 ? -1 : v;
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
