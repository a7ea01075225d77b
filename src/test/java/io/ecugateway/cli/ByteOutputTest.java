package io.ecugateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Number and timestamp formatting against the JDK's, and both buffer modes. */
class ByteOutputTest {

  private static String format(Consumer<ByteOutput> write) {
    ByteOutput out = ByteOutput.inMemory(16);
    out.ensure(ByteOutput.MAX_NUMBER);
    write.accept(out);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      out.drainTo(Channels.newChannel(bytes));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    return bytes.toString(StandardCharsets.US_ASCII);
  }

  /** Values of every magnitude: random bits shifted so each digit count shows up often. */
  private static long anyMagnitude(Random rnd) {
    return rnd.nextLong() >> rnd.nextInt(64);
  }

  @Test
  void longsMatchLongToString() {
    long[] edges = {
      0,
      9,
      10,
      99,
      100,
      999_999_999,
      1_000_000_000,
      Integer.MAX_VALUE,
      Integer.MAX_VALUE + 1L,
      Integer.MIN_VALUE,
      999_999_999_999_999_999L,
      1_000_000_000_000_000_000L,
      Long.MAX_VALUE,
      Long.MIN_VALUE,
      Long.MIN_VALUE + 1,
      -1
    };
    for (long v : edges) {
      assertEquals(Long.toString(v), format(o -> o.putLong(v)));
      assertEquals(Long.toUnsignedString(v), format(o -> o.putUnsignedLong(v)));
    }
    Random rnd = new Random(7);
    for (int i = 0; i < 1_000_000; i++) {
      long v = anyMagnitude(rnd);
      assertEquals(Long.toString(v), format(o -> o.putLong(v)));
      assertEquals(Long.toUnsignedString(v), format(o -> o.putUnsignedLong(v)));
    }
  }

  @Test
  void timestampsPrintMicrosOrNanos() {
    assertEquals("1600000000.123456", format(o -> o.putTimestamp(1_600_000_000_123_456_000L)));
    assertEquals("1600000000.123456789", format(o -> o.putTimestamp(1_600_000_000_123_456_789L)));
    assertEquals("0.000000", format(o -> o.putTimestamp(0)));
    assertEquals("-1.999999", format(o -> o.putTimestamp(-1_000)));
    Random rnd = new Random(11);
    ByteOutput shared = ByteOutput.inMemory(64);
    for (int i = 0; i < 300_000; i++) {
      long ns =
          switch (i % 3) {
            case 0 -> anyMagnitude(rnd);
            case 1 ->
                1_600_000_000_000_000_000L
                    + rnd.nextInt(5) * 1_000_000_000L
                    + rnd.nextInt(1_000_000) * 1000L;
            default -> rnd.nextLong(1L << 62) / 1000 * 1000;
          };
      String expected = reference(ns);
      assertEquals(expected, format(o -> o.putTimestamp(ns)));
      // the cached seconds of the previous frame must not leak into the next one
      shared.clear();
      shared.ensure(ByteOutput.MAX_NUMBER);
      shared.putTimestamp(ns);
      assertEquals(expected.length(), shared.size(), expected);
    }
  }

  /** What the JSONL writer printed before its fast formatting: floor seconds, 6 or 9 decimals. */
  private static String reference(long ns) {
    long sec = Math.floorDiv(ns, 1_000_000_000L);
    long frac = Math.floorMod(ns, 1_000_000_000L);
    return frac % 1000 == 0
        ? sec + "." + String.format("%06d", frac / 1000)
        : sec + "." + String.format("%09d", frac);
  }

  @Test
  void channelModeDrainsFullBuffersInOrderAndMemoryModeGrows() throws Exception {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    StringBuilder expected = new StringBuilder();
    try (ByteOutput out = ByteOutput.toChannel(Channels.newChannel(sink), 256)) {
      ByteOutput batch = ByteOutput.inMemory(128);
      for (int i = 0; i < 5000; i++) {
        ByteOutput target = i % 7 == 0 ? batch : out;
        target.ensure(ByteOutput.MAX_NUMBER + 1);
        target.putLong(i * 7919L);
        target.put((byte) ',');
        if (i % 500 == 499) {
          out.append(batch);
        }
      }
      out.append(batch);
      out.write(new byte[1000]); // longer than the buffer
    }
    // rebuild the order the pieces were written in
    StringBuilder pending = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      if (i % 7 == 0) {
        pending.append(i * 7919L).append(',');
      } else {
        expected.append(i * 7919L).append(',');
      }
      if (i % 500 == 499) {
        expected.append(pending);
        pending.setLength(0);
      }
    }
    expected.append(pending).append("\0".repeat(1000));
    assertEquals(expected.toString(), sink.toString(StandardCharsets.ISO_8859_1));
  }
}
