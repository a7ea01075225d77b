package io.ecugateway.format.csv;

import static io.ecugateway.format.text.LineCursor.NONE;

import io.ecugateway.format.text.BusNames;
import io.ecugateway.format.text.LineCursor;
import io.ecugateway.format.text.TextFrameReader;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.Direction;
import io.ecugateway.frame.FrameKind;

/**
 * The CSV layout python-can's {@code CSVWriter} writes:
 *
 * <pre>
 * timestamp,arbitration_id,extended,remote,error,dlc,data
 * 1583049600.250664,0x328,0,0,0,1,XQ==
 * </pre>
 *
 * Time in seconds since 1970, hex ID with {@code 0x}, flags 0/1, the DLC as python-can holds it
 * (the byte count, up to 64 for CAN FD) and the data in base64. The layout names no channel,
 * direction or FD flags: frames are on bus {@code can1}, received, and CAN FD exactly when they
 * carry more than 8 bytes (BRS/ESI are lost).
 */
final class PythonCanCsv {
  static final String HEADER = "timestamp,arbitration_id,extended,remote,error,dlc,data";

  private static final byte[] BASE64 = new byte[256];

  static {
    java.util.Arrays.fill(BASE64, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < alphabet.length(); i++) {
      BASE64[alphabet.charAt(i)] = (byte) i;
    }
  }

  private PythonCanCsv() {}

  static int parse(LineCursor c, CanFrame f, BusNames buses) {
    f.timestampNs = time(c);
    if (f.timestampNs == NONE) {
      return c.fail("a time in seconds since 1970");
    }
    if (!c.accept(',') || !c.accept('0') || !c.accept('x')) {
      return c.fail("',0x' and a hex ID");
    }
    long id = c.hex(8);
    if (id == NONE || id > 0x1FFFFFFF) {
      return c.fail("a hex ID of at most 29 bits");
    }
    int extended = flag(c);
    int remote = extended < 0 ? -1 : flag(c);
    int error = remote < 0 ? -1 : flag(c);
    if (error < 0) {
      return c.fail("',0' or ',1' for extended, remote and error");
    }
    long dlc = c.accept(',') ? c.decimal(2) : NONE;
    if (dlc == NONE || dlc > CanFrame.MAX_DATA) {
      return c.fail("',' and a DLC of 0..64");
    }
    if (!c.accept(',')) {
      return c.fail("',' and base64 data");
    }
    int length = base64(c, f.data);
    if (length < 0 || !c.restBlank()) {
      return c.fail("base64 data of at most 64 bytes");
    }
    f.bus = buses.channel(1);
    f.id = (int) id;
    f.extended = extended == 1;
    f.kind = error == 1 ? FrameKind.ERROR : remote == 1 ? FrameKind.REMOTE : FrameKind.DATA;
    f.direction = Direction.RX;
    f.fd = dlc > 8 || length > 8;
    f.brs = f.esi = false;
    f.dlc = f.fd ? CanFrame.lengthToDlc((int) dlc) : (int) dlc;
    f.length = f.kind == FrameKind.REMOTE ? 0 : length;
    return TextFrameReader.FRAME;
  }

  /** Seconds as Python's {@code repr(float)} prints them, an exponent included ({@code 5e-05}). */
  private static long time(LineCursor c) {
    long ns = c.decimalNs(1_000_000_000L, 10);
    if (ns == NONE || !(c.accept('e') || c.accept('E'))) {
      return ns;
    }
    boolean negative = c.accept('-');
    if (!negative) {
      c.accept('+');
    }
    long exp = c.decimal(2);
    if (exp == NONE || exp > 9) {
      return NONE;
    }
    for (int i = 0; i < exp; i++) {
      ns = negative ? ns / 10 : ns * 10;
    }
    return ns;
  }

  private static int flag(LineCursor c) {
    if (!c.accept(',')) {
      return -1;
    }
    return c.accept('1') ? 1 : c.accept('0') ? 0 : -1;
  }

  /** Decodes padded base64 up to the end of the line into {@code out}; -1 if malformed. */
  private static int base64(LineCursor c, byte[] out) {
    int n = 0;
    int bits = 0;
    int acc = 0;
    while (!c.atEnd()) {
      int ch = c.peek();
      if (ch == '=' || LineCursor.isBlank(ch)) {
        break;
      }
      int v = BASE64[ch];
      if (v < 0) {
        return -1;
      }
      c.skip(1);
      acc = acc << 6 | v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        if (n == CanFrame.MAX_DATA) {
          return -1;
        }
        out[n++] = (byte) (acc >> bits);
      }
    }
    while (c.accept('=')) {
      bits -= 2;
    }
    return bits == 0 || bits == 2 || bits == 4 ? n : -1;
  }
}
