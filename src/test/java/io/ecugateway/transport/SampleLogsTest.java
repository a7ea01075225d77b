package io.ecugateway.transport;

import static io.ecugateway.transport.TransportProtocol.ISOTP;
import static io.ecugateway.transport.TransportProtocol.J1939;
import static io.ecugateway.transport.TransportProtocol.NMEA2000;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.dbc.Dbc;
import io.ecugateway.dbc.DbcParser;
import io.ecugateway.format.FormatRegistry;
import io.ecugateway.format.FrameReader;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.testing.SharedData;
import io.ecugateway.transport.SampleDecoding.Value;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The transport-protocol sample logs (SOURCES.md) decoded through the stage with their DBCs: the
 * worked examples of docs/transport.md, ISO-TP, J1939 and NMEA 2000 sections to the digit, and
 * every value checked for plausibility and for consistency with the rest of the file.
 */
class SampleLogsTest {
  private static Dbc dbc(String name) throws IOException {
    return DbcParser.parse(SharedData.require("canedge/dbc/" + name));
  }

  private static Path log(String path) {
    return SharedData.require("canedge/LOG/" + path);
  }

  private static TransportConfig isoTp(Dbc dbc, IsoTpLayout dbcLayout) {
    TransportConfig.Builder b = TransportConfig.builder().enable(null, ISOTP);
    DbcTransport.addIsoTpStreams(b, null, dbc, dbcLayout);
    return b.build();
  }

  private static long ns(String instant) {
    Instant i = Instant.parse(instant);
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  private static void assertAllWithin(List<Value> values, double min, double max) {
    for (Value v : values) {
      assertTrue(v.value() >= min && v.value() <= max, v + " outside " + min + ".." + max);
    }
  }

  @Test
  void konaStateOfChargeWithLayoutA() throws IOException {
    Dbc uds = dbc("tp_uds.dbc");
    SampleDecoding d =
        SampleDecoding.run(log("17BD1DB7/00000006/00000170.MF4"), isoTp(uds, null), uds);
    List<Value> soc = d.values("M_SID_0x220101_StateOfChargeBMS");
    assertEquals(120, soc.size());
    // docs/transport.md, ISO-TP: FF at 14:15:00.31655, last CF 80.65 ms later; SoC = 0x64 * 0.5
    Value first = soc.get(0);
    assertEquals(ns("2020-12-15T14:15:00.316550Z"), first.startNs());
    assertEquals(ns("2020-12-15T14:15:00.397200Z"), first.timeNs());
    assertEquals(0x7EC, first.id());
    assertEquals(50.0, first.value());
    assertAllWithin(soc, 0, 100);
    // Outdoor temperature of a December afternoon in the same responses (0x7BB)
    assertAllWithin(d.values("M_SID_0x220100_OutdoorTemp"), -20, 30);
    TransportCounters c = d.stage.counters();
    // every frame of this log is a UDS response segment: none may reach the decoder on its own
    assertEquals(0, c.passedThrough());
    assertEquals(d.frames, c.segments(ISOTP));
    assertEquals(270, c.reassembled(ISOTP));
    // the Kona's 30 first frames without consecutive frames (docs/transport.md, robustness)
    assertEquals(
        30, c.drops(ISOTP, DropReason.RESTARTED) + c.drops(ISOTP, DropReason.INCOMPLETE_AT_END));
    assertEquals(0, c.drops(ISOTP, DropReason.SEQUENCE_GAP));
  }

  @Test
  void layoutBWithTheOlderHyundaiDbcGivesTheSameSeries() throws IOException {
    Dbc a = dbc("tp_uds.dbc");
    Dbc b = dbc("tp_uds_hyundai_soc.dbc");
    Path log = log("17BD1DB7/00000006/00000170.MF4");
    List<Value> viaA =
        SampleDecoding.run(log, isoTp(a, null), a).values("M_SID_0x220101_StateOfChargeBMS");
    List<Value> viaB =
        SampleDecoding.run(log, isoTp(b, IsoTpLayout.B), b)
            .values("M_SID_0x220101_StateOfChargeBMS");
    assertEquals(viaA, viaB);
  }

  @Test
  void nissanLeafStateOfCharge() throws IOException {
    Dbc nissan = dbc("tp_uds_nissan.dbc");
    SampleDecoding d =
        SampleDecoding.run(log("2F6913DB/00000004/00000001.MF4"), isoTp(nissan, null), nissan);
    List<Value> soc = d.values("SoC");
    assertEquals(13, soc.size());
    assertEquals(ns("2022-01-06T11:46:01.956650Z"), soc.get(0).startNs());
    assertEquals(0x7BB, soc.get(0).id());
    assertEquals(89.2286, soc.get(0).value(), 1e-9);
    // a car being driven for a minute: SoC in range and changing by hundredths between samples
    assertAllWithin(soc, 0, 100);
    for (int i = 1; i < soc.size(); i++) {
      assertTrue(Math.abs(soc.get(i).value() - soc.get(i - 1).value()) < 0.05, soc.get(i) + "");
    }
    // the GPS frames on the other bus pass through untouched
    assertTrue(d.stage.counters().passedThrough() > 5000);
    assertEquals(0, d.stage.counters().drops(ISOTP, DropReason.SEQUENCE_GAP));
  }

  @Test
  void kiaEv6ResponsesUseLayoutBFromTheDbcAttribute() throws IOException {
    Dbc kia = dbc("can1-hyundai-kia-uds-v2.4.dbc");
    SampleDecoding d =
        SampleDecoding.run(log("2F6913DB/00000015/00000003-628B9118.MF4"), isoTp(kia, null), kia);
    List<Value> bms = d.values("StateOfChargeBMS");
    List<Value> display = d.values("StateOfChargeDisplay");
    assertTrue(bms.size() >= 50 && display.size() >= 50);
    assertAllWithin(bms, 0, 100);
    assertAllWithin(display, 0, 100);
    // the dashboard SoC is the BMS SoC rescaled to the usable window: a few percent above it
    double meanGap =
        display.stream().mapToDouble(Value::value).average().orElseThrow()
            - bms.stream().mapToDouble(Value::value).average().orElseThrow();
    assertTrue(meanGap > 0 && meanGap < 5, "display - BMS = " + meanGap);
    assertAllWithin(d.values("BatteryDCVoltage"), 500, 850); // 800 V platform
    assertAllWithin(d.values("VehicleSpeed"), 0, 200);
    // this logger lost consecutive frame 0x23 of the 0x7BB responses: dropped, never decoded
    TransportCounters c = d.stage.counters();
    assertTrue(c.drops(ISOTP, DropReason.SEQUENCE_GAP) > 0);
    assertEquals(
        c.segments(ISOTP),
        d.frames - c.passedThrough(),
        "every frame is either a segment or passed through");
  }

  @Test
  void isoTpSequenceNumbersWrapOnLongResponses() throws IOException {
    // 0D2C6546: 256-byte responses on 0x7E9 (SN wraps twice per message), not in a DBC
    TransportConfig config =
        TransportConfig.builder().enable(null, ISOTP).isoTpStream(null, 0x7E9, false).build();
    SampleDecoding d = SampleDecoding.run(log("0D2C6546/00000027/00000002-5EF3CA81.MF4"), config);
    List<CanFrame> long256 = new ArrayList<>();
    for (CanFrame f : d.reassembled) {
      if (f.id == 0x7E9 && f.length == 257) {
        long256.add(f);
      }
    }
    assertEquals(18, long256.size());
    for (CanFrame f : long256) {
      assertEquals(0x00, f.data[0] & 0xFF); // layout A: 256 & 0xFF
    }
    assertEquals(0, d.stage.counters().drops(ISOTP, DropReason.SEQUENCE_GAP));
  }

  @Test
  void j1939BroadcastEngineConfiguration() throws IOException {
    Dbc j1939 = DbcTransport.matchLongMessagesByPgn(dbc("tp_j1939.dbc"));
    TransportConfig config = TransportConfig.builder().enable(null, J1939).build();
    SampleDecoding d =
        SampleDecoding.run(log("FCBF0606/00003482/00000001-60B621D9.MF4"), config, j1939);
    List<Value> speed = d.values("EngineSpeedAtPoint5");
    assertEquals(13, speed.size());
    // docs/transport.md, J1939-21: BAM at 11:43:51.73565, four packets 50 ms apart, SA 0x00
    assertEquals(ns("2021-06-01T11:43:51.735650Z"), speed.get(0).startNs());
    assertEquals(0x18FEE300, speed.get(0).id());
    assertEquals(1566.5, speed.get(0).value());
    // EC1 is the engine's configuration map: it repeats (one broadcast says 1600)
    long same = speed.stream().filter(v -> v.value() == 1566.5).count();
    assertEquals(12, same);
    assertAllWithin(speed, 1000, 2500);
    assertEquals(0, d.stage.counters().totalDrops());
    assertEquals(16, d.stage.counters().reassembled(J1939));

    SampleDecoding older =
        SampleDecoding.run(log("FCBF0606/00002058/00000001-5FAB8E54.mf4"), config, j1939);
    assertTrue(older.values("EngineSpeedAtPoint5").size() > 10);
    assertAllWithin(older.values("EngineSpeedAtPoint5"), 1900, 1900);
  }

  @Test
  void nmea2000GnssPositionAgreesWithTheSingleFramePosition() throws IOException {
    Dbc nmea = dbc("tp_nmea.dbc");
    Path log = log("94C49784/00000005/00000002.MF4");
    SampleDecoding d =
        SampleDecoding.run(log, TransportConfig.builder().enable(null, NMEA2000).build(), nmea);
    List<Value> lat = d.values("latitude");
    List<Value> lon = d.values("longitude");
    assertEquals(60, lat.size());
    assertEquals(0x0DF80523, lat.get(0).id());
    assertEquals(42.66101, lat.get(0).value(), 1e-9);
    assertEquals(-81.21276, lon.get(0).value(), 1e-5);
    // GNSS date (days since 1970) is the log's own date
    long date = (long) d.values("date").get(0).value();
    assertEquals(LocalDate.of(2021, 3, 25), LocalDate.ofEpochDay(date));
    assertAllWithin(d.values("numberOfSvs"), 4, 30);
    // PGN 129025 (position rapid update, single frame, 1e-7 deg) from the same receiver
    List<double[]> rapid = positionRapidUpdates(log);
    assertTrue(rapid.size() > 100);
    for (int i = 0; i < lat.size(); i++) {
      double[] nearest = nearest(rapid, lat.get(i).timeNs());
      assertEquals(nearest[1], lat.get(i).value(), 1e-4, "latitude at " + lat.get(i));
      assertEquals(nearest[2], lon.get(i).value(), 1e-4, "longitude at " + lon.get(i));
    }
    assertEquals(0, d.stage.counters().totalDrops());
  }

  @Test
  void sessionsCarryAcrossConsecutiveSplits() throws IOException {
    Dbc kia = dbc("can1-hyundai-kia-uds-v2.4.dbc");
    Path split1 = log("2F6913DB/00001089/00000001-63BEF5CD.MF4");
    Path split2 = log("2F6913DB/00001089/00000002-63BEFDF9.MF4");
    TransportConfig config = isoTp(kia, null);
    SampleDecoding joined = SampleDecoding.run(List.of(split1, split2), config, kia);
    SampleDecoding first = SampleDecoding.run(split1, config, kia);
    SampleDecoding second = SampleDecoding.run(split2, config, kia);
    long separately =
        first.stage.counters().reassembled(ISOTP) + second.stage.counters().reassembled(ISOTP);
    long together = joined.stage.counters().reassembled(ISOTP);
    // the logger split between responses here: nothing is lost or gained at the boundary
    assertEquals(separately, together);
    assertEquals(0, first.stage.counters().drops(ISOTP, DropReason.INCOMPLETE_AT_END));
    assertAllWithin(joined.values("StateOfChargeBMS"), 0, 100);
  }

  @Test
  void aMessageCutByASplitIsCompletedByTheSameStage() throws IOException {
    // Real frames, cut right after a first frame, as if the upload had split there.
    List<CanFrame> frames = new ArrayList<>();
    try (FrameReader r =
        FormatRegistry.open(log("17BD1DB7/00000006/00000170.MF4"), ReadOptions.defaults())) {
      CanFrame f = new CanFrame();
      while (r.next(f)) {
        frames.add(f.copy());
      }
    }
    int cut = 0;
    while (!(frames.get(cut).id == 0x7EC
        && (frames.get(cut).data[0] & 0xF0) == 0x10
        && (frames.get(cut + 1).data[0] & 0xF0) == 0x20)) {
      cut++;
    }
    Dbc uds = dbc("tp_uds.dbc");
    TransportConfig config = isoTp(uds, null);
    TransportStage session = new TransportStage(config);
    TransportStage before = new TransportStage(config);
    TransportStage after = new TransportStage(config);
    for (int i = 0; i < frames.size(); i++) {
      Stages.accept(session, frames.get(i), f -> {});
      Stages.accept(i <= cut ? before : after, frames.get(i), f -> {});
      if (i == cut) {
        before.flush();
      }
    }
    assertEquals(1, before.counters().drops(ISOTP, DropReason.INCOMPLETE_AT_END));
    assertTrue(after.counters().drops(ISOTP, DropReason.ORPHAN_SEGMENT) > 0);
    assertEquals(0, session.counters().drops(ISOTP, DropReason.ORPHAN_SEGMENT));
    assertEquals(
        before.counters().reassembled(ISOTP) + after.counters().reassembled(ISOTP) + 1,
        session.counters().reassembled(ISOTP));
  }

  /** (time, latitude, longitude) of every PGN 129025 frame. */
  private static List<double[]> positionRapidUpdates(Path log) throws IOException {
    List<double[]> out = new ArrayList<>();
    try (FrameReader r = FormatRegistry.open(log, ReadOptions.defaults())) {
      CanFrame f = new CanFrame();
      while (r.next(f)) {
        if (f.extended && ((f.id >>> 8) & 0x3FFFF) == 129025 && f.length == 8) {
          out.add(new double[] {f.timestampNs, int32(f.data, 0) * 1e-7, int32(f.data, 4) * 1e-7});
        }
      }
    }
    return out;
  }

  private static int int32(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | b[at + 3] << 24;
  }

  private static double[] nearest(List<double[]> rows, long timeNs) {
    double[] best = rows.get(0);
    for (double[] r : rows) {
      if (Math.abs(r[0] - timeNs) < Math.abs(best[0] - timeNs)) {
        best = r;
      }
    }
    return best;
  }
}
