package io.ecugateway.logging;

import java.util.List;
import java.util.Map;

/**
 * The {@code logging} section: the gateway's log (stderr, one line per event). Levels: {@code
 * trace}, {@code debug}, {@code info}, {@code warn}, {@code error}, {@code off}.
 *
 * @param level level of every logger not named in {@code levels}
 * @param levels logger or package name → its level, e.g. {@code io.ecugateway.ingest: debug}
 */
public record LoggingConfig(String level, Map<String, String> levels) {
  public static final LoggingConfig DEFAULTS = new LoggingConfig("info", Map.of());
  private static final List<String> LEVELS =
      List.of("trace", "debug", "info", "warn", "error", "off");

  public LoggingConfig {
    level = level == null ? DEFAULTS.level : level.trim().toLowerCase(java.util.Locale.ROOT);
    levels = levels == null ? Map.of() : lowerCaseValues(levels);
  }

  /** The rules about this section alone. */
  public void validate(List<String> errors) {
    check(errors, "logging.level", level);
    levels.forEach((logger, l) -> check(errors, "logging.levels." + logger, l));
  }

  private static void check(List<String> errors, String key, String level) {
    if (!LEVELS.contains(level)) {
      errors.add(key + " must be one of " + LEVELS + ", found '" + level + "'");
    }
  }

  private static Map<String, String> lowerCaseValues(Map<String, String> m) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, v == null ? "" : v.trim().toLowerCase(java.util.Locale.ROOT)));
    return java.util.Collections.unmodifiableMap(out);
  }
}
