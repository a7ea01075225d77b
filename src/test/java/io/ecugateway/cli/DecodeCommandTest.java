package io.ecugateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.app.Main;
import io.ecugateway.testing.SharedData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code decode} and {@code dbc check} commands end to end, in-process. */
class DecodeCommandTest {
  // The motohawk example message (cantools' test DBC layout), values checked against cantools.
  static final String DBC =
      """
      VERSION ""
      BU_: PCM1 FOO
      BO_ 496 ExampleMessage: 8 PCM1
       SG_ Temperature : 0|12@0- (0.01,250) [229.52|270.47] "degK" FOO
       SG_ AverageRadius : 6|6@0+ (0.1,0) [0|5] "m" FOO
       SG_ Enable : 7|1@0+ (1,0) [0|0] "-" FOO
      BO_ 2566848513 Floats: 8 FOO
       SG_ F : 0|32@1- (1,0) [0|0] "" FOO
      SIG_VALTYPE_ 2566848513 F : 1;
      """;

  static final String LOG =
      """
      (1600000000.123456) can0 1F0#A0F43D907882D767
      (1600000000.223456) can0 123#00
      (1600000000.323456) can1 18FF0001#0000C07F
      (1600000000.423456) can1 18FF0001#0000807F
      (1600000000.523456) can0 1F0#36B3A649BA9A4C86
      """;

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private Run run(String stdin, String... args) throws Exception {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    InputStream oldIn = System.in;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      if (stdin != null) {
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      }
      int code = Main.run(args);
      return new Run(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
      System.setIn(oldIn);
    }
  }

  private Path write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content);
  }

  @Test
  void decodesCandumpToJsonl() throws Exception {
    Path dbc = write("m.dbc", DBC);
    Path log = write("in.log", LOG);
    Path out = dir.resolve("out.jsonl");
    Run r = run(null, "decode", "--dbc", dbc.toString(), "--out", out.toString(), log.toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals(
        List.of(
            "{\"t\":1600000000.123456,\"bus\":\"can0\",\"id\":496,\"ext\":false,\"message\":\"ExampleMessage\",\"signals\":{\"Enable\":1,\"AverageRadius\":1.6,\"Temperature\":269.53}}",
            "{\"t\":1600000000.323456,\"bus\":\"can1\",\"id\":419364865,\"ext\":true,\"message\":\"Floats\",\"signals\":{\"F\":\"NaN\"}}",
            "{\"t\":1600000000.423456,\"bus\":\"can1\",\"id\":419364865,\"ext\":true,\"message\":\"Floats\",\"signals\":{\"F\":\"Infinity\"}}",
            "{\"t\":1600000000.523456,\"bus\":\"can0\",\"id\":496,\"ext\":false,\"message\":\"ExampleMessage\",\"signals\":{\"Enable\":0,\"AverageRadius\":2.7,\"Temperature\":264.37}}"),
        Files.readAllLines(out));
    assertTrue(r.err().contains("5 frames, 4 decoded, 1 skipped (no matching message)"), r.err());
  }

  @Test
  void decodesStdinToCsv() throws Exception {
    Path dbc = write("m.dbc", DBC);
    Path out = dir.resolve("out.csv");
    Run r =
        run(LOG, "decode", "--dbc", dbc.toString(), "--output", "csv", "-o", out.toString(), "-");
    assertEquals(0, r.exit(), r.err());
    List<String> lines = Files.readAllLines(out);
    assertEquals("t,bus,message,signal,value,unit", lines.get(0));
    assertEquals("1600000000.123456,can0,ExampleMessage,Enable,1,-", lines.get(1));
    assertEquals("1600000000.123456,can0,ExampleMessage,AverageRadius,1.6,m", lines.get(2));
    assertEquals("1600000000.123456,can0,ExampleMessage,Temperature,269.53,degK", lines.get(3));
    assertEquals("1600000000.323456,can1,Floats,F,NaN,", lines.get(4));
    assertEquals(1 + 3 + 1 + 1 + 3, lines.size());
  }

  @Test
  void busBindingsApplyDbcsPerBus() throws Exception {
    Path dbc = write("m.dbc", DBC);
    Path log = write("in.log", LOG);
    Path out = dir.resolve("out.jsonl");
    Run r = run(null, "decode", "--dbc", "can1=" + dbc, "--out", out.toString(), log.toString());
    assertEquals(0, r.exit(), r.err());
    List<String> lines = Files.readAllLines(out);
    assertEquals(2, lines.size(), "only can1 frames decode");
    assertTrue(lines.get(0).contains("\"bus\":\"can1\""));
    assertTrue(r.err().contains("5 frames, 2 decoded, 3 skipped"), r.err());
  }

  @Test
  void reportsBadDbcAndBadInputClearly() throws Exception {
    Path bad = write("bad.dbc", "BO_ 1 M: 8 N\n SG_ S : 0|8@1+ (1,0 [0|1] \"\" N\n");
    Path log = write("in.log", LOG);
    Run r = run(null, "decode", "--dbc", bad.toString(), log.toString());
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("bad.dbc:2:22: expected ')', found '['"), r.err());
    Run missing = run(null, "decode", "--dbc", dir.resolve("nope.dbc").toString(), log.toString());
    assertEquals(1, missing.exit());
    assertTrue(missing.err().contains("nope.dbc: no such file"), missing.err());
  }

  @Test
  void decodesEncryptedCanedgeLogWithPasswords() throws Exception {
    Path mfe = SharedData.require("canedge/LOG/25674460/00000001/single_can_bus_1.MFE");
    Path pw = SharedData.require("canedge/expected/mdf4-converters-csv/passwords_default.json");
    // CSS's expected CSV for this file: one frame, can1 0x123, data 12 34 56 78.
    Path dbc =
        write(
            "enc.dbc",
            "BO_ 291 Test: 4 N\n SG_ Lo : 0|16@1+ (1,0) [0|0] \"\" N\n"
                + " SG_ Hi : 16|16@1+ (0.5,0) [0|0] \"\" N\n");
    Path out = dir.resolve("enc.jsonl");
    Run locked = run(null, "decode", "--dbc", dbc.toString(), mfe.toString());
    assertEquals(1, locked.exit(), "no password: the file must fail, not decode garbage");
    assertTrue(locked.err().contains("single_can_bus_1.MFE"), locked.err());
    Run r =
        run(
            null,
            "decode",
            "--dbc",
            dbc.toString(),
            "--passwords",
            pw.toString(),
            "--out",
            out.toString(),
            mfe.toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals(
        List.of(
            "{\"t\":1581582675.647700,\"bus\":\"can1\",\"id\":291,\"ext\":false,\"message\":\"Test\",\"signals\":{\"Lo\":13330,\"Hi\":15403.0}}"),
        Files.readAllLines(out));
  }

  @Test
  void threadedDecodeWritesExactlyWhatOneThreadWrites() throws Exception {
    Path dbc = write("m.dbc", DBC);
    // several batches of frames: every line form, unmatched IDs, a second bus, malformed lines
    StringBuilder log = new StringBuilder();
    java.util.Random rnd = new java.util.Random(5);
    int frames = 3 * ParallelDecode.BATCH_FRAMES + 777;
    for (int i = 0; i < frames; i++) {
      String ts = String.format("(%d.%06d)", 1_600_000_000 + i / 1000, i % 1000 * 997);
      String data = String.format("%016X", rnd.nextLong());
      switch (i % 11) {
        case 3 -> log.append(ts).append(" can1 18FF0001#").append(data, 0, 8).append('\n');
        case 5 -> log.append(ts).append(" can0 123#00\n");
        case 7 -> log.append(ts).append(" can0 1F0##1").append(data).append('\n');
        case 8 -> log.append(ts).append(" can0 1F0#R\n");
        case 9 ->
            log.append(
                i % 2 == 0 ? "garbage line\n" : "  can0  1F0   [8]  11 22 33 44 55 66 77 88\n");
        default -> log.append(ts).append(" can0 1F0#").append(data).append('\n');
      }
    }
    Path in = write("many.log", log.toString());
    for (String format : List.of("jsonl", "csv")) {
      Path one = dir.resolve("one." + format);
      Path three = dir.resolve("three." + format);
      Run a = decodeToFile(dbc, "1", one, "--output", format, in.toString(), in.toString());
      Run b = decodeToFile(dbc, "3", three, "--output", format, in.toString(), in.toString());
      assertEquals(0, a.exit(), a.err());
      assertEquals(0, b.exit(), b.err());
      byte[] expected = Files.readAllBytes(one);
      assertTrue(expected.length > 1_000_000, "several batches of output: " + expected.length);
      assertTrue(java.util.Arrays.equals(expected, Files.readAllBytes(three)), format);
      assertEquals(withoutTiming(a.err()), withoutTiming(b.err()));
      assertTrue(a.err().contains("remote/error frames skipped"), a.err());
    }
    // stdout too
    Run a = run(log.toString(), "decode", "--dbc", dbc.toString(), "--threads", "1", "-");
    Run b = run(log.toString(), "decode", "--dbc", dbc.toString(), "--threads", "2", "-");
    assertEquals(a.out(), b.out());
    assertEquals(withoutTiming(a.err()), withoutTiming(b.err()));
  }

  @Test
  void threadedChunksOfLinesKeepLineNumbersAndWarnings() throws Exception {
    Path dbc = write("m.dbc", DBC);
    // several chunks of candump lines; the cut between two chunks falls inside all kinds of lines
    java.util.Random rnd = new java.util.Random(7);
    StringBuilder log = new StringBuilder();
    int lines = 0;
    while (log.length() < 4 * ParallelDecode.CHUNK_BYTES) {
      lines++;
      String ts = String.format("(%d.%06d)", 1_600_000_000 + lines, rnd.nextInt(1_000_000));
      switch (rnd.nextInt(25)) {
        case 0 -> log.append("bad line ").append(lines);
        case 1 -> log.append("  can0  1F0   [8]  11 22 33 44 55 66 77 88"); // untimed: a notice
        case 2 -> log.append(ts).append(" can0 1F0#").append("0".repeat(rnd.nextInt(12_000)));
        case 3 -> log.append(ts).append(" can0 1F0#A0F43D907882D767\r");
        case 4 ->
            log.append(rnd.nextInt(40) == 0 ? "x".repeat(ParallelDecode.CHUNK_BYTES + 5) : "");
        default ->
            log.append(ts)
                .append(rnd.nextBoolean() ? " can0 1F0#" : " can1 18FF0001#")
                .append(String.format("%016X", rnd.nextLong()));
      }
      log.append('\n');
    }
    Path terminated = write("a.log", log.toString());
    Path cut = write("b.log", log + "(1600000000.000001) can0 1F0#A0F43D90");
    for (String threads : List.of("2", "3")) {
      Path one = dir.resolve("one.jsonl");
      Path many = dir.resolve("many.jsonl");
      String[] files = {terminated.toString(), cut.toString()};
      Run a = decodeToFile(dbc, "1", one, files);
      Run b = decodeToFile(dbc, threads, many, files);
      assertEquals(a.exit(), b.exit(), b.err());
      assertTrue(java.util.Arrays.equals(Files.readAllBytes(one), Files.readAllBytes(many)));
      assertEquals(withoutTiming(a.err()), withoutTiming(b.err()));
      assertTrue(a.err().contains("malformed lines skipped in total"), a.err());
      assertTrue(a.err().contains("no timestamps"), a.err());
      assertTrue(a.err().contains("a line of at most"), a.err());
      assertTrue(a.err().contains("b.log:" + (lines + 1) + ": skipped the last line"), a.err());
      Run c = run(log.toString(), "decode", "--dbc", dbc.toString(), "--threads", "1", "-");
      Run d = run(log.toString(), "decode", "--dbc", dbc.toString(), "--threads", threads, "-");
      assertEquals(c.out(), d.out());
      assertEquals(withoutTiming(c.err()), withoutTiming(d.err()));
    }
  }

  /** {@code decode --dbc DBC --threads N -o OUT ARGS…}. */
  private Run decodeToFile(Path dbc, String threads, Path out, String... args) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of("decode", "--dbc", dbc.toString(), "--threads", threads, "-o", out.toString()));
    command.addAll(List.of(args));
    return run(null, command.toArray(String[]::new));
  }

  private static String withoutTiming(String err) {
    return err.replaceAll(" in [0-9.]+ s \\([0-9.]+ M frames/s\\)", "");
  }

  @Test
  void dbcCheckPrintsOneLinePerFile() throws Exception {
    Path good = write("good.dbc", DBC + "VAL_ 1 X 1 \"a\";\n");
    Path bad = write("bad.dbc", "BO_ 1 M 8 N\n");
    Run ok = run(null, "dbc", "check", good.toString());
    assertEquals(0, ok.exit());
    assertEquals(good + ": OK messages=2 signals=4 warnings=1\n", ok.out());
    Run verbose = run(null, "dbc", "check", "--verbose", good.toString(), bad.toString());
    assertEquals(1, verbose.exit());
    assertEquals(
        good
            + ": OK messages=2 signals=4 warnings=1\n"
            + good
            + ":10: warning: VAL_ refers to unknown message 1\n"
            + bad
            + ":1:9: error: expected ':', found '8'\n",
        verbose.out());
  }
}
