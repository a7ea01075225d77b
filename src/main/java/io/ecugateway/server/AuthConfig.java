package io.ecugateway.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code auth} section.
 *
 * @param tokens bearer tokens valid for every device
 * @param deviceTokens device id → tokens valid for that device only
 */
public record AuthConfig(List<String> tokens, Map<String, List<String>> deviceTokens) {
  public static final AuthConfig DEFAULTS = new AuthConfig(List.of(), Map.of());

  public AuthConfig {
    tokens = tokens == null ? List.of() : tokens.stream().filter(t -> !t.isBlank()).toList();
    deviceTokens = deviceTokens == null ? Map.of() : copyLists(deviceTokens);
  }

  public boolean enabled() {
    return !tokens.isEmpty() || deviceTokens.values().stream().anyMatch(l -> !l.isEmpty());
  }

  /** The rules about this section alone; the bind address is checked with {@code http.host}. */
  public void validate(List<String> errors) {
    for (String device : deviceTokens.keySet()) {
      if (!DeviceId.valid(device)) {
        errors.add("auth.deviceTokens: " + DeviceId.problem(device));
      }
    }
  }

  private static Map<String, List<String>> copyLists(Map<String, List<String>> m) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, v == null ? List.of() : List.copyOf(v)));
    return java.util.Collections.unmodifiableMap(out);
  }
}
