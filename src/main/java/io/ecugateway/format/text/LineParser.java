package io.ecugateway.format.text;

import io.ecugateway.frame.CanFrame;

/**
 * Parses one line of a text log into a frame, independently of the lines around it: a format whose
 * lines parse like this can be read in chunks of lines on several threads ({@link LineChunk}). One
 * instance per thread.
 */
public interface LineParser {
  /**
   * Parses {@code line} (without its line break) into {@code frame}.
   *
   * @return {@link TextFrameReader#FRAME}, {@link TextFrameReader#SKIP} or {@link
   *     TextFrameReader#MALFORMED} (via {@link LineCursor#fail})
   */
  int parse(LineCursor line, CanFrame frame);

  /**
   * After {@link TextFrameReader#FRAME}: a warning about the file that this line shows, reported
   * once per file at the first line showing it; null if there is none. Returns one of a few
   * constant strings.
   */
  default String notice() {
    return null;
  }
}
