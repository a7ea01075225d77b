package io.ecugateway.server;

import java.util.List;

/** Range rules shared by the sections of the server and its features, worded alike. */
public final class ConfigChecks {
  private ConfigChecks() {}

  public static void atLeast(List<String> errors, String key, long value, long min) {
    if (value < min) {
      errors.add(key + " must be at least " + min + ", found " + value);
    }
  }

  public static void port(List<String> errors, String key, int port) {
    if (port < 0 || port > 65535) {
      errors.add(key + " must be 0..65535, found " + port);
    }
  }
}
