package io.ecugateway.format.text;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The warnings of one text file, in line order: each names file and line; malformed lines are
 * reported one by one up to {@link #MAX_WARNINGS}, then only counted, so a wrong or binary file
 * cannot flood the sink. One policy for the sequential reader ({@link TextFrameReader}) and for
 * lines parsed in chunks on other threads ({@link LineChunk#report}), so both print the same.
 */
public final class FileWarnings {
  /** Detailed malformed-line warnings per file; later ones are only counted. */
  static final int MAX_WARNINGS = 50;

  private final String file;
  private final Consumer<String> sink;
  private final Set<String> reportedOnce = new HashSet<>();
  private long malformed;
  private boolean finished;

  public FileWarnings(String file, Consumer<String> sink) {
    this.file = file;
    this.sink = sink;
  }

  /** Reports a recoverable problem at {@code line} (not counted as malformed). */
  public void warn(long line, String message) {
    sink.accept(file + ":" + line + ": " + message);
  }

  /** Reports {@code message} at {@code line} unless it was reported for this file before. */
  public void once(long line, String message) {
    if (reportedOnce.add(message)) {
      warn(line, message);
    }
  }

  /** A line skipped as malformed: what the parser expected and what it found there. */
  public void malformed(long line, String expected, String found) {
    malformed++;
    if (malformed <= MAX_WARNINGS) {
      warn(line, "skipped line: expected " + expected + ", found " + found);
      if (malformed == MAX_WARNINGS) {
        sink.accept(file + ": further malformed lines are counted, not reported one by one");
      }
    }
  }

  /**
   * Counts {@code n} malformed lines without details: only valid once {@link #MAX_WARNINGS} lines
   * were reported, when details are no longer printed.
   */
  void countMalformed(long n) {
    if (n > 0 && malformed < MAX_WARNINGS) {
      throw new IllegalStateException("malformed lines counted before the detailed ones");
    }
    malformed += n;
  }

  /** At the end of the file: the total, if lines went unreported. Idempotent. */
  public void finish() {
    if (!finished) {
      finished = true;
      if (malformed > MAX_WARNINGS) {
        sink.accept(file + ": " + malformed + " malformed lines skipped in total");
      }
    }
  }

  /** Lines skipped as malformed so far. */
  public long malformedLines() {
    return malformed;
  }
}
