package io.ecugateway.format.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.format.FrameFormat;
import io.ecugateway.format.FrameWriter;
import io.ecugateway.format.asc.AscFormat;
import io.ecugateway.format.asc.AscWriter;
import io.ecugateway.format.candump.CandumpFormat;
import io.ecugateway.format.candump.CandumpWriter;
import io.ecugateway.format.csv.CsvFormat;
import io.ecugateway.format.csv.CsvWriter;
import io.ecugateway.format.trc.TrcFormat;
import io.ecugateway.format.trc.TrcWriter;
import io.ecugateway.frame.CanFrame;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A log cut at any byte yields exactly the frames of its complete lines, never a frame from the cut
 * line (which could parse with fewer data bytes), and a warning when a line was cut.
 */
class TruncationTest {
  private static void check(FrameFormat format, Function<OutputStream, FrameWriter> writer)
      throws IOException {
    CanFrame[] frames = SampleLogs.frames(12, 5);
    String full = new String(SampleLogs.write(writer, frames), StandardCharsets.ISO_8859_1);
    List<String> expectedAll = Frames.describe(Frames.read(format, full, null));
    for (int cut = 0; cut <= full.length(); cut++) {
      String text = full.substring(0, cut);
      int lastBreak = text.lastIndexOf('\n') + 1;
      List<String> warnings = new ArrayList<>();
      List<String> got = Frames.describe(Frames.read(format, text, warnings));
      List<String> complete =
          Frames.describe(Frames.read(format, text.substring(0, lastBreak), null));
      assertEquals(complete, got, format.name() + " cut at " + cut);
      assertEquals(expectedAll.subList(0, got.size()), got, format.name() + " cut at " + cut);
      if (!text.substring(lastBreak).isBlank()) {
        assertTrue(
            warnings.stream().anyMatch(w -> w.contains("truncated")),
            format.name() + " cut at " + cut + ": " + warnings);
      }
    }
  }

  @Test
  void candump() throws IOException {
    check(new CandumpFormat(), CandumpWriter::new);
  }

  @Test
  void asc() throws IOException {
    check(new AscFormat(), AscWriter::new);
  }

  @Test
  void trc() throws IOException {
    check(new TrcFormat(), TrcWriter::new);
  }

  @Test
  void csv() throws IOException {
    check(
        new CsvFormat(),
        o -> {
          try {
            return new CsvWriter(o, true);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
