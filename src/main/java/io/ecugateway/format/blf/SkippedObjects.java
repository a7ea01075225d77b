package io.ecugateway.format.blf;

import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of the objects a BLF read skipped, by type: other buses, markers, statistics... and CAN
 * objects too short for their type. Counted in arrays (no allocation per object); summarised once.
 */
final class SkippedObjects {
  /** Types at or above this are counted together. */
  private static final int TYPES = 512;

  private final long[] byType = new long[TYPES + 1];
  private final long[] malformedByType = new long[TYPES + 1];
  private long unknownHeaderVersion;
  private long topLevel;

  void add(int type, int headerVersion) {
    if (headerVersion != 1 && headerVersion != 2) {
      unknownHeaderVersion++;
    } else {
      byType[index(type)]++;
    }
  }

  void malformed(int type) {
    malformedByType[index(type)]++;
  }

  void addTopLevel(long n) {
    topLevel += n;
  }

  /** {@code "type 96: 1, type 65: 3"}, or {@code "none"}. */
  String summary() {
    Map<String, Long> parts = parts(byType);
    if (unknownHeaderVersion > 0) {
      parts.put("unknown header version", unknownHeaderVersion);
    }
    if (topLevel > 0) {
      parts.put("outside containers", topLevel);
    }
    return parts.isEmpty() ? "none" : join(parts);
  }

  /** Like {@link #summary()} for malformed CAN objects; null if there were none. */
  String malformedSummary() {
    Map<String, Long> parts = parts(malformedByType);
    return parts.isEmpty() ? null : join(parts);
  }

  private static Map<String, Long> parts(long[] counts) {
    Map<String, Long> parts = new TreeMap<>();
    for (int t = 0; t <= TYPES; t++) {
      if (counts[t] > 0) {
        parts.put(t == TYPES ? "type >= " + TYPES : "type " + t, counts[t]);
      }
    }
    return parts;
  }

  private static String join(Map<String, Long> parts) {
    StringBuilder sb = new StringBuilder();
    parts.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ", ").append(k).append(": ").append(v));
    return sb.toString();
  }

  private static int index(int type) {
    return type >= 0 && type < TYPES ? type : TYPES;
  }
}
