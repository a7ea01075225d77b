package io.ecugateway.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.config.GatewayConfig;
import io.ecugateway.config.GatewayConfig.ConfigException;
import io.ecugateway.sink.OutputRegistry;
import io.ecugateway.sink.postgres.PostgresConfig;
import io.ecugateway.sink.questdb.QuestDbConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code storage.outputs} and the output registry, as the configuration loader sees them. */
class OutputsConfigTest {

  @Test
  void bothStoresAreRegisteredByName() {
    assertEquals(List.of("postgres", "questdb"), OutputRegistry.names());
    assertEquals(QuestDbConfig.class, OutputRegistry.find("questdb").configType());
    assertEquals(PostgresConfig.class, OutputRegistry.find("postgres").configType());
  }

  @Test
  void outputsDefaultToTheSink() throws Exception {
    assertEquals(List.of("questdb"), GatewayConfig.DEFAULTS.storage().outputNames());
    GatewayConfig pg = ConfigLoader.parse("storage:\n  sink: postgres\n");
    assertEquals(List.of("postgres"), pg.storage().outputNames());
  }

  @Test
  void outputsFromYamlAndFromTheEnvironment(@TempDir Path dir) throws Exception {
    GatewayConfig yaml = ConfigLoader.parse("storage:\n  outputs: [questdb, Postgres]\n");
    assertEquals(List.of("questdb", "postgres"), yaml.storage().outputNames());
    assertEquals("questdb", yaml.storage().sink());

    Path file = dir.resolve("g.yaml");
    Files.writeString(file, "storage:\n  sink: postgres\n");
    Map<String, String> env = Map.of("ECUGW_STORAGE_OUTPUTS", "questdb, postgres");
    GatewayConfig fromEnv = ConfigLoader.load(file, env::get);
    assertEquals(List.of("questdb", "postgres"), fromEnv.storage().outputNames());
    assertEquals("postgres", fromEnv.storage().sink());
  }

  @Test
  void anUnknownOutputIsAClearConfigError() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> ConfigLoader.parse("storage:\n  outputs: [questdb, kafka]\n"));
    assertTrue(
        e.getMessage()
            .contains("storage.outputs: unknown output 'kafka' (registered: postgres, questdb)"),
        e.getMessage());
    ConfigException sink =
        assertThrows(ConfigException.class, () -> ConfigLoader.parse("storage:\n  sink: kafka\n"));
    assertTrue(
        sink.getMessage().contains("storage.sink must name an output that answers queries"),
        sink.getMessage());
  }

  @Test
  void duplicatesAndAnUnlistedQueryStoreAreRefused() {
    ConfigException twice =
        assertThrows(
            ConfigException.class,
            () -> ConfigLoader.parse("storage:\n  outputs: [questdb, postgres, questdb]\n"));
    assertTrue(twice.getMessage().contains("lists 'questdb' twice"), twice.getMessage());
    ConfigException unlisted =
        assertThrows(
            ConfigException.class,
            () -> ConfigLoader.parse("storage:\n  sink: questdb\n  outputs: [postgres]\n"));
    assertTrue(
        unlisted.getMessage().contains("must list storage.sink ('questdb')"),
        unlisted.getMessage());
  }

  @Test
  void eachListedOutputChecksItsOwnSettings() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                ConfigLoader.parse(
                    "storage:\n  outputs: [questdb, postgres]\n  postgres:\n    batchRows: 0\n"));
    assertTrue(e.getMessage().contains("storage.postgres.batchRows"), e.getMessage());
  }
}
