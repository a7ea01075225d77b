package io.ecugateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecugateway.app.Main;
import io.ecugateway.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FramesCommandTest {
  @TempDir Path dir;

  /** Runs the CLI in-process; returns exit code, stdout, stderr. */
  private record Run(int code, String out, String err) {}

  private static synchronized Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = Main.run(args);
      return new Run(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  private static final String ASC =
      """
      date Sat Sep 07 07:43:19.693 am 2024
      base hex  timestamps absolute
      Begin Triggerblock Sat Sep 07 07:43:19.693 am 2024
         0.000250 1  7E8             Rx   d 8 04 41 0D 32 AA AA AA AA
         0.001000 2  18DAF110x       Tx   d 2 01 02
         0.002000 CANFD   1 Rx        123                                   1 1 9 12 00 11 22 33 44 55 66 77 88 99 AA BB   0 0 7000 0 0 0 0 0
         0.003000 1  200             Rx   r 4
      End TriggerBlock
      """;

  @Test
  void convertsAnyFormatToCandumpLines() throws Exception {
    Path in = dir.resolve("trace.txt");
    Files.writeString(in, ASC);
    Path outFile = dir.resolve("out.log");
    Run r = run("frames", in.toString(), "--out", outFile.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(
        List.of(
            "(1725694999.693250) can1 7E8#04410D32AAAAAAAA",
            "(1725694999.694000) can2 18DAF110#0102 T",
            "(1725694999.695000) can1 123##300112233445566778899AABB",
            "(1725694999.696000) can1 200#R4"),
        Files.readAllLines(outFile));
    // and the candump output reads back as the same frames
    Run again = run("frames", outFile.toString());
    assertEquals(0, again.code(), again.err());
    assertEquals(Files.readString(outFile), again.out());
  }

  @Test
  void jsonlOutputToStdout() throws Exception {
    Path in = dir.resolve("trace.asc");
    Files.writeString(in, ASC);
    Run r = run("frames", "--output", "jsonl", in.toString());
    assertEquals(0, r.code(), r.err());
    String[] lines = r.out().split("\n");
    assertEquals(4, lines.length);
    JsonNode fd = new ObjectMapper().readTree(lines[2]);
    assertEquals(1725694999695000000L, fd.get("ts_ns").asLong());
    assertEquals("can1", fd.get("bus").asText());
    assertEquals(0x123, fd.get("id").asInt());
    assertTrue(fd.get("fd").asBoolean() && fd.get("brs").asBoolean() && fd.get("esi").asBoolean());
    assertEquals(12, fd.get("len").asInt());
    assertEquals("00112233445566778899AABB", fd.get("data").asText());
    JsonNode remote = new ObjectMapper().readTree(lines[3]);
    assertEquals("remote", remote.get("kind").asText());
    assertEquals(4, remote.get("dlc").asInt());
  }

  @Test
  void statsSummariseFramesAndReportBrokenInputs() throws Exception {
    Path in = dir.resolve("trace.asc");
    Files.writeString(in, ASC);
    Path junk = dir.resolve("junk.mf4");
    Files.write(junk, new byte[] {1, 2, 3, 4, 5});
    Run r = run("frames", "--stats", in.toString(), junk.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("error: " + junk + ": offset 0: unrecognised log format"), r.err());
    JsonNode s = new ObjectMapper().readTree(r.out());
    JsonNode f = s.get("files").get(0);
    assertEquals("asc", f.get("format").asText());
    assertEquals(4, f.get("frames").asLong());
    assertEquals(3, f.get("buses").get("can1").asLong());
    assertEquals(1, f.get("buses").get("can2").asLong());
    assertEquals(4, f.get("distinct_ids").asInt());
    assertEquals(1, f.get("tx_frames").asLong());
    assertEquals(1, f.get("remote_frames").asLong());
    assertEquals("2024-09-07T07:43:19.693250Z", f.get("first").asText());
    assertEquals("2024-09-07T07:43:19.696Z", f.get("last").asText());
    assertEquals("1725694999693000000", f.get("metadata").get("start_ns").asText());
    assertTrue(s.get("files").get(1).get("error").asText().contains("unrecognised"));
    assertEquals(4, s.get("total").get("frames").asLong());
    assertEquals(1, s.get("total").get("failed").asInt());
  }

  @Test
  void badPasswordsFileAndUnknownFormatAreClearErrors() throws Exception {
    Path pw = dir.resolve("passwords.json");
    Files.writeString(pw, "[\"not an object\"]");
    Run r = run("frames", "--passwords", pw.toString(), "x.log");
    assertEquals(1, r.code());
    assertTrue(r.err().contains(pw + ": expected a JSON object"), r.err());
    Run f = run("frames", "--format", "pcap", "x.log");
    assertEquals(2, f.code());
    assertTrue(f.err().contains("unknown log format 'pcap'"), f.err());
  }

  @Test
  void statsOfARealCanedgeFileMatchSourcesFacts() throws Exception {
    // SOURCES.md: 1815 frames, can1 1403 / can2 412, 16 IDs, all 29-bit, in order,
    // first 2021-06-01T11:43:50.084000Z, last 2021-06-01T11:46:56.204600Z, serial FCBF0606/3482/1
    Path mf4 = SharedData.require("canedge/LOG/FCBF0606/00003482/00000001-60B621D9.MF4");
    Run r = run("frames", "--stats", mf4.toString());
    assertEquals(0, r.code(), r.err());
    JsonNode f = new ObjectMapper().readTree(r.out()).get("files").get(0);
    assertEquals("mf4", f.get("format").asText());
    assertEquals(1815, f.get("frames").asLong());
    assertEquals(1403, f.get("buses").get("can1").asLong());
    assertEquals(412, f.get("buses").get("can2").asLong());
    assertEquals(16, f.get("distinct_ids").asInt());
    assertEquals(16, f.get("distinct_bus_ids").asInt());
    assertEquals(1815, f.get("extended_frames").asLong());
    assertEquals(0, f.get("tx_frames").asLong());
    assertTrue(f.get("in_order").asBoolean());
    assertEquals("2021-06-01T11:43:50.084Z", f.get("first").asText());
    assertEquals("2021-06-01T11:46:56.204600Z", f.get("last").asText());
    assertEquals("FCBF0606", f.get("metadata").get("serial").asText());
    assertEquals("3482", f.get("metadata").get("session").asText());
    assertEquals("1", f.get("metadata").get("split").asText());
  }

  @Test
  void encryptedFileWithPasswordsMatchesCssExpectedCsv() throws Exception {
    Path mfe = SharedData.require("canedge/LOG/25674460/00000001/single_can_bus_1.MFE");
    Path pw = SharedData.require("canedge/expected/mdf4-converters-csv/passwords_default.json");
    // expected/single_can_bus_1_CAN_encrypted.csv: 1581582675.647700;1;123;0;4;4;0;0;0;12345678
    Run r = run("frames", "--passwords", pw.toString(), mfe.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("(1581582675.647700) can1 123#12345678\n", r.out());
    Run wrong = run("frames", mfe.toString());
    assertEquals(1, wrong.code());
    assertTrue(wrong.err().contains(mfe.toString()), wrong.err());
  }

  @Test
  void mf4OnStdinIsSpooledAndReadLikeTheFile() throws Exception {
    Path mf4 = SharedData.require("canedge/LOG/FCBF0606/00003482/00000001-60B621D9.MF4");
    Run fromFile = run("frames", mf4.toString());
    java.io.InputStream oldIn = System.in;
    Run fromStdin;
    try (java.io.InputStream in = Files.newInputStream(mf4)) {
      System.setIn(in);
      fromStdin = run("frames", "-");
    } finally {
      System.setIn(oldIn);
    }
    assertEquals(0, fromStdin.code(), fromStdin.err());
    assertEquals(1815, fromFile.out().lines().count());
    assertEquals(fromFile.out(), fromStdin.out());
  }
}
