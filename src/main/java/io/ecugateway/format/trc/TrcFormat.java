package io.ecugateway.format.trc;

import io.ecugateway.format.FormatRegistry;
import io.ecugateway.format.FrameFormat;
import io.ecugateway.format.FrameReader;
import io.ecugateway.format.LogSource;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.format.text.HeadLines;
import io.ecugateway.format.text.LineCursor;
import java.io.IOException;

/** PEAK-System PCAN trace files (.trc), versions 1.x and 2.x. */
public final class TrcFormat implements FrameFormat {
  public static final String NAME = "trc";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int order() {
    return 500;
  }

  /** {@code ;$FILEVERSION=} is decisive; otherwise ';' comments plus "N)" lines of 1.0. */
  @Override
  public int probe(byte[] head, int length, String fileName) {
    HeadLines lines = new HeadLines(head, length, length < FormatRegistry.PROBE_BYTES);
    LineCursor c = new LineCursor();
    int comments = 0;
    int numbered = 0;
    int other = 0;
    while (lines.next(c)) {
      c.skipBlanks();
      if (c.startsWith(";$FILEVERSION=") || c.startsWith(";$STARTTIME=")) {
        return 97;
      }
      if (c.accept(';')) {
        comments++;
      } else if (c.decimal(10) != LineCursor.NONE && c.accept(')')) {
        numbered++;
      } else if (!c.atEnd()) {
        other++;
      }
    }
    boolean hinted = HeadLines.hasExtension(fileName, ".trc");
    if (comments > 0 && numbered > 0 && other == 0) {
      return hinted ? 75 : 60;
    }
    return 0;
  }

  @Override
  public FrameReader open(LogSource source, ReadOptions options) throws IOException {
    return new TrcReader(source.name(), source.openStream(), options);
  }
}
