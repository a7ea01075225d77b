package io.ecugateway.format.asc;

import io.ecugateway.format.FormatRegistry;
import io.ecugateway.format.FrameFormat;
import io.ecugateway.format.FrameReader;
import io.ecugateway.format.LogSource;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.format.text.HeadLines;
import io.ecugateway.format.text.LineCursor;
import java.io.IOException;

/** Vector ASC (CANalyzer/CANoe ASCII log), classic CAN and CAN FD. */
public final class AscFormat implements FrameFormat {
  public static final String NAME = "asc";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int order() {
    return 400;
  }

  /** The header lines ({@code date}, {@code base hex|dec}, {@code Begin Triggerblock}) decide. */
  @Override
  public int probe(byte[] head, int length, String fileName) {
    HeadLines lines = new HeadLines(head, length, length < FormatRegistry.PROBE_BYTES);
    LineCursor c = new LineCursor();
    boolean date = false;
    boolean base = false;
    boolean trigger = false;
    while (lines.next(c)) {
      c.skipBlanks();
      if (c.acceptWord("date")) {
        date = true;
      } else if (c.acceptWord("base")) {
        c.skipBlanks();
        base |= c.acceptWord("hex") || c.acceptWord("dec");
      } else if (c.acceptWord("Begin")) {
        c.skipBlanks();
        trigger |= c.acceptWord("Triggerblock");
      }
    }
    int score = base && (date || trigger) ? 95 : base || trigger ? 60 : 0;
    return score > 0 && HeadLines.hasExtension(fileName, ".asc") ? score + 3 : score;
  }

  @Override
  public FrameReader open(LogSource source, ReadOptions options) throws IOException {
    return new AscReader(source.name(), source.openStream(), options);
  }
}
