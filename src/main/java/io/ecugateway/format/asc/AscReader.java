package io.ecugateway.format.asc;

import static io.ecugateway.format.text.LineCursor.NONE;

import io.ecugateway.format.LogMetadata;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.format.text.LineCursor;
import io.ecugateway.format.text.TextFrameReader;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.Direction;
import io.ecugateway.frame.FrameKind;
import java.io.InputStream;

/**
 * Streams frames from a Vector ASC log. Header lines set the number base ({@code base hex|dec}),
 * the time mode ({@code timestamps absolute|relative}: relative = delta to the previous event) and
 * the measurement start ({@code Begin Triggerblock <date>}, else {@code date ...}: python-can and
 * other writers put the file's creation time in {@code date} and the start of the measurement the
 * offsets count from in the trigger block); frame times are start + offset. Frame lines:
 *
 * <pre>
 *   1.015991 1  18EBFF00x  Rx   d 8 00 01 02 03 04 05 06 07  Length = ... (trailing fields ignored)
 *   2.000000 1  200        Tx   r 4
 *   3.000000 1  ErrorFrame
 *   4.000000 CANFD   1 Rx  1A0  [name]  1 0 d 32 00 ... 00  duration length 3000 crc ...
 * </pre>
 *
 * CAN FD lines give BRS, ESI, DLC (hex) and data length; their flags field says whether the frame
 * really is FD (EDL, 0x1000) or a remote request (0x10). Other timed events (statistics, J1939
 * transport, LIN, status) are skipped without warning.
 */
final class AscReader extends TextFrameReader {
  static final int FLAG_REMOTE = 0x10;
  static final int FLAG_EDL = 0x1000;

  private int base = 16;
  private boolean relative;
  private long startNs;
  private boolean haveStart;
  private boolean startFromTriggerblock;
  private long previousOffsetNs;

  /**
   * A {@code date} line that could not be read, reported at the first frame only if no {@code Begin
   * Triggerblock} date gave the start instead (python-can 4.1 sometimes writes a damaged {@code
   * date} line: it cuts the microseconds with {@code str.replace}, which also cuts those digits out
   * of the year, e.g. {@code ... PM 2} for 2026, while its Triggerblock date is intact).
   */
  private String unreadDate;

  /** Whether the ID parsed last fits 11 bits (29 bits with 'x'). */
  private boolean idInRange;

  AscReader(String file, InputStream in, ReadOptions options) {
    super(file, in, options, AscFormat.NAME);
  }

  @Override
  protected int parse(LineCursor c, CanFrame f) {
    c.skipBlanks();
    int first = c.peek();
    if (first < '0' || first > '9') {
      return header(c);
    }
    long t = c.decimalNs(1_000_000_000L, 10);
    if (t == NONE || !c.blanks()) {
      return c.fail("a time in seconds followed by a blank");
    }
    if (unreadDate != null) {
      if (!haveStart) {
        warn("cannot read the date \"" + unreadDate + "\"; times start at 1970-01-01");
      }
      unreadDate = null;
    }
    long offset = relative ? previousOffsetNs + t : t;
    previousOffsetNs = offset;
    f.timestampNs = startNs + offset;
    f.kind = FrameKind.DATA;
    f.fd = f.brs = f.esi = false;
    f.extended = false;
    if (c.acceptWord("CANFD")) {
      return fdLine(c, f);
    }
    long channel = c.decimal(3);
    if (channel == NONE || !c.blanks()) {
      return SKIP; // an event without a channel: "Start of measurement", "SV: ..."
    }
    f.bus = buses.channel((int) channel);
    if (c.startsWith("ErrorFrame")) {
      return errorFrame(f, Direction.RX);
    }
    int idAt = c.pos();
    if (!id(c, f) || !c.blanks()) {
      return SKIP; // "Statistic:", "J1939TP ...", "CAN-FD state" and other events
    }
    if (c.acceptWord("Rx")) {
      f.direction = Direction.RX;
    } else if (c.acceptWord("Tx")) {
      f.direction = Direction.TX;
    } else {
      c.pos(idAt);
      return SKIP; // TxRq (a transmit request, not a bus frame) and other events
    }
    if (!idInRange) {
      c.pos(idAt);
      return c.fail("an 11-bit ID (up to 7FF) or a 29-bit ID marked with 'x'");
    }
    if (!c.blanks()) {
      return c.fail("'d' (data) or 'r' (remote) after the direction");
    }
    if (c.acceptWord("r")) {
      f.kind = FrameKind.REMOTE;
      f.length = 0;
      f.dlc = 0;
      if (c.blanks()) {
        long dlc = number(c, 2);
        if (dlc != NONE && dlc <= 15) {
          f.dlc = (int) dlc;
        }
      }
      return FRAME;
    }
    if (!c.acceptWord("d") || !c.blanks()) {
      return c.fail("'d' (data) or 'r' (remote) after the direction");
    }
    long dlc = number(c, 2);
    if (dlc == NONE || dlc > 15) {
      return c.fail("a DLC of 0..15");
    }
    f.dlc = (int) dlc;
    return data(c, f, Math.min(8, (int) dlc));
  }

  private int errorFrame(CanFrame f, Direction dir) {
    f.kind = FrameKind.ERROR;
    f.direction = dir;
    f.id = 0;
    f.dlc = 0;
    f.length = 0;
    return FRAME;
  }

  private int fdLine(LineCursor c, CanFrame f) {
    c.skipBlanks();
    long channel = c.decimal(3);
    if (channel == NONE || !c.blanks()) {
      return c.fail("a channel number after CANFD");
    }
    f.bus = buses.channel((int) channel);
    if (c.acceptWord("Rx")) {
      f.direction = Direction.RX;
    } else if (c.acceptWord("Tx")) {
      f.direction = Direction.TX;
    } else {
      return SKIP; // TxRq and non-frame CAN FD events
    }
    c.skipBlanks();
    if (c.startsWith("ErrorFrame")) {
      return errorFrame(f, f.direction);
    }
    if (!id(c, f) || !idInRange || !c.blanks()) {
      return c.fail("a CAN ID (with 'x' for 29-bit)");
    }
    if (!isFlagToken(c)) { // optional symbolic message name
      c.pos(c.tokenEnd());
      c.skipBlanks();
    }
    if (!isFlagToken(c)) {
      return c.fail("BRS flag 0 or 1");
    }
    f.brs = c.peek() == '1';
    c.skip(1);
    c.skipBlanks();
    if (!isFlagToken(c)) {
      return c.fail("ESI flag 0 or 1");
    }
    f.esi = c.peek() == '1';
    c.skip(1);
    c.skipBlanks();
    long dlc = c.hex(1);
    if (dlc == NONE || !c.blanks()) {
      return c.fail("a DLC hex digit");
    }
    long length = c.decimal(2);
    if (length == NONE || length > CanFrame.MAX_DATA) {
      return c.fail("a data length of 0..64");
    }
    f.dlc = (int) dlc;
    f.fd = true;
    int r = data(c, f, (int) length);
    if (r != FRAME) {
      return r;
    }
    // trailing: message duration, message length, flags (hex), crc, bit timings
    c.skipBlanks();
    if (c.decimal(12) != NONE && c.blanks() && c.decimal(12) != NONE && c.blanks()) {
      long flags = c.hex(8);
      if (flags != NONE) {
        f.fd = (flags & FLAG_EDL) != 0;
        if ((flags & FLAG_REMOTE) != 0) {
          f.kind = FrameKind.REMOTE;
          f.length = 0;
        }
      }
    }
    return FRAME;
  }

  private static boolean isFlagToken(LineCursor c) {
    int ch = c.peek();
    return (ch == '0' || ch == '1') && (c.peek(1) < 0 || LineCursor.isBlank(c.peek(1)));
  }

  /** An ID in the file's base, with a trailing 'x' for 29-bit IDs. */
  private boolean id(LineCursor c, CanFrame f) {
    long id = base == 16 ? c.hex(8) : c.decimal(10);
    if (id == NONE) {
      return false;
    }
    f.extended = c.accept('x') || c.accept('X');
    f.id = (int) id;
    idInRange = id <= (f.extended ? 0x1FFFFFFF : 0x7FF);
    return true;
  }

  private long number(LineCursor c, int hexDigits) {
    return base == 16 ? c.hex(hexDigits) : c.decimal(hexDigits + 1);
  }

  private int data(LineCursor c, CanFrame f, int n) {
    for (int i = 0; i < n; i++) {
      if (!c.blanks()) {
        return c.fail(n + " data bytes");
      }
      long v = number(c, 2);
      if (v == NONE || v > 255) {
        return c.fail(n + " data bytes (" + (base == 16 ? "hex" : "decimal") + ")");
      }
      f.data[i] = (byte) v;
    }
    f.length = n;
    int next = c.peek();
    return next < 0 || LineCursor.isBlank(next) ? FRAME : c.fail("a blank after the data");
  }

  private int header(LineCursor c) {
    if (c.acceptWord("date")) {
      long t = AscDate.parse(c);
      if (t == NONE) {
        unreadDate = c.lineText().trim();
      } else if (!haveStart) {
        setStart(t);
      }
    } else if (c.acceptWord("base")) {
      c.skipBlanks();
      if (c.acceptWord("dec")) {
        base = 10;
      } else if (c.acceptWord("hex")) {
        base = 16;
      } else {
        return c.fail("'base hex' or 'base dec'");
      }
      c.skipBlanks();
      if (c.acceptWord("timestamps")) {
        c.skipBlanks();
        relative = c.acceptWord("relative");
      }
      metadata.put("asc_base", base == 16 ? "hex" : "dec");
      metadata.put("asc_timestamps", relative ? "relative" : "absolute");
    } else if (c.acceptWord("Begin")) {
      c.skipBlanks();
      if (c.acceptWord("Triggerblock") && !startFromTriggerblock) {
        long t = AscDate.parse(c);
        if (t != NONE) {
          setStart(t);
          startFromTriggerblock = true;
        }
      }
    }
    return SKIP;
  }

  private void setStart(long t) {
    startNs = t;
    haveStart = true;
    metadata.put(LogMetadata.START_NS, Long.toString(t));
  }
}
