package io.ecugateway.server;

import java.util.List;

/**
 * The {@code shutdown} section.
 *
 * @param drainSeconds how long a stop waits for in-flight uploads and decodes
 */
public record ShutdownConfig(int drainSeconds) {
  public static final ShutdownConfig DEFAULTS = new ShutdownConfig(30);

  /** The rules about this section alone. */
  public void validate(List<String> errors) {
    if (drainSeconds < 0) {
      errors.add("shutdown.drainSeconds must be >= 0");
    }
  }
}
