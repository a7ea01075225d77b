package io.ecugateway.format.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Which lines are too long does not depend on how the stream delivers its bytes. */
class LineSourceTest {

  @Test
  void tooLongMeansLongerThanTheLimitWhateverTheReadSizes() throws Exception {
    int max = LineSource.MAX_LINE;
    String text =
        "a".repeat(max)
            + "\n"
            + "b".repeat(max + 1)
            + "\n"
            + "c".repeat(max - 1)
            + "\r\n"
            + "d".repeat(max)
            + "\r\n"
            + "e".repeat(3 * max)
            + "\nshort\n"
            + "f".repeat(max + 1);
    List<String> expected =
        List.of("1:" + max, "2:long", "3:" + (max - 1), "4:long", "5:long", "6:5", "7:long");
    Random rnd = new Random(3);
    for (int round = 0; round < 50; round++) {
      assertEquals(expected, lines(text, round == 0 ? null : rnd), "round " + round);
    }
  }

  private static List<String> lines(String text, Random reads) throws Exception {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    InputStream in =
        new ByteArrayInputStream(bytes) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, reads == null ? len : Math.min(len, 1 + reads.nextInt(9000)));
          }
        };
    List<String> out = new ArrayList<>();
    LineSource lines = new LineSource(in);
    while (lines.next()) {
      out.add(lines.lineNumber() + ":" + (lines.tooLong() ? "long" : lines.end() - lines.start()));
    }
    return out;
  }
}
