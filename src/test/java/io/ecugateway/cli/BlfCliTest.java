package io.ecugateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.ecugateway.app.Main;
import io.ecugateway.format.FormatRegistry;
import io.ecugateway.format.FrameReader;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.format.blf.TestBlf;
import io.ecugateway.frame.CanFrame;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code frames} and {@code decode} read a BLF (found by its content, whatever its name) exactly as
 * they read the candump log its frames came from.
 */
class BlfCliTest {
  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

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

  /** The candump log as a zlib BLF named {@code trace.dat}. */
  private Path blfOf(Path candump) throws Exception {
    List<CanFrame> frames = new ArrayList<>();
    try (FrameReader r = FormatRegistry.open(candump, ReadOptions.defaults())) {
      CanFrame f = new CanFrame();
      while (r.next(f)) {
        frames.add(f.copy());
      }
    }
    return Files.write(dir.resolve("trace.dat"), TestBlf.fromFrames(frames, true));
  }

  @Test
  void framesPrintsABlfAsItsCandumpSource() throws Exception {
    Path log =
        Files.writeString(
            dir.resolve("in.log"),
            """
            (1600000000.123456) can1 1F0#A0F43D907882D767
            (1600000000.223456) can2 18FF0001#0000C07F T
            (1600000000.323456) can1 123##3001122334455667788990011
            (1600000000.423456) can2 200#R4
            """);
    Run r = run("frames", blfOf(log).toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals(Files.readString(log), r.out());
  }

  @Test
  void decodeReadsABlfAsItsCandumpSource() throws Exception {
    Path dbc = Files.writeString(dir.resolve("m.dbc"), DecodeCommandTest.DBC);
    Path log = Files.writeString(dir.resolve("in.log"), DecodeCommandTest.LOG);
    Run fromLog = run("decode", "--dbc", dbc.toString(), log.toString());
    Run fromBlf = run("decode", "--dbc", dbc.toString(), blfOf(log).toString());
    assertEquals(0, fromBlf.exit(), fromBlf.err());
    assertFalse(fromLog.out().isEmpty());
    assertEquals(fromLog.out(), fromBlf.out());
  }
}
