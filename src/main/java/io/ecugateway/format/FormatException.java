package io.ecugateway.format;

import java.io.IOException;

/**
 * An input that cannot be read any further: names the file, the byte offset (or line) and what was
 * expected versus found, e.g. {@code 00000001.MF4: offset 0x1A40: expected block ##DG, found ##XX}.
 */
public class FormatException extends IOException {
  private final String file;
  private final long position;

  public FormatException(String file, long position, String message) {
    this(file, position, message, null);
  }

  public FormatException(String file, long position, String message, Throwable cause) {
    super(file + ": " + (position >= 0 ? "offset " + position + ": " : "") + message, cause);
    this.file = file;
    this.position = position;
  }

  public String file() {
    return file;
  }

  /** Byte offset (or line number for text formats, see the message); -1 when not applicable. */
  public long position() {
    return position;
  }
}
