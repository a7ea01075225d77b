package io.ecugateway.format.text;

import io.ecugateway.format.FrameReader;
import io.ecugateway.format.LogMetadata;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.frame.CanFrame;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * Line-oriented reader skeleton for the text formats: feeds each line to {@link #parse}, skips
 * malformed lines with a warning naming file, line and what was expected ({@link FileWarnings} caps
 * their number so a wrong or binary file cannot flood the sink).
 */
public abstract class TextFrameReader implements FrameReader {
  /** {@link #parse} filled the frame. */
  public static final int FRAME = 1;

  /** {@link #parse} consumed a line that carries no frame (header, comment, event). */
  public static final int SKIP = 0;

  /** {@link #parse} found a line it cannot read; see {@link LineCursor#expected()}. */
  public static final int MALFORMED = -1;

  protected final String file;
  protected final ReadOptions options;
  protected final LogMetadata metadata = new LogMetadata();
  protected final BusNames buses = new BusNames();
  private final InputStream in;
  private final LineSource lines;
  private final LineCursor cursor = new LineCursor();
  private final FileWarnings warnings;

  protected TextFrameReader(String file, InputStream in, ReadOptions options, String format) {
    this.file = file;
    this.options = options;
    this.in = in;
    this.lines = new LineSource(in);
    this.warnings = new FileWarnings(file, options.warnings());
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
        warnings.malformed(
            lines.lineNumber(), LineSource.LONG_LINE_EXPECTED, LineSource.LONG_LINE_FOUND);
        continue;
      }
      cursor.reset(lines.buffer(), lines.start(), lines.end());
      if (lines.unterminated() && !cursor.restBlank()) {
        // a cut line can still parse (fewer data bytes, a shorter time): never trust it
        warn(LineSource.UNTERMINATED);
        continue;
      }
      int r = parse(cursor, frame);
      if (r == FRAME) {
        return true;
      }
      if (r == MALFORMED) {
        warnings.malformed(lines.lineNumber(), cursor.expected(), cursor.found());
      }
    }
    warnings.finish();
    return false;
  }

  /** Number of the line parsed last (1-based). */
  protected long lineNumber() {
    return lines.lineNumber();
  }

  /** Reports a recoverable problem at the current line (not counted as malformed). */
  protected void warn(String message) {
    warnings.warn(lines.lineNumber(), message);
  }

  /** Lines skipped as malformed so far. */
  public long malformedLines() {
    return warnings.malformedLines();
  }

  /**
   * Parsers for this format's lines on other threads if every line parses on its own ({@link
   * LineParser}), so that chunks of lines can be parsed in parallel; null (the default) when a
   * line's meaning depends on earlier ones (headers, base time, column layout).
   */
  public Supplier<LineParser> independentLines() {
    return null;
  }

  /**
   * The input as chunks of whole lines, for {@link #independentLines()} parsers; the warnings of
   * those lines go to {@link #warnings()}. Call it before the first {@link #next}, and then never
   * call {@link #next}.
   */
  public LineChunkReader chunks() {
    return new LineChunkReader(in);
  }

  /** Where this file's warnings go, in line order. */
  public FileWarnings warnings() {
    return warnings;
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
