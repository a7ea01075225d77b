package io.ecugateway.format.mdf4;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ecugateway.format.FormatException;
import io.ecugateway.format.FrameReader;
import io.ecugateway.format.LogSource;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.format.canedge.CanedgeFormat;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.testing.SharedData;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing of the MDF4 and CANedge readers: byte flips, hostile 64-bit values (0,
 * -1, 2^62, the file size, the block's own offset) written over links and lengths, copied ranges
 * and truncation, applied to real files. Each mutant must read to the end or fail with a {@link
 * FormatException}; any other exception, an inconsistent frame or a read slower than 10 s fails and
 * names the seed and iteration. About 2 s per seed file by default; {@code -Dfuzz.seconds=N} runs N
 * seconds per seed file.
 */
class Mdf4FuzzTest {
  private static final long[] HOSTILE = {0, -1, 1L << 62, 24, 64, Integer.MAX_VALUE, 0xFFFF_FFFFL};

  private static long budgetMillis() {
    return (long) (Double.parseDouble(System.getProperty("fuzz.seconds", "2")) * 1000);
  }

  @Test
  void unsortedCanedgeFile() throws Exception {
    fuzz("canedge/LOG/00000000/00000048/00000001.MF4", new Mdf4Format(), 1);
  }

  @Test
  void newFirmwareLayoutFile() throws Exception {
    fuzz("canedge/LOG/FCBF0606/00003482/00000001-60B621D9.MF4", new Mdf4Format(), 2);
  }

  @Test
  void compressedFile() throws Exception {
    fuzz("canedge/LOG/25674460/00000001/single_can_bus_1.MFC", new CanedgeFormat.Mfc(), 3);
  }

  @Test
  void encryptedCompressedFile() throws Exception {
    fuzz(
        "canedge/LOG/25674460/00000001/single_message_can_bus_1_256_window.MFM",
        new CanedgeFormat.Mfm(),
        4);
  }

  private static void fuzz(String sample, io.ecugateway.format.FrameFormat format, long seed)
      throws Exception {
    byte[] base = Files.readAllBytes(SharedData.require(sample));
    Random rnd = new Random(seed);
    ReadOptions options =
        ReadOptions.defaults()
            .withPasswords(Map.of("default", "passwordpasswordpassword"))
            .withWarnings(w -> {});
    long deadline = System.currentTimeMillis() + budgetMillis();
    int iterations = 0;
    CanFrame frame = new CanFrame();
    while (System.currentTimeMillis() < deadline) {
      byte[] input = mutate(base, rnd);
      int it = iterations++;
      String name = "fuzz-" + seed + "-" + it;
      assertTimeoutPreemptively(
          Duration.ofSeconds(10),
          () -> {
            try (FrameReader r =
                format.open(LogSource.of(name, new ByteArrayInputStream(input)), options)) {
              long frames = 0;
              while (r.next(frame)) {
                if (frame.length < 0 || frame.length > CanFrame.MAX_DATA || frame.bus == null) {
                  fail("inconsistent frame " + frame + " from " + name);
                }
                if (++frames > input.length) {
                  fail("more frames than bytes from " + name);
                }
              }
            } catch (FormatException expected) {
              assertTrue(expected.getMessage().startsWith(name + ": "), expected.getMessage());
            } catch (Throwable t) {
              throw new AssertionError("seed " + seed + " iteration " + it + ": " + t, t);
            }
          },
          () -> "seed " + seed + " iteration " + it + " did not finish");
    }
    assertTrue(iterations > 0);
  }

  static byte[] mutate(byte[] base, Random rnd) {
    byte[] m = base.clone();
    int edits = 1 + rnd.nextInt(4);
    for (int e = 0; e < edits; e++) {
      switch (rnd.nextInt(5)) {
        case 0 -> m[rnd.nextInt(m.length)] ^= (byte) (1 << rnd.nextInt(8));
        case 1 -> m[rnd.nextInt(Math.min(m.length, 8192))] = (byte) rnd.nextInt(256);
        case 2 -> {
          // hostile value over an aligned 8-byte field in the metadata area (links, lengths)
          int at = (rnd.nextInt(Math.min(m.length, 16384) / 8 + 1)) * 8;
          long[] pick = {HOSTILE[rnd.nextInt(HOSTILE.length)], m.length, at, rnd.nextLong()};
          if (at + 8 <= m.length) {
            MdfBytes.putU64(m, at, pick[rnd.nextInt(pick.length)]);
          }
        }
        case 3 -> {
          int from = rnd.nextInt(m.length);
          int to = rnd.nextInt(m.length);
          int n = Math.min(rnd.nextInt(64), Math.min(m.length - from, m.length - to));
          System.arraycopy(m, from, m, to, n);
        }
        default -> m = Arrays.copyOf(m, 1 + rnd.nextInt(m.length));
      }
    }
    return m;
  }
}
