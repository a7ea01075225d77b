package io.ecugateway.sink.questdb;

import io.ecugateway.sink.SignalSinkContract;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The embedded QuestDB store, read back over its PG-wire port as Grafana would. */
class QuestDbSinkTest extends SignalSinkContract<QuestDbSink> {
  @TempDir static Path dir;
  static QuestDbSink sink;

  @BeforeAll
  static void start() throws Exception {
    sink =
        QuestDbSink.start(dir.resolve("qdb"), "127.0.0.1", 0, "admin", "quest", "", "", false, 0);
  }

  @AfterAll
  static void stop() {
    if (sink != null) {
      sink.close();
    }
  }

  @Override
  protected QuestDbSink sink() {
    return sink;
  }

  @Override
  protected Connection sql() throws Exception {
    return DriverManager.getConnection(sink.jdbcUrl(), "admin", "quest");
  }

  @Override
  protected String tableRef(String table) {
    return "\"" + table + "\"";
  }

  @Override
  protected String device() {
    return "dev1";
  }
}
