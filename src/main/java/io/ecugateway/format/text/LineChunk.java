package io.ecugateway.format.text;

import io.ecugateway.frame.CanFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A chunk of whole lines of a text log ({@link LineChunkReader} fills it), parsed on any thread
 * with a {@link LineParser}: the same line rules as {@link LineSource} and the same warnings as
 * {@link TextFrameReader}, but since the chunk does not know its first line's number, warnings are
 * kept with line numbers relative to the chunk and reported later, in chunk order, by {@link
 * #report}. Reused: nothing is allocated per frame; per chunk at most {@link
 * FileWarnings#MAX_WARNINGS} malformed lines are described (no file reports more), later ones are
 * counted.
 */
public final class LineChunk {
  private static final int MALFORMED = 0;
  private static final int WARN = 1;
  private static final int ONCE = 2;

  /** A warning at a line of the chunk (1-based); {@code text} or expected/found. */
  private record Event(int kind, int line, String text, String found) {}

  final byte[] data;
  int length;

  /** The chunk is one line longer than {@link #data}, skipped while reading: no bytes. */
  boolean longLine;

  private final LineCursor cursor = new LineCursor();
  private final List<Event> events = new ArrayList<>();
  private int lines;
  private int frames;
  private int described;
  private long undescribed;

  /**
   * @param capacity bytes, more than {@link LineSource#MAX_LINE}
   */
  public LineChunk(int capacity) {
    if (capacity <= LineSource.MAX_LINE) {
      throw new IllegalArgumentException("a chunk must hold a line of the longest allowed length");
    }
    data = new byte[capacity];
  }

  /**
   * Parses every line of the chunk, handing each frame to {@code sink} in {@code frame} (reused,
   * valid only during the call). Warnings wait for {@link #report}.
   */
  public void parse(LineParser parser, CanFrame frame, Consumer<CanFrame> sink) {
    events.clear();
    described = 0;
    undescribed = 0;
    frames = 0;
    if (longLine) {
      lines = 1;
      malformed(1, LineSource.LONG_LINE_EXPECTED, LineSource.LONG_LINE_FOUND);
      return;
    }
    byte[] b = data;
    int n = length;
    int p = 0;
    int line = 0;
    String lastNotice = null;
    while (p < n) {
      int nl = LineSource.indexOfNewline(b, p, n);
      boolean unterminated = nl < 0;
      int lineEnd = unterminated ? n : nl;
      int start = p;
      p = unterminated ? n : nl + 1;
      line++;
      if (lineEnd - start > LineSource.MAX_LINE) {
        if (describes()) {
          malformed(line, LineSource.LONG_LINE_EXPECTED, LineSource.LONG_LINE_FOUND);
        }
        continue;
      }
      cursor.reset(b, start, lineEnd > start && b[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd);
      if (unterminated && !cursor.restBlank()) {
        events.add(new Event(WARN, line, LineSource.UNTERMINATED, null));
        continue;
      }
      int r = parser.parse(cursor, frame);
      if (r == TextFrameReader.FRAME) {
        frames++;
        String notice = parser.notice();
        if (notice != null && notice != lastNotice) {
          lastNotice = notice;
          events.add(new Event(ONCE, line, notice, null));
        }
        sink.accept(frame);
      } else if (r == TextFrameReader.MALFORMED && describes()) {
        malformed(line, cursor.expected(), cursor.found());
      }
    }
    lines = line;
  }

  /** Whether the next malformed line is described, else it is only counted. */
  private boolean describes() {
    if (described < FileWarnings.MAX_WARNINGS) {
      return true;
    }
    undescribed++;
    return false;
  }

  private void malformed(int line, String expected, String found) {
    described++;
    events.add(new Event(MALFORMED, line, expected, found));
  }

  /**
   * Reports the warnings of the last {@link #parse} to {@code warnings}, the chunk starting at line
   * {@code firstLine} of its file. Call it for the chunks of a file in their order.
   */
  public void report(FileWarnings warnings, long firstLine) {
    long before = firstLine - 1;
    for (Event e : events) {
      switch (e.kind) {
        case MALFORMED -> warnings.malformed(before + e.line, e.text, e.found);
        case WARN -> warnings.warn(before + e.line, e.text);
        default -> warnings.once(before + e.line, e.text);
      }
    }
    warnings.countMalformed(undescribed);
  }

  /** Lines in the chunk (known after {@link #parse}). */
  public int lines() {
    return lines;
  }

  /** Frames the last {@link #parse} produced. */
  public int frames() {
    return frames;
  }
}
