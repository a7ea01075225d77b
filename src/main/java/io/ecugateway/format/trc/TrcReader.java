package io.ecugateway.format.trc;

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
 * Streams frames from a PEAK PCAN trace. Header comments give {@code $FILEVERSION}, {@code
 * $STARTTIME} (frame time = start + offset in ms) and, for 2.x, {@code $COLUMNS}.
 *
 * <pre>
 * 1.x:      12)      1059.9  Rx      18EFC8E1  8  00 11 22 33 44 55 66 77     (1.0 has no type;
 *                                                                             1.2/1.3 add bus and
 *                                                                             reserved columns)
 * 2.x:      12      1059.900 DT 1    0300 Rx -  8  00 00 00 00 04 00 00 00    (columns as listed)
 * </pre>
 *
 * IDs with more than 4 hex digits are 29-bit. 2.x types: DT data, FD / FB (BRS) / FE (ESI) / BI
 * (both) CAN FD, RR remote request, ER error frame; status and event lines (ST, EC, EV) and 1.x
 * warning lines are skipped. Column {@code L} is the DLC, {@code l} the data length.
 */
final class TrcReader extends TextFrameReader {
  private static final byte[] COLUMNS_20 = {'N', 'O', 'T', 'I', 'd', 'l', 'D'};
  private static final byte[] COLUMNS_21 = {'N', 'O', 'T', 'B', 'I', 'd', 'R', 'L', 'D'};

  private int major = 1;
  private byte[] columns = COLUMNS_21;
  private long startNs;

  TrcReader(String file, InputStream in, ReadOptions options) {
    super(file, in, options, TrcFormat.NAME);
  }

  @Override
  protected int parse(LineCursor c, CanFrame f) {
    c.skipBlanks();
    if (c.atEnd()) {
      return SKIP;
    }
    if (c.accept(';')) {
      return header(c);
    }
    f.kind = FrameKind.DATA;
    f.direction = Direction.RX;
    f.fd = f.brs = f.esi = false;
    f.extended = false;
    f.bus = buses.channel(1);
    return major >= 2 ? lineV2(c, f) : lineV1(c, f);
  }

  private int lineV1(LineCursor c, CanFrame f) {
    if (c.decimal(10) == NONE || !c.accept(')') || !c.blanks()) {
      return c.fail("a message number such as \"12)\"");
    }
    long offset = c.decimalNs(1_000_000L, 12);
    if (offset == NONE || !c.blanks()) {
      return c.fail("a time offset in ms");
    }
    f.timestampNs = startNs + offset;
    int save = c.pos();
    long bus = c.decimal(3); // 1.2 and later: bus number
    if (bus != NONE && c.blanks() && !isIdFollowedByLength(c)) {
      f.bus = buses.channel((int) bus);
    } else {
      c.pos(save);
    }
    boolean error = false;
    if (c.acceptWord("Rx")) {
      f.direction = Direction.RX;
    } else if (c.acceptWord("Tx")) {
      f.direction = Direction.TX;
    } else if (c.acceptWord("Error")) {
      error = true;
    } else if (c.acceptWord("Warng")) {
      return SKIP; // bus-state warning, not a frame
    }
    c.skipBlanks();
    if (c.peek() == 'F' && c.startsWith("FFFFFFFF")) {
      return SKIP; // 1.0 bus-information line
    }
    if (!id(c, f)) {
      return c.fail("an ID of up to 8 hex digits");
    }
    c.skipBlanks();
    if (c.acceptWord("-")) { // 1.3: reserved column
      c.skipBlanks();
    }
    long dlc = c.decimal(2);
    if (dlc == NONE || dlc > 8) {
      return c.fail("a DLC of 0..8");
    }
    f.dlc = (int) dlc;
    if (error) {
      f.kind = FrameKind.ERROR;
    }
    c.skipBlanks();
    if (c.acceptWord("RTR")) {
      f.kind = FrameKind.REMOTE;
      f.length = 0;
      return FRAME;
    }
    return data(c, f, (int) dlc);
  }

  /** After a number: is the rest "ID DLC" (1.0 layout) rather than "type ID DLC" (bus column)? */
  private static boolean isIdFollowedByLength(LineCursor c) {
    int save = c.pos();
    boolean idThenLength = c.hex(8) != NONE && c.blanks() && c.decimal(2) != NONE;
    c.pos(save);
    return idThenLength;
  }

  private int lineV2(LineCursor c, CanFrame f) {
    int length = -1;
    boolean idMissing = false;
    for (byte col : columns) {
      c.skipBlanks();
      switch (col) {
        case 'N' -> {
          if (c.decimal(12) == NONE) {
            return c.fail("a message number");
          }
        }
        case 'O' -> {
          long offset = c.decimalNs(1_000_000L, 12);
          if (offset == NONE) {
            return c.fail("a time offset in ms");
          }
          f.timestampNs = startNs + offset;
        }
        case 'T' -> {
          int r = type(c, f);
          if (r != FRAME) {
            return r;
          }
        }
        case 'B' -> {
          long bus = c.decimal(3);
          if (bus == NONE) {
            if (!c.acceptWord("-")) {
              return c.fail("a bus number");
            }
          } else {
            f.bus = buses.channel((int) bus);
          }
        }
        case 'I' -> {
          if (c.acceptWord("-")) {
            idMissing = true;
            f.id = 0;
          } else if (!id(c, f)) {
            return c.fail("an ID of up to 8 hex digits");
          }
        }
        case 'd' -> {
          if (c.acceptWord("Tx")) {
            f.direction = Direction.TX;
          } else if (!c.acceptWord("Rx")) {
            return c.fail("Rx or Tx");
          }
        }
        case 'L' -> {
          long dlc = c.decimal(2);
          if (dlc == NONE || dlc > 15 || (!f.fd && dlc > 8)) {
            return c.fail("a DLC of 0..8 (CAN FD 0..15)");
          }
          f.dlc = (int) dlc;
          length = CanFrame.dlcToLength(f.dlc);
        }
        case 'l' -> {
          long len = c.decimal(2);
          if (len == NONE || len > (f.fd ? CanFrame.MAX_DATA : 8)) {
            return c.fail("a data length of 0..8 (CAN FD 0..64)");
          }
          length = (int) len;
          f.dlc = CanFrame.lengthToDlc(length);
        }
        case 'D' -> {
          if (length < 0) {
            return c.fail("a length column (L or l) before the data");
          }
          if (f.kind == FrameKind.REMOTE) {
            f.length = 0;
            return FRAME;
          }
          return data(c, f, length);
        }
        default -> c.pos(c.tokenEnd()); // R (reserved) and columns we do not use
      }
      if (!c.atEnd() && !LineCursor.isBlank(c.peek())) {
        return c.fail("a blank between columns");
      }
    }
    if (idMissing && f.kind != FrameKind.ERROR) {
      return c.fail("an ID");
    }
    f.length = 0;
    return FRAME;
  }

  private int type(LineCursor c, CanFrame f) {
    if (c.acceptWord("DT")) {
      return FRAME;
    }
    if (c.acceptWord("FD")) {
      f.fd = true;
    } else if (c.acceptWord("FB")) {
      f.fd = f.brs = true;
    } else if (c.acceptWord("FE")) {
      f.fd = f.esi = true;
    } else if (c.acceptWord("BI")) {
      f.fd = f.brs = f.esi = true;
    } else if (c.acceptWord("RR")) {
      f.kind = FrameKind.REMOTE;
    } else if (c.acceptWord("ER")) {
      f.kind = FrameKind.ERROR;
    } else if (c.acceptWord("ST") || c.acceptWord("EC") || c.acceptWord("EV")) {
      return SKIP; // status, error-counter change, user event
    } else {
      return c.fail("a message type (DT, FD, FB, FE, BI, RR, ER, ST, EC, EV)");
    }
    return FRAME;
  }

  private static boolean id(LineCursor c, CanFrame f) {
    long id = c.hex(8);
    if (id == NONE || id > 0x1FFFFFFF) {
      return false;
    }
    f.extended = c.digits() > 4;
    f.id = (int) id;
    return f.extended || id <= 0x7FF;
  }

  private static int data(LineCursor c, CanFrame f, int n) {
    for (int i = 0; i < n; i++) {
      c.skipBlanks();
      long v = c.hex(2);
      if (v == NONE || c.digits() != 2) {
        return c.fail(n + " data bytes of two hex digits");
      }
      f.data[i] = (byte) v;
    }
    f.length = n;
    c.skipBlanks();
    return c.atEnd() ? FRAME : c.fail("the end of the line after " + n + " data bytes");
  }

  private int header(LineCursor c) {
    if (!c.accept('$')) {
      return SKIP; // comment
    }
    if (c.startsWith("FILEVERSION=")) {
      c.skip("FILEVERSION=".length());
      long maj = c.decimal(2);
      long min = c.accept('.') ? c.decimal(2) : 0;
      if (maj == NONE || min == NONE || maj < 1 || maj > 2) {
        return c.fail("a file version 1.x or 2.x");
      }
      major = (int) maj;
      columns = maj == 2 && min == 0 ? COLUMNS_20 : COLUMNS_21;
      metadata.put("trc_version", maj + "." + min);
    } else if (c.startsWith("STARTTIME=")) {
      c.skip("STARTTIME=".length());
      long ole = c.decimalNs(TrcTime.NS_PER_DAY, 6);
      if (ole == NONE) {
        return c.fail("a start time in days since 1899-12-30");
      }
      startNs = TrcTime.toEpochNs(ole);
      metadata.put(LogMetadata.START_NS, Long.toString(startNs));
    } else if (c.startsWith("COLUMNS=")) {
      c.skip("COLUMNS=".length());
      byte[] cols = new byte[16];
      int n = 0;
      while (!c.atEnd() && n < cols.length) {
        int ch = c.peek();
        c.skip(1);
        if (ch != ',' && !LineCursor.isBlank(ch)) {
          cols[n++] = (byte) ch;
        }
      }
      if (n == 0 || cols[n - 1] != 'D') {
        return c.fail("a column list ending with D (data)");
      }
      columns = java.util.Arrays.copyOf(cols, n);
    }
    return SKIP;
  }
}
