package io.ecugateway.stream;

import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.Direction;
import io.ecugateway.frame.FrameKind;

/**
 * Writes frames in the binary live encoding ({@link LiveFrameCodec}), as a client does: what the
 * tests and the live load benchmark send. The gateway itself only decodes.
 */
public final class LiveFrameEncoder {
  private LiveFrameEncoder() {}

  /** Bytes {@link #encode} writes for this frame. */
  public static int encodedSize(CanFrame frame) {
    return LiveFrameCodec.RECORD_HEADER_BYTES + frame.length;
  }

  /**
   * Writes one record (without the message header) at {@code offset}.
   *
   * @return the offset after it
   * @throws IllegalArgumentException if the bus name is not {@code can<0..255>}
   */
  public static int encode(CanFrame frame, byte[] out, int offset) {
    writeLong(out, offset, frame.timestampNs);
    out[offset + 8] = (byte) busNumber(frame.bus);
    int flags =
        (frame.extended ? LiveFrameCodec.FLAG_EXTENDED : 0)
            | (frame.fd ? LiveFrameCodec.FLAG_FD : 0)
            | (frame.brs ? LiveFrameCodec.FLAG_BRS : 0)
            | (frame.esi ? LiveFrameCodec.FLAG_ESI : 0)
            | (frame.kind == FrameKind.REMOTE ? LiveFrameCodec.FLAG_REMOTE : 0)
            | (frame.kind == FrameKind.ERROR ? LiveFrameCodec.FLAG_ERROR : 0)
            | (frame.direction == Direction.TX ? LiveFrameCodec.FLAG_TX : 0);
    out[offset + 9] = (byte) flags;
    writeInt(out, offset + 10, frame.id);
    out[offset + 14] = (byte) frame.length;
    System.arraycopy(frame.data, 0, out, offset + LiveFrameCodec.RECORD_HEADER_BYTES, frame.length);
    return offset + LiveFrameCodec.RECORD_HEADER_BYTES + frame.length;
  }

  private static int busNumber(String bus) {
    if (bus != null && bus.startsWith("can") && bus.length() > 3 && bus.length() <= 6) {
      try {
        int n = Integer.parseInt(bus, 3, bus.length(), 10);
        if (n >= 0 && n <= 255) {
          return n;
        }
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
    }
    throw new IllegalArgumentException(
        "bus \"" + bus + "\" cannot be encoded: expected can0..can255");
  }

  private static void writeLong(byte[] b, int o, long v) {
    writeInt(b, o, (int) (v >>> 32));
    writeInt(b, o + 4, (int) v);
  }

  private static void writeInt(byte[] b, int o, int v) {
    b[o] = (byte) (v >>> 24);
    b[o + 1] = (byte) (v >>> 16);
    b[o + 2] = (byte) (v >>> 8);
    b[o + 3] = (byte) v;
  }
}
