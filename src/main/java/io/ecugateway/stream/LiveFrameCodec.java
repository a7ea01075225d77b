package io.ecugateway.stream;

import io.ecugateway.format.FormatException;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.Direction;
import io.ecugateway.frame.FrameKind;

/**
 * The compact binary encoding of live frames (one WebSocket binary message = one batch):
 *
 * <pre>
 * offset size  field
 * 0      1     version, 0x01
 * then, repeated until the end of the message, one record per frame (big-endian):
 * +0     8     timestamp, nanoseconds since the Unix epoch (0 = use the server's receive time)
 * +8     1     bus number n (the frame's bus is "can" + n)
 * +9     1     flags: 0x01 extended id, 0x02 CAN FD, 0x04 BRS, 0x08 ESI, 0x10 remote frame,
 *              0x20 error frame, 0x40 transmitted (Tx); 0x80 reserved, must be 0
 * +10    4     identifier (11 or 29 bits, no flag bits)
 * +14    1     data length in bytes: 0..8, or a CAN FD length (12, 16, 20, 24, 32, 48, 64)
 * +15    len   data
 * </pre>
 *
 * A record is 15 + length bytes. Decoding never allocates: it fills a reusable {@link CanFrame}.
 */
public final class LiveFrameCodec {
  public static final byte VERSION = 1;
  public static final int HEADER_BYTES = 1;
  public static final int RECORD_HEADER_BYTES = 15;

  public static final int FLAG_EXTENDED = 0x01;
  public static final int FLAG_FD = 0x02;
  public static final int FLAG_BRS = 0x04;
  public static final int FLAG_ESI = 0x08;
  public static final int FLAG_REMOTE = 0x10;
  public static final int FLAG_ERROR = 0x20;
  public static final int FLAG_TX = 0x40;
  private static final int FLAG_RESERVED = 0x80;

  private static final String[] BUS_NAMES = new String[256];

  static {
    for (int i = 0; i < BUS_NAMES.length; i++) {
      BUS_NAMES[i] = ("can" + i).intern();
    }
  }

  private LiveFrameCodec() {}

  /**
   * Checks the message header.
   *
   * @return the offset of the first record
   */
  public static int start(String source, byte[] msg, int length) throws FormatException {
    if (length < HEADER_BYTES) {
      throw new FormatException(source, 0, "empty binary message: expected version byte 0x01");
    }
    if (msg[0] != VERSION) {
      throw new FormatException(
          source, 0, String.format("expected version byte 0x01, found 0x%02X", msg[0] & 0xFF));
    }
    return HEADER_BYTES;
  }

  /**
   * Decodes the record at {@code offset} into {@code frame}.
   *
   * @param receiveTimeNs used when the record's timestamp is 0
   * @return the offset of the next record
   */
  public static int decode(
      String source, byte[] msg, int length, int offset, CanFrame frame, long receiveTimeNs)
      throws FormatException {
    if (length - offset < RECORD_HEADER_BYTES) {
      throw new FormatException(
          source,
          offset,
          "truncated frame record: expected "
              + RECORD_HEADER_BYTES
              + " header bytes, found "
              + (length - offset));
    }
    long ts = readLong(msg, offset);
    int bus = msg[offset + 8] & 0xFF;
    int flags = msg[offset + 9] & 0xFF;
    int id = readInt(msg, offset + 10);
    int len = msg[offset + 14] & 0xFF;
    if ((flags & FLAG_RESERVED) != 0) {
      throw new FormatException(
          source, offset + 9, String.format("reserved flag bit 0x80 set in flags 0x%02X", flags));
    }
    boolean ext = (flags & FLAG_EXTENDED) != 0;
    boolean fd = (flags & FLAG_FD) != 0;
    if (id < 0 || id > (ext ? 0x1FFFFFFF : 0x7FF)) {
      throw new FormatException(
          source,
          offset + 10,
          String.format(
              "identifier 0x%X does not fit %s", id, ext ? "29 bits" : "11 bits (standard id)"));
    }
    if (fd ? CanFrame.dlcToLength(CanFrame.lengthToDlc(len)) != len || len > 64 : len > 8) {
      throw new FormatException(
          source,
          offset + 14,
          "invalid data length "
              + len
              + (fd
                  ? ": expected a CAN FD length (0..8, 12, 16, 20, 24, 32, 48, 64)"
                  : ": expected 0..8 for classic CAN"));
    }
    if (length - offset - RECORD_HEADER_BYTES < len) {
      throw new FormatException(
          source,
          offset + RECORD_HEADER_BYTES,
          "truncated frame data: expected "
              + len
              + " bytes, found "
              + (length - offset - RECORD_HEADER_BYTES));
    }
    frame.timestampNs = ts == 0 ? receiveTimeNs : ts;
    frame.bus = BUS_NAMES[bus];
    frame.id = id;
    frame.extended = ext;
    frame.fd = fd;
    frame.brs = (flags & FLAG_BRS) != 0;
    frame.esi = (flags & FLAG_ESI) != 0;
    frame.kind =
        (flags & FLAG_ERROR) != 0
            ? FrameKind.ERROR
            : (flags & FLAG_REMOTE) != 0 ? FrameKind.REMOTE : FrameKind.DATA;
    frame.direction = (flags & FLAG_TX) != 0 ? Direction.TX : Direction.RX;
    frame.length = len;
    frame.dlc = CanFrame.lengthToDlc(len);
    System.arraycopy(msg, offset + RECORD_HEADER_BYTES, frame.data, 0, len);
    return offset + RECORD_HEADER_BYTES + len;
  }

  private static long readLong(byte[] b, int o) {
    return ((long) readInt(b, o) << 32) | (readInt(b, o + 4) & 0xFFFFFFFFL);
  }

  private static int readInt(byte[] b, int o) {
    return ((b[o] & 0xFF) << 24)
        | ((b[o + 1] & 0xFF) << 16)
        | ((b[o + 2] & 0xFF) << 8)
        | (b[o + 3] & 0xFF);
  }
}
