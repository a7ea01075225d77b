package io.ecugateway.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ecugateway.frame.CanFrame;
import io.ecugateway.testing.PythonCan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written by the real python-can from the same 100 000 seeded frames (classic, extended, CAN
 * FD up to 64 bytes with BRS/ESI, remote and error frames, Rx and Tx, two channels): a zlib BLF
 * (default level), a stored BLF and python-can's CSV. Each is opened by content detection, and
 * every frame must equal what python-can's own reader returns for that file, in order, none more
 * and none less. Skipped without python-can (Debian {@code python3-can}; {@code .ci/run} installs
 * it).
 */
class PythonCanFilesTest {
  private static final int FRAMES = 100_000;

  @TempDir static Path dir;
  private static boolean written;

  @BeforeAll
  static void write() throws Exception {
    String python = PythonCan.python();
    if (python != null) {
      PythonCan.writeAndDump(python, dir, FRAMES, 20261207);
      written = true;
    }
  }

  @Test
  void zlibBlfReadsAsPythonCanReadsIt() throws Exception {
    assertSameAsPythonCan("zlib.blf", "blf");
  }

  @Test
  void storedBlfReadsAsPythonCanReadsIt() throws Exception {
    assertSameAsPythonCan("stored.blf", "blf");
  }

  @Test
  void pythonCanCsvReadsAsPythonCanReadsIt() throws Exception {
    assertSameAsPythonCan("frames.csv", "csv");
  }

  private static void assertSameAsPythonCan(String file, String format) throws Exception {
    assumeTrue(written, "python-can not installed (Debian package python3-can)");
    List<String> warnings = new ArrayList<>();
    ReadOptions options = ReadOptions.defaults().withWarnings(warnings::add);
    long n = 0;
    try (FrameReader r = FormatRegistry.open(dir.resolve(file), options);
        PythonCan.Dump dump = new PythonCan.Dump(dir.resolve(file + ".jsonl"))) {
      assertEquals(format, r.metadata().get(LogMetadata.FORMAT));
      CanFrame f = new CanFrame();
      PythonCan.Message m;
      while ((m = dump.next()) != null) {
        assertTrue(r.next(f), file + ": ours ends after " + n + " frames");
        if (format.equals("csv")) {
          m = m.fdByLength();
        }
        String bus = m.channel() == null ? "can1" : "can" + (m.channel() + 1);
        String d = m.differences(f, bus);
        if (!d.isEmpty()) {
          fail(file + " frame " + n + ": " + d + " (" + m + " vs " + f + ")");
        }
        n++;
      }
      if (r.next(f)) {
        fail(file + ": ours has more frames than python-can's " + n + ", e.g. " + f);
      }
    }
    assertEquals(FRAMES, n, file);
    assertEquals(List.of(), warnings, file);
  }
}
