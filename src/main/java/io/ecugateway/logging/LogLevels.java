package io.ecugateway.logging;

import java.util.Map;

/**
 * Applies {@link LoggingConfig} to slf4j-simple, the gateway's log. slf4j-simple reads its {@code
 * org.slf4j.simpleLogger.*} system properties when a logger is first created, so this runs before
 * the first one (the {@code serve} command calls it right after loading the configuration).
 */
public final class LogLevels {
  static final String DEFAULT_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";
  static final String LOGGER_LEVEL_PREFIX = "org.slf4j.simpleLogger.log.";

  private LogLevels() {}

  public static void apply(LoggingConfig logging) {
    System.setProperty(DEFAULT_LEVEL, logging.level());
    for (Map.Entry<String, String> e : logging.levels().entrySet()) {
      System.setProperty(LOGGER_LEVEL_PREFIX + e.getKey(), e.getValue());
    }
  }
}
