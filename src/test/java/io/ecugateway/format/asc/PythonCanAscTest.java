package io.ecugateway.format.asc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ecugateway.format.text.Frames;
import io.ecugateway.frame.CanFrame;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ASC file written by the real python-can (Debian {@code python3-can}; skipped without it): its
 * {@code date} line is the time the file was written, the frames count from {@code Begin
 * Triggerblock}, which is the first message's time.
 */
class PythonCanAscTest {
  /** 2020-03-01T08:00:00.250Z, years before the day the test writes the file. */
  private static final double FIRST = 1583049600.25;

  private static final String SCRIPT =
      """
      import sys, can
      w = can.ASCWriter(sys.argv[1])
      t0 = %s
      w.on_message_received(can.Message(timestamp=t0, arbitration_id=0x123, data=[1],
                                        is_extended_id=False, channel=0))
      w.on_message_received(can.Message(timestamp=t0 + 1.5, arbitration_id=0x18FEE300,
                                        data=[1, 2, 3, 4, 5, 6, 7, 8], is_extended_id=True,
                                        channel=1))
      w.stop()
      """
          .formatted(FIRST);

  @TempDir Path dir;

  @Test
  void timesAreTheMessagesTimesNotTheFilesDate() throws Exception {
    String python = pythonWithCan();
    assumeTrue(python != null, "python-can not installed (Debian package python3-can)");
    Path asc = dir.resolve("pycan.asc");
    Files.writeString(dir.resolve("write.py"), SCRIPT);
    ProcessBuilder pb =
        new ProcessBuilder(python, "write.py", asc.toString()).directory(dir.toFile());
    pb.environment().put("TZ", "UTC"); // python-can writes local time; the reader reads UTC
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(true, p.waitFor(60, TimeUnit.SECONDS), out);
    assertEquals(0, p.exitValue(), out);
    String text = Files.readString(asc, StandardCharsets.ISO_8859_1);

    List<String> warnings = new ArrayList<>();
    List<CanFrame> frames = Frames.read(new AscFormat(), text, warnings);
    assertEquals(List.of(), warnings, text);
    assertEquals(2, frames.size(), text);
    long first = Math.round(FIRST * 1000) * 1_000_000L;
    assertEquals(first, frames.get(0).timestampNs, text);
    assertEquals(first + 1_500_000_000L, frames.get(1).timestampNs, text);
    assertEquals(0x18FEE300, frames.get(1).id);
  }

  /** A python3 that can import python-can (PATH's, else Debian's), or null. */
  private static String pythonWithCan() throws Exception {
    for (String python : List.of("python3", "/usr/bin/python3")) {
      try {
        Process p =
            new ProcessBuilder(python, "-c", "import can").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return python;
        }
      } catch (java.io.IOException e) {
        // no such interpreter
      }
    }
    return null;
  }
}
