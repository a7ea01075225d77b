package io.ecugateway.transport;

import static io.ecugateway.transport.Frames.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.frame.CanFrame;
import org.junit.jupiter.api.Test;

class J1939TpReassemblerTest {
  private static final TransportProtocol P = TransportProtocol.J1939;

  private static TransportStage stage() {
    return new TransportStage(TransportConfig.builder().enable(null, P).build());
  }

  /** The EC1 broadcast of docs/transport.md, J1939-21, as logged. */
  private static Frames feedEc1(Frames f) {
    return f.ext(0, 0x1CECFF00, "20 1C 00 04 FF E3 FE 00")
        .ext(50, 0x1CEBFF00, "01 90 1A CB A0 41 D4 A0")
        .ext(100, 0x1CEBFF00, "02 0F A7 4A 20 DD F4 30")
        .ext(150, 0x1CEBFF00, "03 E7 A0 41 FF FF 76 02")
        .ext(200, 0x1CEBFF00, "04 F0 55 00 01 FA 9C FA");
  }

  @Test
  void broadcastIsReassembledToThePgnWithPriority6AndTrimmed() {
    TransportStage stage = stage();
    Frames f = feedEc1(new Frames(stage));
    assertEquals(1, f.out.size());
    CanFrame m = f.out.get(0);
    assertEquals(0x18FEE300, m.id);
    assertTrue(m.extended);
    assertEquals(28, m.length);
    assertEquals("901ACBA041D4A00FA74A20DDF430E7A041FFFF7602F0550001FA9CFA", hex(m));
    // EngineSpeedAtPoint5 = bytes 12-13 LE = 0x30F4 * 0.125 = 1566.5 rpm
    assertEquals(0x30F4, (m.data[12] & 0xFF) | (m.data[13] & 0xFF) << 8);
    assertEquals(200 * Frames.MS, m.timestampNs);
    assertEquals(0L, f.starts.get(0));
    assertEquals(5, stage.counters().segments(P));
    assertEquals(0, stage.counters().totalDrops());
  }

  @Test
  void rtsCtsWithRepeatedPacketsKeepsTheLatestCopy() {
    TransportStage stage = stage();
    Frames f = new Frames(stage);
    // 0x00 sends 16 bytes of PGN 0xFECA (DM1) to 0x21; 0x21 answers with CTS frames.
    f.ext(0, 0x1CEC2100, "10 10 00 03 FF CA FE 00")
        .ext(1, 0x1CEC0021, "11 02 01 FF FF CA FE 00")
        .ext(2, 0x1CEB2100, "01 00 01 02 03 04 05 06")
        .ext(3, 0x1CEB2100, "02 EE EE EE EE EE EE EE") // corrupted, asked for again
        .ext(4, 0x1CEC0021, "11 02 02 FF FF CA FE 00")
        .ext(5, 0x1CEB2100, "02 07 08 09 0A 0B 0C 0D")
        .ext(6, 0x1CEB2100, "03 0E 0F FF FF FF FF FF")
        .ext(7, 0x1CEC0021, "13 10 00 03 FF CA FE 00");
    assertEquals(1, f.out.size());
    assertEquals(0x18FECA00, f.out.get(0).id);
    assertEquals("000102030405060708090A0B0C0D0E0F", hex(f.out.get(0)));
    assertEquals(3, stage.counters().controlIgnored(P));
    assertEquals(0, stage.counters().totalDrops());
  }

  @Test
  void pdu1PgnKeepsZeroInItsPsByte() {
    Frames f = new Frames(stage());
    f.ext(0, 0x18EC2100, "10 09 00 02 FF 00 EF 00")
        .ext(1, 0x18EB2100, "01 11 22 33 44 55 66 77")
        .ext(2, 0x18EB2100, "02 88 99 FF FF FF FF FF");
    assertEquals(0x18EF0000, f.out.get(0).id);
    assertEquals("112233445566778899", hex(f.out.get(0)));
  }

  @Test
  void broadcastAndConnectionOfOneSenderInterleave() {
    TransportStage stage = stage();
    Frames f = new Frames(stage);
    f.ext(0, 0x1CECFF03, "20 09 00 02 FF E3 FE 00")
        .ext(1, 0x1CEC2103, "10 09 00 02 FF CA FE 00")
        .ext(2, 0x1CEBFF03, "01 B1 B1 B1 B1 B1 B1 B1")
        .ext(3, 0x1CEB2103, "01 C1 C1 C1 C1 C1 C1 C1")
        .ext(4, 0x1CECFF04, "20 09 00 02 FF E3 FE 00") // another sender, same PGN
        .ext(5, 0x1CEBFF04, "01 D1 D1 D1 D1 D1 D1 D1")
        .ext(6, 0x1CEB2103, "02 C2 C2 FF FF FF FF FF")
        .ext(7, 0x1CEBFF03, "02 B2 B2 FF FF FF FF FF")
        .ext(8, 0x1CEBFF04, "02 D2 D2 FF FF FF FF FF");
    assertEquals(3, f.out.size());
    assertEquals(0x18FECA03, f.out.get(0).id);
    assertEquals("C1C1C1C1C1C1C1C2C2", hex(f.out.get(0)));
    assertEquals(0x18FEE303, f.out.get(1).id);
    assertEquals("B1B1B1B1B1B1B1B2B2", hex(f.out.get(1)));
    assertEquals(0x18FEE304, f.out.get(2).id);
    assertEquals("D1D1D1D1D1D1D1D2D2", hex(f.out.get(2)));
    assertEquals(0, stage.counters().totalDrops());
  }

  @Test
  void abortFromTheReceiverEndsTheConnection() {
    TransportStage stage = stage();
    Frames f = new Frames(stage);
    f.ext(0, 0x1CEC2100, "10 09 00 02 FF CA FE 00")
        .ext(1, 0x1CEB2100, "01 11 22 33 44 55 66 77")
        .ext(2, 0x1CEC0021, "FF 03 FF FF FF CA FE 00")
        .ext(3, 0x1CEB2100, "02 88 99 FF FF FF FF FF");
    assertTrue(f.out.isEmpty());
    assertEquals(1, stage.counters().drops(P, DropReason.ABORTED));
    assertEquals(1, stage.counters().drops(P, DropReason.ORPHAN_SEGMENT));
    // an abort for nothing open is just ignored
    f.ext(4, 0x1CEC0021, "FF 03 FF FF FF CA FE 00");
    assertEquals(1, stage.counters().controlIgnored(P));
  }

  @Test
  void lostBroadcastPacketDropsTheMessage() {
    TransportStage stage = stage();
    Frames f = new Frames(stage);
    f.ext(0, 0x1CECFF00, "20 1C 00 04 FF E3 FE 00")
        .ext(50, 0x1CEBFF00, "01 90 1A CB A0 41 D4 A0")
        .ext(150, 0x1CEBFF00, "03 E7 A0 41 FF FF 76 02")
        .ext(200, 0x1CEBFF00, "04 F0 55 00 01 FA 9C FA");
    assertTrue(f.out.isEmpty());
    assertEquals(1, stage.counters().drops(P, DropReason.SEQUENCE_GAP));
    assertEquals(1, stage.counters().drops(P, DropReason.ORPHAN_SEGMENT));
    assertEquals(1, feedEc1(f).out.size());
  }

  @Test
  void repeatedBroadcastPacketIsAGap() {
    TransportStage stage = stage();
    Frames f = new Frames(stage);
    f.ext(0, 0x1CECFF00, "20 1C 00 04 FF E3 FE 00")
        .ext(50, 0x1CEBFF00, "01 90 1A CB A0 41 D4 A0")
        .ext(51, 0x1CEBFF00, "01 90 1A CB A0 41 D4 A0");
    assertEquals(1, stage.counters().drops(P, DropReason.SEQUENCE_GAP));
  }

  @Test
  void newAnnouncementRestartsTheSession() {
    TransportStage stage = stage();
    Frames f = new Frames(stage);
    f.ext(0, 0x1CECFF00, "20 1C 00 04 FF E3 FE 00").ext(10, 0x1CEBFF00, "01 00 00 00 00 00 00 00");
    feedEc1(f);
    assertEquals(1, f.out.size());
    assertEquals(1, stage.counters().drops(P, DropReason.RESTARTED));
  }

  @Test
  void inconsistentAnnouncementsAreInvalid() {
    TransportStage stage = stage();
    Frames f = new Frames(stage);
    f.ext(0, 0x1CECFF00, "20 1C 00 05 FF E3 FE 00") // 28 bytes need 4 packets
        .ext(1, 0x1CECFF00, "20 00 00 00 FF E3 FE 00") // size 0
        .ext(2, 0x1CECFF00, "20 FA 06 FF FF E3 FE 00") // 1786 bytes
        .ext(3, 0x1CECFF00, "42 1C 00 04 FF E3 FE 00") // unknown control byte
        .ext(4, 0x1CECFF00, "20 1C 00"); // short TP.CM
    assertEquals(5, stage.counters().drops(P, DropReason.INVALID_HEADER));
    assertEquals(0, stage.openSessions());
    assertTrue(f.out.isEmpty());
  }

  @Test
  void shortDataPacketIsDropped() {
    TransportStage stage = stage();
    Frames f = new Frames(stage);
    f.ext(0, 0x1CECFF00, "20 1C 00 04 FF E3 FE 00").ext(1, 0x1CEBFF00, "01 90 1A");
    assertEquals(1, stage.counters().drops(P, DropReason.SHORT_SEGMENT));
  }

  @Test
  void timeoutBetweenPackets() {
    TransportStage stage = stage();
    Frames f = new Frames(stage);
    f.ext(0, 0x1CECFF00, "20 1C 00 04 FF E3 FE 00")
        .ext(50, 0x1CEBFF00, "01 90 1A CB A0 41 D4 A0")
        .ext(1400, 0x1CEBFF00, "02 0F A7 4A 20 DD F4 30");
    assertEquals(1, stage.counters().drops(P, DropReason.TIMEOUT));
    assertEquals(1, stage.counters().drops(P, DropReason.ORPHAN_SEGMENT));
  }

  @Test
  void sessionLimitEvictsTheOldest() {
    TransportStage stage =
        new TransportStage(TransportConfig.builder().enable(null, P).maxSessions(2).build());
    Frames f = new Frames(stage);
    f.ext(0, 0x1CECFF01, "20 09 00 02 FF E3 FE 00")
        .ext(1, 0x1CECFF02, "20 09 00 02 FF E3 FE 00")
        .ext(2, 0x1CECFF03, "20 09 00 02 FF E3 FE 00")
        .ext(3, 0x1CEBFF01, "01 00 00 00 00 00 00 00");
    assertEquals(1, stage.counters().drops(P, DropReason.SESSION_LIMIT));
    assertEquals(1, stage.counters().drops(P, DropReason.ORPHAN_SEGMENT));
    assertEquals(2, stage.openSessions());
  }

  @Test
  void otherFramesAndDisabledBusesPassThrough() {
    TransportStage stage = new TransportStage(TransportConfig.builder().enable("can1", P).build());
    Frames f = new Frames(stage);
    f.ext(0, 0x0CF00400, "FF FF FF 68 13 FF FF FF") // EEC1, single frame
        .feed("can2", 0x1CECFF00, true, 1, "20 1C 00 04 FF E3 FE 00") // TP but J1939 off on can2
        .feed("can1", 0x6EC, false, 2, "20 1C 00 04 FF E3 FE 00") // 11-bit
        .ext(3, 0x1DECFF00, "20 1C 00 04 FF E3 FE 00"); // data page 1: not TP.CM
    assertEquals(4, f.out.size());
    assertEquals(4, stage.counters().passedThrough());
    assertEquals(0, stage.counters().segments(P));
  }
}
