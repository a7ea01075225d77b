package io.ecugateway.dbc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Value descriptions keep the file's order, so copies are unmodifiable linked maps. */
final class Choices {
  private Choices() {}

  static Map<Long, String> copyOf(Map<Long, String> m) {
    return m == null || m.isEmpty()
        ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }
}
