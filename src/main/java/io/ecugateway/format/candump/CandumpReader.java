package io.ecugateway.format.candump;

import io.ecugateway.format.ReadOptions;
import io.ecugateway.format.text.LineCursor;
import io.ecugateway.format.text.TextFrameReader;
import io.ecugateway.frame.CanFrame;
import java.io.InputStream;

/** Streams frames from a candump log (see {@link CandumpLine} for the accepted line forms). */
final class CandumpReader extends TextFrameReader {
  private final CandumpLine line = new CandumpLine(buses);
  private boolean untimedReported;

  CandumpReader(String file, InputStream in, ReadOptions options) {
    super(file, in, options, CandumpFormat.NAME);
  }

  @Override
  protected int parse(LineCursor c, CanFrame frame) {
    int r = line.parse(c, frame);
    if (r == FRAME && line.untimed && !untimedReported) {
      untimedReported = true;
      warn("this candump output has no timestamps (recorded without -t or -l); frames get time 0");
    }
    return r;
  }
}
