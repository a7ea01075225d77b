package io.ecugateway.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.frame.CanFrame;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class TransportStageTest {

  @Test
  void layoutPrecedenceIsBusOverrideThenDbcPreferenceThenA() {
    TransportConfig config =
        TransportConfig.builder()
            .enable(null, TransportProtocol.ISOTP)
            .isoTpStream(null, 0x7EC, false)
            .isoTpStream(null, 0x7E8, false, IsoTpLayout.B)
            .isoTpStream("can2", 0x7EC, false)
            .isoTpLayout("can2", IsoTpLayout.B)
            .isoTpLayout("can3", IsoTpLayout.A)
            .build();
    BusSettings can1 = config.resolve("can1");
    assertEquals(IsoTpLayout.A, can1.isoTpLayout(0x7EC, false));
    assertEquals(IsoTpLayout.B, can1.isoTpLayout(0x7E8, false));
    assertNull(can1.isoTpLayout(0x7EC, true));
    assertNull(can1.isoTpLayout(0x7BB, false));
    assertEquals(IsoTpLayout.B, config.resolve("can2").isoTpLayout(0x7EC, false));
    assertEquals(IsoTpLayout.A, config.resolve("can3").isoTpLayout(0x7E8, false));
  }

  @Test
  void protocolsOfAllBusesAndOfOneBusCombine() {
    TransportConfig config =
        TransportConfig.builder()
            .enable(null, TransportProtocol.J1939)
            .enable("can2", TransportProtocol.NMEA2000)
            .build();
    assertEquals(Set.of(TransportProtocol.J1939), config.protocols("can1"));
    assertEquals(
        Set.of(TransportProtocol.J1939, TransportProtocol.NMEA2000), config.protocols("can2"));
    assertTrue(TransportConfig.NONE.isEmpty());
    // ISO-TP without any stream ID does nothing
    assertTrue(
        !TransportConfig.builder()
            .enable(null, TransportProtocol.ISOTP)
            .build()
            .resolve("can1")
            .any);
  }

  @Test
  void configRejectsNonsense() {
    TransportConfig.Builder b = TransportConfig.builder();
    assertThrows(IllegalArgumentException.class, () -> b.isoTpStream(null, 0x800, false));
    assertThrows(IllegalArgumentException.class, () -> b.isoTpStream(null, 0x20000000, true));
    assertThrows(IllegalArgumentException.class, () -> b.maxSessions(0));
    assertThrows(IllegalArgumentException.class, () -> b.maxMessageBytes(100));
    assertThrows(
        IllegalArgumentException.class, () -> b.timeout(TransportProtocol.ISOTP, Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> TransportProtocol.parse("uds"));
    assertThrows(IllegalArgumentException.class, () -> IsoTpLayout.parse("C"));
    assertEquals(TransportProtocol.NMEA2000, TransportProtocol.parse(" NMEA2000 "));
    assertEquals(IsoTpLayout.B, IsoTpLayout.parse("b"));
  }

  @Test
  void countersAreNamedAndAddUp() {
    TransportStage stage =
        new TransportStage(
            TransportConfig.builder()
                .enable(null, TransportProtocol.ISOTP)
                .isoTpStream(null, 0x7EC, false)
                .build());
    Frames f = new Frames(stage);
    f.std(0, 0x7EC, "21 00").std(1, 0x100, "01").std(2, 0x7EC, "02 62 01");
    TransportCounters total = new TransportCounters();
    total.add(stage.counters());
    total.add(stage.counters());
    assertEquals(
        "{passed_through=2, isotp.reassembled=2, isotp.segments=4, isotp.dropped.orphan_segment=2}",
        total.asMap().toString());
  }

  /** Pass-through must not allocate: measured with the JVM's per-thread allocation counter. */
  @Test
  void passThroughAndSteadyReassemblyAllocateNothing() {
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    TransportStage stage =
        new TransportStage(
            TransportConfig.builder()
                .enable(null, TransportProtocol.ISOTP)
                .enable(null, TransportProtocol.J1939)
                .enable(null, TransportProtocol.NMEA2000)
                .isoTpStream(null, 0x7EC, false)
                .build());
    CanFrame single = Frames.frame("can1", 0x0CF00400, true, 0, "FF FF FF 68 13 FF FF FF");
    CanFrame ff = Frames.frame("can1", 0x7EC, false, 0, "10 09 62 01 01 11 11 11");
    CanFrame cf = Frames.frame("can1", 0x7EC, false, 0, "21 33 33 33 AA AA AA AA");
    long[] sink = new long[1];
    Consumer<CanFrame> out = frame -> sink[0] += frame.length;
    for (int round = 0; round < 2; round++) { // round 0 warms up (JIT, bus table, session pool)
      long before = mx.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < 200_000; i++) {
        Stages.accept(stage, single, out);
        if ((i & 15) == 0) {
          Stages.accept(stage, ff, out);
          Stages.accept(stage, cf, out);
        }
      }
      long allocated = mx.getCurrentThreadAllocatedBytes() - before;
      if (round == 1) {
        assertTrue(allocated < 4096, "allocated " + allocated + " bytes for 212 500 frames");
      }
    }
    assertEquals(2 * 12_500, stage.counters().reassembled(TransportProtocol.ISOTP));
  }
}
