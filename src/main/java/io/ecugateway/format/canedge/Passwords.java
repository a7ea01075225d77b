package io.ecugateway.format.canedge;

import java.util.Locale;
import java.util.Map;

/**
 * Password lookup as CSS tools do it with passwords.json: the device serial (8 hex digits), else
 * the {@code "default"} entry. Keys match case-insensitively.
 */
final class Passwords {
  static final String DEFAULT = "default";

  private Passwords() {}

  /** The password for {@code serial}, or null if neither it nor a default is configured. */
  static String find(Map<String, String> passwords, String serial) {
    String fallback = null;
    for (Map.Entry<String, String> e : passwords.entrySet()) {
      String key = e.getKey().trim().toUpperCase(Locale.ROOT);
      if (key.equals(serial.toUpperCase(Locale.ROOT)) && !e.getValue().isEmpty()) {
        return e.getValue();
      }
      if (key.equals(DEFAULT.toUpperCase(Locale.ROOT)) && !e.getValue().isEmpty()) {
        fallback = e.getValue();
      }
    }
    return fallback;
  }
}
