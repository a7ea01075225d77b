package io.ecugateway.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.format.FormatException;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.Direction;
import io.ecugateway.frame.FrameKind;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LiveFrameCodecTest {

  private static CanFrame frame(String bus, int id, boolean ext, boolean fd, String hex) {
    CanFrame f = new CanFrame();
    f.timestampNs = 1_725_694_999_693_250_123L;
    f.bus = bus;
    f.id = id;
    f.extended = ext;
    f.fd = fd;
    f.brs = fd;
    byte[] d = HexFormat.of().parseHex(hex);
    System.arraycopy(d, 0, f.data, 0, d.length);
    f.length = d.length;
    f.dlc = CanFrame.lengthToDlc(d.length);
    return f;
  }

  @Test
  void documentedLayout() throws Exception {
    CanFrame f = frame("can2", 0x18FEF100, true, false, "0102");
    f.direction = Direction.TX;
    byte[] msg = new byte[1 + LiveFrameEncoder.encodedSize(f)];
    msg[0] = LiveFrameCodec.VERSION;
    assertEquals(msg.length, LiveFrameEncoder.encode(f, msg, 1));
    assertEquals(
        "01" + "17f2e67587624e4b" + "02" + "41" + "18fef100" + "02" + "0102",
        HexFormat.of().formatHex(msg));
  }

  @Test
  void roundTripsClassicFdRemoteAndError() throws Exception {
    CanFrame[] frames = {
      frame("can1", 0x7E8, false, false, "04410C1AF8000000"),
      frame("can9", 0x1ABCDEF0, true, true, "00112233445566778899AABBCCDDEEFF"),
      frame("can0", 0x123, false, false, ""),
      frame("can255", 0x7FF, false, true, "AA".repeat(64)),
    };
    frames[2].kind = FrameKind.REMOTE;
    frames[3].kind = FrameKind.ERROR;
    frames[3].esi = true;
    byte[] msg = new byte[4096];
    msg[0] = LiveFrameCodec.VERSION;
    int end = 1;
    for (CanFrame f : frames) {
      end = LiveFrameEncoder.encode(f, msg, end);
    }
    int off = LiveFrameCodec.start("t", msg, end);
    CanFrame got = new CanFrame();
    for (CanFrame want : frames) {
      off = LiveFrameCodec.decode("t", msg, end, off, got, 42);
      assertEquals(want.toString(), got.toString());
      assertEquals(want.esi, got.esi);
      assertEquals(want.brs, got.brs);
      assertEquals(want.dlc, got.dlc);
    }
    assertEquals(end, off);
  }

  @Test
  void zeroTimestampMeansReceiveTime() throws Exception {
    CanFrame f = frame("can1", 1, false, false, "01");
    f.timestampNs = 0;
    byte[] msg = new byte[1 + LiveFrameEncoder.encodedSize(f)];
    msg[0] = 1;
    LiveFrameEncoder.encode(f, msg, 1);
    CanFrame got = new CanFrame();
    LiveFrameCodec.decode("t", msg, msg.length, 1, got, 777);
    assertEquals(777, got.timestampNs);
  }

  @Test
  void malformedRecordsNameOffsetAndExpectation() {
    assertEquals(
        "ws: offset 0: expected version byte 0x01, found 0x02",
        assertThrows(FormatException.class, () -> LiveFrameCodec.start("ws", new byte[] {2}, 1))
            .getMessage());
    byte[] msg = new byte[40];
    msg[0] = 1;
    msg[1 + 14] = 9; // classic frame of 9 bytes
    assertTrue(decodeError(msg, 40).contains("offset 15: invalid data length 9: expected 0..8"));
    msg[1 + 9] = LiveFrameCodec.FLAG_FD;
    msg[1 + 14] = 13;
    assertTrue(decodeError(msg, 40).contains("expected a CAN FD length"));
    msg[1 + 9] = 0;
    msg[1 + 14] = 0;
    msg[1 + 12] = 0x08; // id 0x800 in a standard frame
    assertTrue(decodeError(msg, 40).contains("identifier 0x800 does not fit 11 bits"));
    msg[1 + 12] = 0;
    msg[1 + 9] = (byte) 0x80;
    assertTrue(decodeError(msg, 40).contains("reserved flag"));
    msg[1 + 9] = 0;
    msg[1 + 14] = 8;
    assertTrue(decodeError(msg, 20).contains("truncated frame data: expected 8 bytes, found 4"));
    assertTrue(decodeError(msg, 10).contains("truncated frame record"));
  }

  @Test
  void encodeRejectsUnencodableBus() {
    CanFrame f = frame("vcan0", 1, false, false, "");
    assertThrows(IllegalArgumentException.class, () -> LiveFrameEncoder.encode(f, new byte[32], 0));
  }

  /** Seeded mutation fuzz: random bytes never crash, hang or yield an invalid frame. */
  @Test
  void mutatedMessagesFailCleanly() throws Exception {
    long iterations = Long.getLong("fuzz.iterations", 20_000);
    Random rnd = new Random(5);
    byte[] base = new byte[1 + 3 * (15 + 8)];
    base[0] = 1;
    int end = 1;
    for (int i = 0; i < 3; i++) {
      end =
          LiveFrameEncoder.encode(
              frame("can1", 0x100 + i, false, false, "0011223344556677"), base, end);
    }
    CanFrame got = new CanFrame();
    for (long it = 0; it < iterations; it++) {
      byte[] m = Arrays.copyOf(base, base.length);
      for (int k = rnd.nextInt(4) + 1; k > 0; k--) {
        m[rnd.nextInt(m.length)] = (byte) rnd.nextInt(256);
      }
      int len = rnd.nextInt(m.length + 1);
      try {
        int off = LiveFrameCodec.start("f", m, len);
        while (off < len) {
          int next = LiveFrameCodec.decode("f", m, len, off, got, 0);
          assertTrue(next > off && next <= len);
          assertTrue(got.length <= 64 && (got.fd || got.length <= 8));
          off = next;
        }
      } catch (FormatException expected) {
        assertTrue(expected.getMessage().startsWith("f: offset "));
      }
    }
    assertArrayEquals(new byte[] {1}, Arrays.copyOf(base, 1));
  }

  private static String decodeError(byte[] msg, int len) {
    return assertThrows(
            FormatException.class,
            () -> LiveFrameCodec.decode("ws", msg, len, 1, new CanFrame(), 0))
        .getMessage();
  }
}
