package io.ecugateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecugateway.app.Main;
import io.ecugateway.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code decode --transport ...} on the transport sample logs, through {@code Main.run}. */
class DecodeTransportCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private String stderr;

  private static String dbc(String name) {
    return SharedData.require("canedge/dbc/" + name).toString();
  }

  private static String log(String path) {
    return SharedData.require("canedge/LOG/" + path).toString();
  }

  /** Runs {@code decode ARGS --out FILE}; returns the exit code, output lines in {@link #lines}. */
  private final List<JsonNode> lines = new ArrayList<>();

  private int decode(String... args) throws IOException {
    Path out = tmp.resolve("out-" + System.nanoTime() + ".jsonl");
    List<String> all = new ArrayList<>(List.of("decode", "--out", out.toString()));
    all.addAll(List.of(args));
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.run(all.toArray(String[]::new));
    } finally {
      System.setErr(saved);
    }
    stderr = err.toString(StandardCharsets.UTF_8);
    lines.clear();
    if (Files.exists(out)) {
      for (String l : Files.readAllLines(out)) {
        lines.add(JSON.readTree(l));
      }
    }
    return code;
  }

  private List<JsonNode> withSignal(String signal) {
    return lines.stream().filter(l -> l.path("signals").has(signal)).toList();
  }

  @Test
  void isoTpReassemblesTheKonaStateOfCharge() throws IOException {
    String soc = "M_SID_0x220101_StateOfChargeBMS";
    String kona = log("17BD1DB7/00000006/00000170.MF4");
    assertEquals(0, decode("--dbc", dbc("tp_uds.dbc"), "--transport", "isotp", kona), stderr);
    List<JsonNode> socLines = withSignal(soc);
    assertEquals(120, socLines.size());
    JsonNode first = socLines.get(0);
    assertEquals(50.0, first.path("signals").path(soc).asDouble());
    assertEquals("Battery", first.path("message").asText());
    assertEquals(0x7EC, first.path("id").asInt());
    // time of the last consecutive frame (docs/transport.md)
    assertEquals(1608041700.3972, first.path("t").asDouble(), 1e-6);
    for (JsonNode l : socLines) {
      double v = l.path("signals").path(soc).asDouble();
      assertTrue(v >= 0 && v <= 100, l.toString());
    }
    assertTrue(stderr.contains("isotp.reassembled=270"), stderr);

    // without reassembly the segments decode as garbage multiplexer values: no SoC at all
    assertEquals(0, decode("--dbc", dbc("tp_uds.dbc"), kona), stderr);
    assertEquals(0, withSignal(soc).size());
    // bound to another bus, ISO-TP does not touch can1
    assertEquals(0, decode("--dbc", dbc("tp_uds.dbc"), "--transport", "can9=isotp", kona), stderr);
    assertEquals(0, withSignal(soc).size());
  }

  @Test
  void layoutBForTheOlderHyundaiDbc() throws IOException {
    String kona = log("17BD1DB7/00000006/00000170.MF4");
    String soc = "M_SID_0x220101_StateOfChargeBMS";
    String hyundai = dbc("tp_uds_hyundai_soc.dbc");
    assertEquals(
        0, decode("--dbc", hyundai, "--transport", "isotp", "--isotp-layout", "can1=B", kona));
    assertEquals(120, withSignal(soc).size());
    assertEquals(50.0, withSignal(soc).get(0).path("signals").path(soc).asDouble());
    // in layout A that DBC reads the wrong bytes: the multiplexer never matches
    assertEquals(0, decode("--dbc", hyundai, "--transport", "isotp", kona));
    assertEquals(0, withSignal(soc).size());
  }

  @Test
  void busBoundNissanDbc() throws IOException {
    String nissan = log("2F6913DB/00000004/00000001.MF4");
    assertEquals(
        0,
        decode("--dbc", "can1=" + dbc("tp_uds_nissan.dbc"), "--transport", "can1=isotp", nissan),
        stderr);
    List<JsonNode> soc = withSignal("SoC");
    assertEquals(13, soc.size());
    assertEquals(89.2286, soc.get(0).path("signals").path("SoC").asDouble(), 1e-9);
  }

  @Test
  void j1939TransportMatchesByPgn() throws IOException {
    String log = log("FCBF0606/00003482/00000001-60B621D9.MF4");
    assertEquals(0, decode("--dbc", dbc("tp_j1939.dbc"), "--transport", "j1939", log), stderr);
    List<JsonNode> ec1 = withSignal("EngineSpeedAtPoint5");
    assertEquals(13, ec1.size());
    assertEquals(0x18FEE300, ec1.get(0).path("id").asInt());
    assertTrue(ec1.get(0).path("ext").asBoolean());
    assertEquals(1566.5, ec1.get(0).path("signals").path("EngineSpeedAtPoint5").asDouble());
  }

  @Test
  void nmea2000FastPacket() throws IOException {
    String log = log("94C49784/00000005/00000002.MF4");
    assertEquals(0, decode("--dbc", dbc("tp_nmea.dbc"), "--transport", "nmea2000", log), stderr);
    List<JsonNode> pos = withSignal("latitude");
    assertEquals(60, pos.size());
    assertEquals(42.66101, pos.get(0).path("signals").path("latitude").asDouble(), 1e-9);
    assertEquals(-81.21276, pos.get(0).path("signals").path("longitude").asDouble(), 1e-5);
    assertEquals(0x0DF80523, pos.get(0).path("id").asInt());
  }

  @Test
  void extraIsoTpIds() throws IOException {
    // 0x7E9 is in no DBC: with --isotp-ids its 256-byte responses are reassembled (and then
    // match nothing, which the summary counts)
    String log = log("0D2C6546/00000027/00000002-5EF3CA81.MF4");
    assertEquals(
        0,
        decode(
            "--dbc",
            dbc("tp_uds.dbc"),
            "--transport",
            "isotp",
            "--isotp-ids",
            "can1=7e9,0x7EA",
            log),
        stderr);
    assertTrue(stderr.contains("isotp.reassembled=113"), stderr);
  }

  @Test
  void badOptionsAreUsageErrors() throws IOException {
    String kona = log("17BD1DB7/00000006/00000170.MF4");
    assertEquals(2, decode("--dbc", dbc("tp_uds.dbc"), "--transport", "uds", kona));
    assertTrue(stderr.contains("--transport: unknown transport protocol 'uds'"), stderr);
    assertEquals(
        2, decode("--dbc", dbc("tp_uds.dbc"), "--transport", "isotp", "--isotp-ids", "7G8", kona));
    assertTrue(stderr.contains("'7G8' is not a hexadecimal CAN ID"), stderr);
    assertEquals(
        2, decode("--dbc", dbc("tp_uds.dbc"), "--transport", "isotp", "--isotp-layout", "C", kona));
    assertTrue(stderr.contains("--isotp-layout: unknown ISO-TP layout 'C'"), stderr);
    assertEquals(0, decode("--dbc", dbc("tp_uds.dbc"), "--isotp-layout", "B", kona));
    assertTrue(stderr.contains("warning: --isotp-layout B has no effect without"), stderr);
  }
}
