package io.ecugateway.format.candump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.format.text.BusNames;
import io.ecugateway.format.text.LineCursor;
import io.ecugateway.format.text.TextFrameReader;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.Direction;
import io.ecugateway.frame.FrameKind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast path for plain {@code candump -l} lines must give exactly what the general parser gives:
 * same result, same frame, same error, on valid lines and on seeded mutations of them.
 */
class CandumpFastPathTest {
  private static final String ALPHABET = "0123456789abcdefABCDEF()#.-_ \tRTrx:%";

  /** Iterations; raise with -Dcandump.fastpath.iterations for a longer run. */
  private static final int ITERATIONS = Integer.getInteger("candump.fastpath.iterations", 300_000);

  @Test
  void fastPathMatchesGeneralParserOnRandomAndMutatedLines() {
    Random rnd = new Random(20261122L);
    CandumpLine fast = new CandumpLine(new BusNames());
    CandumpLine general = new CandumpLine(new BusNames());
    LineCursor fc = new LineCursor();
    LineCursor gc = new LineCursor();
    CanFrame ff = new CanFrame();
    CanFrame gf = new CanFrame();
    int frames = 0;
    for (int i = 0; i < ITERATIONS; i++) {
      byte[] line = line(rnd).getBytes(StandardCharsets.ISO_8859_1);
      if (i % 2 == 1) {
        line = mutate(line, rnd);
      }
      garbage(ff, gf, rnd);
      int fr = fast.parse(fc.reset(line, 0, line.length), ff);
      int gr = general.parseAnyForm(gc.reset(line, 0, line.length), gf);
      String text = new String(line, StandardCharsets.ISO_8859_1);
      assertEquals(gr, fr, text);
      if (gr == TextFrameReader.FRAME) {
        frames++;
        assertEquals(describe(gf), describe(ff), text);
        assertEquals(general.untimed, fast.untimed, text);
        assertEquals(general.compact, fast.compact, text);
      } else if (gr == TextFrameReader.MALFORMED) {
        assertEquals(gc.expected(), fc.expected(), text);
        assertEquals(gc.found(), fc.found(), text);
      }
    }
    assertTrue(frames > ITERATIONS / 8, "enough generated lines are frames: " + frames);
  }

  /** A log line, mostly the plain form, sometimes with the variations the fast path declines. */
  private static String line(Random rnd) {
    StringBuilder sb = new StringBuilder();
    sb.append('(').append(rnd.nextInt(5) == 0 ? rnd.nextInt(100) : 1_600_000_000 + rnd.nextInt());
    int frac = rnd.nextBoolean() ? 6 : rnd.nextInt(14) - 2; // 6: candump -l's own layout
    if (frac >= 0) {
      sb.append('.');
      for (int k = 0; k < frac; k++) {
        sb.append((char) ('0' + rnd.nextInt(10)));
      }
    }
    sb.append(')').append(rnd.nextInt(6) == 0 ? " \t " : " ");
    sb.append(new String[] {"can0", "can1", "can12", "vcan0", "x", "a-b", "can1#"}[rnd.nextInt(7)]);
    sb.append(rnd.nextInt(6) == 0 ? "  " : " ");
    int idDigits = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(9) : rnd.nextBoolean() ? 3 : 8;
    for (int k = 0; k < idDigits; k++) {
      int d = k == 0 && idDigits == 8 ? rnd.nextInt(rnd.nextInt(4) == 0 ? 16 : 2) : rnd.nextInt(16);
      sb.append(hex(d, rnd));
    }
    sb.append('#');
    int bytes = rnd.nextInt(10);
    for (int k = 0; k < bytes; k++) {
      sb.append(hex(rnd.nextInt(16), rnd)).append(hex(rnd.nextInt(16), rnd));
    }
    switch (rnd.nextInt(12)) {
      case 0 -> sb.append(" T");
      case 1 -> sb.append(" R ");
      case 2 -> sb.append(' ');
      case 3 -> sb.append("_C");
      default -> {}
    }
    return sb.toString();
  }

  private static char hex(int d, Random rnd) {
    char c = Character.forDigit(d, 16);
    return rnd.nextBoolean() ? Character.toUpperCase(c) : c;
  }

  private static byte[] mutate(byte[] line, Random rnd) {
    byte[] b = line;
    for (int n = 1 + rnd.nextInt(3); n > 0; n--) {
      int at = rnd.nextInt(b.length + 1);
      byte c = (byte) ALPHABET.charAt(rnd.nextInt(ALPHABET.length()));
      switch (rnd.nextInt(3)) {
        case 0 -> { // replace
          if (at < b.length) {
            b[at] = c;
          }
        }
        case 1 -> { // insert
          byte[] longer = new byte[b.length + 1];
          System.arraycopy(b, 0, longer, 0, at);
          longer[at] = c;
          System.arraycopy(b, at, longer, at + 1, b.length - at);
          b = longer;
        }
        default -> { // delete
          if (at < b.length) {
            byte[] shorter = new byte[b.length - 1];
            System.arraycopy(b, 0, shorter, 0, at);
            System.arraycopy(b, at + 1, shorter, at, b.length - at - 1);
            b = shorter;
          }
        }
      }
    }
    return b;
  }

  /** The same stale content in both frames, so a field one path forgets to set shows. */
  private static void garbage(CanFrame a, CanFrame b, Random rnd) {
    long t = rnd.nextLong();
    int id = rnd.nextInt();
    boolean ext = rnd.nextBoolean();
    for (CanFrame f : new CanFrame[] {a, b}) {
      f.timestampNs = t;
      f.bus = "stale";
      f.id = id;
      f.extended = ext;
      f.fd = f.brs = f.esi = !ext;
      f.kind = FrameKind.LIN;
      f.direction = Direction.TX;
      f.dlc = 13;
      f.length = 17;
      Arrays.fill(f.data, (byte) id);
    }
  }

  private static String describe(CanFrame f) {
    return f.timestampNs
        + " "
        + f.bus
        + " "
        + Integer.toHexString(f.id)
        + (f.extended ? " ext" : "")
        + (f.fd ? " fd" : "")
        + (f.brs ? " brs" : "")
        + (f.esi ? " esi" : "")
        + " "
        + f.kind
        + " "
        + f.direction
        + " dlc="
        + f.dlc
        + " len="
        + f.length
        + " "
        + Arrays.toString(Arrays.copyOf(f.data, f.length));
  }
}
