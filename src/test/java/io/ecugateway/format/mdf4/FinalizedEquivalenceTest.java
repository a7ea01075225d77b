package io.ecugateway.format.mdf4;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ecugateway.format.FormatRegistry;
import io.ecugateway.format.FrameReader;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same recording as the logger wrote it (unfinalized, unsorted, VLSD records in the data
 * stream) and as CSS's finalizer rewrote it (finalized, sorted, one data group per channel group,
 * payloads in an SD block) gives identical frames.
 */
class FinalizedEquivalenceTest {

  @Test
  void unfinalizedAndFinalizedGiveIdenticalFrames() throws Exception {
    Path dir = SharedData.require("canedge/other/matlab-basics");
    List<String> unfinalized = frames(dir.resolve("00000014.MF4"));
    List<String> finalized = frames(dir.resolve("00000014_fin.MF4"));
    assertEquals(28721, unfinalized.size());
    assertEquals(unfinalized, finalized);
  }

  static List<String> frames(Path file) throws Exception {
    List<String> out = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    try (FrameReader r =
        FormatRegistry.open(file, ReadOptions.defaults().withWarnings(warnings::add))) {
      CanFrame f = new CanFrame();
      while (r.next(f)) {
        out.add(describe(f));
      }
    }
    assertEquals(List.of(), warnings);
    return out;
  }

  /** Every field of the frame, so any difference shows. */
  static String describe(CanFrame f) {
    return f + " dlc=" + f.dlc + " len=" + f.length + " brs=" + f.brs + " esi=" + f.esi;
  }
}
