package io.ecugateway.format.blf;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ecugateway.format.FormatException;
import io.ecugateway.format.FrameReader;
import io.ecugateway.format.LogSource;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.frame.CanFrame;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing of the BLF reader, as {@code Mdf4FuzzTest} does for MDF4: byte flips,
 * hostile 32-bit values over sizes, types and header fields, copied ranges and truncation, applied
 * to a zlib and a stored file holding every object type, with objects spanning containers. Each
 * mutant must read to the end or fail with a {@link FormatException} naming it; any other
 * exception, an inconsistent frame or a read slower than 10 s fails and names seed and iteration.
 * About 2 s per file; {@code -Dfuzz.seconds=N} runs N seconds per file.
 */
class BlfFuzzTest {
  private static final int[] HOSTILE = {0, -1, 16, 31, 32, 33, 0x7FFF_FFFF, 4096, 4097, 10};

  @Test
  void zlibFile() throws Exception {
    fuzz(TestBlf.mixed(400, 21).file(2048, true), 1);
  }

  @Test
  void storedFile() throws Exception {
    fuzz(TestBlf.mixed(400, 22).file(1024, false), 2);
  }

  private static void fuzz(byte[] base, long seed) throws Exception {
    long budget = (long) (Double.parseDouble(System.getProperty("fuzz.seconds", "2")) * 1000);
    long deadline = System.currentTimeMillis() + budget;
    Random rnd = new Random(seed);
    ReadOptions options = ReadOptions.defaults().withWarnings(w -> {});
    CanFrame frame = new CanFrame();
    int iterations = 0;
    while (System.currentTimeMillis() < deadline) {
      byte[] input = mutate(base, rnd);
      int it = iterations++;
      String name = "fuzz-" + seed + "-" + it;
      assertTimeoutPreemptively(
          Duration.ofSeconds(10),
          () -> {
            try (FrameReader r =
                new BlfFormat()
                    .open(LogSource.of(name, new ByteArrayInputStream(input)), options)) {
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

  private static byte[] mutate(byte[] base, Random rnd) {
    byte[] m = base.clone();
    int edits = 1 + rnd.nextInt(4);
    for (int e = 0; e < edits; e++) {
      switch (rnd.nextInt(5)) {
        case 0 -> m[rnd.nextInt(m.length)] ^= (byte) (1 << rnd.nextInt(8));
        case 1 -> m[rnd.nextInt(m.length)] = (byte) rnd.nextInt(256);
        case 2 -> {
          int at = rnd.nextInt(m.length / 4 + 1) * 4;
          int[] pick = {HOSTILE[rnd.nextInt(HOSTILE.length)], m.length, at, rnd.nextInt()};
          if (at + 4 <= m.length) {
            ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN).putInt(at, pick[rnd.nextInt(4)]);
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
