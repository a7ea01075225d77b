package io.ecugateway.sink.questdb;

import io.ecugateway.sink.OutputProvider;
import io.ecugateway.sink.SignalOutput;
import io.ecugateway.sink.SinkException;
import java.nio.file.Path;

/** Registers the embedded QuestDB as output {@code questdb}. */
public final class QuestDbOutput implements OutputProvider<QuestDbConfig> {
  @Override
  public String name() {
    return QuestDbSink.NAME;
  }

  @Override
  public Class<QuestDbConfig> configType() {
    return QuestDbConfig.class;
  }

  @Override
  public boolean queryable() {
    return true;
  }

  @Override
  public SignalOutput open(QuestDbConfig config, Path dataDir) throws SinkException {
    return QuestDbSink.open(config, dataDir);
  }

  @Override
  public String describe(QuestDbConfig config, Path dataDir) {
    return "embedded QuestDB in "
        + QuestDbSink.root(dataDir)
        + ", PostgreSQL wire (Grafana) on "
        + config.pgHost()
        + ":"
        + config.pgPort();
  }
}
