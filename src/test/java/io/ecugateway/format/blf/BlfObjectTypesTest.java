package io.ecugateway.format.blf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.FrameKind;
import io.ecugateway.testing.PythonCan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The object kinds python-can reads but does not write (CAN_MESSAGE2, CAN_FD_MESSAGE_64, header
 * version 2, 10 µs timestamps), in files built here with objects spanning small containers: every
 * frame equals what the real python-can's reader returns. CAN_ERROR and CAN_OVERLOAD, which
 * python-can ignores, come out as error frames on their channel; global markers are skipped and
 * counted.
 */
class BlfObjectTypesTest {
  @TempDir Path dir;

  @Test
  void everyObjectTypeReadsAsPythonCanReadsIt() throws Exception {
    String python = PythonCan.python();
    assumeTrue(python != null, "python-can not installed (Debian package python3-can)");
    TestBlf blf = TestBlf.mixed(5000, 11);
    for (boolean zlib : new boolean[] {true, false}) {
      Path file = dir.resolve(zlib ? "mixed-zlib.blf" : "mixed-stored.blf");
      Files.write(file, blf.file(1000, zlib));
      PythonCan.dump(python, file);
      List<String> warnings = new ArrayList<>();
      List<CanFrame> ours = BlfFrames.read(Files.readAllBytes(file), "mixed.blf", warnings::add);
      assertEquals(List.of(), warnings);
      int next = 0;
      int markers = 0;
      try (PythonCan.Dump dump = new PythonCan.Dump(Path.of(file + ".jsonl"))) {
        for (int type : blf.types()) {
          if (type == TestBlf.GLOBAL_MARKER) {
            markers++;
            continue;
          }
          CanFrame f = ours.get(next++);
          if (type == CanObjects.CAN_ERROR || type == CanObjects.CAN_OVERLOAD) {
            assertEquals(FrameKind.ERROR, f.kind);
            assertEquals(0, f.length);
            assertTrue(f.bus.equals("can1") || f.bus.equals("can2"), f.bus);
            continue;
          }
          PythonCan.Message m = dump.next();
          String d = m.differences(f, "can" + (m.channel() + 1));
          if (!d.isEmpty()) {
            fail(file + " frame " + (next - 1) + " (type " + type + "): " + d);
          }
        }
        assertEquals(null, dump.next(), "python-can read more");
      }
      assertEquals(ours.size(), next, "we read more");
      assertTrue(markers > 100);
    }
  }

  @Test
  void skippedObjectsAreCounted() throws Exception {
    TestBlf blf = TestBlf.mixed(900, 3);
    long markers = blf.types().stream().filter(t -> t == TestBlf.GLOBAL_MARKER).count();
    var r =
        new BlfFormat()
            .open(
                io.ecugateway.format.LogSource.of(
                    "m.blf", new java.io.ByteArrayInputStream(blf.file(4096, true))),
                io.ecugateway.format.ReadOptions.defaults());
    CanFrame f = new CanFrame();
    long n = 0;
    while (r.next(f)) {
      n++;
    }
    r.close();
    assertEquals(900 - markers, n);
    assertEquals("type 96: " + markers, r.metadata().get("skipped_objects"));
    assertEquals("1583049600250000000", r.metadata().get("start_ns"));
  }
}
