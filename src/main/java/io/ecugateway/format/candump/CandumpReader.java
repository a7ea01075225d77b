package io.ecugateway.format.candump;

import io.ecugateway.format.ReadOptions;
import io.ecugateway.format.text.BusNames;
import io.ecugateway.format.text.LineCursor;
import io.ecugateway.format.text.LineParser;
import io.ecugateway.format.text.TextFrameReader;
import io.ecugateway.frame.CanFrame;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * Streams frames from a candump log (see {@link CandumpLine} for the accepted line forms). Every
 * line stands on its own, so the lines can also be parsed in chunks on several threads.
 */
final class CandumpReader extends TextFrameReader {
  private final CandumpLine line = new CandumpLine(buses);

  CandumpReader(String file, InputStream in, ReadOptions options) {
    super(file, in, options, CandumpFormat.NAME);
  }

  @Override
  protected int parse(LineCursor c, CanFrame frame) {
    int r = line.parse(c, frame);
    if (r == FRAME && line.untimed) {
      warnings().once(lineNumber(), CandumpLine.UNTIMED);
    }
    return r;
  }

  @Override
  public Supplier<LineParser> independentLines() {
    return () -> new CandumpLine(new BusNames());
  }
}
