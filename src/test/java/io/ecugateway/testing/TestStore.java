package io.ecugateway.testing;

import io.ecugateway.config.GatewayConfig;
import io.ecugateway.sink.SignalQueries;
import io.ecugateway.sink.questdb.QuestDbSink;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A real store for tests that run the gateway against both sinks: how to configure it, how to query
 * it as Grafana would, and how its timestamps come back over JDBC.
 */
public interface TestStore extends AutoCloseable {

  GatewayConfig.Storage storage(Path dataDir);

  /** A JDBC connection to the store the running gateway queries ({@code store}). */
  Connection connect(SignalQueries store) throws SQLException;

  /** The SQL reference to a message table. */
  String tableRef(String table);

  /** The designated timestamp in column {@code column}, in epoch microseconds. */
  long micros(ResultSet rs, int column) throws SQLException;

  @Override
  void close() throws SQLException;

  /** The embedded QuestDB, read over its PG-wire port. */
  static TestStore questDb() {
    return new TestStore() {
      @Override
      public GatewayConfig.Storage storage(Path dataDir) {
        return new GatewayConfig.Storage(
            dataDir.toString(),
            "questdb",
            new io.ecugateway.sink.questdb.QuestDbConfig(
                "127.0.0.1", 0, "admin", "quest", false, 0, null, null),
            null);
      }

      @Override
      public Connection connect(SignalQueries store) throws SQLException {
        return DriverManager.getConnection(((QuestDbSink) store).jdbcUrl(), "admin", "quest");
      }

      @Override
      public String tableRef(String table) {
        return "\"" + table + "\"";
      }

      @Override
      public long micros(ResultSet rs, int column) throws SQLException {
        return epochMicros(rs.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC));
      }

      @Override
      public void close() {}
    };
  }

  /**
   * The PostgreSQL that {@code .ci/run} starts ({@link TestPostgres}), in a fresh schema named
   * {@code schemaPrefix} + a unique suffix, dropped on {@link #close()}.
   */
  static TestStore postgres(String schemaPrefix) {
    String schema = schemaPrefix + Long.toString(System.nanoTime(), 36);
    return new TestStore() {
      private String url;

      @Override
      public GatewayConfig.Storage storage(Path dataDir) {
        url = TestPostgres.requireUrl();
        return new GatewayConfig.Storage(
            dataDir.toString(),
            "postgres",
            null,
            new io.ecugateway.sink.postgres.PostgresConfig(url, "", "", schema, 5000));
      }

      @Override
      public Connection connect(SignalQueries store) throws SQLException {
        return DriverManager.getConnection(url);
      }

      @Override
      public String tableRef(String table) {
        return schema + ".\"" + table + "\"";
      }

      @Override
      public long micros(ResultSet rs, int column) throws SQLException {
        return epochMicros(rs.getObject(column, OffsetDateTime.class).toInstant());
      }

      @Override
      public void close() throws SQLException {
        if (url != null) {
          try (Connection c = DriverManager.getConnection(url);
              Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
          }
        }
      }
    };
  }

  private static long epochMicros(Instant t) {
    return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
  }
}
