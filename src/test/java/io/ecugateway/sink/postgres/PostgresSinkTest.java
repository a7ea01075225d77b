package io.ecugateway.sink.postgres;

import io.ecugateway.sink.SignalSinkContract;
import io.ecugateway.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The PostgreSQL store against the real server of {@code ECU_TEST_PG_URL}. */
class PostgresSinkTest extends SignalSinkContract<PostgresSink> {
  static final String SCHEMA = "sinktest_" + Long.toString(System.nanoTime(), 36);
  static String url;
  static PostgresSink sink;

  @BeforeAll
  static void start() throws Exception {
    url = TestPostgres.requireUrl();
    sink = new PostgresSink(url, null, null, SCHEMA, 300);
  }

  @AfterAll
  static void stop() throws Exception {
    if (sink != null) {
      sink.close();
      try (Connection c = DriverManager.getConnection(url);
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
      }
    }
  }

  @Override
  protected PostgresSink sink() {
    return sink;
  }

  @Override
  protected Connection sql() throws Exception {
    return DriverManager.getConnection(url);
  }

  @Override
  protected String tableRef(String table) {
    return SCHEMA + ".\"" + table + "\"";
  }

  @Override
  protected String device() {
    return "dev1";
  }
}
