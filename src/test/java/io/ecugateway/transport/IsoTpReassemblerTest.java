package io.ecugateway.transport;

import static io.ecugateway.transport.Frames.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.frame.CanFrame;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class IsoTpReassemblerTest {
  private static final TransportProtocol P = TransportProtocol.ISOTP;

  private static TransportStage stage(IsoTpLayout layout, int... ids) {
    TransportConfig.Builder b = TransportConfig.builder().enable("can1", P);
    for (int id : ids) {
      b.isoTpStream("can1", id, id > 0x7FF);
    }
    if (layout != null) {
      b.isoTpLayout("can1", layout);
    }
    return new TransportStage(b.build());
  }

  /**
   * The Kona response of docs/transport.md, ISO-TP (first and last consecutive frames as logged).
   */
  private static Frames feedKona(Frames f) {
    return f.std(0, 0x7EC, "10 3E 62 01 01 FF F7 E7")
        .std(10, 0x7EC, "21 FF 64 00 00 00 00 83")
        .std(20, 0x7EC, "22 01 02 03 04 05 06 07")
        .std(30, 0x7EC, "23 08 09 0A 0B 0C 0D 0E")
        .std(40, 0x7EC, "24 0F 10 11 12 13 14 15")
        .std(50, 0x7EC, "25 16 17 18 19 1A 1B 1C")
        .std(60, 0x7EC, "26 1D 1E 1F 20 21 22 23")
        .std(70, 0x7EC, "27 24 25 26 27 28 29 2A")
        .std(80, 0x7EC, "28 65 00 00 00 00 0B B8");
  }

  private static final String KONA_MESSAGE =
      "62 0101 FFF7E7 FF640000000083 01020304050607 08090A0B0C0D0E 0F101112131415"
          + " 161718191A1B1C 1D1E1F20212223 2425262728292A 650000000 00BB8";

  @Test
  void layoutAPrefixesTheLengthAndKeepsTheLastSegmentsTime() {
    TransportStage stage = stage(null, 0x7EC);
    Frames f = feedKona(new Frames(stage));
    assertEquals(1, f.out.size());
    CanFrame m = f.out.get(0);
    assertEquals("3E" + KONA_MESSAGE.replace(" ", ""), hex(m));
    assertEquals(63, m.length);
    assertEquals(0x7EC, m.id);
    assertEquals("can1", m.bus);
    assertEquals(80 * Frames.MS, m.timestampNs);
    assertEquals(0L, f.starts.get(0));
    // docs/transport.md, ISO-TP: service 0x62 at byte 1, DID 0x0101 at bytes 2-3, SoC raw 0x64 at
    // byte 8.
    assertEquals(0x62, m.data[1] & 0xFF);
    assertEquals(0x64, m.data[8] & 0xFF);
    assertEquals(1, stage.counters().reassembled(P));
    assertEquals(9, stage.counters().segments(P));
    assertEquals(0, stage.counters().totalDrops());
    assertEquals(0, stage.openSessions());
  }

  @Test
  void layoutBIsTheMessageOnly() {
    Frames f = feedKona(new Frames(stage(IsoTpLayout.B, 0x7EC)));
    assertEquals(KONA_MESSAGE.replace(" ", ""), hex(f.out.get(0)));
    assertEquals(0x64, f.out.get(0).data[7] & 0xFF);
  }

  @Test
  void singleFramesAreCutToTheirLength() {
    Frames a = new Frames(stage(null, 0x7E8)).std(5, 0x7E8, "04 41 0D 37 00 AA AA AA");
    assertEquals("04410D3700", hex(a.out.get(0)));
    assertEquals(5 * Frames.MS, a.out.get(0).timestampNs);
    Frames b = new Frames(stage(IsoTpLayout.B, 0x7E8)).std(5, 0x7E8, "04 41 0D 37 00 AA AA AA");
    assertEquals("410D3700", hex(b.out.get(0)));
  }

  @Test
  void canFdSingleFrameWithEscapedLength() {
    byte[] msg = Frames.ramp(0x30, 20);
    String frame = "00 14" + Frames.hex(msg, 0, 20) + "CC".repeat(24 - 22);
    Frames f = new Frames(stage(IsoTpLayout.B, 0x7E8)).std(0, 0x7E8, frame);
    assertEquals(Frames.hex(msg, 0, 20), hex(f.out.get(0)));
  }

  @Test
  void sequenceNumbersWrapAfterFifteenAndPaddingIsTrimmed() {
    byte[] msg = Frames.ramp(0x10, 150);
    TransportStage stage = stage(IsoTpLayout.B, 0x7EC);
    Frames f = new Frames(stage);
    for (String frame : segments(msg, false)) {
      f.std(0, 0x7EC, frame);
    }
    // 6 + 7 * 21 = 153 >= 150: SN 1..15, 0, 1..5, the last frame padded with AA.
    assertEquals(22, stage.counters().segments(P));
    assertEquals(1, f.out.size());
    assertEquals(Frames.hex(msg, 0, 150), hex(f.out.get(0)));
  }

  @Test
  void thirtyTwoBitLengthEscape() {
    byte[] msg = Frames.ramp(0x00, 5000);
    TransportStage stage = stage(null, 0x7EC);
    Frames f = new Frames(stage);
    List<String> frames = segments(msg, true);
    assertTrue(frames.get(0).startsWith("1000" + "00001388"));
    for (String frame : frames) {
      f.std(0, 0x7EC, frame);
    }
    assertEquals(1, f.out.size());
    CanFrame m = f.out.get(0);
    assertEquals(5001, m.length);
    assertEquals(5000 & 0xFF, m.data[0] & 0xFF);
    assertEquals(Frames.hex(msg, 0, 5000), Frames.hex(m.data, 1, 5001));
  }

  @Test
  void flowControlIsIgnoredWherever() {
    TransportStage stage = stage(null, 0x7EC);
    Frames f = new Frames(stage);
    f.std(0, 0x7EC, "10 0A 62 01 01 11 22 33").std(1, 0x7EC, "30 00 00 AA AA AA AA AA");
    f.std(2, 0x7EC, "21 44 55 66 77 AA AA AA");
    assertEquals("0A620101112233445566 77".replace(" ", ""), hex(f.out.get(0)));
    assertEquals(1, stage.counters().controlIgnored(P));
    assertEquals(0, stage.counters().totalDrops());
  }

  @Test
  void lostConsecutiveFrameDropsTheMessageAndItsLaterSegments() {
    TransportStage stage = stage(null, 0x7EC);
    Frames f = new Frames(stage);
    f.std(0, 0x7EC, "10 14 62 01 01 00 00 00")
        .std(1, 0x7EC, "21 00 00 00 00 00 00 00")
        .std(2, 0x7EC, "23 00 00 00 00 00 00 00") // 22 lost
        .std(3, 0x7EC, "24 00 00 00 00 00 00 00");
    assertTrue(f.out.isEmpty());
    assertEquals(1, stage.counters().drops(P, DropReason.SEQUENCE_GAP));
    assertEquals(1, stage.counters().drops(P, DropReason.ORPHAN_SEGMENT));
    // the next message is unaffected
    f.std(4, 0x7EC, "03 62 01 02 AA AA AA AA");
    assertEquals("03620102", hex(f.out.get(0)));
  }

  @Test
  void repeatedConsecutiveFrameIsAGap() {
    TransportStage stage = stage(null, 0x7EC);
    Frames f = new Frames(stage);
    f.std(0, 0x7EC, "10 14 62 01 01 00 00 00")
        .std(1, 0x7EC, "21 00 00 00 00 00 00 00")
        .std(2, 0x7EC, "21 00 00 00 00 00 00 00");
    assertTrue(f.out.isEmpty());
    assertEquals(1, stage.counters().drops(P, DropReason.SEQUENCE_GAP));
  }

  @Test
  void duplicateFirstFrameRestarts() {
    TransportStage stage = stage(null, 0x7EC);
    Frames f = new Frames(stage);
    f.std(0, 0x7EC, "10 09 62 01 01 11 11 11")
        .std(1, 0x7EC, "10 09 62 01 01 22 22 22")
        .std(2, 0x7EC, "21 33 33 33 AA AA AA AA");
    assertEquals("0962010122222233 3333".replace(" ", ""), hex(f.out.get(0)));
    assertEquals(1, f.starts.get(0) / Frames.MS);
    assertEquals(1, stage.counters().drops(P, DropReason.RESTARTED));
  }

  @Test
  void singleFrameInterruptsAnOpenMessage() {
    TransportStage stage = stage(null, 0x7EC);
    Frames f = new Frames(stage);
    f.std(0, 0x7EC, "10 09 62 01 01 11 11 11").std(1, 0x7EC, "02 7F 22 AA AA AA AA AA");
    f.std(2, 0x7EC, "21 33 33 33 AA AA AA AA");
    assertEquals(1, f.out.size());
    assertEquals("027F22", hex(f.out.get(0)));
    assertEquals(1, stage.counters().drops(P, DropReason.RESTARTED));
    assertEquals(1, stage.counters().drops(P, DropReason.ORPHAN_SEGMENT));
  }

  @Test
  void consecutiveFrameWithoutFirstFrameIsAnOrphan() {
    TransportStage stage = stage(null, 0x7EC);
    new Frames(stage).std(0, 0x7EC, "21 00 00 00 00 00 00 00");
    assertEquals(1, stage.counters().drops(P, DropReason.ORPHAN_SEGMENT));
  }

  @Test
  void invalidHeadersAreCountedAndNeverPassedOn() {
    TransportStage stage = stage(null, 0x7EC);
    Frames f = new Frames(stage);
    f.std(0, 0x7EC, "45 00 00 00 00 00 00 00") // PCI 4 does not exist
        .std(1, 0x7EC, "00 11 22 33 44 55 66 77") // SF length 0 on classic CAN
        .std(2, 0x7EC, "07 11 22 33") // SF longer than its frame
        .std(3, 0x7EC, "10 06 11 22 33 44 55 66") // FF that fits a single frame
        .std(4, 0x7EC, "10") // FF without length
        .std(5, 0x7EC, "10 00 00 00") // escape without 32-bit length
        .std(6, 0x7EC, "");
    assertTrue(f.out.isEmpty());
    assertEquals(7, stage.counters().drops(P, DropReason.INVALID_HEADER));
    assertEquals(0, stage.counters().passedThrough());
  }

  @Test
  void tooLongMessageIsRefused() {
    TransportStage stage = stage(null, 0x7EC);
    Frames f = new Frames(stage);
    f.std(0, 0x7EC, "10 00 00 01 86 A0 00 00").std(1, 0x7EC, "21 00 00 00 00 00 00 00");
    assertTrue(f.out.isEmpty());
    assertEquals(1, stage.counters().drops(P, DropReason.TOO_LONG));
    assertEquals(1, stage.counters().drops(P, DropReason.ORPHAN_SEGMENT));
    assertEquals(0, stage.openSessions());
  }

  @Test
  void shortNonFinalConsecutiveFrameIsDropped() {
    TransportStage stage = stage(null, 0x7EC);
    Frames f = new Frames(stage);
    f.std(0, 0x7EC, "10 14 62 01 01 00 00 00").std(1, 0x7EC, "21 00 00");
    assertTrue(f.out.isEmpty());
    assertEquals(1, stage.counters().drops(P, DropReason.SHORT_SEGMENT));
  }

  @Test
  void unpaddedLastConsecutiveFrameIsFine() {
    Frames f = new Frames(stage(IsoTpLayout.B, 0x7EC));
    f.std(0, 0x7EC, "10 08 62 01 01 00 11 22").std(1, 0x7EC, "21 33 44");
    assertEquals("6201010011223344", hex(f.out.get(0)));
  }

  @Test
  void timeoutBetweenSegmentsDropsTheMessage() {
    TransportStage stage = stage(null, 0x7EC);
    Frames f = new Frames(stage);
    f.std(0, 0x7EC, "10 09 62 01 01 11 11 11").std(1001, 0x7EC, "21 33 33 33 AA AA AA AA");
    assertTrue(f.out.isEmpty());
    assertEquals(1, stage.counters().drops(P, DropReason.TIMEOUT));
    assertEquals(1, stage.counters().drops(P, DropReason.ORPHAN_SEGMENT));
    // 999 ms is within N_Cr
    f.std(2000, 0x7EC, "10 09 62 01 01 11 11 11").std(2999, 0x7EC, "21 33 33 33 AA AA AA AA");
    assertEquals(1, f.out.size());
  }

  @Test
  void interleavedStreamsOnIdsAndBusesAreIndependent() {
    TransportConfig config =
        TransportConfig.builder()
            .enable(null, P)
            .isoTpStream(null, 0x7EC, false)
            .isoTpStream("can2", 0x7BB, false)
            .isoTpStream(null, 0x18DAF110, true)
            .build();
    TransportStage stage = new TransportStage(config);
    Frames f = new Frames(stage);
    f.feed("can1", 0x7EC, false, 0, "10 08 01 01 01 01 01 01")
        .feed("can2", 0x7EC, false, 1, "10 08 02 02 02 02 02 02")
        .feed("can2", 0x7BB, false, 2, "10 08 03 03 03 03 03 03")
        .feed("can1", 0x18DAF110, true, 3, "10 08 04 04 04 04 04 04")
        .feed("can1", 0x7BB, false, 4, "21 99") // not a stream on can1: passes through
        .feed("can2", 0x7BB, false, 5, "21 33 33")
        .feed("can1", 0x18DAF110, true, 6, "21 44 44")
        .feed("can2", 0x7EC, false, 7, "21 22 22")
        .feed("can1", 0x7EC, false, 8, "21 11 11");
    List<String> got = new ArrayList<>();
    for (CanFrame m : f.out) {
      got.add(m.bus + " " + Integer.toHexString(m.id) + " " + hex(m));
    }
    assertEquals(
        List.of(
            "can1 7bb 2199",
            "can2 7bb 080303030303033333",
            "can1 18daf110 080404040404044444",
            "can2 7ec 080202020202022222",
            "can1 7ec 080101010101011111"),
        got);
    assertTrue(f.out.get(2).extended);
  }

  @Test
  void otherIdsPassThroughAsTheSameInstance() {
    TransportStage stage = stage(null, 0x7EC);
    CanFrame in = Frames.frame("can1", 0x7E4, false, 0, "03 22 01 01 AA AA AA AA");
    List<CanFrame> seen = new ArrayList<>();
    Stages.accept(stage, in, seen::add);
    assertSame(in, seen.get(0));
    assertEquals(1, stage.counters().passedThrough());
  }

  @Test
  void sessionsSurviveAcrossSplitsUntilFlushed() {
    TransportStage stage = stage(null, 0x7EC);
    Frames f = new Frames(stage);
    f.std(0, 0x7EC, "10 09 62 01 01 11 11 11");
    // the next split file of the same device session, fed to the same stage
    f.std(40, 0x7EC, "21 33 33 33 AA AA AA AA");
    assertEquals("0962010111111133 3333".replace(" ", ""), hex(f.out.get(0)));
    f.std(50, 0x7EC, "10 09 62 01 01 11 11 11");
    stage.flush();
    assertEquals(1, stage.counters().drops(P, DropReason.INCOMPLETE_AT_END));
    assertEquals(0, stage.openSessions());
  }

  /** Splits a message into first and consecutive frames (classic CAN, padding AA). */
  static List<String> segments(byte[] msg, boolean escape) {
    HexFormat hx = HexFormat.of().withUpperCase();
    List<String> frames = new ArrayList<>();
    int pos;
    if (escape) {
      frames.add("1000" + String.format("%08X", msg.length) + hx.formatHex(msg, 0, 2));
      pos = 2;
    } else {
      frames.add(String.format("1%03X", msg.length) + hx.formatHex(msg, 0, 6));
      pos = 6;
    }
    int sn = 1;
    while (pos < msg.length) {
      int n = Math.min(7, msg.length - pos);
      frames.add(String.format("2%X", sn) + hx.formatHex(msg, pos, pos + n) + "AA".repeat(7 - n));
      pos += n;
      sn = (sn + 1) & 0xF;
    }
    return frames;
  }
}
