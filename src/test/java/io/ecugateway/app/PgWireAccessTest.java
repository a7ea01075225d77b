package io.ecugateway.app;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.config.GatewayConfig;
import io.ecugateway.sink.questdb.QuestDbSink;
import io.ecugateway.testing.ChildGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded QuestDB's PostgreSQL-wire endpoint: its read-only user (what Grafana gets) reads but
 * cannot change anything, and binding the endpoint beyond loopback with well-known credentials is
 * refused at start. Configurations are written as a user writes them: a YAML file plus {@code
 * ECUGW_*} variables, through {@link ConfigLoader}.
 */
class PgWireAccessTest {
  private static final String RO_PASSWORD = "ro-secret-7f3a";

  @TempDir Path dir;

  private Path yaml(String text) throws Exception {
    Path file = dir.resolve("gateway.yaml");
    Files.writeString(file, text);
    return file;
  }

  private Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("ECUGW_STORAGE_DATA_DIR", dir.resolve("data").toString());
    env.put("ECUGW_DECODE_DBC_DIR", dir.resolve("dbc").toString());
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  private static Connection connect(String url, String user, String password) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    p.setProperty("sslmode", "disable");
    p.setProperty("connectTimeout", "10");
    p.setProperty("socketTimeout", "30");
    return DriverManager.getConnection(url, p);
  }

  @Test
  void readOnlyUserSelectsButCannotInsertCreateOrDrop() throws Exception {
    Files.createDirectories(dir.resolve("dbc"));
    Path file =
        yaml(
            """
            http:
              port: 0
            storage:
              questdb:
                pgPort: 0
                readOnlyUser: grafana
            decode:
              reloadSeconds: 0
            """);
    GatewayConfig config =
        ConfigLoader.load(file, env("ECUGW_STORAGE_QUESTDB_READ_ONLY_PASSWORD", RO_PASSWORD)::get);
    try (GatewayServer server = GatewayServer.startWith(config, List.of())) {
      String url = ((QuestDbSink) server.context().queries()).jdbcUrl();
      try (Connection admin = connect(url, "admin", "quest");
          Statement st = admin.createStatement()) {
        st.execute(
            "CREATE TABLE probe (ts TIMESTAMP, v DOUBLE) TIMESTAMP(ts) PARTITION BY DAY BYPASS WAL");
        st.execute("INSERT INTO probe VALUES ('2024-01-01T00:00:00Z', 1.5)");
      }
      try (Connection grafana = connect(url, "grafana", RO_PASSWORD);
          Statement st = grafana.createStatement()) {
        try (ResultSet rs = st.executeQuery("SELECT count(), sum(v) FROM probe")) {
          assertTrue(rs.next());
          assertEquals(1, rs.getLong(1));
          assertEquals(1.5, rs.getDouble(2));
        }
        for (String write :
            List.of(
                "INSERT INTO probe VALUES ('2024-01-02T00:00:00Z', 2.0)",
                "CREATE TABLE evil (ts TIMESTAMP) TIMESTAMP(ts)",
                "DROP TABLE probe",
                "TRUNCATE TABLE probe",
                "ALTER TABLE probe ADD COLUMN x INT")) {
          SQLException e = assertThrows(SQLException.class, () -> st.execute(write), write);
          assertFalse(e.getMessage().isBlank(), write);
        }
      }
      assertThrows(
          SQLException.class, () -> connect(url, "grafana", "quest").close(), "wrong password");
      try (Connection admin = connect(url, "admin", "quest");
          Statement st = admin.createStatement();
          ResultSet rs = st.executeQuery("SELECT count() FROM probe")) {
        assertTrue(rs.next());
        assertEquals(1, rs.getLong(1), "the read-only user changed nothing");
      }
    }
  }

  @Test
  void nonLoopbackBindWithDefaultCredentialsIsRefused() throws Exception {
    Path bindAll = yaml("storage:\n  questdb:\n    pgHost: 0.0.0.0\n");
    GatewayConfig.ConfigException e =
        assertThrows(
            GatewayConfig.ConfigException.class, () -> ConfigLoader.load(bindAll, env()::get));
    assertTrue(e.getMessage().contains("storage.questdb.pgPassword"), e.getMessage());
    assertTrue(e.getMessage().contains("ECUGW_STORAGE_QUESTDB_PG_PASSWORD"), e.getMessage());
    assertTrue(e.getMessage().contains("storage.questdb.readOnlyPassword"), e.getMessage());

    // Only the admin password changed (by variable): the read-only default is still refused.
    e =
        assertThrows(
            GatewayConfig.ConfigException.class,
            () ->
                ConfigLoader.load(
                    bindAll, env("ECUGW_STORAGE_QUESTDB_PG_PASSWORD", "admin-secret")::get));
    assertFalse(e.getMessage().contains("pgPassword is"), e.getMessage());
    assertTrue(e.getMessage().contains("ECUGW_STORAGE_QUESTDB_READ_ONLY_PASSWORD"), e.getMessage());

    // An empty admin password, and the web console, are refused off loopback too.
    e =
        assertThrows(
            GatewayConfig.ConfigException.class,
            () ->
                ConfigLoader.load(
                    bindAll,
                    env(
                            "ECUGW_STORAGE_QUESTDB_PG_PASSWORD", "",
                            "ECUGW_STORAGE_QUESTDB_READ_ONLY_PASSWORD", RO_PASSWORD,
                            "ECUGW_STORAGE_QUESTDB_HTTP_ENABLED", "true")
                        ::get));
    assertTrue(e.getMessage().contains("storage.questdb.pgPassword"), e.getMessage());
    assertTrue(e.getMessage().contains("storage.questdb.httpEnabled"), e.getMessage());

    // Both passwords set: accepted; so is no read-only user at all.
    GatewayConfig ok =
        assertDoesNotThrow(
            () ->
                ConfigLoader.load(
                    bindAll,
                    env(
                            "ECUGW_STORAGE_QUESTDB_PG_PASSWORD",
                            "admin-secret",
                            "ECUGW_STORAGE_QUESTDB_READ_ONLY_PASSWORD",
                            RO_PASSWORD)
                        ::get));
    assertEquals("0.0.0.0", ok.storage().questdb().pgHost());
    assertEquals("grafana", ok.storage().questdb().readOnlyUser());
    assertEquals(RO_PASSWORD, ok.storage().questdb().readOnlyPassword());
    assertDoesNotThrow(
        () ->
            ConfigLoader.load(
                bindAll,
                env(
                        "ECUGW_STORAGE_QUESTDB_PG_PASSWORD", "admin-secret",
                        "ECUGW_STORAGE_QUESTDB_READ_ONLY_USER", "")
                    ::get));
    // With storage.sink: postgres the embedded QuestDB does not run: its bind does not matter.
    assertDoesNotThrow(
        () -> ConfigLoader.load(bindAll, env("ECUGW_STORAGE_SINK", "postgres")::get));
  }

  /** {@code serve} as an operator runs it: refused with exit code 2 before anything listens. */
  @Test
  void serveRefusesTheUnsafeBindAndNamesTheKeys() throws Exception {
    Path file = yaml("storage:\n  questdb:\n    pgHost: 0.0.0.0\n");
    ProcessBuilder pb = new ProcessBuilder(ChildGateway.serveCommand("128m", List.of(), file));
    pb.environment().putAll(env("ECUGW_STORAGE_QUESTDB_PG_PASSWORD", "admin-secret"));
    pb.redirectErrorStream(true);
    Process p = pb.start();
    try {
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "serve exits");
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(2, p.exitValue(), out);
      assertTrue(out.contains("storage.questdb.readOnlyPassword"), out);
      assertTrue(out.contains("ECUGW_STORAGE_QUESTDB_READ_ONLY_PASSWORD"), out);
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void readOnlyUserNeedsItsOwnNameAndAPassword() throws Exception {
    Path file = yaml("storage:\n  questdb:\n    readOnlyUser: admin\n    readOnlyPassword: \"\"\n");
    GatewayConfig.ConfigException e =
        assertThrows(
            GatewayConfig.ConfigException.class, () -> ConfigLoader.load(file, env()::get));
    assertTrue(e.getMessage().contains("readOnlyPassword must not be empty"), e.getMessage());
    assertTrue(e.getMessage().contains("readOnlyUser must differ"), e.getMessage());
  }
}
