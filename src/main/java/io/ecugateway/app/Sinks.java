package io.ecugateway.app;

import io.ecugateway.config.GatewayConfig;
import io.ecugateway.sink.SignalSink;
import io.ecugateway.sink.SinkException;
import io.ecugateway.sink.postgres.PostgresSink;
import io.ecugateway.sink.questdb.QuestDbSink;

/** Opens the store chosen by {@code storage.sink}. */
final class Sinks {
  private Sinks() {}

  static SignalSink open(GatewayConfig config) throws SinkException {
    GatewayConfig.Storage s = config.storage();
    return switch (s.sink()) {
      case "postgres" ->
          new PostgresSink(
              s.postgres().url(),
              s.postgres().user(),
              s.postgres().password(),
              s.postgres().schema(),
              s.postgres().batchRows());
      default ->
          QuestDbSink.start(
              s.dataPath().resolve("questdb"),
              s.questdb().pgHost(),
              s.questdb().pgPort(),
              s.questdb().pgUser(),
              s.questdb().pgPassword(),
              s.questdb().readOnlyUser(),
              s.questdb().readOnlyPassword(),
              s.questdb().httpEnabled(),
              s.questdb().httpPort());
    };
  }

  /** What the store is and where, for the start-up log (no password, no URL parameters). */
  static String describe(GatewayConfig config) {
    GatewayConfig.Storage s = config.storage();
    if (s.sink().equals("postgres")) {
      String url = s.postgres().url();
      int query = url.indexOf('?');
      return "PostgreSQL "
          + (query < 0 ? url : url.substring(0, query))
          + ", schema "
          + s.postgres().schema();
    }
    return "embedded QuestDB in "
        + s.dataPath().resolve("questdb")
        + ", PostgreSQL wire (Grafana) on "
        + s.questdb().pgHost()
        + ":"
        + s.questdb().pgPort();
  }
}
