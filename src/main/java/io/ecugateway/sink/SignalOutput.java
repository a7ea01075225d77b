package io.ecugateway.sink;

/**
 * Where decoded rows go, one table per DBC message (see {@link MessageTable}): write-only. Each
 * unit of work opens its own {@link SinkWriter}, appends rows and commits. Implementations register
 * by name through an {@link OutputProvider}; the stores that also answer queries implement {@link
 * SignalQueries}. Thread-safe.
 */
public interface SignalOutput extends AutoCloseable {

  /** The name it is registered and configured by ({@code questdb}, {@code postgres}...). */
  String name();

  SinkWriter openWriter() throws SinkException;

  /** Does the output answer right now (readiness)? */
  boolean ping();

  @Override
  void close();
}
