package io.ecugateway.stream.ws;

import io.ecugateway.app.GatewayConfig;
import io.ecugateway.sink.questdb.QuestDbSink;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Live storage into the embedded QuestDB, read over its PG-wire port. */
class LiveStoreQuestDbTest extends LiveStoreContract {

  @Override
  GatewayConfig.Storage storage(Path dataDir) {
    return new GatewayConfig.Storage(
        dataDir.toString(),
        "questdb",
        new GatewayConfig.QuestDb("127.0.0.1", 0, "admin", "quest", false, 0),
        null);
  }

  @Override
  Connection sql() throws Exception {
    QuestDbSink sink = (QuestDbSink) server.context().sink();
    return DriverManager.getConnection(sink.jdbcUrl(), "admin", "quest");
  }

  @Override
  String tableRef(String table) {
    return "\"" + table + "\"";
  }

  @Override
  long micros(ResultSet rs, int column) throws Exception {
    var t = rs.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
    return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
  }
}
