package io.ecugateway.format.blf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.format.FrameReader;
import io.ecugateway.format.LogSource;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.frame.CanFrame;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Reading allocates nothing per frame, zlib or stored: the bytes allocated between frame 20 000 and
 * 80 000 (after the first containers) stay far below one byte per frame.
 */
class BlfAllocationTest {

  @Test
  void readAllocatesNothingPerFrame() throws Exception {
    TestBlf blf = TestBlf.mixed(100_000, 4);
    for (boolean zlib : new boolean[] {true, false}) {
      byte[] file = blf.file(128 * 1024, zlib);
      com.sun.management.ThreadMXBean mx =
          (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long perFrame = Long.MAX_VALUE;
      for (int round = 0; round < 3; round++) { // later rounds run JIT-compiled code
        try (FrameReader r =
            new BlfFormat()
                .open(
                    LogSource.of("alloc.blf", new ByteArrayInputStream(file)),
                    ReadOptions.defaults().withWarnings(w -> {}))) {
          CanFrame f = new CanFrame();
          long before = 0;
          for (int i = 0; i < 80_000 && r.next(f); i++) {
            if (i == 20_000) {
              before = mx.getCurrentThreadAllocatedBytes();
            }
          }
          perFrame = Math.min(perFrame, (mx.getCurrentThreadAllocatedBytes() - before) / 60_000);
        }
      }
      long result = perFrame;
      assertTrue(result < 1, () -> result + " bytes allocated per frame, zlib " + zlib);
    }
  }
}
