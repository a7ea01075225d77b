package io.ecugateway.format.candump;

import io.ecugateway.format.FormatRegistry;
import io.ecugateway.format.FrameFormat;
import io.ecugateway.format.FrameReader;
import io.ecugateway.format.LogSource;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.format.text.BusNames;
import io.ecugateway.format.text.HeadLines;
import io.ecugateway.format.text.LineCursor;
import io.ecugateway.format.text.TextFrameReader;
import io.ecugateway.frame.CanFrame;
import java.io.IOException;

/** Linux can-utils {@code candump} output: the {@code -l} log format and the screen format. */
public final class CandumpFormat implements FrameFormat {
  public static final String NAME = "candump";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int order() {
    return 300;
  }

  /**
   * Parses the first lines: all lines frames → confident (log form more than screen form, whose
   * shape is less distinctive); an extension {@code .log}/{@code .candump} only tips the balance.
   */
  @Override
  public int probe(byte[] head, int length, String fileName) {
    boolean hinted = HeadLines.hasExtension(fileName, ".log", ".candump");
    HeadLines lines = new HeadLines(head, length, length < FormatRegistry.PROBE_BYTES);
    CandumpLine parser = new CandumpLine(new BusNames());
    LineCursor c = new LineCursor();
    CanFrame f = new CanFrame();
    int frames = 0;
    int bad = 0;
    boolean compact = false;
    while (lines.next(c)) {
      if (c.restBlank()) {
        continue;
      }
      int r = parser.parse(c, f);
      if (r == TextFrameReader.FRAME) {
        frames++;
        compact |= parser.compact;
      } else if (r == TextFrameReader.MALFORMED) {
        bad++;
      }
    }
    int score;
    if (frames == 0) {
      score = hinted && bad == 0 ? 25 : 0;
    } else if (bad == 0) {
      score = compact ? 90 : 70;
    } else {
      score = frames > 4 * bad ? 50 : 0;
    }
    return score == 0 ? 0 : score + (hinted ? 5 : 0);
  }

  @Override
  public FrameReader open(LogSource source, ReadOptions options) throws IOException {
    return new CandumpReader(source.name(), source.openStream(), options);
  }
}
