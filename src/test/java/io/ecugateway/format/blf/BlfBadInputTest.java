package io.ecugateway.format.blf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.format.FormatException;
import io.ecugateway.frame.CanFrame;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Damaged BLF files: cut anywhere, a corrupt container, an object whose length points past the end,
 * zip bombs. Each reads every frame complete before the damage, unchanged, then stops with one
 * warning naming the file and offset; a cut inside the file header is an error. Bombs are read with
 * a fixed amount of memory.
 */
class BlfBadInputTest {
  private static final TestBlf MIXED = TestBlf.mixed(2000, 5);

  @Test
  void cutAnywhereYieldsTheFramesBeforeTheCutAndAWarning() throws Exception {
    for (boolean zlib : new boolean[] {true, false}) {
      byte[] file = MIXED.file(4096, zlib);
      List<CanFrame> all = BlfFrames.read(file, "full.blf", w -> fail(w));
      Random rnd = new Random(zlib ? 1 : 2);
      for (int i = 0; i < 40; i++) {
        int cut = 144 + rnd.nextInt(file.length - 144);
        List<String> warnings = new ArrayList<>();
        List<CanFrame> got = BlfFrames.read(Arrays.copyOf(file, cut), "cut.blf", warnings::add);
        assertPrefix(all, got, "cut at " + cut);
        assertTrue(got.size() < all.size(), "cut at " + cut);
        assertEquals(1, warnings.size(), "cut at " + cut + ": " + warnings);
        assertTrue(warnings.get(0).startsWith("cut.blf: "), warnings.get(0));
        assertTrue(warnings.get(0).contains("offset "), warnings.get(0));
      }
    }
  }

  @Test
  void cutInsideTheFileHeaderIsAnError() {
    byte[] file = MIXED.file(4096, true);
    for (int cut : new int[] {0, 3, 40, 71, 100, 143}) {
      byte[] head = Arrays.copyOf(file, cut);
      FormatException e =
          assertThrows(FormatException.class, () -> BlfFrames.read(head, "head.blf", w -> {}));
      assertTrue(e.getMessage().startsWith("head.blf: "), e.getMessage());
    }
  }

  @Test
  void corruptZlibContainerStopsThereWithItsOffset() throws Exception {
    byte[] file = MIXED.file(4096, true);
    List<Integer> containers = containerOffsets(file);
    int third = containers.get(2);
    byte[] bad = file.clone();
    for (int i = third + 40; i < third + 200; i++) {
      bad[i] = (byte) 0xFF;
    }
    List<CanFrame> all = BlfFrames.read(file, "full.blf", w -> fail(w));
    List<String> warnings = new ArrayList<>();
    List<CanFrame> got = BlfFrames.read(bad, "bad.blf", warnings::add);
    int before = objectsEndingBefore(2 * 4096);
    assertTrue(got.size() >= before, got.size() + " < " + before);
    assertPrefix(all, got.subList(0, before), "before the corrupt container");
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(
        warnings.get(0).startsWith("bad.blf: container at offset " + third + " "), warnings.get(0));
  }

  @Test
  void brokenObjectHeaderInAStoredContainerStopsThere() throws Exception {
    byte[] file = MIXED.file(1 << 20, false);
    int k = 700;
    int at = 144 + 32 + MIXED.objectEnds().get(k - 1).intValue();
    assertEquals('L', file[at]);
    file[at] = 'X';
    List<String> warnings = new ArrayList<>();
    List<CanFrame> got = BlfFrames.read(file, "bad.blf", warnings::add);
    assertEquals(framesIn(k), got.size());
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(
        warnings.get(0).contains("expected an object header starting LOBJ"), warnings.get(0));
  }

  @Test
  void objectLengthPastTheEndIsAWarning() throws Exception {
    int last = MIXED.types().size() - 1;
    while (!CanObjects.isCan(MIXED.types().get(last))) {
      last--;
    }
    for (long size : new long[] {4000, 0x7FFF_FFF0L, 0xFFFF_FFFFL}) {
      byte[] file = MIXED.file(1 << 20, false);
      int at = 144 + 32 + MIXED.objectEnds().get(last - 1).intValue();
      ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(at + 8, (int) size);
      List<String> warnings = new ArrayList<>();
      List<CanFrame> got = BlfFrames.read(file, "long.blf", warnings::add);
      assertEquals(framesIn(last), got.size(), "size " + size);
      assertEquals(1, warnings.size(), warnings.toString());
      assertTrue(warnings.get(0).startsWith("long.blf: container at offset 144"), warnings.get(0));
    }
    byte[] file = MIXED.file(1 << 20, false);
    ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(144 + 8, 0x7FFF_FFF0);
    List<String> warnings = new ArrayList<>();
    List<CanFrame> got = BlfFrames.read(file, "long.blf", warnings::add);
    assertEquals(framesIn(MIXED.types().size()), got.size());
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("cut"), warnings.get(0));
  }

  /**
   * A container declaring 4 KiB that inflates to 64 MiB, and one declaring 4 GiB whose payload
   * after its objects is 64 MiB of zeros: the frames before are read, reading stops at the bomb
   * with its offset, and the read allocates under 2 MiB.
   */
  @Test
  void zipBombsStopWithTheirOffsetInBoundedMemory() throws Exception {
    byte[] objects = TestBlf.mixed(60, 9).innerBytes();
    byte[] payload = Arrays.copyOf(objects, objects.length + (64 << 20));
    byte[] compressed = TestBlf.deflate(payload);
    for (long declared : new long[] {objects.length, 0xFFFF_FFFFL}) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(TestBlf.header(2020, 3, 1, 8, 0, 0, 250));
      out.writeBytes(TestBlf.container(compressed, true, declared));
      List<String> warnings = new ArrayList<>();
      com.sun.management.ThreadMXBean mx =
          (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      byte[] file = out.toByteArray();
      long before = mx.getCurrentThreadAllocatedBytes();
      List<CanFrame> got = BlfFrames.read(file, "bomb.blf", warnings::add);
      long allocated = mx.getCurrentThreadAllocatedBytes() - before;
      assertEquals(BlfFrames.read(objectsFile(objects), "ok.blf", w -> fail(w)).size(), got.size());
      assertEquals(1, warnings.size(), warnings.toString());
      assertTrue(warnings.get(0).startsWith("bomb.blf: container at offset 144"), warnings.get(0));
      if (declared == objects.length) {
        assertTrue(warnings.get(0).contains("inflates beyond its declared"), warnings.get(0));
      }
      assertTrue(allocated < 2 << 20, allocated + " bytes allocated");
    }
  }

  private static byte[] objectsFile(byte[] objects) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(TestBlf.header(2020, 3, 1, 8, 0, 0, 250));
    out.writeBytes(TestBlf.container(objects, false, objects.length));
    return out.toByteArray();
  }

  /** Frames the first {@code objects} objects of {@link #MIXED} yield (markers yield none). */
  private static int framesIn(int objects) {
    int n = 0;
    for (int i = 0; i < objects; i++) {
      n += CanObjects.isCan(MIXED.types().get(i)) ? 1 : 0;
    }
    return n;
  }

  private static int objectsEndingBefore(long innerOffset) {
    int k = 0;
    while (MIXED.objectEnds().get(k) <= innerOffset) {
      k++;
    }
    return framesIn(k);
  }

  private static List<Integer> containerOffsets(byte[] file) {
    List<Integer> offsets = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    for (int at = 144; at < file.length; ) {
      offsets.add(at);
      int size = b.getInt(at + 8);
      at += size + size % 4;
    }
    return offsets;
  }

  private static void assertPrefix(List<CanFrame> all, List<CanFrame> got, String what) {
    assertFalse(got.size() > all.size(), what);
    for (int i = 0; i < got.size(); i++) {
      assertTrue(BlfFrames.same(all.get(i), got.get(i)), what + ": frame " + i);
    }
  }

  private static void fail(String warning) {
    throw new AssertionError("unexpected warning: " + warning);
  }
}
