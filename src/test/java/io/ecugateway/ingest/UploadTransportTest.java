package io.ecugateway.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.catalog.DbcCatalog;
import io.ecugateway.catalog.SignalIndex;
import io.ecugateway.config.GatewayConfig;
import io.ecugateway.frame.TimestampWindow;
import io.ecugateway.sink.MessageTable;
import io.ecugateway.sink.SignalOutput;
import io.ecugateway.sink.SinkWriter;
import io.ecugateway.testing.SharedData;
import io.ecugateway.transport.DbcTransport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads of the UDS and J1939 transport samples through the service's decode pipeline. */
class UploadTransportTest {
  @TempDir Path tmp;

  /** Rows as the pipeline writes them: table, time, signal values. */
  record Row(String table, long ts, List<String> signals, double[] values) {
    double get(String signal) {
      return values[signals.indexOf(signal)];
    }
  }

  /** The default window of stored frame times: 2000-01-01 to one day ahead. */
  private static final long Y2000_NS = 946_684_800_000_000_000L;

  private static final long DAY_NS = 86_400_000_000_000L;

  private final List<Row> rows = new ArrayList<>();

  private DecodePipeline pipeline(GatewayConfig.Transport transport) throws IOException {
    Path dbcDir = Files.createDirectories(tmp.resolve("dbc"));
    for (String name : List.of("tp_uds.dbc", "tp_j1939.dbc")) {
      Files.copy(SharedData.require("canedge/dbc/" + name), dbcDir.resolve(name));
    }
    DbcCatalog catalog =
        new DbcCatalog(dbcDir, List.of("*"), Map.of(), DbcTransport::matchLongMessagesByPgn);
    return new DecodePipeline(
        catalog,
        new SignalIndex(tmp.resolve("signals.json")),
        new MemorySink(),
        Map.of(),
        tmp,
        new SimpleMeterRegistry(),
        transport,
        new TimestampWindow(Y2000_NS, DAY_NS, () -> {}));
  }

  private static Upload upload(String device, String session, String split) {
    return Upload.queued(
        device + split, new LogPath(device, session, split), split, "archive/" + split, 0, 0);
  }

  private List<Row> withSignal(String table, String signal) {
    return rows.stream()
        .filter(r -> r.table.equals(table) && !Double.isNaN(r.get(signal)))
        .toList();
  }

  @Test
  void udsAndJ1939UploadsStoreTheReassembledSignals() throws Exception {
    GatewayConfig.Transport transport =
        new GatewayConfig.Transport(
            Map.of("*", List.of("isotp", "j1939")), Map.of(), Map.of(), Map.of(), 16);
    DecodePipeline pipeline = pipeline(transport);

    pipeline.process(
        upload("3EBDACA8", "00000006", "00000170.MF4"),
        SharedData.require("canedge/LOG/17BD1DB7/00000006/00000170.MF4"));
    List<Row> soc = withSignal("Battery", "M_SID_0x220101_StateOfChargeBMS");
    assertEquals(120, soc.size());
    assertEquals(1608041700397200000L, soc.get(0).ts); // last consecutive frame
    assertEquals(50.0, soc.get(0).get("M_SID_0x220101_StateOfChargeBMS"));
    for (Row r : soc) {
      double v = r.get("M_SID_0x220101_StateOfChargeBMS");
      assertTrue(v >= 0 && v <= 100, "SoC " + v);
    }

    pipeline.process(
        upload("FCBF0606", "00003482", "00000001-60B621D9.MF4"),
        SharedData.require("canedge/LOG/FCBF0606/00003482/00000001-60B621D9.MF4"));
    List<Row> ec1 = withSignal("EC1", "EngineSpeedAtPoint5");
    assertEquals(13, ec1.size());
    assertEquals(1566.5, ec1.get(0).get("EngineSpeedAtPoint5"));
  }

  @Test
  void withoutTransportTheSegmentsYieldNoStateOfCharge() throws Exception {
    DecodePipeline pipeline = pipeline(GatewayConfig.Transport.DEFAULTS);
    pipeline.process(
        upload("3EBDACA8", "00000006", "00000170.MF4"),
        SharedData.require("canedge/LOG/17BD1DB7/00000006/00000170.MF4"));
    assertEquals(0, withSignal("Battery", "M_SID_0x220101_StateOfChargeBMS").size());
  }

  @Test
  void splitNumbers() {
    assertEquals(170, UploadTransport.splitNumber("00000170"));
    assertEquals(1, UploadTransport.splitNumber("00000001"));
    assertEquals(-10, UploadTransport.splitNumber("LOG"));
  }

  /** Keeps committed rows in memory. */
  private final class MemorySink implements SignalOutput {
    @Override
    public String name() {
      return "memory";
    }

    @Override
    public SinkWriter openWriter() {
      List<MessageTable> tables = new ArrayList<>();
      List<Row> pending = new ArrayList<>();
      return new SinkWriter() {
        @Override
        public int declare(MessageTable table) {
          tables.add(table);
          return tables.size() - 1;
        }

        @Override
        public void row(int table, long ts, String device, String bus, double[] values) {
          MessageTable t = tables.get(table);
          pending.add(
              new Row(
                  t.name(), ts, t.signals(), java.util.Arrays.copyOf(values, t.signals().size())));
        }

        @Override
        public void commit() {
          rows.addAll(pending);
          pending.clear();
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public boolean ping() {
      return true;
    }

    @Override
    public void close() {}
  }
}
