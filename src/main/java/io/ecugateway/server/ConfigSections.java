package io.ecugateway.server;

import java.nio.file.Path;

/**
 * The configuration as the server and the features read it. Each feature owns its section (a record
 * in its own package, e.g. {@link HttpConfig}) and asks for it by type: {@code server} does not
 * know the feature packages, and the composition of all sections ({@code config.GatewayConfig})
 * knows them all.
 */
public interface ConfigSections {
  /**
   * The section of this record type.
   *
   * @throws IllegalArgumentException the configuration has no such section
   */
  <T extends Record> T section(Class<T> type);

  /** The address the listeners bind: {@code http.host}, or the safe default for the auth mode. */
  String bindHost();

  /**
   * {@code storage.dataDir} as an absolute path: spool, journal, archive and the embedded store.
   */
  Path dataPath();
}
