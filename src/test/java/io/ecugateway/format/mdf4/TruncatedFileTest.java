package io.ecugateway.format.mdf4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.format.FormatException;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.testing.SharedData;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A real file cut at many offsets yields every frame whose records are complete before the cut,
 * unchanged, plus a warning when the cut splits a record. The oracle: in this file (fw 01.02,
 * unsorted, CAN only, in time order) each frame is a 1+22-byte CAN_DataFrame record followed by a
 * 1+4+n-byte VLSD record, so frame k ends at a known offset.
 */
class TruncatedFileTest {

  @Test
  void cutAtManyOffsetsYieldsEveryCompleteFramePlusAWarning() throws Exception {
    byte[] file =
        Files.readAllBytes(
            SharedData.require("canedge/LOG/0D2C6546/00000027/00000002-5EF3CA81.MF4"));
    List<CanFrame> all;
    try (Mdf4Reader r = MdfBytes.open(file, file.length, "full.MF4", w -> {})) {
      all = MdfBytes.readAll(r);
    }
    long dataStart = MdfBytes.dataOf(file, MdfBytes.link(file, MdfBytes.firstDg(file), 2));
    long[] frameEnd = new long[all.size()];
    long at = dataStart;
    for (int k = 0; k < all.size(); k++) {
      at += 1 + 22 + 1 + 4 + all.get(k).length;
      frameEnd[k] = at;
    }
    assertEquals(file.length, at, "oracle accounts for every data byte");

    Random rnd = new Random(42);
    List<Integer> cuts = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      cuts.add((int) (dataStart + rnd.nextInt((int) (file.length - dataStart))));
    }
    for (int i = 0; i < 6; i++) {
      int k = rnd.nextInt(all.size());
      cuts.add((int) frameEnd[k]); // exactly after a frame's VLSD record
      cuts.add((int) frameEnd[k] - 1); // one byte short
      cuts.add((int) (frameEnd[k] - 5 - all.get(k).length)); // after the fixed record only
    }
    for (int cut : cuts) {
      int complete = 0;
      while (complete < frameEnd.length && frameEnd[complete] <= cut) {
        complete++;
      }
      boolean atBoundary = cut == dataStart || (complete > 0 && frameEnd[complete - 1] == cut);
      List<String> warnings = new ArrayList<>();
      int got = 0;
      try (Mdf4Reader r = MdfBytes.open(file, cut, "cut.MF4", warnings::add)) {
        CanFrame f = new CanFrame();
        while (r.next(f)) {
          assertTrue(got < complete && same(all.get(got), f), "frame " + got + ", cut at " + cut);
          got++;
        }
      }
      assertEquals(complete, got, "frames before cut at " + cut);
      if (atBoundary) {
        assertEquals(List.of(), warnings, "cut at a record boundary " + cut);
      } else {
        assertFalse(warnings.isEmpty(), "warning for cut at " + cut);
        assertTrue(warnings.get(0).startsWith("cut.MF4: "), warnings.get(0));
      }
    }
  }

  @Test
  void cutInsideMetadataIsAClearError() throws Exception {
    byte[] file =
        Files.readAllBytes(
            SharedData.require("canedge/LOG/0D2C6546/00000027/00000002-5EF3CA81.MF4"));
    long dataStart = MdfBytes.dataOf(file, MdfBytes.link(file, MdfBytes.firstDg(file), 2));
    for (int cut = 0; cut < dataStart; cut += 97) {
      try (Mdf4Reader r = MdfBytes.open(file, cut, "cut.MF4", w -> {})) {
        assertEquals(List.of(), MdfBytes.readAll(r), "cut at " + cut);
      } catch (FormatException e) {
        assertTrue(e.getMessage().startsWith("cut.MF4: "), e.getMessage());
      }
    }
  }

  private static boolean same(CanFrame a, CanFrame b) {
    return a.timestampNs == b.timestampNs
        && a.id == b.id
        && a.bus.equals(b.bus)
        && a.extended == b.extended
        && a.direction == b.direction
        && a.kind == b.kind
        && a.dlc == b.dlc
        && Arrays.equals(a.data, 0, a.length, b.data, 0, b.length);
  }
}
