package io.ecugateway.transport;

import static io.ecugateway.transport.Frames.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.frame.CanFrame;
import org.junit.jupiter.api.Test;

class FastPacketReassemblerTest {
  private static final TransportProtocol P = TransportProtocol.NMEA2000;
  private static final int GNSS_POSITION = 0x0DF80523; // PGN 129029 from SA 0x23

  private static TransportStage stage() {
    return new TransportStage(TransportConfig.builder().enable("can1", P).build());
  }

  /** A 43-byte 129029 message (docs/transport.md, NMEA 2000 framing: seq 5, frames 0..6). */
  private static Frames feedPosition(Frames f, int seq, long t0) {
    int s = seq << 5;
    return f.ext(t0, GNSS_POSITION, String.format("%02X 2B 88 17 49 E8 0D DF", s))
        .ext(t0 + 1, GNSS_POSITION, String.format("%02X 20 00 08 18 2C A0 9F", s | 1))
        .ext(t0 + 2, GNSS_POSITION, String.format("%02X EB 05 00 74 44 14 48", s | 2))
        .ext(t0 + 3, GNSS_POSITION, String.format("%02X 01 02 03 04 05 06 07", s | 3))
        .ext(t0 + 4, GNSS_POSITION, String.format("%02X 08 09 0A 0B 0C 0D 0E", s | 4))
        .ext(t0 + 5, GNSS_POSITION, String.format("%02X 0F 10 11 12 13 14 15", s | 5))
        .ext(t0 + 6, GNSS_POSITION, String.format("%02X FF 00 FF FF FF FF FF", s | 6));
  }

  private static final String POSITION =
      "881749E80DDF 2000081 82CA09F EB050074441448 01020304050607 08090A0B0C0D0E 0F101112131415 FF00"
          .replace(" ", "");

  @Test
  void fastPacketKeepsItsIdAndIsTrimmedToTheLength() {
    TransportStage stage = stage();
    Frames f = feedPosition(new Frames(stage), 5, 100);
    assertEquals(1, f.out.size());
    CanFrame m = f.out.get(0);
    assertEquals(GNSS_POSITION, m.id);
    assertTrue(m.extended);
    assertEquals(43, m.length);
    assertEquals(POSITION, hex(m));
    assertEquals(106 * Frames.MS, m.timestampNs);
    assertEquals(100 * Frames.MS, f.starts.get(0));
    assertEquals(7, stage.counters().segments(P));
    assertEquals(0, stage.counters().totalDrops());
  }

  @Test
  void shortMessageInFrameZeroIsDeliveredAtOnce() {
    Frames f = new Frames(stage()).ext(0, 0x09FA0223, "40 04 11 22 33 44 FF FF"); // PGN 129538
    assertEquals("11223344", hex(f.out.get(0)));
    // PGN 129026 (COG & SOG rapid update) is a single-frame PGN: passes unchanged
    Frames g = new Frames(stage()).ext(0, 0x09F80223, "40 04 11 22 33 44 FF FF");
    assertEquals("400411223344FFFF", hex(g.out.get(0)));
  }

  @Test
  void changedSequenceCounterOrMissingFrameIsAGap() {
    TransportStage stage = stage();
    Frames f = new Frames(stage);
    f.ext(0, GNSS_POSITION, "A0 2B 88 17 49 E8 0D DF")
        .ext(1, GNSS_POSITION, "C1 20 00 08 18 2C A0 9F");
    f.ext(2, GNSS_POSITION, "A0 2B 88 17 49 E8 0D DF")
        .ext(3, GNSS_POSITION, "A2 EB 05 00 74 44 14 48");
    assertTrue(f.out.isEmpty());
    assertEquals(2, stage.counters().drops(P, DropReason.SEQUENCE_GAP));
    feedPosition(f, 6, 10);
    assertEquals(POSITION, hex(f.out.get(0)));
  }

  @Test
  void repeatedFrameZeroRestarts() {
    TransportStage stage = stage();
    Frames f = new Frames(stage);
    f.ext(0, GNSS_POSITION, "A0 2B 00 00 00 00 00 00");
    feedPosition(f, 5, 1);
    assertEquals(1, f.out.size());
    assertEquals(1, stage.counters().drops(P, DropReason.RESTARTED));
  }

  @Test
  void laterFrameWithoutStartIsAnOrphan() {
    TransportStage stage = stage();
    new Frames(stage).ext(0, GNSS_POSITION, "A3 01 02 03 04 05 06 07");
    assertEquals(1, stage.counters().drops(P, DropReason.ORPHAN_SEGMENT));
  }

  @Test
  void invalidLengthsAndShortFrames() {
    TransportStage stage = stage();
    Frames f = new Frames(stage);
    f.ext(0, GNSS_POSITION, "A0 E0 00 00 00 00 00 00") // 224 > 223
        .ext(1, GNSS_POSITION, "A0 00 00 00 00 00 00 00") // length 0
        .ext(2, GNSS_POSITION, "A0"); // no length byte
    assertEquals(3, stage.counters().drops(P, DropReason.INVALID_HEADER));
    f.ext(3, GNSS_POSITION, "A0 2B 88 17 49 E8 0D DF").ext(4, GNSS_POSITION, "A1 20 00");
    assertEquals(1, stage.counters().drops(P, DropReason.SHORT_SEGMENT));
    f.ext(5, GNSS_POSITION, "A0 2B 88 17");
    assertEquals(2, stage.counters().drops(P, DropReason.SHORT_SEGMENT));
    assertTrue(f.out.isEmpty());
  }

  @Test
  void sourcesOfOnePgnInterleave() {
    TransportStage stage = stage();
    Frames f = new Frames(stage);
    f.ext(0, 0x0DF80501, "00 09 01 01 01 01 01 01")
        .ext(1, 0x0DF80502, "20 09 02 02 02 02 02 02")
        .ext(2, 0x0DF80502, "21 22 22 22 FF FF FF FF")
        .ext(3, 0x0DF80501, "01 11 11 11 FF FF FF FF");
    assertEquals("020202020202222222", hex(f.out.get(0)));
    assertEquals("010101010101111111", hex(f.out.get(1)));
  }

  @Test
  void timeout() {
    TransportStage stage = stage();
    Frames f = new Frames(stage);
    f.ext(0, GNSS_POSITION, "A0 2B 88 17 49 E8 0D DF")
        .ext(800, GNSS_POSITION, "A1 20 00 08 18 2C A0 9F");
    assertEquals(1, stage.counters().drops(P, DropReason.TIMEOUT));
  }

  @Test
  void theCssListHas92Pgns() {
    assertEquals(92, FastPacketPgns.count());
    assertEquals(129029, FastPacketPgns.pgnOf(GNSS_POSITION));
    assertEquals(0xEA00, FastPacketPgns.pgnOf(0x18EA23FE)); // PDU1: PS is the destination
  }
}
