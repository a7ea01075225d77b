package io.ecugateway.sink;

import java.nio.file.Path;

/**
 * Registers an output by name: listed in {@code
 * META-INF/services/io.ecugateway.sink.OutputProvider} and found through {@link
 * java.util.ServiceLoader} (see {@link OutputRegistry}). Adding an output is one package (its
 * {@link SignalOutput}, its {@link OutputConfig} and this provider) plus that registration line,
 * and a component of its config type in the configuration's storage section.
 *
 * @param <C> the output's configuration record
 */
public interface OutputProvider<C extends OutputConfig> {

  /** The name in {@code storage.outputs} and {@code storage.sink}: lower case, unique. */
  String name();

  /** The record the configuration's storage section holds for this output. */
  Class<C> configType();

  /** Whether the output it opens implements {@link SignalQueries} (may be {@code storage.sink}). */
  boolean queryable();

  /**
   * Opens the output (connects, creates what it needs).
   *
   * @param dataDir the gateway's data directory, for outputs that keep files
   */
  SignalOutput open(C config, Path dataDir) throws SinkException;

  /** What and where the output is, for the start-up log: no password, no URL parameters. */
  String describe(C config, Path dataDir);
}
