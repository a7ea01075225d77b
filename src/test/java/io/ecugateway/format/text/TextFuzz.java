package io.ecugateway.format.text;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import io.ecugateway.format.FormatException;
import io.ecugateway.format.FrameFormat;
import io.ecugateway.format.FrameReader;
import io.ecugateway.format.LogSource;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.frame.CanFrame;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

/**
 * Seeded mutation fuzzing for text parsers: mutates a valid seed log (byte flips, inserted
 * delimiters and digits, deleted/duplicated ranges, truncation) and reads each mutant to the end.
 * Any exception other than {@link FormatException}, or a read that does not finish, fails the test
 * and names the seed and iteration so it can be replayed. Runs ~1 s by default; {@code
 * -Dfuzz.seconds=N} runs longer.
 */
public final class TextFuzz {
  private static final byte[] INTERESTING =
      " \t\r\n#.;:()[]-_xXRrTd0123456789ABCDEFabcdef%$,\"".getBytes(StandardCharsets.US_ASCII);

  private TextFuzz() {}

  public static long budgetMillis() {
    return (long) (Double.parseDouble(System.getProperty("fuzz.seconds", "1")) * 1000);
  }

  /** Fuzzes {@code format} starting from {@code seed}; returns the number of mutants read. */
  public static int run(FrameFormat format, String seed, long randomSeed) {
    byte[] base = seed.getBytes(StandardCharsets.ISO_8859_1);
    Random rnd = new Random(randomSeed);
    long deadline = System.currentTimeMillis() + budgetMillis();
    int iterations = 0;
    ReadOptions options = ReadOptions.defaults().withWarnings(w -> {});
    CanFrame frame = new CanFrame();
    while (System.currentTimeMillis() < deadline) {
      byte[] input = mutate(base, rnd);
      int it = iterations++;
      assertTimeoutPreemptively(
          Duration.ofSeconds(10),
          () -> {
            try (FrameReader r =
                format.open(LogSource.of("fuzz-" + it, new ByteArrayInputStream(input)), options)) {
              long frames = 0;
              while (r.next(frame)) {
                if (frame.length < 0 || frame.length > frame.data.length || frame.bus == null) {
                  fail("inconsistent frame " + frame + " from mutant " + it);
                }
                if (++frames > input.length) {
                  fail("more frames than bytes from mutant " + it);
                }
              }
            } catch (FormatException expected) {
              // a clear error is an acceptable outcome
            } catch (Exception e) {
              throw new AssertionError(
                  format.name()
                      + " mutant "
                      + it
                      + " (seed "
                      + randomSeed
                      + ") threw "
                      + e
                      + " on input:\n"
                      + new String(input, StandardCharsets.ISO_8859_1),
                  e);
            }
          });
    }
    return iterations;
  }

  static byte[] mutate(byte[] base, Random rnd) {
    byte[] b = base.clone();
    int rounds = 1 + rnd.nextInt(8);
    for (int i = 0; i < rounds && b.length > 0; i++) {
      int p = rnd.nextInt(b.length);
      switch (rnd.nextInt(7)) {
        case 0 -> b[p] ^= (byte) (1 << rnd.nextInt(8));
        case 1 -> b[p] = INTERESTING[rnd.nextInt(INTERESTING.length)];
        case 2 -> b = insert(b, p, new byte[] {INTERESTING[rnd.nextInt(INTERESTING.length)]});
        case 3 -> {
          int len = Math.min(b.length - p, 1 + rnd.nextInt(16));
          b = concat(Arrays.copyOf(b, p), Arrays.copyOfRange(b, p + len, b.length));
        }
        case 4 -> {
          int len = Math.min(b.length - p, 1 + rnd.nextInt(64));
          b = insert(b, rnd.nextInt(b.length), Arrays.copyOfRange(b, p, p + len));
        }
        case 5 -> b = Arrays.copyOf(b, p);
        default -> {
          byte[] digits = new byte[1 + rnd.nextInt(24)];
          for (int k = 0; k < digits.length; k++) {
            digits[k] = (byte) (rnd.nextBoolean() ? '9' : 'F');
          }
          b = insert(b, p, digits);
        }
      }
    }
    return b;
  }

  private static byte[] insert(byte[] b, int at, byte[] ins) {
    return concat(concat(Arrays.copyOf(b, at), ins), Arrays.copyOfRange(b, at, b.length));
  }

  private static byte[] concat(byte[] a, byte[] c) {
    byte[] r = Arrays.copyOf(a, a.length + c.length);
    System.arraycopy(c, 0, r, a.length, c.length);
    return r;
  }
}
