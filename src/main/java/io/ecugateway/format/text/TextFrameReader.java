package io.ecugateway.format.text;

import io.ecugateway.format.FrameReader;
import io.ecugateway.format.LogMetadata;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.frame.CanFrame;
import java.io.IOException;
import java.io.InputStream;

/**
 * Line-oriented reader skeleton for the text formats: feeds each line to {@link #parse}, skips
 * malformed lines with a warning naming file, line and what was expected, and caps the number of
 * warnings so a wrong or binary file cannot flood the sink.
 */
public abstract class TextFrameReader implements FrameReader {
  /** {@link #parse} filled the frame. */
  public static final int FRAME = 1;

  /** {@link #parse} consumed a line that carries no frame (header, comment, event). */
  public static final int SKIP = 0;

  /** {@link #parse} found a line it cannot read; see {@link LineCursor#expected()}. */
  public static final int MALFORMED = -1;

  /** Detailed warnings per file; later ones are only counted. */
  static final int MAX_WARNINGS = 50;

  protected final String file;
  protected final ReadOptions options;
  protected final LogMetadata metadata = new LogMetadata();
  protected final BusNames buses = new BusNames();
  private final LineSource lines;
  private final LineCursor cursor = new LineCursor();
  private long malformed;
  private boolean finished;

  protected TextFrameReader(String file, InputStream in, ReadOptions options, String format) {
    this.file = file;
    this.options = options;
    this.lines = new LineSource(in);
    metadata.put(LogMetadata.FORMAT, format);
  }

  /**
   * Parses one line (without its line break) into {@code frame}.
   *
   * @return {@link #FRAME}, {@link #SKIP} or {@link #MALFORMED} (via {@link LineCursor#fail})
   */
  protected abstract int parse(LineCursor line, CanFrame frame) throws IOException;

  @Override
  public final boolean next(CanFrame frame) throws IOException {
    while (lines.next()) {
      if (lines.tooLong()) {
        malformed("a line of at most " + LineSource.MAX_LINE + " bytes", "a longer line");
        continue;
      }
      cursor.reset(lines.buffer(), lines.start(), lines.end());
      if (lines.unterminated() && !cursor.restBlank()) {
        // a cut line can still parse (fewer data bytes, a shorter time): never trust it
        warn("skipped the last line: it has no line break, the file looks truncated");
        continue;
      }
      int r = parse(cursor, frame);
      if (r == FRAME) {
        return true;
      }
      if (r == MALFORMED) {
        malformed(cursor.expected(), cursor.found());
      }
    }
    finish();
    return false;
  }

  /** Number of the line parsed last (1-based). */
  protected long lineNumber() {
    return lines.lineNumber();
  }

  /** Reports a recoverable problem at the current line (not counted as malformed). */
  protected void warn(String message) {
    options.warnings().accept(file + ":" + lines.lineNumber() + ": " + message);
  }

  private void malformed(String expected, String found) {
    malformed++;
    if (malformed <= MAX_WARNINGS) {
      warn("skipped line: expected " + expected + ", found " + found);
      if (malformed == MAX_WARNINGS) {
        options
            .warnings()
            .accept(file + ": further malformed lines are counted, not reported one by one");
      }
    }
  }

  private void finish() {
    if (!finished) {
      finished = true;
      if (malformed > MAX_WARNINGS) {
        options.warnings().accept(file + ": " + malformed + " malformed lines skipped in total");
      }
    }
  }

  /** Lines skipped as malformed so far. */
  public long malformedLines() {
    return malformed;
  }

  @Override
  public LogMetadata metadata() {
    return metadata;
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
