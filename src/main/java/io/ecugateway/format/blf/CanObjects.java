package io.ecugateway.format.blf;

import static io.ecugateway.format.blf.LittleEndian.i32;
import static io.ecugateway.format.blf.LittleEndian.u16;
import static io.ecugateway.format.blf.LittleEndian.u32;
import static io.ecugateway.format.blf.LittleEndian.u8;

import io.ecugateway.format.text.BusNames;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.Direction;
import io.ecugateway.frame.FrameKind;

/**
 * The CAN object types of BLF, decoded from an object's body (after its header) into a frame.
 * Layouts as python-can and Vector's BLF documentation give them; all little endian. The channel
 * (1-based in BLF) names the bus {@code can<n>}.
 */
final class CanObjects {
  static final int CAN_MESSAGE = 1;
  static final int CAN_ERROR = 2;
  static final int CAN_OVERLOAD = 3;
  static final int CAN_ERROR_EXT = 73;
  static final int CAN_MESSAGE2 = 86;
  static final int CAN_FD_MESSAGE = 100;
  static final int CAN_FD_MESSAGE_64 = 101;

  /** Bit 31 of a BLF CAN ID: a 29-bit identifier. */
  private static final int EXTENDED_ID = 0x8000_0000;

  /** CAN_MESSAGE(2)/CAN_FD_MESSAGE flags. */
  private static final int TX = 0x01;

  private static final int REMOTE = 0x80;

  /** CAN_FD_MESSAGE fdFlags. */
  private static final int EDL = 0x1;

  private static final int BRS = 0x2;
  private static final int ESI = 0x4;

  /** CAN_FD_MESSAGE_64 flags. */
  private static final int FD64_REMOTE = 0x0010;

  private static final int FD64_EDL = 0x1000;
  private static final int FD64_BRS = 0x2000;
  private static final int FD64_ESI = 0x4000;

  private CanObjects() {}

  static boolean isCan(int type) {
    return switch (type) {
      case CAN_MESSAGE,
          CAN_MESSAGE2,
          CAN_ERROR,
          CAN_OVERLOAD,
          CAN_ERROR_EXT,
          CAN_FD_MESSAGE,
          CAN_FD_MESSAGE_64 ->
          true;
      default -> false;
    };
  }

  /**
   * Fills {@code f} (all but the time) from the body at {@code b[at, end)}.
   *
   * @return false if the body is too short for its type
   */
  static boolean decode(int type, byte[] b, int at, int end, CanFrame f, BusNames buses) {
    return switch (type) {
      case CAN_MESSAGE, CAN_MESSAGE2 -> classic(b, at, end, f, buses);
      case CAN_FD_MESSAGE -> fd(b, at, end, f, buses);
      case CAN_FD_MESSAGE_64 -> fd64(b, at, end, f, buses);
      case CAN_ERROR_EXT -> errorExt(b, at, end, f, buses);
      default -> errorOrOverload(b, at, end, f, buses);
    };
  }

  /** channel u16, flags u8, dlc u8, id u32, data[8]. */
  private static boolean classic(byte[] b, int at, int end, CanFrame f, BusNames buses) {
    if (end - at < 16) {
      return false;
    }
    int flags = u8(b, at + 2);
    int dlc = u8(b, at + 3) & 0x0F;
    boolean remote = (flags & REMOTE) != 0;
    start(f, buses, u16(b, at), i32(b, at + 4), remote ? FrameKind.REMOTE : FrameKind.DATA);
    f.direction = (flags & TX) != 0 ? Direction.TX : Direction.RX;
    f.dlc = dlc;
    payload(f, b, at + 8, remote ? 0 : Math.min(dlc, 8));
    return true;
  }

  /**
   * channel u16, flags u8, dlc u8, id u32, frame length u32, bit count u8, fdFlags u8, valid bytes
   * u8, 5 reserved, data[64]. Without EDL it is a classic frame.
   */
  private static boolean fd(byte[] b, int at, int end, CanFrame f, BusNames buses) {
    if (end - at < 20) {
      return false;
    }
    int flags = u8(b, at + 2);
    int fdFlags = u8(b, at + 13);
    boolean remote = (flags & REMOTE) != 0;
    boolean fd = (fdFlags & EDL) != 0;
    int length = remote ? 0 : Math.min(u8(b, at + 14), fd ? CanFrame.MAX_DATA : 8);
    if (end - at < 20 + length) {
      return false;
    }
    start(f, buses, u16(b, at), i32(b, at + 4), remote ? FrameKind.REMOTE : FrameKind.DATA);
    f.direction = (flags & TX) != 0 ? Direction.TX : Direction.RX;
    f.fd = fd;
    f.brs = fd && (fdFlags & BRS) != 0;
    f.esi = fd && (fdFlags & ESI) != 0;
    f.dlc = u8(b, at + 3) & 0x0F;
    payload(f, b, at + 20, length);
    return true;
  }

  /**
   * channel u8, dlc u8, valid bytes u8, tx count u8, id u32, frame length u32, flags u32, two bit
   * timing configs u32, two time offsets u32, bit count u16, direction u8, ext data offset u8, crc
   * u32, then the data.
   */
  private static boolean fd64(byte[] b, int at, int end, CanFrame f, BusNames buses) {
    if (end - at < 40) {
      return false;
    }
    long flags = u32(b, at + 12);
    boolean remote = (flags & FD64_REMOTE) != 0;
    boolean fd = (flags & FD64_EDL) != 0;
    int length = remote ? 0 : Math.min(u8(b, at + 2), fd ? CanFrame.MAX_DATA : 8);
    if (end - at < 40 + length) {
      return false;
    }
    start(f, buses, u8(b, at), i32(b, at + 4), remote ? FrameKind.REMOTE : FrameKind.DATA);
    f.direction = u8(b, at + 34) != 0 ? Direction.TX : Direction.RX;
    f.fd = fd;
    f.brs = fd && (flags & FD64_BRS) != 0;
    f.esi = fd && (flags & FD64_ESI) != 0;
    f.dlc = u8(b, at + 1) & 0x0F;
    payload(f, b, at + 40, length);
    return true;
  }

  /**
   * channel u16, length u16, flags u32, ecc u8, position u8, dlc u8, reserved u8, frame length u32,
   * id u32, extended flags u16, reserved u16, data[8]: the frame the error hit.
   */
  private static boolean errorExt(byte[] b, int at, int end, CanFrame f, BusNames buses) {
    if (end - at < 32) {
      return false;
    }
    int dlc = u8(b, at + 10) & 0x0F;
    start(f, buses, u16(b, at), i32(b, at + 16), FrameKind.ERROR);
    f.dlc = dlc;
    payload(f, b, at + 24, Math.min(dlc, 8));
    return true;
  }

  /**
   * CAN_ERROR and CAN_OVERLOAD: a channel u16 and nothing about the frame. Both come out as error
   * frames (the frame model has no overload kind).
   */
  private static boolean errorOrOverload(byte[] b, int at, int end, CanFrame f, BusNames buses) {
    if (end - at < 2) {
      return false;
    }
    start(f, buses, u16(b, at), 0, FrameKind.ERROR);
    f.dlc = 0;
    f.length = 0;
    return true;
  }

  private static void start(CanFrame f, BusNames buses, int channel, int rawId, FrameKind kind) {
    f.bus = buses.channel(channel);
    f.extended = (rawId & EXTENDED_ID) != 0;
    f.id = rawId & 0x1FFF_FFFF;
    f.kind = kind;
    f.direction = Direction.RX;
    f.fd = f.brs = f.esi = false;
  }

  private static void payload(CanFrame f, byte[] b, int from, int length) {
    System.arraycopy(b, from, f.data, 0, length);
    f.length = length;
  }
}
