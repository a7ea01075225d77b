package io.ecugateway.format;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Facts a log file states about itself. Well-known keys are constants; formats may add others.
 * Values are strings as found in the file (e.g. serial {@code 3EBDACA8}, firmware {@code
 * 01.04.02}).
 */
public final class LogMetadata {
  public static final String FORMAT = "format";
  public static final String DEVICE_SERIAL = "serial";
  public static final String FIRMWARE = "firmware";
  public static final String HARDWARE = "hardware";
  public static final String SESSION = "session";
  public static final String SPLIT = "split";

  /** Start time, nanoseconds since the Unix epoch, as a decimal string. */
  public static final String START_NS = "start_ns";

  public static final String COMMENT = "comment";

  private final Map<String, String> values = new LinkedHashMap<>();

  public LogMetadata put(String key, String value) {
    if (value != null) {
      values.put(key, value);
    }
    return this;
  }

  public String get(String key) {
    return values.get(key);
  }

  public Map<String, String> asMap() {
    return Collections.unmodifiableMap(values);
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
