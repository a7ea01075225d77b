package io.ecugateway.format.csv;

import static io.ecugateway.format.text.LineCursor.NONE;

import io.ecugateway.format.ReadOptions;
import io.ecugateway.format.text.LineCursor;
import io.ecugateway.format.text.TextFrameReader;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.Direction;
import io.ecugateway.frame.FrameKind;
import java.io.InputStream;

/**
 * Streams frames from the semicolon-separated CSV that CSS Electronics' mdf2csv writes:
 *
 * <pre>
 * TimestampEpoch;BusChannel;ID;IDE;DLC;DataLength;Dir;EDL;BRS;DataBytes
 * 1581582625.052750;1;123;0;4;4;0;0;0;12345678
 * </pre>
 *
 * Newer mdf2csv versions add {@code ESI} and {@code RTR} columns; the header line decides the
 * column order (without a header the 10- or 12-column layout is assumed from the field count). ID
 * and data are hex, Dir 0 = Rx / 1 = Tx, EDL 1 = CAN FD; BusChannel {@code n} becomes bus {@code
 * can<n>}. A {@link PythonCanCsv#HEADER python-can header} switches to python-can's layout.
 */
final class CsvReader extends TextFrameReader {
  static final String[] CLASSIC = {
    "TimestampEpoch",
    "BusChannel",
    "ID",
    "IDE",
    "DLC",
    "DataLength",
    "Dir",
    "EDL",
    "BRS",
    "DataBytes"
  };
  static final String[] EXTENDED = {
    "TimestampEpoch",
    "BusChannel",
    "ID",
    "IDE",
    "DLC",
    "DataLength",
    "Dir",
    "EDL",
    "BRS",
    "ESI",
    "RTR",
    "DataBytes"
  };

  private static final int TIME = 0;
  private static final int BUS = 1;
  private static final int ID = 2;
  private static final int IDE = 3;
  private static final int DLC = 4;
  private static final int LENGTH = 5;
  private static final int DIR = 6;
  private static final int EDL = 7;
  private static final int BRS = 8;
  private static final int ESI = 9;
  private static final int RTR = 10;
  private static final int DATA = 11;
  private static final int UNKNOWN = -1;

  /** Column kinds in file order; null until the header (or first data line) is seen. */
  private int[] columns;

  /** The header was python-can's: lines follow {@link PythonCanCsv}. */
  private boolean pythonCan;

  CsvReader(String file, InputStream in, ReadOptions options) {
    super(file, in, options, CsvFormat.NAME);
  }

  @Override
  protected int parse(LineCursor c, CanFrame f) {
    if (c.restBlank()) {
      return SKIP;
    }
    int first = c.peek();
    if (first < '0' || first > '9') {
      return header(c);
    }
    if (pythonCan) {
      return PythonCanCsv.parse(c, f, buses);
    }
    if (columns == null) {
      int fields = countFields(c);
      columns = layout(fields == EXTENDED.length ? EXTENDED : CLASSIC);
    }
    f.kind = FrameKind.DATA;
    f.direction = Direction.RX;
    f.fd = f.brs = f.esi = f.extended = false;
    f.bus = buses.channel(1);
    f.timestampNs = 0;
    f.dlc = -1;
    int length = -1;
    boolean haveData = false;
    for (int i = 0; i < columns.length; i++) {
      if (i > 0 && !c.accept(';')) {
        return c.fail("';' and " + columns.length + " fields");
      }
      switch (columns[i]) {
        case TIME -> {
          f.timestampNs = c.decimalNs(1_000_000_000L, 10);
          if (f.timestampNs == NONE) {
            return c.fail("a time in seconds since 1970");
          }
        }
        case BUS -> {
          long bus = c.decimal(3);
          if (bus == NONE) {
            return c.fail("a bus channel number");
          }
          f.bus = buses.channel((int) bus);
        }
        case ID -> {
          long id = c.hex(8);
          if (id == NONE || id > 0x1FFFFFFF) {
            return c.fail("a hex ID");
          }
          f.id = (int) id;
        }
        case IDE -> {
          int v = flag(c);
          if (v < 0) {
            return c.fail("IDE 0 or 1");
          }
          f.extended = v == 1;
        }
        case DLC -> {
          long dlc = c.decimal(2);
          if (dlc == NONE || dlc > 15) {
            return c.fail("a DLC of 0..15");
          }
          f.dlc = (int) dlc;
        }
        case LENGTH -> {
          long len = c.decimal(2);
          if (len == NONE || len > CanFrame.MAX_DATA) {
            return c.fail("a data length of 0..64");
          }
          length = (int) len;
        }
        case DIR -> {
          int v = flag(c);
          if (v < 0) {
            return c.fail("Dir 0 (Rx) or 1 (Tx)");
          }
          f.direction = v == 1 ? Direction.TX : Direction.RX;
        }
        case EDL, BRS, ESI, RTR -> {
          int v = flag(c);
          if (v < 0) {
            return c.fail("0 or 1");
          }
          boolean set = v == 1;
          switch (columns[i]) {
            case EDL -> f.fd = set;
            case BRS -> f.brs = set;
            case ESI -> f.esi = set;
            default -> f.kind = set ? FrameKind.REMOTE : FrameKind.DATA;
          }
        }
        case DATA -> {
          int r = data(c, f);
          if (r != FRAME) {
            return r;
          }
          haveData = true;
        }
        default -> skipField(c);
      }
    }
    if (!c.restBlank()) {
      return c.fail("the end of the line after " + columns.length + " fields");
    }
    return finish(c, f, length, haveData);
  }

  private static int finish(LineCursor c, CanFrame f, int length, boolean haveData) {
    if (f.kind == FrameKind.REMOTE) {
      f.length = 0;
    } else if (length >= 0 && haveData && length != f.length) {
      return c.fail("DataLength " + length + " to match the " + f.length + " data bytes");
    }
    if (!f.fd && f.length > 8) {
      return c.fail("at most 8 data bytes for a classic CAN frame (EDL 0)");
    }
    if (f.dlc < 0) {
      f.dlc = CanFrame.lengthToDlc(f.length);
    }
    return FRAME;
  }

  private static int flag(LineCursor c) {
    int v = c.peek();
    if (v == '0' || v == '1') {
      c.skip(1);
      return v - '0';
    }
    return -1;
  }

  private static int data(LineCursor c, CanFrame f) {
    int n = 0;
    while (true) {
      int hi = LineCursor.hexValue(c.peek());
      if (hi < 0) {
        break;
      }
      int lo = LineCursor.hexValue(c.peek(1));
      if (lo < 0) {
        c.skip(1);
        return c.fail("two hex digits per data byte");
      }
      if (n == CanFrame.MAX_DATA) {
        return c.fail("at most 64 data bytes");
      }
      f.data[n++] = (byte) (hi << 4 | lo);
      c.skip(2);
    }
    f.length = n;
    return FRAME;
  }

  private static void skipField(LineCursor c) {
    while (!c.atEnd() && c.peek() != ';') {
      c.skip(1);
    }
  }

  private static int countFields(LineCursor c) {
    int n = 1;
    byte[] b = c.bytes();
    for (int p = c.pos(); p < c.end(); p++) {
      if (b[p] == ';') {
        n++;
      }
    }
    return n;
  }

  private int header(LineCursor c) {
    if (columns != null) {
      return c.fail("a data line (time;bus;ID;...)");
    }
    if (c.startsWith(PythonCanCsv.HEADER) && !pythonCan) {
      pythonCan = true;
      columns = new int[0];
      metadata.put("csv_columns", PythonCanCsv.HEADER);
      return SKIP;
    }
    String[] names = c.lineText().trim().split(";", -1);
    int[] cols = new int[names.length];
    boolean time = false;
    boolean id = false;
    for (int i = 0; i < names.length; i++) {
      cols[i] = kind(names[i].trim());
      time |= cols[i] == TIME;
      id |= cols[i] == ID;
    }
    if (!time || !id) {
      return c.fail("a header with the columns TimestampEpoch;BusChannel;ID;IDE;...;DataBytes");
    }
    columns = cols;
    metadata.put("csv_columns", String.join(";", names));
    return SKIP;
  }

  private static int[] layout(String[] names) {
    int[] cols = new int[names.length];
    for (int i = 0; i < names.length; i++) {
      cols[i] = kind(names[i]);
    }
    return cols;
  }

  private static int kind(String name) {
    for (int k = 0; k < EXTENDED.length; k++) {
      if (EXTENDED[k].equalsIgnoreCase(name)) {
        return k;
      }
    }
    return UNKNOWN;
  }
}
