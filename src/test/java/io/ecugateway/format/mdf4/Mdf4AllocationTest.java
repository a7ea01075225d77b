package io.ecugateway.format.mdf4;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.format.ReadOptions;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.testing.SharedData;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The record scan allocates nothing per frame: the bytes allocated between frame 40 000 and 80 000
 * of a real file (after the windows have grown) stay far below one byte per frame. Covers the
 * unsorted VLSD look-ahead and the reorder window.
 */
class Mdf4AllocationTest {

  @Test
  void scanAllocatesNothingPerFrame() throws Exception {
    byte[] file =
        Files.readAllBytes(
            SharedData.require("canedge/LOG/94C49784/00000005/00000017-6099D010.MF4"));
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long perFrame = Long.MAX_VALUE;
    for (int round = 0; round < 3; round++) { // later rounds run JIT-compiled code
      try (Mdf4Reader r =
          Mdf4Reader.open(
              new ArrayByteInput("alloc.MF4", file, file.length),
              ReadOptions.defaults().withWarnings(w -> {}))) {
        CanFrame f = new CanFrame();
        long before = 0;
        for (int i = 0; i < 80_000 && r.next(f); i++) {
          if (i == 40_000) {
            before = mx.getCurrentThreadAllocatedBytes();
          }
        }
        perFrame = Math.min(perFrame, (mx.getCurrentThreadAllocatedBytes() - before) / 40_000);
      }
    }
    long result = perFrame;
    assertTrue(result < 1, () -> result + " bytes allocated per frame");
  }
}
