package io.ecugateway.format;

import io.ecugateway.frame.CanFrame;
import java.io.Closeable;
import java.io.IOException;

/**
 * A streaming reader over one log file. {@link #next(CanFrame)} fills the caller's reusable frame,
 * so a scan allocates nothing per frame. Recoverable problems (a truncated tail, a skipped bad
 * line) are reported to the {@link ReadOptions#warnings() warning sink} and reading goes on;
 * unrecoverable ones throw {@link FormatException} naming the file and offset.
 */
public interface FrameReader extends Closeable {

  /**
   * Reads the next frame into {@code frame}.
   *
   * @return false at the end of the input
   */
  boolean next(CanFrame frame) throws IOException;

  /** What the file says about itself: device serial, firmware, session, split, start time... */
  LogMetadata metadata();
}
