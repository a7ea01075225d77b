package io.ecugateway.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.config.GatewayConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final Path SHIPPED = Path.of("config", "gateway.yaml");

  @Test
  void shippedFileStatesExactlyTheBuiltInDefaults() throws Exception {
    GatewayConfig fromFile = ConfigLoader.load(SHIPPED, k -> null);
    assertEquals(GatewayConfig.DEFAULTS, fromFile);
  }

  @Test
  void shippedFileDocumentsEveryKey() throws Exception {
    String text = Files.readString(SHIPPED);
    for (String key : ConfigLoader.keys()) {
      String leaf = key.substring(key.lastIndexOf('.') + 1);
      assertTrue(text.contains("\n" + " ".repeat(indent(key)) + leaf + ":"), key);
    }
  }

  private static int indent(String key) {
    return 2 * (int) key.chars().filter(c -> c == '.').count();
  }

  @Test
  void environmentOverridesFileAndDefaults(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("g.yaml");
    Files.writeString(file, "http:\n  port: 9090\nstorage:\n  sink: postgres\n");
    Map<String, String> env =
        Map.of(
            "ECUGW_HTTP_PORT", "7070",
            "ECUGW_AUTH_TOKENS", "a, b",
            "ECUGW_STORAGE_QUESTDB_PG_PORT", "18812",
            "ECUGW_DECODE_DEVICE_DBCS", "{dev1: [can1-x.dbc]}");
    GatewayConfig c = ConfigLoader.load(file, env::get);
    assertEquals(7070, c.http().port());
    assertEquals("postgres", c.storage().sink());
    assertEquals(List.of("a", "b"), c.auth().tokens());
    assertEquals(18812, c.storage().questdb().pgPort());
    assertEquals(Map.of("dev1", List.of("can1-x.dbc")), c.decode().deviceDbcs());
    assertEquals("0.0.0.0", c.bindHost(), "tokens configured: serve the network");
  }

  @Test
  void withoutTokensBindsLoopbackAndRefusesOtherAddresses() throws Exception {
    assertEquals("127.0.0.1", GatewayConfig.DEFAULTS.bindHost());
    GatewayConfig.ConfigException e =
        assertThrows(
            GatewayConfig.ConfigException.class,
            () -> ConfigLoader.parse("http:\n  host: 0.0.0.0\n"));
    assertTrue(e.getMessage().contains("no auth.tokens"), e.getMessage());
  }

  @Test
  void unknownKeysAndBadValuesAreNamed() {
    GatewayConfig.ConfigException unknown =
        assertThrows(
            GatewayConfig.ConfigException.class, () -> ConfigLoader.parse("http:\n  prot: 1\n"));
    assertTrue(unknown.getMessage().contains("http.prot"), unknown.getMessage());
    GatewayConfig.ConfigException bad =
        assertThrows(
            GatewayConfig.ConfigException.class,
            () -> ConfigLoader.parse("storage:\n  sink: influx\ndecode:\n  workers: 0\n"));
    assertTrue(bad.getMessage().contains("storage.sink"), bad.getMessage());
    assertTrue(bad.getMessage().contains("decode.workers"), bad.getMessage());
  }

  @Test
  void envNamesAreUpperSnakeCase() {
    assertEquals("ECUGW_STORAGE_QUESTDB_PG_PORT", ConfigLoader.envName("storage.questdb.pgPort"));
    assertEquals("ECUGW_HTTP_MAX_UPLOAD_BYTES", ConfigLoader.envName("http.maxUploadBytes"));
  }

  @Test
  void everyMapKeyTakesDataKeysFromYaml() throws Exception {
    GatewayConfig c =
        ConfigLoader.parse(
            """
            transport: {protocols: {"*": [isotp, j1939]}, isotpLayouts: {can1: B},
                        dbcLayouts: {tp_uds_hyundai_soc.dbc: B}, isotpIds: {can1: ["7E9"]}}
            logging: {levels: {io.ecugateway.ingest: debug}}
            auth: {deviceTokens: {dev1: [t1]}}
            decode: {deviceDbcs: {dev1: [a.dbc]}, passwords: {default: pw}}
            """);
    assertEquals(Map.of("*", List.of("isotp", "j1939")), c.transport().protocols());
    assertEquals(Map.of("can1", "B"), c.transport().isotpLayouts());
    assertEquals(Map.of("tp_uds_hyundai_soc.dbc", "B"), c.transport().dbcLayouts());
    assertEquals(Map.of("can1", List.of("7E9")), c.transport().isotpIds());
    assertEquals(Map.of("io.ecugateway.ingest", "debug"), c.logging().levels());
    assertEquals(Map.of("dev1", List.of("t1")), c.auth().deviceTokens());
    assertEquals(Map.of("dev1", List.of("a.dbc")), c.decode().deviceDbcs());
    assertEquals(Map.of("default", "pw"), c.decode().passwords());
    assertTrue(c.transport().enabled());
  }

  @Test
  void everyMapKeyHasAnEnvironmentVariable() {
    Map<String, String> env =
        Map.of(
            "ECUGW_TRANSPORT_PROTOCOLS", "{\"*\": [isotp, j1939]}",
            "ECUGW_TRANSPORT_ISOTP_LAYOUTS", "{can1: B}",
            "ECUGW_TRANSPORT_DBC_LAYOUTS", "{x.dbc: A}",
            "ECUGW_TRANSPORT_ISOTP_IDS", "{can1: [\"7E9\"]}",
            "ECUGW_LOGGING_LEVEL", "WARN",
            "ECUGW_LOGGING_LEVELS", "{io.questdb: error}");
    GatewayConfig c = ConfigLoader.load((Path) null, env::get);
    assertEquals(Map.of("*", List.of("isotp", "j1939")), c.transport().protocols());
    assertEquals(Map.of("can1", "B"), c.transport().isotpLayouts());
    assertEquals(Map.of("x.dbc", "A"), c.transport().dbcLayouts());
    assertEquals(Map.of("can1", List.of("7E9")), c.transport().isotpIds());
    assertEquals("warn", c.logging().level());
    assertEquals(Map.of("io.questdb", "error"), c.logging().levels());
  }

  @Test
  void badLogLevelsAreNamed() {
    GatewayConfig.ConfigException e =
        assertThrows(
            GatewayConfig.ConfigException.class,
            () -> ConfigLoader.parse("logging: {level: loud, levels: {io.x: verbose}}\n"));
    assertTrue(e.getMessage().contains("logging.level must be"), e.getMessage());
    assertTrue(e.getMessage().contains("logging.levels.io.x"), e.getMessage());
  }

  @Test
  void timestampWindowFromYamlAndEnvironmentAndBadValuesNamed() throws Exception {
    GatewayConfig c = ConfigLoader.parse("decode: {minTimestamp: 2010-06-01T12:00:00Z}\n");
    assertEquals(1275393600L * 1_000_000_000L, c.decode().minTimestampNs());
    assertEquals(946684800L * 1_000_000_000L, GatewayConfig.DEFAULTS.decode().minTimestampNs());
    Map<String, String> env = Map.of("ECUGW_DECODE_MAX_FUTURE_SECONDS", "60");
    assertEquals(60, ConfigLoader.load((Path) null, env::get).decode().maxFutureSeconds());
    GatewayConfig.ConfigException e =
        assertThrows(
            GatewayConfig.ConfigException.class,
            () -> ConfigLoader.parse("decode: {minTimestamp: yesterday, maxFutureSeconds: -1}\n"));
    assertTrue(e.getMessage().contains("decode.minTimestamp"), e.getMessage());
    assertTrue(e.getMessage().contains("decode.maxFutureSeconds"), e.getMessage());
  }

  @Test
  void aBadValueFromTheEnvironmentNamesItsKeyAndVariable() {
    Map<String, String> env = Map.of("ECUGW_HTTP_PORT", "not-a-port");
    GatewayConfig.ConfigException e =
        assertThrows(
            GatewayConfig.ConfigException.class, () -> ConfigLoader.load((Path) null, env::get));
    assertTrue(e.getMessage().contains("http.port"), e.getMessage());
    assertTrue(e.getMessage().contains("ECUGW_HTTP_PORT"), e.getMessage());
  }

  @Test
  void s3CredentialsComeFromTheEnvironmentFormAndAreRequiredToEnable() throws Exception {
    GatewayConfig c =
        ConfigLoader.load(
            (Path) null,
            Map.of(
                    "ECUGW_S3_ENABLED", "true",
                    "ECUGW_S3_CREDENTIALS",
                        "fleet-admin:secret-0001,logger-1:secret-0002:3BA199E2|AAAAAAAA")
                ::get);
    assertEquals(2, c.s3().credentials().size());
    assertEquals("secret-0001", c.s3().credentials().get(0).secret());
    assertEquals(List.of("*"), c.s3().credentials().get(0).devices());
    assertEquals(List.of("3BA199E2", "AAAAAAAA"), c.s3().credentials().get(1).devices());
    assertEquals("0.0.0.0", c.s3().bindHost());
    assertTrue(
        !c.s3().credentials().get(1).toString().contains("secret-0002"), "no secret in logs");

    GatewayConfig.ConfigException none =
        assertThrows(
            GatewayConfig.ConfigException.class,
            () -> ConfigLoader.load((Path) null, Map.of("ECUGW_S3_ENABLED", "true")::get));
    assertTrue(none.getMessage().contains("s3.credentials"), none.getMessage());
    GatewayConfig yaml =
        ConfigLoader.parse(
            "s3:\n  enabled: true\n  credentials:\n    - {accessKey: ak1, secret: s3cr3t-long, devices: \"*\"}\n");
    assertTrue(yaml.s3().credentials().getFirst().allDevices());
  }
}
