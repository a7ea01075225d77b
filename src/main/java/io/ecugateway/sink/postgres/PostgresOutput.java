package io.ecugateway.sink.postgres;

import io.ecugateway.sink.OutputProvider;
import io.ecugateway.sink.SignalOutput;
import io.ecugateway.sink.SinkException;
import java.nio.file.Path;

/** Registers an external PostgreSQL as output {@code postgres}. */
public final class PostgresOutput implements OutputProvider<PostgresConfig> {
  @Override
  public String name() {
    return PostgresSink.NAME;
  }

  @Override
  public Class<PostgresConfig> configType() {
    return PostgresConfig.class;
  }

  @Override
  public boolean queryable() {
    return true;
  }

  @Override
  public SignalOutput open(PostgresConfig config, Path dataDir) throws SinkException {
    return PostgresSink.open(config);
  }

  /** The URL without its parameters (they may hold the password). */
  @Override
  public String describe(PostgresConfig config, Path dataDir) {
    String url = config.url();
    int query = url.indexOf('?');
    return "PostgreSQL "
        + (query < 0 ? url : url.substring(0, query))
        + ", schema "
        + config.schema();
  }
}
