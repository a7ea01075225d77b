package io.ecugateway.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.frame.CanFrame;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Seeded random traffic on every protocol: no exception, bounded sessions and output, and every
 * frame accounted for (passed through, or counted as a segment). Runs ~1 s in CI; {@code
 * -Dfuzz.seconds=N} runs longer.
 */
class TransportStageFuzzTest {
  private static final int[] IDS = {
    0x7EC,
    0x7BB,
    0x7E8,
    0x100,
    0x18DAF110,
    0x1CECFF00,
    0x1CEBFF00,
    0x1CEC2100,
    0x1CEC0021,
    0x1CEB2100,
    0x0DF80523,
    0x09FA0223,
    0x0CF00400
  };

  @Test
  void randomTrafficNeverBreaksTheStage() {
    long seconds = Long.getLong("fuzz.seconds", 1);
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    TransportConfig config =
        TransportConfig.builder()
            .enable(null, TransportProtocol.ISOTP)
            .enable(null, TransportProtocol.J1939)
            .enable(null, TransportProtocol.NMEA2000)
            .isoTpStream(null, 0x7EC, false)
            .isoTpStream(null, 0x7BB, false)
            .isoTpStream("can2", 0x7E8, false, IsoTpLayout.B)
            .isoTpStream(null, 0x18DAF110, true)
            .maxSessions(8)
            .maxMessageBytes(4096)
            .build();
    long seed = 20261122L;
    while (true) {
      SplittableRandom rnd = new SplittableRandom(seed++);
      TransportStage stage = new TransportStage(config);
      CanFrame in = new CanFrame();
      long[] emitted = new long[1];
      Consumer<CanFrame> out =
          frame -> {
            emitted[0]++;
            assertTrue(frame.length <= 4097, "oversized output " + frame.length);
          };
      long time = 0;
      int frames = 20_000;
      for (int i = 0; i < frames; i++) {
        in.bus = rnd.nextInt(4) == 0 ? "can2" : "can1";
        in.id = IDS[rnd.nextInt(IDS.length)];
        in.extended = in.id > 0x7FF;
        in.length = rnd.nextInt(10) == 0 ? rnd.nextInt(65) : 8;
        in.fd = in.length > 8;
        time += rnd.nextInt(200) * 1_000_000L;
        in.timestampNs = time;
        for (int b = 0; b < in.length; b++) {
          in.data[b] = (byte) rnd.nextInt(256);
        }
        // bias towards valid headers so that sessions actually progress
        if (in.length > 0 && rnd.nextBoolean()) {
          in.data[0] = (byte) (rnd.nextInt(4) << 4 | rnd.nextInt(3));
        }
        Stages.accept(stage, in, out);
        assertTrue(stage.openSessions() <= 8);
      }
      stage.flush();
      TransportCounters c = stage.counters();
      long segments = 0;
      long reassembled = 0;
      for (TransportProtocol p : TransportProtocol.values()) {
        segments += c.segments(p);
        reassembled += c.reassembled(p);
      }
      assertEquals(frames, c.passedThrough() + segments);
      assertEquals(emitted[0], c.passedThrough() + reassembled);
      assertEquals(0, stage.openSessions());
      if (System.nanoTime() > deadline) {
        break;
      }
    }
  }
}
