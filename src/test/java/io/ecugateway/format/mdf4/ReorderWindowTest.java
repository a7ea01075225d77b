package io.ecugateway.format.mdf4;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.Direction;
import io.ecugateway.frame.FrameKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The reorder window against a plain list model of its contract: a frame leaves once a frame at
 * least the window later was read (or the input ended, or the window is over capacity), late frames
 * go after every queued frame with a timestamp not greater than theirs. Seeded random inputs: in
 * order, jittered within the window, jittered beyond it, ties, payloads up to 64 bytes.
 */
class ReorderWindowTest {
  private static final long WINDOW = 1_000;

  @Test
  void inOrderInputPassesUnchanged() throws IOException {
    List<CanFrame> in = frames(new Random(1), 5000, 0, 0);
    assertEquals(describe(in), describe(run(in, 1 << 20, new ArrayList<>())));
  }

  @Test
  void matchesTheModelOnShuffledInputs() throws IOException {
    for (int seed = 0; seed < 40; seed++) {
      Random rnd = new Random(seed);
      long jitter = seed % 4 == 0 ? 3 * WINDOW : WINDOW - 1;
      int capacity = seed % 5 == 0 ? 50 : 1 << 20;
      List<CanFrame> in = frames(rnd, 500 + rnd.nextInt(4000), jitter, seed % 3);
      List<String> warnings = new ArrayList<>();
      List<String> modelWarnings = new ArrayList<>();
      assertEquals(
          describe(model(in, capacity, modelWarnings)),
          describe(run(in, capacity, warnings)),
          "seed " + seed);
      assertEquals(modelWarnings.size(), warnings.size(), "seed " + seed);
    }
  }

  @Test
  void copyKeepsBytesPastTheLength() {
    Random rnd = new Random(3);
    for (int n = 0; n <= 64; n++) {
      byte[] src = new byte[80];
      rnd.nextBytes(src);
      byte[] dst = new byte[64];
      rnd.nextBytes(dst);
      byte[] expected = dst.clone();
      System.arraycopy(src, 5, expected, 0, n);
      RecordBuffer.copy(src, 5, dst, n);
      assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(dst), "n=" + n);
    }
  }

  /**
   * Timestamps rising by 0..3 per frame (ties included), each moved back by up to {@code jitter}.
   */
  private static List<CanFrame> frames(Random rnd, int n, long jitter, int lengths) {
    List<CanFrame> out = new ArrayList<>();
    long t = 1_000_000;
    for (int i = 0; i < n; i++) {
      t += rnd.nextInt(4);
      CanFrame f = new CanFrame();
      f.timestampNs = jitter > 0 && rnd.nextInt(4) == 0 ? t - rnd.nextLong(jitter + 1) : t;
      f.bus = "can" + (1 + rnd.nextInt(2));
      f.id = i;
      f.extended = rnd.nextBoolean();
      f.fd = lengths > 0 && rnd.nextBoolean();
      f.brs = rnd.nextBoolean();
      f.esi = rnd.nextBoolean();
      f.kind = FrameKind.values()[rnd.nextInt(FrameKind.values().length)];
      f.direction = rnd.nextBoolean() ? Direction.TX : Direction.RX;
      f.length = lengths == 0 ? rnd.nextInt(9) : rnd.nextInt(65);
      f.dlc = CanFrame.lengthToDlc(f.length);
      for (int k = 0; k < f.length; k++) {
        f.data[k] = (byte) rnd.nextInt();
      }
      out.add(f);
    }
    return out;
  }

  private static List<CanFrame> run(List<CanFrame> in, int capacity, List<String> warnings)
      throws IOException {
    int[] next = {0};
    FrameSource source =
        f -> {
          if (next[0] == in.size()) {
            return false;
          }
          f.set(in.get(next[0]++));
          return true;
        };
    ReorderWindow w = new ReorderWindow(source, WINDOW, capacity, "test", warnings::add);
    List<CanFrame> out = new ArrayList<>();
    CanFrame f = new CanFrame();
    while (w.next(f)) {
      out.add(f.copy());
    }
    return out;
  }

  /** The contract, spelled out on a list. */
  private static List<CanFrame> model(List<CanFrame> in, int capacity, List<String> warnings) {
    List<CanFrame> queue = new ArrayList<>();
    List<CanFrame> out = new ArrayList<>();
    long maxTs = Long.MIN_VALUE;
    int read = 0;
    while (true) {
      boolean done = read == in.size();
      if (!queue.isEmpty()) {
        boolean ripe = done || queue.get(0).timestampNs <= maxTs - WINDOW;
        if (ripe || queue.size() >= capacity) {
          if (!ripe && warnings.isEmpty()) {
            warnings.add("overflow");
          }
          out.add(queue.remove(0));
          continue;
        }
      } else if (done) {
        return out;
      }
      CanFrame f = in.get(read++);
      int at = queue.size();
      while (at > 0 && queue.get(at - 1).timestampNs > f.timestampNs) {
        at--;
      }
      if (at == queue.size()) {
        maxTs = Math.max(maxTs, f.timestampNs);
      }
      queue.add(at, f);
    }
  }

  private static List<String> describe(List<CanFrame> frames) {
    java.util.HexFormat hex = java.util.HexFormat.of();
    return frames.stream()
        .map(
            f ->
                f.timestampNs
                    + " "
                    + f.bus
                    + " "
                    + f.id
                    + (f.extended ? "x" : "")
                    + (f.fd ? " fd" : "")
                    + (f.brs ? " brs" : "")
                    + (f.esi ? " esi" : "")
                    + " "
                    + f.kind
                    + " "
                    + f.direction
                    + " "
                    + f.dlc
                    + " "
                    + hex.formatHex(f.data, 0, f.length))
        .toList();
  }
}
