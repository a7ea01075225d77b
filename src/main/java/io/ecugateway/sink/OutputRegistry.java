package io.ecugateway.sink;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The outputs registered through {@link ServiceLoader} ({@link OutputProvider}), by name. This
 * package does not know its output packages: each registers itself.
 */
public final class OutputRegistry {
  private static final Map<String, OutputProvider<?>> PROVIDERS = load();

  private OutputRegistry() {}

  private static Map<String, OutputProvider<?>> load() {
    Map<String, OutputProvider<?>> byName = new TreeMap<>();
    for (OutputProvider<?> p : ServiceLoader.load(OutputProvider.class)) {
      OutputProvider<?> twin = byName.putIfAbsent(p.name(), p);
      if (twin != null) {
        throw new IllegalStateException(
            "two outputs registered as '"
                + p.name()
                + "': "
                + twin.getClass().getName()
                + " and "
                + p.getClass().getName());
      }
    }
    return Map.copyOf(byName);
  }

  /** Every registered name, sorted (for messages). */
  public static List<String> names() {
    return PROVIDERS.keySet().stream().sorted().toList();
  }

  /** The provider registered as {@code name}, or null. */
  public static OutputProvider<?> find(String name) {
    return PROVIDERS.get(name);
  }
}
