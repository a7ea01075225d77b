package io.ecugateway.app;

import io.ecugateway.config.GatewayConfig;
import io.ecugateway.sink.FanOut;
import io.ecugateway.sink.OutputConfig;
import io.ecugateway.sink.OutputProvider;
import io.ecugateway.sink.OutputRegistry;
import io.ecugateway.sink.SignalOutput;
import io.ecugateway.sink.SinkException;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens the outputs of {@code storage.outputs} (default: {@code storage.sink}), each by its
 * registered {@link OutputProvider} and from its own settings.
 */
final class Sinks {
  private Sinks() {}

  /** Every configured output as one (closes those it opened when one fails to open). */
  static FanOut open(GatewayConfig config, MeterRegistry meters) throws SinkException {
    GatewayConfig.Storage storage = config.storage();
    List<SignalOutput> opened = new ArrayList<>();
    try {
      for (String name : storage.outputNames()) {
        opened.add(open(provider(name), storage));
      }
    } catch (SinkException | RuntimeException e) {
      for (SignalOutput o : opened.reversed()) {
        o.close();
      }
      throw e;
    }
    return new FanOut(opened, meters);
  }

  /**
   * The query store as the start-up log has always shown it; with more outputs, every output by
   * name, the others with where they are.
   */
  static String describe(GatewayConfig config) {
    GatewayConfig.Storage storage = config.storage();
    String line = describe(provider(storage.sink()), storage);
    if (storage.outputNames().equals(List.of(storage.sink()))) {
      return line;
    }
    List<String> outputs = new ArrayList<>();
    for (String name : storage.outputNames()) {
      outputs.add(
          name.equals(storage.sink())
              ? name + " (the store)"
              : name + " (" + describe(provider(name), storage) + ")");
    }
    return line + "; outputs: " + String.join(", ", outputs);
  }

  private static OutputProvider<?> provider(String name) {
    OutputProvider<?> provider = OutputRegistry.find(name);
    if (provider == null) { // validate() refuses unknown names first
      throw new IllegalStateException("no output registered as '" + name + "'");
    }
    return provider;
  }

  private static <C extends OutputConfig> SignalOutput open(
      OutputProvider<C> provider, GatewayConfig.Storage storage) throws SinkException {
    Path dataDir = storage.dataPath();
    try {
      return provider.open(storage.outputConfig(provider.configType()), dataDir);
    } catch (SinkException e) {
      throw new SinkException(
          "output " + provider.name() + ": " + e.getMessage(), e, e.transientFailure());
    }
  }

  private static <C extends OutputConfig> String describe(
      OutputProvider<C> provider, GatewayConfig.Storage storage) {
    return provider.describe(storage.outputConfig(provider.configType()), storage.dataPath());
  }
}
