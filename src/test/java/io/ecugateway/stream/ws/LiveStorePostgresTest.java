package io.ecugateway.stream.ws;

import io.ecugateway.app.GatewayConfig;
import io.ecugateway.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.AfterAll;

/** Live storage into PostgreSQL ({@code ECU_TEST_PG_URL}; skipped without it outside CI). */
class LiveStorePostgresTest extends LiveStoreContract {
  final String schema = "live_" + Long.toString(System.nanoTime(), 36);
  String url;

  @Override
  GatewayConfig.Storage storage(Path dataDir) {
    url = TestPostgres.requireUrl();
    return new GatewayConfig.Storage(
        dataDir.toString(),
        "postgres",
        null,
        new GatewayConfig.Postgres(url, "", "", schema, 5000));
  }

  @Override
  Connection sql() throws Exception {
    return DriverManager.getConnection(url);
  }

  @Override
  String tableRef(String table) {
    return schema + ".\"" + table + "\"";
  }

  @Override
  long micros(ResultSet rs, int column) throws Exception {
    var t = rs.getObject(column, OffsetDateTime.class).toInstant();
    return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
  }

  @AfterAll
  void dropSchema() throws Exception {
    if (url != null) {
      try (Connection c = sql();
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }
}
