package io.ecugateway.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.catalog.SignalIndex;
import io.ecugateway.dbc.DbcParser;
import io.ecugateway.decode.DbcDecoder;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.FrameKind;
import io.ecugateway.frame.TimestampWindow;
import io.ecugateway.sink.MessageTable;
import io.ecugateway.sink.SinkException;
import io.ecugateway.sink.SinkWriter;
import io.ecugateway.transport.TransportConfig;
import io.ecugateway.transport.TransportProtocol;
import io.ecugateway.transport.TransportStage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the one decode step counts, skips, reassembles and hands on; and the rows it makes. */
class DecodeStepTest {
  private static final long T = 1_700_000_000_000_000_000L;

  /** Msg (ID 1, A multiplexed by Sel) and Diag (ISO-TP response 0x7E8, layout A, 11 bytes). */
  private static final DbcDecoder DECODER = decoder();

  private static DbcDecoder decoder() {
    try {
      return DbcDecoder.compile(
          DbcParser.parse(
              "step.dbc",
              """
              BO_ 1 Msg: 2 N
               SG_ Sel M : 0|8@1+ (1,0) [0|0] "" N
               SG_ A m0 : 8|8@1+ (1,0) [0|0] "km/h" N
               SG_ B m1 : 8|8@1+ (1,0) [0|0] "" N
              BO_ 2024 Diag: 11 N
               SG_ Last : 80|8@1+ (1,0) [0|0] "" N
              """));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static CanFrame frame(long ts, String bus, int id, int... bytes) {
    CanFrame f = new CanFrame(8);
    f.timestampNs = ts;
    f.bus = bus;
    f.id = id;
    f.length = bytes.length;
    f.dlc = bytes.length;
    for (int i = 0; i < bytes.length; i++) {
      f.data[i] = (byte) bytes[i];
    }
    return f;
  }

  @Test
  void countsWhatItSkipsAndHandsOnWhatDecodes() {
    List<String> decoded = new ArrayList<>();
    List<String> lookups = new ArrayList<>();
    int[] rejected = new int[1];
    TimestampWindow window =
        new TimestampWindow(T - 1000, 86_400_000_000_000L, () -> rejected[0]++);
    DecodeStep<RuntimeException> step =
        new DecodeStep<>(
            bus -> {
              lookups.add(bus);
              return bus.equals("can9") ? null : DECODER;
            },
            window,
            null,
            (f, r) -> decoded.add(r.messageName() + "@" + f.bus + "=" + r.value(r.signalIndex(1))));

    step.accept(frame(5, "can1", 1, 0, 40)); // before the window
    step.accept(frame(T, "can1", 1, 0, 40));
    CanFrame remote = frame(T, "can1", 1);
    remote.kind = FrameKind.REMOTE;
    step.accept(remote);
    step.accept(frame(T, "can1", 0x123, 1)); // no message
    step.accept(frame(T, "can9", 1, 0, 40)); // no decoder on can9
    step.accept(frame(T, "can1", 1, 1, 7));
    step.accept(frame(T, "can2", 1, 0, 41));

    assertEquals(List.of("Msg@can1=40.0", "Msg@can1=7.0", "Msg@can2=41.0"), decoded);
    assertEquals(7, step.frames());
    assertEquals(1, step.outOfWindow());
    assertEquals(5, step.firstOutOfWindowNs());
    assertEquals(1, rejected[0]);
    assertEquals(1, step.notData());
    assertEquals(3, step.decoded());
    assertEquals(2, step.unknown().frames());
    assertEquals(List.of("can1:0x123", "can9:0x1"), step.unknown().list(10));
    // the decoder of a bus is looked up once, until the decoders are refreshed
    assertEquals(List.of("can1", "can9", "can2"), lookups);
    step.refreshDecoders();
    step.accept(frame(T, "can2", 1, 0, 42));
    assertEquals(List.of("can1", "can9", "can2", "can2"), lookups);
  }

  @Test
  void reassemblesThroughItsTransportStageAndFlushesAtTheEnd() {
    TransportConfig config =
        TransportConfig.builder()
            .enable(null, TransportProtocol.ISOTP)
            .isoTpStream(null, 0x7E8, false)
            .build();
    TransportStage stage = new TransportStage(config);
    List<String> decoded = new ArrayList<>();
    DecodeStep<RuntimeException> step =
        new DecodeStep<>(
            bus -> DECODER,
            null,
            stage,
            (f, r) -> decoded.add(r.messageName() + "=" + r.value(0) + "@" + f.timestampNs));
    // first frame: 10 bytes, then one consecutive frame; the last byte is 0x5A
    step.accept(frame(T, "can1", 0x7E8, 0x10, 0x0A, 1, 2, 3, 4, 5, 6));
    step.accept(frame(T + 10, "can1", 0x7E8, 0x21, 7, 8, 9, 0x5A, 0, 0, 0));
    step.accept(frame(T + 20, "can1", 0x7E8, 0x10, 0x0A, 1, 2, 3, 4, 5, 6)); // never completed
    assertEquals(List.of("Diag=90.0@" + (T + 10)), decoded);
    assertEquals(0, step.unknown().frames(), "segments are not decoded as single frames");
    step.flush();
    assertEquals(0, stage.openSessions());
    assertEquals(1, stage.counters().reassembled(TransportProtocol.ISOTP));
  }

  @Test
  void rowsAreDeclaredOncePerWriterInColumnOrderWithTimesPerDevice() throws Exception {
    List<MessageTable> declared = new ArrayList<>();
    List<double[]> rows = new ArrayList<>();
    SinkWriter writer =
        new SinkWriter() {
          @Override
          public int declare(MessageTable table) {
            declared.add(table);
            return declared.size() - 1;
          }

          @Override
          public void row(int table, long ts, String device, String bus, double[] values) {
            rows.add(values.clone());
          }

          @Override
          public void commit() {}

          @Override
          public void close() {}
        };
    MessageRows messageRows = new MessageRows(writer);
    for (String device : List.of("D1", "D2")) {
      MessageRows.DeviceRows out = messageRows.forDevice(device);
      DecodeStep<SinkException> step = new DecodeStep<>(bus -> DECODER, null, null, out);
      step.accept(frame(T + 3000, "can1", 1, 0, 40));
      step.accept(frame(T + 1000, "can1", 1, 1, 7));
      assertEquals(2, out.rows());
    }
    assertEquals(1, declared.size(), "one table per message and writer");
    assertEquals(List.of("Sel", "A", "B"), declared.get(0).signals());
    assertEquals(List.of("", "km/h", ""), declared.get(0).units());
    assertEquals(0.0, rows.get(0)[0]);
    assertEquals(40.0, rows.get(0)[1]);
    assertTrue(Double.isNaN(rows.get(0)[2]), "B is absent when Sel is 0");
    assertTrue(Double.isNaN(rows.get(1)[1]));
    assertEquals(7.0, rows.get(1)[2]);
    Map<String, List<SignalIndex.MessageEntry>> entries = messageRows.entries();
    assertEquals(List.of("D1", "D2"), List.copyOf(entries.keySet()));
    SignalIndex.MessageEntry e = entries.get("D2").get(0);
    assertEquals("Msg", e.message());
    assertEquals((T + 1000) / 1000, e.firstSeenMicros());
    assertEquals((T + 3000) / 1000, e.lastSeenMicros());
    assertTrue(messageRows.takeNewEntries());
    assertTrue(!messageRows.takeNewEntries(), "reported once");
  }

  /**
   * Uploads and the CLI run this loop per frame: measured with the per-thread allocation counter.
   */
  @Test
  void decodingIntoRowsAllocatesNothingPerFrame() throws Exception {
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long[] written = new long[1];
    SinkWriter writer =
        new SinkWriter() {
          @Override
          public int declare(MessageTable table) {
            return 0;
          }

          @Override
          public void row(int table, long ts, String device, String bus, double[] values) {
            written[0] += (long) values[0];
          }

          @Override
          public void commit() {}

          @Override
          public void close() {}
        };
    TransportStage stage =
        new TransportStage(
            TransportConfig.builder()
                .enable(null, TransportProtocol.ISOTP)
                .isoTpStream(null, 0x7E8, false)
                .build());
    MessageRows.DeviceRows out = new MessageRows(writer).forDevice("D1");
    TimestampWindow window = new TimestampWindow(T - 1000, 86_400_000_000_000L, () -> {});
    DecodeStep<SinkException> step = new DecodeStep<>(bus -> DECODER, window, stage, out);
    CanFrame[] frames = {
      frame(T, "can1", 1, 0, 40),
      frame(T, "can2", 1, 1, 7),
      frame(T, "can1", 0x123, 1),
      frame(T, "can1", 0x7E8, 0x10, 0x0A, 1, 2, 3, 4, 5, 6),
      frame(T, "can1", 0x7E8, 0x21, 7, 8, 9, 0x5A, 0, 0, 0)
    };
    for (int round = 0; round < 2; round++) { // the first round warms up
      long before = mx.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < 40_000; i++) {
        for (CanFrame f : frames) {
          step.accept(f);
        }
      }
      long allocated = mx.getCurrentThreadAllocatedBytes() - before;
      if (round == 1) {
        assertTrue(allocated < 4096, "allocated " + allocated + " bytes for 200 000 frames");
      }
    }
    assertEquals(2 * 3 * 40_000, out.rows());
  }
}
