package io.ecugateway.catalog;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code decode} section: which DBC files decode which device, and the limits of decoding.
 *
 * @param dbcDir directory of DBC files ({@code canN-<name>.dbc} binds a file to bus canN)
 * @param defaultDbcs files (or {@code *} for all in dbcDir) used for devices not in deviceDbcs
 * @param deviceDbcs device id → files used for that device instead of the default set
 * @param reloadSeconds how often dbcDir is checked for changed files (0 = never)
 * @param workers uploads decoded at the same time (each on its own virtual threads)
 * @param blockingThreads bound on other blocking work (file moves, queries) running at once
 * @param passwords device serial (or {@code default}) → password for encrypted .MFE/.MFM logs
 * @param minTimestamp frames dated before this (ISO-8601 date or instant, UTC) are rejected
 * @param maxFutureSeconds frames dated more than this ahead of the clock are rejected
 */
public record DecodeConfig(
    String dbcDir,
    List<String> defaultDbcs,
    Map<String, List<String>> deviceDbcs,
    int reloadSeconds,
    int workers,
    int blockingThreads,
    Map<String, String> passwords,
    String minTimestamp,
    long maxFutureSeconds) {
  public static final DecodeConfig DEFAULTS =
      new DecodeConfig("dbc", List.of("*"), Map.of(), 5, 2, 64, Map.of(), "2000-01-01", 86_400);

  public DecodeConfig {
    minTimestamp = minTimestamp == null ? "2000-01-01" : minTimestamp.trim();
    dbcDir = dbcDir == null ? DEFAULTS.dbcDir : dbcDir;
    defaultDbcs = defaultDbcs == null ? DEFAULTS.defaultDbcs : List.copyOf(defaultDbcs);
    deviceDbcs = deviceDbcs == null ? Map.of() : copyLists(deviceDbcs);
    passwords = passwords == null ? Map.of() : Map.copyOf(passwords);
  }

  public Path dbcPath() {
    return Path.of(dbcDir).toAbsolutePath().normalize();
  }

  /**
   * {@code minTimestamp} in ns since 1970: a date ({@code 2000-01-01}) is its midnight UTC.
   *
   * @throws java.time.format.DateTimeParseException when it is neither
   */
  public long minTimestampNs() {
    Instant t =
        minTimestamp.length() == 10
            ? LocalDate.parse(minTimestamp).atStartOfDay(ZoneOffset.UTC).toInstant()
            : Instant.parse(minTimestamp);
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
  }

  /** The rules about this section alone. */
  public void validate(List<String> errors) {
    if (workers < 1 || workers > 256) {
      errors.add("decode.workers must be 1..256, found " + workers);
    }
    if (blockingThreads < 1) {
      errors.add("decode.blockingThreads must be positive");
    }
    validateWindow(errors);
    if (reloadSeconds < 0) {
      errors.add("decode.reloadSeconds must be >= 0");
    }
  }

  private void validateWindow(List<String> errors) {
    try {
      minTimestampNs();
    } catch (RuntimeException e) {
      errors.add(
          "decode.minTimestamp must be a date (2000-01-01) or an instant"
              + " (2000-01-01T00:00:00Z) from 1970 to 2262, found '"
              + minTimestamp
              + "'");
    }
    if (maxFutureSeconds < 0 || maxFutureSeconds > 100L * 365 * 86_400) {
      errors.add("decode.maxFutureSeconds must be 0..3153600000, found " + maxFutureSeconds);
    }
  }

  private static Map<String, List<String>> copyLists(Map<String, List<String>> m) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, v == null ? List.of() : List.copyOf(v)));
    return java.util.Collections.unmodifiableMap(out);
  }
}
