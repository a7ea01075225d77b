package io.ecugateway.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TransportSessionsTest {
  private static final TransportConfig CONFIG =
      TransportConfig.builder()
          .enable(null, TransportProtocol.ISOTP)
          .isoTpStream(null, 0x7EC, false)
          .build();

  @Test
  void consecutiveSplitsShareAStageAndCompleteACutMessage() {
    TransportSessions sessions = new TransportSessions(8);
    TransportSessions.Lease first = sessions.take("3EBDACA8", "00000006", 170, CONFIG);
    Frames f = new Frames(first.stage());
    f.std(0, 0x7EC, "10 09 62 01 01 11 11 11");
    sessions.give(first);
    TransportSessions.Lease next = sessions.take("3EBDACA8", "00000006", 171, CONFIG);
    assertTrue(next.continued());
    assertSame(first.stage(), next.stage());
    Frames g = new Frames(next.stage());
    g.std(40, 0x7EC, "21 33 33 33 AA AA AA AA");
    assertEquals("0962010111111133 3333".replace(" ", ""), Frames.hex(g.out.get(0)));
    sessions.give(next);
    assertEquals(1, sessions.idleSessions());
  }

  @Test
  void aGapOrAnotherConfigStartsAfreshAndCountsTheLoss() {
    TransportSessions sessions = new TransportSessions(8);
    TransportSessions.Lease a = sessions.take("dev", "1", 1, CONFIG);
    new Frames(a.stage()).std(0, 0x7EC, "10 09 62 01 01 11 11 11");
    sessions.give(a);
    TransportSessions.Lease b = sessions.take("dev", "1", 3, CONFIG); // split 2 missing
    assertFalse(b.continued());
    assertNotSame(a.stage(), b.stage());
    assertEquals(
        1, sessions.retired().drops(TransportProtocol.ISOTP, DropReason.INCOMPLETE_AT_END));
    sessions.give(b);
    TransportConfig other = TransportConfig.builder().build();
    assertFalse(sessions.take("dev", "1", 4, other).continued());
  }

  @Test
  void concurrentUploadsOfOneSessionNeverShareAStage() {
    TransportSessions sessions = new TransportSessions(8);
    sessions.give(sessions.take("dev", "1", 1, CONFIG));
    TransportSessions.Lease two = sessions.take("dev", "1", 2, CONFIG);
    TransportSessions.Lease three = sessions.take("dev", "1", 3, CONFIG);
    assertTrue(two.continued());
    assertFalse(three.continued());
    assertNotSame(two.stage(), three.stage());
    sessions.give(three);
    sessions.give(two); // older than the idle split 3: retired, split 3's stage stays
    TransportSessions.Lease four = sessions.take("dev", "1", 4, CONFIG);
    assertSame(three.stage(), four.stage());
  }

  @Test
  void idleStagesAreBounded() {
    TransportSessions sessions = new TransportSessions(2);
    for (int d = 0; d < 5; d++) {
      sessions.give(sessions.take("dev" + d, "1", 1, CONFIG));
    }
    assertEquals(2, sessions.idleSessions());
    assertTrue(sessions.take("dev4", "1", 2, CONFIG).continued());
    assertFalse(sessions.take("dev0", "1", 2, CONFIG).continued());
  }
}
